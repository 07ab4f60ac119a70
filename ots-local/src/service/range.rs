//! GetRange: one page of rows between two keys, with the next start key when more remain.

use super::convert::{self, decode};
use super::row::{reject_transaction, select};
use super::validate::{self, KeyUse};
use super::{consumed, read_cu, Service};
use crate::error::{ServiceError, ServiceResult};
use crate::storage::StoredRow;
use ots_proto::model::{PrimaryKey, PrimaryKeyColumn, Row};
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;
use prost::Message;

/// Most rows one page returns.
pub const MAX_ROWS_PER_PAGE: usize = 5000;
/// Most data one page scans.
pub const MAX_BYTES_PER_PAGE: usize = 4 * 1024 * 1024;

pub fn get_range(svc: &Service, body: &[u8], now_ms: i64) -> ServiceResult<Vec<u8>> {
    let req: pb::GetRangeRequest = decode(body)?;
    validate::table_name(&req.table_name)?;
    reject_transaction(req.transaction_id.as_ref())?;
    let start_pk = convert::primary_key(&req.inclusive_start_primary_key)?;
    let end_pk = convert::primary_key(&req.exclusive_end_primary_key)?;
    let projection = convert::projection(
        &req.columns_to_get,
        req.max_versions,
        req.time_range.as_ref(),
        req.start_column.as_ref(),
        req.end_column.as_ref(),
    )?;
    let filter = req.filter.as_deref().map(convert::filter).transpose()?;
    let limit = match req.limit {
        Some(l) if l <= 0 => return Err(ServiceError::param("The limit must be greater than 0.")),
        Some(l) => (l as usize).min(MAX_ROWS_PER_PAGE),
        None => MAX_ROWS_PER_PAGE,
    };
    let backward = match pb::Direction::try_from(req.direction) {
        Ok(pb::Direction::Forward) => false,
        Ok(pb::Direction::Backward) => true,
        Err(_) => {
            return Err(ServiceError::param(format!(
                "Invalid direction: {}.",
                req.direction
            )))
        }
    };
    let table = svc.storage().table(&req.table_name)?;
    let state = table.read();
    let schema = &state.schema;
    let start = validate::primary_key(schema, &start_pk, KeyUse::RangeBound)?;
    let end = validate::primary_key(schema, &end_pk, KeyUse::RangeBound)?;
    if !backward && start >= end {
        return Err(ServiceError::param("Begin key must less than end key in FORWARD"));
    }
    if backward && start <= end {
        return Err(ServiceError::param(
            "Begin key must more than end key in BACKWARD",
        ));
    }
    let floor = StoredRow::ttl_floor(now_ms, schema.options.time_to_live);
    let names: Vec<&str> = schema.primary_key.iter().map(|c| c.name.as_str()).collect();
    let to_pk = |key: &[ots_proto::model::PrimaryKeyValue]| PrimaryKey {
        columns: names
            .iter()
            .zip(key)
            .map(|(n, v)| PrimaryKeyColumn {
                name: (*n).to_owned(),
                value: v.clone(),
            })
            .collect(),
    };

    let mut iter: Box<dyn Iterator<Item = _>> = if backward {
        Box::new(state.data.backward(&start, &end))
    } else {
        Box::new(state.data.forward(&start, &end))
    };
    let mut rows: Vec<Row> = Vec::new();
    let (mut scanned_rows, mut scanned_bytes) = (0usize, 0usize);
    let mut next_start = None;
    for (key, stored) in iter.by_ref() {
        if !stored.is_alive(floor) {
            continue;
        }
        if rows.len() >= limit || scanned_rows >= MAX_ROWS_PER_PAGE || scanned_bytes >= MAX_BYTES_PER_PAGE {
            next_start = Some(to_pk(key));
            break;
        }
        scanned_rows += 1;
        scanned_bytes += stored.data_size(key);
        if let Some(row) = select(stored, to_pk(key), &projection, filter.as_ref(), floor) {
            rows.push(row);
        }
    }
    let bytes = plainbuffer::encode_rows(&rows);
    let resp = pb::GetRangeResponse {
        consumed: consumed(read_cu(scanned_bytes), 0),
        rows: bytes,
        next_start_primary_key: next_start.as_ref().map(plainbuffer::encode_primary_key),
        next_token: None,
        data_block_type: Some(pb::DataBlockType::DbtPlainBuffer as i32),
        compress_type: None,
    };
    Ok(resp.encode_to_vec())
}
