//! BatchGetRow and BatchWriteRow. As the service does, problems with the request itself (an
//! unknown table, a key that does not fit the schema, a duplicate key, an invalid name or an
//! oversized value, too many rows) fail the whole call before anything is read or written;
//! only problems found while applying a row (a failed condition, an increment of a
//! non-integer) come back as that row's error inside a successful response.

use super::convert::{self, decode, Condition};
use super::row::{encode_row, read_row, reject_transaction, return_spec, snapshot_rows, write_op};
use super::validate::{self, KeyUse};
use super::write::{self, ReturnSpec, WriteOp};
use super::{consumed, pb_error, read_cu, Clock, Service};
use crate::error::{ServiceError, ServiceResult};
use crate::query::{Filter, Projection};
use crate::storage::Table;
use ots_proto::model::PrimaryKey;
use ots_proto::pb::table_store as pb;
use prost::Message;
use std::collections::HashSet;
use std::sync::Arc;

const MAX_BATCH_GET_ROWS: usize = 100;
const MAX_BATCH_WRITE_ROWS: usize = 200;

fn check_tables<'a>(
    names: impl Iterator<Item = (&'a str, usize)>,
    empty_msg: &str,
    limit: usize,
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
        if rows == 0 {
            return Err(ServiceError::param(format!(
                "No operation is specified for table: '{name}'."
            )));
        }
        total += rows;
    }
    if total == 0 {
        return Err(ServiceError::param(empty_msg));
    }
    if total > limit {
        return Err(ServiceError::param(format!(
            "Rows count exceeds the upper limit: {limit}."
        )));
    }
    Ok(())
}

fn duplicate() -> ServiceError {
    ServiceError::invalid_pk("Duplicated primary key in the batch.")
}

/// One table of a batch read, checked and ready to run.
struct GetPlan {
    name: String,
    table: Arc<Table>,
    keys: Vec<PrimaryKey>,
    projection: Projection,
    filter: Option<Filter>,
}

pub fn get(svc: &Service, body: &[u8], clock: Clock) -> ServiceResult<Vec<u8>> {
    let req: pb::BatchGetRowRequest = decode(body)?;
    check_tables(
        req.tables
            .iter()
            .map(|t| (t.table_name.as_str(), t.primary_key.len())),
        "No row specified in the request of BatchGetRow.",
        MAX_BATCH_GET_ROWS,
    )?;
    let mut plans = Vec::with_capacity(req.tables.len());
    for t in &req.tables {
        let projection = convert::projection(
            &t.columns_to_get,
            t.max_versions,
            t.time_range.as_ref(),
            t.start_column.as_ref(),
            t.end_column.as_ref(),
        )?;
        let filter = t.filter.as_deref().map(convert::filter).transpose()?;
        let table = svc.storage().table(&t.table_name)?;
        let keys = t
            .primary_key
            .iter()
            .map(|b| convert::primary_key(b))
            .collect::<ServiceResult<Vec<_>>>()?;
        {
            let state = table.read();
            let mut seen = HashSet::new();
            for pk in &keys {
                validate::primary_key(&state.schema, pk, KeyUse::Lookup)?;
                if !seen.insert(pk) {
                    return Err(duplicate());
                }
            }
        }
        plans.push(GetPlan {
            name: t.table_name.clone(),
            table,
            keys,
            projection,
            filter,
        });
    }
    let mut tables = Vec::with_capacity(plans.len());
    for plan in plans {
        let keys: Vec<&PrimaryKey> = plan.keys.iter().collect();
        // Rows are taken under the lock; projecting, filtering and encoding happen after it.
        let snapshots = snapshot_rows(&plan.table, &keys, clock)?;
        let rows = snapshots
            .iter()
            .zip(&plan.keys)
            .map(|(snapshot, pk)| {
                let row = read_row(snapshot, pk, &plan.projection, plan.filter.as_ref());
                let bytes = encode_row(row.as_ref());
                pb::RowInBatchGetRowResponse {
                    is_ok: true,
                    error: None,
                    consumed: Some(consumed(read_cu(bytes.len()), 0)),
                    row: Some(bytes),
                    next_token: None,
                }
            })
            .collect();
        tables.push(pb::TableInBatchGetRowResponse {
            table_name: plan.name,
            rows,
        });
    }
    Ok(pb::BatchGetRowResponse { tables }.encode_to_vec())
}

/// One row of a batch write, decoded and checked.
struct RowPlan {
    op: WriteOp,
    condition: Condition,
    ret: ReturnSpec,
}

pub fn write(svc: &Service, body: &[u8], clock: Clock) -> ServiceResult<Vec<u8>> {
    let req: pb::BatchWriteRowRequest = decode(body)?;
    reject_transaction(req.transaction_id.as_ref())?;
    check_tables(
        req.tables.iter().map(|t| (t.table_name.as_str(), t.rows.len())),
        "No row is specified in BatchWriteRow.",
        MAX_BATCH_WRITE_ROWS,
    )?;
    if req.is_atomic == Some(true) {
        return Err(ServiceError::param(
            "Atomic BatchWriteRow is not supported by ots-local.",
        ));
    }
    let mut total = 0usize;
    let mut plans: Vec<(String, Arc<Table>, Vec<RowPlan>)> = Vec::with_capacity(req.tables.len());
    for t in &req.tables {
        let table = svc.storage().table(&t.table_name)?;
        let mut rows = Vec::with_capacity(t.rows.len());
        let mut keys = HashSet::new();
        {
            let state = table.read();
            let now_ms = clock.now_ms();
            for r in &t.rows {
                let kind = pb::OperationType::try_from(r.r#type)
                    .map_err(|_| ServiceError::param(format!("Invalid operation type: {}.", r.r#type)))?;
                let op = write_op(kind, &r.row_change)?;
                let condition = convert::condition(&r.condition)?;
                write::validate(&state.schema, &op, &condition, now_ms)?;
                let pk = op.primary_key();
                let has_auto = pk.columns.iter().any(|c| c.value.is_placeholder());
                if !has_auto && !keys.insert(pk.clone()) {
                    return Err(duplicate());
                }
                total += write::data_size(&op);
                rows.push(RowPlan {
                    op,
                    condition,
                    ret: return_spec(r.return_content.as_ref()),
                });
            }
        }
        plans.push((t.table_name.clone(), table, rows));
    }
    if total > validate::MAX_WRITE_BYTES {
        return Err(ServiceError::param(format!(
            "The total data size of BatchWriteRow request exceeds the limit, limit size: {}, data size: {total}.",
            validate::MAX_WRITE_BYTES
        )));
    }
    let tables = plans
        .into_iter()
        .map(|(table_name, table, rows)| {
            let mut state = table.write();
            let now_ms = clock.now_ms();
            let rows = rows
                .iter()
                .map(
                    |p| match write::apply(&mut state, &p.op, &p.condition, &p.ret, now_ms) {
                        Ok(row) => pb::RowInBatchWriteRowResponse {
                            is_ok: true,
                            error: None,
                            consumed: Some(consumed(0, 1)),
                            row: row.as_ref().map(ots_proto::plainbuffer::encode_put_row),
                        },
                        Err(e) => pb::RowInBatchWriteRowResponse {
                            is_ok: false,
                            error: Some(pb_error(&e)),
                            consumed: None,
                            row: None,
                        },
                    },
                )
                .collect();
            pb::TableInBatchWriteRowResponse { table_name, rows }
        })
        .collect();
    Ok(pb::BatchWriteRowResponse { tables }.encode_to_vec())
}
