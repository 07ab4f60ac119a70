//! Protobuf <-> storage/query conversions. The only place that maps wire enums.

use crate::error::{ServiceError, ServiceResult};
use crate::query::{Filter, Projection};
use crate::service::validate;
use ots_proto::filter::Condition;
use ots_proto::model::PrimaryKey;
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

/// Decodes a write condition; its column names are checked like the service does.
pub fn condition(c: &pb::Condition) -> ServiceResult<Condition> {
    let condition = Condition::from_pb(c).map_err(|e| ServiceError::param(e.0))?;
    if let Some(f) = &condition.column_condition {
        check_names(f)?;
    }
    Ok(condition)
}

/// Decodes a serialized `Filter`; its column names are checked like the service does.
pub fn filter(bytes: &[u8]) -> ServiceResult<Filter> {
    let f = Filter::decode(bytes).map_err(|e| ServiceError::param(e.0))?;
    check_names(&f)?;
    Ok(f)
}

fn check_names(f: &Filter) -> ServiceResult<()> {
    match f {
        Filter::Column { column, .. } => validate::column_name(column),
        Filter::Not(inner) => check_names(inner),
        Filter::And(fs) | Filter::Or(fs) => fs.iter().try_for_each(check_names),
        _ => Ok(()),
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
