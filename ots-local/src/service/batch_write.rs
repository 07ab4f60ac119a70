//! BatchWriteRow: up to 200 puts, updates and deletes over one or more tables, each row on its
//! own, or (`is_atomic`) each table's rows all or nothing.
//!
//! An atomic batch applies a table's rows only when they share one partition key (the first
//! key column): the service keeps a partition on one server, so that is where it can promise
//! atomicity. Rows of several partitions fail, all of that table's rows; when one row fails
//! (a condition, an increment of a non-integer), the rows applied before it are taken back and
//! every row of the table reports that failure.

use super::batch::{check_tables, duplicate, fails_only_the_row, MAX_BATCH_WRITE_ROWS};
use super::capacity::consumed;
use super::clock::Clock;
use super::convert::{self, decode};
use super::row::{return_spec, write_op};
use super::txn::Transactions;
use super::validate;
use super::write::{self, ReturnSpec, RowStore, WriteOp};
use crate::error::{ServiceError, ServiceResult};
use crate::storage::{Storage, Table};
use ots_proto::filter::Condition;
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;
use prost::Message;
use std::collections::HashSet;
use std::sync::Arc;

/// One row of a batch write, decoded and checked.
struct RowPlan {
    op: WriteOp,
    condition: Condition,
    ret: ReturnSpec,
    /// A problem that fails this row only (its key does not fit the schema).
    rejected: Option<ServiceError>,
}

/// One table of a batch write.
struct TablePlan {
    name: String,
    table: Arc<Table>,
    rows: Vec<RowPlan>,
}

pub fn run(storage: &dyn Storage, txns: &Transactions, body: &[u8], clock: Clock) -> ServiceResult<Vec<u8>> {
    let req: pb::BatchWriteRowRequest = decode(body)?;
    check_tables(
        req.tables.iter().map(|t| (t.table_name.as_str(), t.rows.len())),
        "No row is specified in BatchWriteRow.",
        MAX_BATCH_WRITE_ROWS,
        false,
    )?;
    let atomic = req.is_atomic == Some(true);
    let mut total = 0usize;
    let mut plans = Vec::with_capacity(req.tables.len());
    for t in &req.tables {
        let table = super::secondary_index::writable(storage, &t.table_name)?;
        let rows = plan_rows(&table, &t.rows, clock, atomic, &mut total)?;
        plans.push(TablePlan {
            name: t.table_name.clone(),
            table,
            rows,
        });
    }
    if total > validate::MAX_WRITE_BYTES {
        return Err(ServiceError::param(format!(
            "The total data size of BatchWriteRow request exceeds the limit, limit size: {}, data size: {total}.",
            validate::MAX_WRITE_BYTES
        )));
    }
    let tables = match &req.transaction_id {
        None => plans
            .into_iter()
            .map(|plan| {
                let mut state = plan.table.write();
                let rows = apply_rows(&mut *state, &plan.rows, atomic, clock.now_ms());
                pb::TableInBatchWriteRowResponse {
                    table_name: plan.name,
                    rows,
                }
            })
            .collect(),
        // One transaction, one table, one partition: all of the batch goes to its pending rows.
        Some(id) => {
            let [plan] = <[TablePlan; 1]>::try_from(plans).map_err(|_| {
                ServiceError::param("A BatchWriteRow in a transaction must write one table only.")
            })?;
            let rows = txns.with(storage, id, &plan.name, clock, |txn| {
                txn.view(|view| {
                    // Checked before any row is applied: a row outside fails the whole batch.
                    for p in &plan.rows {
                        view.check_partition(p.op.primary_key().columns.first().map(|c| &c.value))?;
                    }
                    Ok(apply_rows(view, &plan.rows, atomic, clock.now_ms()))
                })
            })?;
            vec![pb::TableInBatchWriteRowResponse {
                table_name: plan.name,
                rows,
            }]
        }
    };
    Ok(pb::BatchWriteRowResponse { tables }.encode_to_vec())
}

/// Decodes and checks a table's rows under its read lock. Request problems fail the call; a
/// key that does not fit the schema fails its row. An atomic batch may write one row more than
/// once (its rows apply in order, as one step); any other batch may not.
fn plan_rows(
    table: &Table,
    rows: &[pb::RowInBatchWriteRowRequest],
    clock: Clock,
    atomic: bool,
    total: &mut usize,
) -> ServiceResult<Vec<RowPlan>> {
    let state = table.read();
    let now_ms = clock.now_ms();
    let mut keys = HashSet::new();
    let mut plans = Vec::with_capacity(rows.len());
    for r in rows {
        let kind = pb::OperationType::try_from(r.r#type)
            .map_err(|_| ServiceError::param(format!("Invalid operation type: {}.", r.r#type)))?;
        let op = write_op(kind, &r.row_change)?;
        let condition = convert::condition(&r.condition)?;
        let rejected = match write::validate(&state.schema, &op, &condition, now_ms) {
            Ok(()) => None,
            Err(e) if fails_only_the_row(&e) => Some(e),
            Err(e) => return Err(e),
        };
        let pk = op.primary_key();
        let has_auto = pk.columns.iter().any(|c| c.value.is_placeholder());
        if !atomic && rejected.is_none() && !has_auto && !keys.insert(pk.clone()) {
            return Err(duplicate());
        }
        *total += write::data_size(&op);
        plans.push(RowPlan {
            op,
            condition,
            ret: return_spec(r.return_content.as_ref()),
            rejected,
        });
    }
    Ok(plans)
}

/// Applies a table's rows, each on its own or (`atomic`) all or nothing.
fn apply_rows(
    store: &mut impl RowStore,
    rows: &[RowPlan],
    atomic: bool,
    now_ms: i64,
) -> Vec<pb::RowInBatchWriteRowResponse> {
    if atomic {
        apply_atomic(store, rows, now_ms)
    } else {
        rows.iter()
            .map(|p| apply_one(store, p, now_ms).map_or_else(|e| failed(&e), |(answer, _)| answer))
            .collect()
    }
}

/// Applies one row: its answer and how to take the write back, or why it failed.
fn apply_one(
    state: &mut impl RowStore,
    p: &RowPlan,
    now_ms: i64,
) -> Result<(pb::RowInBatchWriteRowResponse, write::Undo), ServiceError> {
    if let Some(e) = &p.rejected {
        return Err(e.clone());
    }
    let applied = write::apply(state, &p.op, &p.condition, &p.ret, now_ms)?;
    let (read, write) = write::capacity(&p.op, &p.condition);
    let answer = pb::RowInBatchWriteRowResponse {
        is_ok: true,
        error: None,
        consumed: Some(consumed(read, write)),
        row: applied.row.as_ref().map(plainbuffer::encode_put_row),
    };
    Ok((answer, applied.undo))
}

fn failed(e: &ServiceError) -> pb::RowInBatchWriteRowResponse {
    pb::RowInBatchWriteRowResponse {
        is_ok: false,
        error: Some(e.to_pb()),
        consumed: None,
        row: None,
    }
}

/// Applies a table's rows all or nothing (see the module documentation).
fn apply_atomic(
    state: &mut impl RowStore,
    rows: &[RowPlan],
    now_ms: i64,
) -> Vec<pb::RowInBatchWriteRowResponse> {
    let partitions: HashSet<_> = rows
        .iter()
        .filter_map(|p| p.op.primary_key().columns.first().map(|c| &c.value))
        .collect();
    if partitions.len() > 1 {
        let e = ServiceError::param("The rows of an atomic BatchWriteRow must share one partition key.");
        return rows.iter().map(|_| failed(&e)).collect();
    }
    let mut answers = Vec::with_capacity(rows.len());
    let mut undos = Vec::with_capacity(rows.len());
    for p in rows {
        match apply_one(state, p, now_ms) {
            Ok((answer, undo)) => {
                answers.push(answer);
                undos.push(undo);
            }
            Err(e) => {
                for undo in undos.into_iter().rev() {
                    undo.revert(state);
                }
                return rows.iter().map(|_| failed(&e)).collect();
            }
        }
    }
    answers
}
