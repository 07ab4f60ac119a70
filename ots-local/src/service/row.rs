//! Single-row operations.

use super::capacity::{consumed, row_read_cu};
use super::clock::Clock;
use super::convert::{self, decode};
use super::secondary_index;
use super::txn::Transactions;
use super::validate::{self, KeyUse};
use super::write::{self, ReturnSpec, RowSource, WriteOp};
use crate::error::{ServiceError, ServiceResult};
use crate::query::{paginate, project, Evaluate, Filter, Projection};
use crate::storage::{Key, Storage, StoredRow};
use ots_proto::filter::Condition;
use ots_proto::model::{Column, PrimaryKey, Row};
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;
use prost::Message;
use std::sync::Arc;

/// A row taken from a table under its read lock, to project and filter after letting it go.
pub struct Snapshot {
    /// The row, when present and alive.
    pub row: Option<Arc<StoredRow>>,
    /// The TTL floor at the time it was taken.
    pub floor: i64,
}

/// Takes the rows at `pks` as `store` sees them (a table under its read lock, or a
/// transaction's view); each key is checked against the schema on its own.
pub fn snapshot_rows(
    store: &impl RowSource,
    pks: &[&PrimaryKey],
    clock: Clock,
) -> Vec<ServiceResult<Snapshot>> {
    let floor = StoredRow::ttl_floor(clock.now_ms(), store.schema().options.time_to_live);
    pks.iter()
        .map(|pk| {
            let key: Key = validate::primary_key(store.schema(), pk, KeyUse::Lookup)?;
            let row = store.row(&key).filter(|r| r.is_alive(floor));
            Ok(Snapshot { row, floor })
        })
        .collect()
}

/// The one row at `pk` (see [`snapshot_rows`]).
fn snapshot_row(store: &impl RowSource, pk: &PrimaryKey, clock: Clock) -> ServiceResult<Snapshot> {
    snapshot_rows(store, &[pk], clock)
        .pop()
        .ok_or_else(|| ServiceError::internal("No row was taken."))?
}

/// Projects and filters a taken row, or `None` when it is absent, expired or filtered out.
pub fn read_row(
    snapshot: &Snapshot,
    pk: &PrimaryKey,
    projection: &Projection,
    filter: Option<&Filter>,
) -> Option<Row> {
    let stored = snapshot.row.as_deref()?;
    select(stored, pk.clone(), projection, filter, snapshot.floor)
}

/// Projects and filters a stored row.
pub fn select(
    stored: &StoredRow,
    primary_key: PrimaryKey,
    projection: &Projection,
    filter: Option<&Filter>,
    floor: i64,
) -> Option<Row> {
    let mut columns: Vec<Column> = project(stored, projection, floor);
    // A read naming attribute columns, none of which has a cell left (absent, or no version in
    // the time range and versions), finds no row: the service answers an empty row, which the
    // SDKs report as none, not a bare key. A read naming no column keeps the bare key even
    // when the time range leaves no cell (Go TestBatchGetRow and TestGetRange, run against the
    // service), and so does one naming a key column.
    let names_key_column = primary_key
        .columns
        .iter()
        .any(|c| projection.columns.contains(&c.name));
    if !projection.columns.is_empty() && columns.is_empty() && !names_key_column {
        return None;
    }
    if let Some(f) = filter {
        if let Some((offset, limit)) = f.pagination() {
            columns = paginate(columns, offset as usize, limit as usize);
        } else if !f.matches(&columns) {
            return None;
        }
    }
    Some(Row { primary_key, columns })
}

/// Encodes a row for a response, or empty bytes for none.
pub fn encode_row(row: Option<&Row>) -> Vec<u8> {
    row.map(plainbuffer::encode_put_row).unwrap_or_default()
}

pub fn get(storage: &dyn Storage, txns: &Transactions, body: &[u8], clock: Clock) -> ServiceResult<Vec<u8>> {
    let req: pb::GetRowRequest = decode(body)?;
    validate::table_name(&req.table_name)?;
    let pk = convert::primary_key(&req.primary_key)?;
    let projection = convert::projection(
        &req.columns_to_get,
        req.max_versions,
        req.time_range.as_ref(),
        req.start_column.as_ref(),
        req.end_column.as_ref(),
    )?;
    let filter = req.filter.as_deref().map(convert::filter).transpose()?;
    let snapshot = match &req.transaction_id {
        None => secondary_index::read(storage, &req.table_name, |rows| snapshot_row(&rows, &pk, clock))??,
        Some(id) => txns.with(storage, id, &req.table_name, clock, |txn| {
            txn.view(|view| {
                let snapshot = snapshot_row(view, &pk, clock)?;
                view.check_partition(pk.columns.first().map(|c| &c.value))?;
                Ok(snapshot)
            })
        })?,
    };
    let row = read_row(&snapshot, &pk, &projection, filter.as_ref());
    Ok(pb::GetRowResponse {
        consumed: consumed(row_read_cu(row.as_ref()), 0),
        row: encode_row(row.as_ref()),
        next_token: None,
    }
    .encode_to_vec())
}

/// Decodes a return spec.
pub fn return_spec(rc: Option<&pb::ReturnContent>) -> ReturnSpec {
    match rc.and_then(|r| r.return_type.map(|t| (t, &r.return_column_names))) {
        Some((t, _)) if t == pb::ReturnType::RtPk as i32 => ReturnSpec {
            primary_key: true,
            after_modify: None,
        },
        Some((t, names)) if t == pb::ReturnType::RtAfterModify as i32 => ReturnSpec {
            primary_key: true,
            after_modify: Some(names.clone()),
        },
        _ => ReturnSpec::default(),
    }
}

/// Decodes the write carried by a PlainBuffer for an operation type.
pub fn write_op(kind: pb::OperationType, bytes: &[u8]) -> ServiceResult<WriteOp> {
    let row = convert::plain_row(bytes)?;
    match kind {
        pb::OperationType::Put => {
            if row.delete_marker {
                return Err(ServiceError::param(
                    "A PutRow row must not carry the delete marker.",
                ));
            }
            let pk = row.primary_key.clone();
            let row = row.into_row().map_err(|c| {
                ServiceError::param(format!("Column '{c}' of a PutRow must carry a plain value."))
            })?;
            Ok(WriteOp::Put(pk, row.columns))
        }
        pb::OperationType::Update => {
            let (pk, updates) = row
                .into_updates()
                .map_err(|c| ServiceError::param(format!("Column '{c}' is not a valid update.")))?;
            if updates.is_empty() {
                return Err(ServiceError::param("Attribute column is missing."));
            }
            Ok(WriteOp::Update(pk, updates))
        }
        pb::OperationType::Delete => {
            if !row.cells.is_empty() {
                return Err(ServiceError::param(
                    "A DeleteRow key must not carry attribute columns.",
                ));
            }
            Ok(WriteOp::Delete(row.primary_key))
        }
    }
}

/// The parts of a PutRow, UpdateRow or DeleteRow request.
struct SingleWrite<'a> {
    table_name: &'a str,
    kind: pb::OperationType,
    row: &'a [u8],
    condition: &'a pb::Condition,
    return_content: Option<&'a pb::ReturnContent>,
    transaction_id: Option<&'a String>,
}

/// Runs a single-row write; returns the write capacity used and the encoded returned row.
fn single_write(
    storage: &dyn Storage,
    txns: &Transactions,
    w: SingleWrite<'_>,
    clock: Clock,
) -> ServiceResult<(pb::ConsumedCapacity, Option<Vec<u8>>)> {
    let op = write_op(w.kind, w.row)?;
    let (table_name, txn, condition, rc) = (w.table_name, w.transaction_id, w.condition, w.return_content);
    validate::table_name(table_name)?;
    let size = write::data_size(&op);
    if size > validate::MAX_WRITE_BYTES {
        return Err(ServiceError::param(format!(
            "The total data size of the request exceeds the limit, limit size: {}, data size: {size}.",
            validate::MAX_WRITE_BYTES
        )));
    }
    let cond: Condition = convert::condition(condition)?;
    let spec = return_spec(rc);
    let applied = match txn {
        None => {
            let table = secondary_index::writable(storage, table_name)?;
            let mut state = table.write();
            let now_ms = clock.now_ms();
            write::apply(&mut *state, &op, &cond, &spec, now_ms)?
        }
        Some(id) => txns.with(storage, id, table_name, clock, |txn| {
            txn.view(|view| write::apply(view, &op, &cond, &spec, clock.now_ms()))
        })?,
    };
    let (read, write) = write::capacity(&op, &cond);
    Ok((
        consumed(read, write),
        applied.row.as_ref().map(plainbuffer::encode_put_row),
    ))
}

pub fn put(storage: &dyn Storage, txns: &Transactions, body: &[u8], clock: Clock) -> ServiceResult<Vec<u8>> {
    let req: pb::PutRowRequest = decode(body)?;
    let (consumed, row) = single_write(
        storage,
        txns,
        SingleWrite {
            table_name: &req.table_name,
            kind: pb::OperationType::Put,
            row: &req.row,
            condition: &req.condition,
            return_content: req.return_content.as_ref(),
            transaction_id: req.transaction_id.as_ref(),
        },
        clock,
    )?;
    Ok(pb::PutRowResponse { consumed, row }.encode_to_vec())
}

pub fn update(
    storage: &dyn Storage,
    txns: &Transactions,
    body: &[u8],
    clock: Clock,
) -> ServiceResult<Vec<u8>> {
    let req: pb::UpdateRowRequest = decode(body)?;
    let (consumed, row) = single_write(
        storage,
        txns,
        SingleWrite {
            table_name: &req.table_name,
            kind: pb::OperationType::Update,
            row: &req.row_change,
            condition: &req.condition,
            return_content: req.return_content.as_ref(),
            transaction_id: req.transaction_id.as_ref(),
        },
        clock,
    )?;
    Ok(pb::UpdateRowResponse { consumed, row }.encode_to_vec())
}

pub fn delete(
    storage: &dyn Storage,
    txns: &Transactions,
    body: &[u8],
    clock: Clock,
) -> ServiceResult<Vec<u8>> {
    let req: pb::DeleteRowRequest = decode(body)?;
    let (consumed, row) = single_write(
        storage,
        txns,
        SingleWrite {
            table_name: &req.table_name,
            kind: pb::OperationType::Delete,
            row: &req.primary_key,
            condition: &req.condition,
            return_content: req.return_content.as_ref(),
            transaction_id: req.transaction_id.as_ref(),
        },
        clock,
    )?;
    Ok(pb::DeleteRowResponse { consumed, row }.encode_to_vec())
}
