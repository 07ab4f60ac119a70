//! BatchGetRow and BatchWriteRow. As the service does, problems with the request itself (an
//! unknown table, an invalid name or an oversized value, a duplicate key, too many rows) fail
//! the whole call before anything is read or written; a key that does not fit the table's
//! schema, a failed condition or an increment of a non-integer come back as that row's error
//! inside a successful response.

use crate::error::{ErrorCode, ServiceError, ServiceResult};
use crate::service::validate;
use std::collections::HashSet;

/// Most rows one BatchGetRow reads.
pub(super) const MAX_BATCH_GET_ROWS: usize = 100;
/// Most rows one BatchWriteRow writes.
pub(super) const MAX_BATCH_WRITE_ROWS: usize = 200;

/// Whether a problem with one row's key fails only that row. The service answers a key that
/// does not fit the schema (name, count or type) on the row, with 200 for the request; the
/// other request problems fail the whole call.
pub(super) fn fails_only_the_row(e: &ServiceError) -> bool {
    e.code == ErrorCode::InvalidPk
}

/// Checks the tables of a batch: valid, distinct names, at most `limit` rows in all, and at
/// least one row. `empty_table_ok`: a table naming no row is allowed (BatchGetRow) rather than
/// an error (BatchWriteRow).
pub(super) fn check_tables<'a>(
    names: impl Iterator<Item = (&'a str, usize)>,
    empty_msg: &str,
    limit: usize,
    empty_table_ok: bool,
) -> ServiceResult<()> {
    let mut total = 0;
    let mut seen = HashSet::new();
    for (name, rows) in names {
        validate::table_name(name)?;
        if !seen.insert(name) {
            return Err(ServiceError::param(format!(
                "The table '{name}' appears more than once in the request."
            )));
        }
        if rows == 0 && !empty_table_ok {
            return Err(ServiceError::param(format!(
                "No operation is specified for table: '{name}'."
            )));
        }
        total += rows;
    }
    if seen.is_empty() || (total == 0 && !empty_table_ok) {
        return Err(ServiceError::param(empty_msg));
    }
    if total > limit {
        return Err(ServiceError::param(format!(
            "Rows count exceeds the upper limit: {limit}."
        )));
    }
    Ok(())
}

pub(super) fn duplicate() -> ServiceError {
    ServiceError::invalid_pk("Duplicated primary key in the batch.")
}
