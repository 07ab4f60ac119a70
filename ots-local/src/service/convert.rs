//! Protobuf <-> storage/query conversions. The only place that maps wire enums.

use crate::error::{ServiceError, ServiceResult};
use crate::query::{Comparator, Filter, Projection};
use crate::service::validate;
use ots_proto::model::PrimaryKey;
use ots_proto::pb::filter as pbf;
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer::{self, PlainRow};
use prost::Message;

/// Decodes a protobuf request body.
pub fn decode<M: Message + Default>(body: &[u8]) -> ServiceResult<M> {
    M::decode(body).map_err(|e| ServiceError::param(format!("Failed to parse the request body: {e}.")))
}

/// Decodes a PlainBuffer holding one row.
pub fn plain_row(bytes: &[u8]) -> ServiceResult<PlainRow> {
    plainbuffer::decode_single_row(bytes)
        .map_err(|e| ServiceError::param(format!("Failed to parse the PlainBuffer row: {e}.")))
}

/// Decodes a PlainBuffer primary key (no attribute cells allowed).
pub fn primary_key(bytes: &[u8]) -> ServiceResult<PrimaryKey> {
    let row = plain_row(bytes)?;
    if !row.cells.is_empty() {
        return Err(ServiceError::param(
            "The primary key must not carry attribute columns.",
        ));
    }
    Ok(row.primary_key)
}

/// Row existence expectation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existence {
    /// No check.
    Ignore,
    /// The row must exist.
    ExpectExist,
    /// The row must not exist.
    ExpectNotExist,
}

/// A decoded write condition.
#[derive(Debug, Clone)]
pub struct Condition {
    /// Row existence expectation.
    pub existence: Existence,
    /// Column condition.
    pub filter: Option<Filter>,
}

/// Decodes a write condition.
pub fn condition(c: &pb::Condition) -> ServiceResult<Condition> {
    let existence = match pb::RowExistenceExpectation::try_from(c.row_existence) {
        Ok(pb::RowExistenceExpectation::Ignore) => Existence::Ignore,
        Ok(pb::RowExistenceExpectation::ExpectExist) => Existence::ExpectExist,
        Ok(pb::RowExistenceExpectation::ExpectNotExist) => Existence::ExpectNotExist,
        Err(_) => {
            return Err(ServiceError::param(format!(
                "Invalid row existence expectation: {}.",
                c.row_existence
            )))
        }
    };
    let filter = match &c.column_condition {
        Some(bytes) if !bytes.is_empty() => {
            let f = filter(bytes)?;
            if f.pagination().is_some() {
                return Err(ServiceError::param(
                    "Column pagination filter is not allowed in a condition.",
                ));
            }
            Some(f)
        }
        _ => None,
    };
    Ok(Condition { existence, filter })
}

/// Decodes a serialized `Filter`.
pub fn filter(bytes: &[u8]) -> ServiceResult<Filter> {
    filter_depth(bytes, 0)
}

fn filter_depth(bytes: &[u8], depth: usize) -> ServiceResult<Filter> {
    if depth > 32 {
        return Err(ServiceError::param("The filter is nested too deeply."));
    }
    let f: pbf::Filter = decode(bytes)?;
    match pbf::FilterType::try_from(f.r#type) {
        Ok(pbf::FilterType::FtSingleColumnValue) => {
            let s: pbf::SingleColumnValueFilter = decode(&f.filter)?;
            validate::column_name(&s.column_name)?;
            let op = match pbf::ComparatorType::try_from(s.comparator) {
                Ok(pbf::ComparatorType::CtEqual) => Comparator::Equal,
                Ok(pbf::ComparatorType::CtNotEqual) => Comparator::NotEqual,
                Ok(pbf::ComparatorType::CtGreaterThan) => Comparator::GreaterThan,
                Ok(pbf::ComparatorType::CtGreaterEqual) => Comparator::GreaterEqual,
                Ok(pbf::ComparatorType::CtLessThan) => Comparator::LessThan,
                Ok(pbf::ComparatorType::CtLessEqual) => Comparator::LessEqual,
                Ok(pbf::ComparatorType::CtExist) => Comparator::Exist,
                Ok(pbf::ComparatorType::CtNotExist) => Comparator::NotExist,
                Err(_) => {
                    return Err(ServiceError::param(format!(
                        "Invalid comparator type: {}.",
                        s.comparator
                    )))
                }
            };
            let value = match op {
                Comparator::Exist | Comparator::NotExist if s.column_value.is_empty() => {
                    ots_proto::model::Value::Integer(0)
                }
                _ => plainbuffer::decode_variant(&s.column_value)
                    .map_err(|e| ServiceError::param(format!("Invalid column value in filter: {e}.")))?,
            };
            if s.value_trans_rule.is_some() {
                return Err(ServiceError::param(
                    "Value transfer rules are not supported by ots-local.",
                ));
            }
            Ok(Filter::Single {
                column: s.column_name,
                op,
                value,
                pass_if_missing: !s.filter_if_missing,
                latest_only: s.latest_version_only,
            })
        }
        Ok(pbf::FilterType::FtCompositeColumnValue) => {
            let c: pbf::CompositeColumnValueFilter = decode(&f.filter)?;
            let subs = c
                .sub_filters
                .iter()
                .map(|sf| filter_depth(&sf.encode_to_vec(), depth + 1))
                .collect::<ServiceResult<Vec<_>>>()?;
            if subs.iter().any(|s| s.pagination().is_some()) {
                return Err(ServiceError::param(
                    "Column pagination filter cannot be combined.",
                ));
            }
            match pbf::LogicalOperator::try_from(c.combinator) {
                Ok(pbf::LogicalOperator::LoNot) => {
                    let mut subs = subs;
                    if subs.len() != 1 {
                        return Err(ServiceError::param(
                            "The NOT operator takes exactly one sub filter.",
                        ));
                    }
                    Ok(Filter::Not(Box::new(subs.remove(0))))
                }
                Ok(op @ (pbf::LogicalOperator::LoAnd | pbf::LogicalOperator::LoOr)) => {
                    if subs.is_empty() {
                        return Err(ServiceError::param("The composite filter has no sub filters."));
                    }
                    Ok(if op == pbf::LogicalOperator::LoAnd {
                        Filter::And(subs)
                    } else {
                        Filter::Or(subs)
                    })
                }
                Err(_) => Err(ServiceError::param(format!(
                    "Invalid logical operator: {}.",
                    c.combinator
                ))),
            }
        }
        Ok(pbf::FilterType::FtColumnPagination) => {
            let p: pbf::ColumnPaginationFilter = decode(&f.filter)?;
            if p.offset < 0 || p.limit < 0 {
                return Err(ServiceError::param(
                    "Offset and limit of column pagination must not be negative.",
                ));
            }
            Ok(Filter::Pagination {
                offset: p.offset as usize,
                limit: p.limit as usize,
            })
        }
        Err(_) => Err(ServiceError::param(format!("Invalid filter type: {}.", f.r#type))),
    }
}

/// Builds the read projection shared by GetRow, BatchGetRow and GetRange.
pub fn projection(
    columns_to_get: &[String],
    max_versions: Option<i32>,
    time_range: Option<&pb::TimeRange>,
    start_column: Option<&String>,
    end_column: Option<&String>,
) -> ServiceResult<Projection> {
    validate::columns_to_get(columns_to_get)?;
    let range = match time_range {
        Some(tr) => Some(match (tr.specific_time, tr.start_time, tr.end_time) {
            (Some(t), _, _) => (t, t.saturating_add(1)),
            (None, Some(s), Some(e)) if s < e && s >= 0 => (s, e),
            _ => return Err(ServiceError::param("Invalid time range.")),
        }),
        None => None,
    };
    if max_versions.is_none() && range.is_none() {
        return Err(ServiceError::param("Neither max_versions nor time_range is set."));
    }
    let max_versions = match max_versions {
        Some(v) if v <= 0 => return Err(ServiceError::param("max_versions must be greater than 0.")),
        Some(v) => Some(v as usize),
        None => None,
    };
    Ok(Projection {
        columns: columns_to_get.iter().cloned().collect(),
        max_versions,
        time_range: range,
        start_column: start_column.cloned(),
        end_column: end_column.cloned(),
    })
}
