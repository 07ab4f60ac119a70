//! The write path shared by PutRow, UpdateRow, DeleteRow and BatchWriteRow: validate, check the
//! condition, then apply in one step under the table lock (so a failed check changes nothing).

use super::capacity::{capacity_units, key_data_size};
use crate::error::{ServiceError, ServiceResult};
use crate::query::project;
use crate::query::Evaluate;
use crate::query::Projection;
use crate::service::validate::{self, KeyUse};
use crate::storage::{Key, Rows, StoredRow, TableSchema, TableState};
use ots_proto::filter::{Condition, RowExistence};
use ots_proto::model::{Column, ColumnUpdate, PrimaryKey, PrimaryKeyValue, Row, Value};
use std::sync::Arc;

/// A single-row write.
#[derive(Debug, Clone)]
pub enum WriteOp {
    /// Replace the row.
    Put(PrimaryKey, Vec<Column>),
    /// Change some columns.
    Update(PrimaryKey, Vec<ColumnUpdate>),
    /// Delete the row.
    Delete(PrimaryKey),
}

impl WriteOp {
    /// The key the write targets.
    pub fn primary_key(&self) -> &PrimaryKey {
        match self {
            WriteOp::Put(pk, _) | WriteOp::Update(pk, _) | WriteOp::Delete(pk) => pk,
        }
    }
}

/// What to send back after a write.
#[derive(Debug, Clone, Default)]
pub struct ReturnSpec {
    /// Return the primary key (RT_PK or RT_AFTER_MODIFY).
    pub primary_key: bool,
    /// Return these modified columns (RT_AFTER_MODIFY).
    pub after_modify: Option<Vec<String>>,
}

/// Size of the data a write carries, as counted against the 4 MB request limit.
pub fn data_size(op: &WriteOp) -> usize {
    match op {
        WriteOp::Put(pk, cols) => {
            key_data_size(pk)
                + cols
                    .iter()
                    .map(|c| c.name.len() + c.value.data_size())
                    .sum::<usize>()
        }
        WriteOp::Update(pk, ups) => {
            key_data_size(pk)
                + ups
                    .iter()
                    .map(|u| {
                        u.name().len()
                            + match u {
                                ColumnUpdate::Put { value, .. } => value.data_size(),
                                _ => 8,
                            }
                    })
                    .sum::<usize>()
        }
        WriteOp::Delete(pk) => key_data_size(pk),
    }
}

fn check_condition(cond: &Condition, current: Option<&StoredRow>, floor: i64) -> ServiceResult<()> {
    let exists = current.is_some_and(|r| r.is_alive(floor));
    match (cond.row_existence, exists) {
        (RowExistence::ExpectExist, false) | (RowExistence::ExpectNotExist, true) => {
            return Err(ServiceError::condition_failed())
        }
        _ => {}
    }
    if let Some(filter) = &cond.column_condition {
        let columns = match current {
            Some(row) if exists => project(row, &Projection::default(), floor),
            _ => Vec::new(),
        };
        if !filter.matches(&columns) {
            return Err(ServiceError::condition_failed());
        }
    }
    Ok(())
}

/// Where a read takes rows: a table, a secondary index's rows ([`Rows`]), or a local
/// transaction's pending changes over a table ([`super::txn::TxnView`]).
pub trait RowSource {
    /// The schema the rows follow.
    fn schema(&self) -> &TableSchema;
    /// The row at `key` as this source sees it (expired cells may still be present).
    fn row(&self, key: &Key) -> Option<Arc<StoredRow>>;
}

/// Where a write reads the row it changes and puts the result: the table itself, or a local
/// transaction's pending changes over it ([`super::txn::TxnView`]).
pub trait RowStore: RowSource {
    /// Replaces or inserts a row.
    fn set_row(&mut self, key: Key, row: StoredRow);
    /// Puts back what `key` held before a write (`None`: no row), to take the write back.
    fn put_back(&mut self, key: Key, row: Option<Arc<StoredRow>>);
    /// Removes a row.
    fn remove_row(&mut self, key: &Key);
    /// Next auto-increment value.
    fn next_auto_increment(&mut self, now_micros: i64) -> i64;
    /// Refuses a write to `partition` at `now_ms` this store may not make: the table's when a
    /// transaction holds the partition, a transaction's when it is another partition.
    fn check_writable(&self, partition: &PrimaryKeyValue, now_ms: i64) -> ServiceResult<()>;
}

impl RowSource for TableState {
    fn schema(&self) -> &TableSchema {
        &self.schema
    }

    fn row(&self, key: &Key) -> Option<Arc<StoredRow>> {
        self.data.get(key).cloned()
    }
}

impl RowSource for Rows<'_> {
    fn schema(&self) -> &TableSchema {
        self.schema
    }

    fn row(&self, key: &Key) -> Option<Arc<StoredRow>> {
        self.data.get(key).cloned()
    }
}

impl RowStore for TableState {
    fn set_row(&mut self, key: Key, row: StoredRow) {
        TableState::set_row(self, key, row);
    }

    fn put_back(&mut self, key: Key, row: Option<Arc<StoredRow>>) {
        match row {
            Some(row) => self.restore_row(key, row),
            None => TableState::remove_row(self, &key),
        }
    }

    fn remove_row(&mut self, key: &Key) {
        TableState::remove_row(self, key);
    }

    fn next_auto_increment(&mut self, now_micros: i64) -> i64 {
        self.data.next_auto_increment(now_micros)
    }

    fn check_writable(&self, partition: &PrimaryKeyValue, now_ms: i64) -> ServiceResult<()> {
        match self.locks.holder(partition, now_ms) {
            Some(_) => Err(ServiceError::row_locked()),
            None => Ok(()),
        }
    }
}

fn resolve_key(store: &mut impl RowStore, pk: &PrimaryKey, now_micros: i64) -> (Key, PrimaryKey) {
    let mut resolved = pk.clone();
    for col in &mut resolved.columns {
        if col.value == PrimaryKeyValue::AutoIncrement {
            col.value = PrimaryKeyValue::Integer(store.next_auto_increment(now_micros));
        }
    }
    let key = resolved.columns.iter().map(|c| c.value.clone()).collect();
    (key, resolved)
}

/// Checks everything about a write that does not depend on the stored row: names, sizes,
/// counts, timestamps, the condition's shape, and last the key against the schema. In a batch
/// a key that does not fit fails its row; the other problems fail the whole request, before
/// any row is applied.
pub fn validate(schema: &TableSchema, op: &WriteOp, cond: &Condition, now_ms: i64) -> ServiceResult<()> {
    let pk = match op {
        WriteOp::Put(pk, cols) => {
            validate::put_columns(schema, cols, now_ms)?;
            validate::not_key_columns(schema, cols.iter().map(|c| c.name.as_str()))?;
            (pk, KeyUse::Write)
        }
        WriteOp::Update(pk, ups) => {
            if !schema.options.allow_update {
                return Err(ServiceError::param(
                    "UpdateRow is not allowed on this table (allow_update is false).",
                ));
            }
            if ups.len() > validate::MAX_COLUMNS_PER_WRITE {
                return Err(ServiceError::column_count(
                    validate::MAX_COLUMNS_PER_WRITE,
                    ups.len(),
                ));
            }
            for u in ups {
                match u {
                    ColumnUpdate::Put {
                        name,
                        value,
                        timestamp,
                    } => {
                        validate::attribute_value(name, value)?;
                        validate::indexed_value(schema, name, Some(value))?;
                        if let Some(ts) = timestamp {
                            validate::timestamp(schema, name, *ts, now_ms)?;
                        }
                    }
                    ColumnUpdate::DeleteOneVersion { name, timestamp } => {
                        validate::column_name(name)?;
                        if !(0..validate::MAX_TIMESTAMP).contains(timestamp) {
                            return Err(ServiceError::param(
                                "Timestamp must be in range [0, INT64_MAX/1000).",
                            ));
                        }
                    }
                    ColumnUpdate::DeleteAllVersions { name } => validate::column_name(name)?,
                    ColumnUpdate::Increment { name, .. } => {
                        validate::column_name(name)?;
                        validate::indexed_value(schema, name, None)?;
                    }
                }
            }
            validate::not_key_columns(schema, ups.iter().map(ColumnUpdate::name))?;
            (pk, KeyUse::Write)
        }
        WriteOp::Delete(pk) => {
            if cond.row_existence == RowExistence::ExpectNotExist {
                return Err(ServiceError::param(
                    "Invalid condition: EXPECT_NOT_EXIST while deleting row.",
                ));
            }
            (pk, KeyUse::Lookup)
        }
    };
    // The key is checked last: whether it fits the schema is the one problem a batch reports
    // on the row alone (see `batch::fails_only_the_row`), so every whole-request problem of the
    // row must be found first.
    let (pk, usage) = pk;
    validate::primary_key(schema, pk, usage)?;
    let has_auto = pk
        .columns
        .iter()
        .any(|c| c.value == PrimaryKeyValue::AutoIncrement);
    if has_auto && cond.row_existence != RowExistence::Ignore {
        return Err(ServiceError::param(
            "The row existence expectation must be IGNORE when writing with an auto-increment primary key.",
        ));
    }
    Ok(())
}

/// The version an update gives the cells it writes without an explicit timestamp: the current
/// time, or one past the newest version the row already holds when that is not older.
///
/// The service promises that the versions it assigns to a row only grow, so that a write always
/// becomes the row's newest value: it is never hidden behind an older write nor cut away by
/// `max_versions`, and an increment always builds on the value before it. The clock alone does
/// not give that: two writes may fall in the same millisecond, the clock may step back, and a
/// row may hold versions a client set ahead of the clock. Called under the table's write lock,
/// with the time read after taking it.
pub fn server_version(row: &StoredRow, now_ms: i64) -> i64 {
    row.newest_version()
        .map_or(now_ms, |newest| now_ms.max(newest.saturating_add(1)))
}

/// Validates and applies one write; returns the row to send back (if any was asked for) and
/// how to take the write back.
/// `now_ms` must be read while holding the lock on `state` (see [`server_version`]).
pub fn apply(
    store: &mut impl RowStore,
    op: &WriteOp,
    cond: &Condition,
    ret: &ReturnSpec,
    now_ms: i64,
) -> ServiceResult<Applied> {
    validate(store.schema(), op, cond, now_ms)?;
    if let Some(partition) = op.primary_key().columns.first() {
        store.check_writable(&partition.value, now_ms)?;
    }
    let schema = store.schema();
    let floor = StoredRow::ttl_floor(now_ms, schema.options.time_to_live);
    let max_versions = usize::try_from(schema.options.max_versions).unwrap_or(1);
    let pk = op.primary_key();
    let has_auto = pk
        .columns
        .iter()
        .any(|c| c.value == PrimaryKeyValue::AutoIncrement);
    // Key without placeholder: look up the current row and check the condition first.
    let lookup_key: Option<Key> = (!has_auto).then(|| pk.columns.iter().map(|c| c.value.clone()).collect());
    let current = lookup_key.as_ref().and_then(|k| store.row(k));
    // What an atomic batch puts back if it takes this write back (an auto-increment row is new).
    let previous = current.clone();
    check_condition(cond, current.as_deref(), floor)?;
    let existed = current.as_ref().is_some_and(|r| r.is_alive(floor));
    // A value given for an auto-increment column names a row the service generated: it may
    // change that row but not create one (the service answers that the condition failed).
    let explicit_auto = !has_auto && schema.primary_key.iter().any(|m| m.auto_increment);
    if explicit_auto && !existed && !matches!(op, WriteOp::Delete(_)) {
        return Err(ServiceError::condition_failed());
    }
    let mut row = current
        .filter(|r| r.is_alive(floor))
        .map(Arc::unwrap_or_clone)
        .unwrap_or_default();
    row.expire(floor);
    let version = server_version(&row, now_ms);

    let mut modified: Vec<Column> = Vec::new();
    match op {
        WriteOp::Put(_, cols) => {
            // A put replaces the whole row: no older version is left to stand in front of it,
            // so its cells take the current time, as the service gives them.
            row = StoredRow::default();
            for c in cols {
                let ts = c.timestamp.unwrap_or(now_ms);
                row.put(&c.name, ts, c.value.clone(), max_versions);
                modified.push(Column {
                    name: c.name.clone(),
                    value: c.value.clone(),
                    timestamp: Some(ts),
                });
            }
        }
        WriteOp::Update(_, ups) => {
            for u in ups {
                match u {
                    ColumnUpdate::Put {
                        name,
                        value,
                        timestamp,
                    } => {
                        let ts = timestamp.unwrap_or(version);
                        row.put(name, ts, value.clone(), max_versions);
                        modified.push(Column {
                            name: name.clone(),
                            value: value.clone(),
                            timestamp: Some(ts),
                        });
                    }
                    ColumnUpdate::DeleteOneVersion { name, timestamp } => {
                        row.delete_version(name, *timestamp)
                    }
                    ColumnUpdate::DeleteAllVersions { name } => row.delete_all(name),
                    ColumnUpdate::Increment { name, delta } => {
                        let base = match row.latest(name, floor) {
                            None => 0,
                            Some((_, Value::Integer(v))) => *v,
                            Some((_, other)) => {
                                return Err(ServiceError::param(format!(
                                    "Column '{name}' holds a {} and cannot be incremented.",
                                    other.type_name()
                                )))
                            }
                        };
                        let Some(next) = base.checked_add(*delta) else {
                            return Err(ServiceError::param(format!(
                                "Increment of column '{name}' overflows INT64."
                            )));
                        };
                        row.put(name, version, Value::Integer(next), max_versions);
                        modified.push(Column {
                            name: name.clone(),
                            value: Value::Integer(next),
                            timestamp: Some(version),
                        });
                    }
                }
            }
        }
        WriteOp::Delete(_) => {}
    }

    let now_micros = now_ms.saturating_mul(1000);
    let (key, resolved_pk) = resolve_key(store, pk, now_micros);
    let undo = Undo {
        previous,
        key: key.clone(),
    };
    match op {
        WriteOp::Delete(_) => store.remove_row(&key),
        WriteOp::Update(..) if row.cells.is_empty() && !existed => {
            // An update that leaves nothing on a row that did not exist does not create it.
        }
        _ => {
            row.written_at = now_ms;
            store.set_row(key, row);
        }
    }

    let row = ret.primary_key.then(|| {
        let columns = match &ret.after_modify {
            None => Vec::new(),
            Some(names) if names.is_empty() => modified,
            Some(names) => modified.into_iter().filter(|c| names.contains(&c.name)).collect(),
        };
        Row {
            primary_key: resolved_pk,
            columns,
        }
    });
    Ok(Applied { row, undo })
}

/// A write that was applied.
#[derive(Debug)]
pub struct Applied {
    /// The row to send back, when one was asked for.
    pub row: Option<Row>,
    /// How to take the write back (atomic batches).
    pub undo: Undo,
}

/// The row a write replaced, to put back.
#[derive(Debug)]
pub struct Undo {
    key: Key,
    previous: Option<Arc<StoredRow>>,
}

impl Undo {
    /// Puts the row back as it was before the write (under the same lock).
    pub fn revert(self, store: &mut impl RowStore) {
        store.put_back(self.key, self.previous);
    }
}

/// What a write costs: read units when its condition must read the row (an existence
/// expectation or a column condition), write units from the size of the data it carries; each
/// rounded up to 4 KB, writes at least one.
pub fn capacity(op: &WriteOp, cond: &Condition) -> (i32, i32) {
    let reads = cond.row_existence != RowExistence::Ignore || cond.column_condition.is_some();
    let read = if reads {
        capacity_units(key_data_size(op.primary_key()))
    } else {
        0
    };
    (read, capacity_units(data_size(op)))
}
