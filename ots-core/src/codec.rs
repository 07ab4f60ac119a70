//! Our model <-> wire messages. Internal: nothing here is public.

use crate::error::{Error, Result};
use crate::model::{
    Comparator, Condition, ConsumedCapacity, Filter, PrimaryKey, ReturnType, Row, RowExistence, TimeRange,
};
use ots_proto::pb::filter as pbf;
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;
use prost::Message;

pub(crate) fn filter_pb(f: &Filter) -> pbf::Filter {
    match f {
        Filter::Column {
            column,
            comparator,
            value,
            pass_if_missing,
            latest_version_only,
        } => {
            let comparator = match comparator {
                Comparator::Equal => pbf::ComparatorType::CtEqual,
                Comparator::NotEqual => pbf::ComparatorType::CtNotEqual,
                Comparator::GreaterThan => pbf::ComparatorType::CtGreaterThan,
                Comparator::GreaterEqual => pbf::ComparatorType::CtGreaterEqual,
                Comparator::LessThan => pbf::ComparatorType::CtLessThan,
                Comparator::LessEqual => pbf::ComparatorType::CtLessEqual,
                Comparator::Exists => pbf::ComparatorType::CtExist,
                Comparator::NotExists => pbf::ComparatorType::CtNotExist,
            };
            let single = pbf::SingleColumnValueFilter {
                comparator: comparator as i32,
                column_name: column.clone(),
                column_value: plainbuffer::encode_variant(value),
                filter_if_missing: !pass_if_missing,
                latest_version_only: *latest_version_only,
                value_trans_rule: None,
            };
            pbf::Filter {
                r#type: pbf::FilterType::FtSingleColumnValue as i32,
                filter: single.encode_to_vec(),
            }
        }
        Filter::Not(inner) => composite(pbf::LogicalOperator::LoNot, std::slice::from_ref(inner.as_ref())),
        Filter::And(fs) => composite(pbf::LogicalOperator::LoAnd, fs),
        Filter::Or(fs) => composite(pbf::LogicalOperator::LoOr, fs),
        Filter::ColumnPagination { offset, limit } => {
            let p = pbf::ColumnPaginationFilter {
                offset: i32::try_from(*offset).unwrap_or(i32::MAX),
                limit: i32::try_from(*limit).unwrap_or(i32::MAX),
            };
            pbf::Filter {
                r#type: pbf::FilterType::FtColumnPagination as i32,
                filter: p.encode_to_vec(),
            }
        }
    }
}

fn composite(op: pbf::LogicalOperator, subs: &[Filter]) -> pbf::Filter {
    let c = pbf::CompositeColumnValueFilter {
        combinator: op as i32,
        sub_filters: subs.iter().map(filter_pb).collect(),
    };
    pbf::Filter {
        r#type: pbf::FilterType::FtCompositeColumnValue as i32,
        filter: c.encode_to_vec(),
    }
}

pub(crate) fn filter_bytes(f: &Filter) -> Vec<u8> {
    filter_pb(f).encode_to_vec()
}

pub(crate) fn condition_pb(c: &Condition) -> pb::Condition {
    let row_existence = match c.row_existence {
        RowExistence::Ignore => pb::RowExistenceExpectation::Ignore,
        RowExistence::ExpectExist => pb::RowExistenceExpectation::ExpectExist,
        RowExistence::ExpectNotExist => pb::RowExistenceExpectation::ExpectNotExist,
    };
    pb::Condition {
        row_existence: row_existence as i32,
        column_condition: c.column_condition.as_ref().map(filter_bytes),
    }
}

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

/// Decodes a primary key buffer.
pub(crate) fn primary_key(bytes: &[u8]) -> Result<PrimaryKey> {
    plainbuffer::decode_single_row(bytes)
        .map(|r| r.primary_key)
        .map_err(|e| Error::response("cannot decode the returned primary key").with_source(e))
}
