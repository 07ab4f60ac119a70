//! Our model <-> wire messages. Internal: nothing here is public.

use crate::error::{Error, Result};
use crate::model::{ConsumedCapacity, PrimaryKey, ReturnType, Row, TimeRange};
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;

pub(crate) fn return_content_pb(r: &ReturnType) -> Option<pb::ReturnContent> {
    match r {
        ReturnType::None => None,
        ReturnType::PrimaryKey => Some(pb::ReturnContent {
            return_type: Some(pb::ReturnType::RtPk as i32),
            return_column_names: Vec::new(),
        }),
        ReturnType::AfterModify(cols) => Some(pb::ReturnContent {
            return_type: Some(pb::ReturnType::RtAfterModify as i32),
            return_column_names: cols.clone(),
        }),
    }
}

pub(crate) fn time_range_pb(t: &TimeRange) -> pb::TimeRange {
    match *t {
        TimeRange::Between(start, end) => pb::TimeRange {
            start_time: Some(start),
            end_time: Some(end),
            specific_time: None,
        },
        TimeRange::At(ts) => pb::TimeRange {
            start_time: None,
            end_time: None,
            specific_time: Some(ts),
        },
    }
}

pub(crate) fn consumed(c: Option<&pb::ConsumedCapacity>) -> ConsumedCapacity {
    c.map(|c| ConsumedCapacity {
        read: c.capacity_unit.read.unwrap_or(0),
        write: c.capacity_unit.write.unwrap_or(0),
    })
    .unwrap_or_default()
}

/// Decodes a buffer holding zero or more plain rows.
pub(crate) fn rows(bytes: &[u8]) -> Result<Vec<Row>> {
    let plain = plainbuffer::decode_rows(bytes)
        .map_err(|e| Error::response("cannot decode the returned rows").with_source(e))?;
    plain
        .into_iter()
        .map(|r| {
            r.into_row()
                .map_err(|c| Error::response(format!("returned column {c:?} carries an operation")))
        })
        .collect()
}

/// Decodes an optional single row (empty bytes: none).
pub(crate) fn optional_row(bytes: Option<&[u8]>) -> Result<Option<Row>> {
    match bytes {
        None => Ok(None),
        Some([]) => Ok(None),
        Some(b) => Ok(rows(b)?.into_iter().next()),
    }
}

/// Decodes rows that each come in their own buffer (search and parallel scan answers); empty
/// buffers are skipped.
pub(crate) fn each_row(buffers: &[Vec<u8>]) -> Result<Vec<Row>> {
    let mut out = Vec::with_capacity(buffers.len());
    for b in buffers {
        out.extend(optional_row(Some(b))?);
    }
    Ok(out)
}

/// Decodes a primary key buffer.
pub(crate) fn primary_key(bytes: &[u8]) -> Result<PrimaryKey> {
    plainbuffer::decode_single_row(bytes)
        .map(|r| r.primary_key)
        .map_err(|e| Error::response("cannot decode the returned primary key").with_source(e))
}
