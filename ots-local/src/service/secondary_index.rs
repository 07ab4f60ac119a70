//! Secondary indexes: CreateIndex, DropIndex, the index metas of CreateTable and DescribeTable,
//! and how reads and writes find a table or an index by name.
//!
//! An index's rows live in its main table's state and change under the main table's write lock
//! with the row they follow, for local and global indexes alike: ots-local's global indexes do
//! not lag (the service's may, by milliseconds to seconds).

use super::convert::decode;
use super::validate;
use crate::error::{ServiceError, ServiceResult};
use crate::storage::{
    key_type, IndexKind, IndexSchema, Rows, Storage, StorageError, Table, TableSchema, TableState,
};
use ots_proto::pb::table_store as pb;
use prost::Message;
use std::sync::Arc;

/// Most secondary indexes one table may have.
pub const MAX_INDEXES_PER_TABLE: usize = 5;
/// Most primary key columns an index may be given (the main key columns it lacks come on top).
pub const MAX_INDEX_KEY_COLUMNS: usize = 4;
/// Most defined columns an index row may carry.
pub const MAX_INDEX_DEFINED_COLUMNS: usize = 32;

/// Checks that a table can have secondary indexes: one version kept, a time to live only when
/// rows are never updated in place, and no stream.
pub fn check_table_can_have(schema: &TableSchema) -> ServiceResult<()> {
    if schema.options.max_versions != 1 {
        return Err(ServiceError::param(format!(
            "Table [{}] keeps more than one version (max_versions = {}); a table with an index must keep one.",
            schema.name, schema.options.max_versions
        )));
    }
    if schema.options.time_to_live != -1 && schema.options.allow_update {
        // The service's message (its FAQ on secondary indexes).
        return Err(ServiceError::param(
            "Don't support allow update operation on table with index and ttl",
        ));
    }
    if schema.stream.as_ref().is_some_and(|s| s.enabled) {
        return Err(ServiceError::param(format!(
            "Table [{}] has a stream enabled; a table with an index cannot have one.",
            schema.name
        )));
    }
    Ok(())
}

/// Checks an index meta against its main table's schema (and the indexes it already has).
pub fn index_schema(main: &TableSchema, meta: &pb::IndexMeta) -> ServiceResult<IndexSchema> {
    validate::table_name(&meta.name)
        .map_err(|_| ServiceError::param(format!("Invalid index name: '{}'.", meta.name)))?;
    let kind = match pb::IndexType::try_from(meta.index_type) {
        Ok(pb::IndexType::ItGlobalIndex) => IndexKind::Global,
        Ok(pb::IndexType::ItLocalIndex) => IndexKind::Local,
        Err(_) => {
            return Err(ServiceError::param(format!(
                "Invalid index type: {}.",
                meta.index_type
            )))
        }
    };
    let mode = pb::IndexUpdateMode::try_from(meta.index_update_mode).map_err(|_| {
        ServiceError::param(format!("Invalid index update mode: {}.", meta.index_update_mode))
    })?;
    match (kind, mode) {
        (IndexKind::Global, pb::IndexUpdateMode::IumAsyncIndex)
        | (IndexKind::Local, pb::IndexUpdateMode::IumSyncIndex) => {}
        (IndexKind::Global, _) => {
            return Err(ServiceError::param(
                "A global index must use the async update mode (IUM_ASYNC_INDEX).",
            ))
        }
        (IndexKind::Local, _) => {
            return Err(ServiceError::param(
                "A local index must use the sync update mode (IUM_SYNC_INDEX).",
            ))
        }
    }
    // The limits' messages are the service's (Java SDK SecondaryIndexTest, against it).
    if main.indexes.len() >= MAX_INDEXES_PER_TABLE {
        return Err(ServiceError::param(format!(
            "Number of index per table exceeds the quota:{MAX_INDEXES_PER_TABLE}."
        )));
    }
    if meta.primary_key.is_empty() || meta.primary_key.len() > MAX_INDEX_KEY_COLUMNS {
        return Err(ServiceError::param(format!(
            "The number of primary key columns must be in range: [1, {MAX_INDEX_KEY_COLUMNS}] in index."
        )));
    }
    if meta.defined_column.len() > MAX_INDEX_DEFINED_COLUMNS {
        return Err(ServiceError::param(format!(
            "The number of attribute columns must be in range: [0, {MAX_INDEX_DEFINED_COLUMNS}] in index."
        )));
    }
    let mut seen: Vec<&str> = Vec::new();
    for name in meta.primary_key.iter().chain(&meta.defined_column) {
        if seen.contains(&name.as_str()) {
            return Err(ServiceError::param(format!(
                "Duplicated column [{name}] in index [{}].",
                meta.name
            )));
        }
        seen.push(name);
    }
    for name in &meta.primary_key {
        if let Some(column) = main.primary_key.iter().find(|c| &c.name == name) {
            if column.auto_increment && meta.primary_key.first() == Some(name) {
                return Err(ServiceError::param(format!(
                    "The first primary key column of index [{}] cannot be the auto-increment column [{name}].",
                    meta.name
                )));
            }
            continue;
        }
        match main.defined_columns.iter().find(|(n, _)| n == name) {
            None => {
                return Err(ServiceError::param(format!(
                    "Column [{name}] of index [{}] is neither a primary key column nor a defined column of table [{}].",
                    meta.name, main.name
                )))
            }
            Some((_, t)) if key_type(*t).is_none() => {
                return Err(ServiceError::param(format!(
                    "Column [{name}] of type {t:?} cannot be in the primary key of index [{}]: only INTEGER, STRING and BINARY can.",
                    meta.name
                )))
            }
            Some(_) => {}
        }
    }
    for name in &meta.defined_column {
        if main.primary_key.iter().any(|c| &c.name == name) {
            return Err(ServiceError::param(format!(
                "Primary key column [{name}] cannot be a defined column of index [{}].",
                meta.name
            )));
        }
        if !main.defined_columns.iter().any(|(n, _)| n == name) {
            return Err(ServiceError::param(format!(
                "Column [{name}] of index [{}] is not a defined column of table [{}].",
                meta.name, main.name
            )));
        }
    }
    if kind == IndexKind::Local && meta.primary_key.first() != main.primary_key.first().map(|c| &c.name) {
        return Err(ServiceError::param(format!(
            "The first primary key column of local index [{}] must be the partition key [{}] of table [{}].",
            meta.name,
            main.primary_key.first().map_or("", |c| c.name.as_str()),
            main.name
        )));
    }
    if main.indexes.iter().any(|i| i.name == meta.name) || meta.name == main.name {
        return Err(ServiceError::index_exists(&meta.name));
    }
    check_table_can_have(main)?;
    Ok(IndexSchema {
        name: meta.name.clone(),
        primary_key: meta.primary_key.clone(),
        defined_columns: meta.defined_column.clone(),
        kind,
    })
}

/// An index as DescribeTable reports it.
pub fn meta_pb(index: &IndexSchema) -> pb::IndexMeta {
    let (index_type, mode) = match index.kind {
        IndexKind::Global => (pb::IndexType::ItGlobalIndex, pb::IndexUpdateMode::IumAsyncIndex),
        IndexKind::Local => (pb::IndexType::ItLocalIndex, pb::IndexUpdateMode::IumSyncIndex),
    };
    pb::IndexMeta {
        name: index.name.clone(),
        primary_key: index.primary_key.clone(),
        defined_column: index.defined_columns.clone(),
        index_update_mode: mode as i32,
        index_type: index_type as i32,
    }
}

pub fn create(storage: &dyn Storage, body: &[u8]) -> ServiceResult<Vec<u8>> {
    let req: pb::CreateIndexRequest = decode(body)?;
    validate::table_name(&req.main_table_name)?;
    let table = storage.table(&req.main_table_name)?;
    let mut state = table.write();
    let index = index_schema(&state.schema, &req.index_meta)?;
    storage
        .register_index(&req.main_table_name, &table, &index.name)
        .map_err(|e| match e {
            StorageError::AlreadyExists => ServiceError::index_exists(&index.name),
            other => other.into(),
        })?;
    // Without `include_base_data` the index covers the rows written from now on.
    state.add_index(index, req.include_base_data.unwrap_or(false));
    Ok(pb::CreateIndexResponse {}.encode_to_vec())
}

pub fn drop(storage: &dyn Storage, body: &[u8]) -> ServiceResult<Vec<u8>> {
    let req: pb::DropIndexRequest = decode(body)?;
    validate::table_name(&req.main_table_name)?;
    let table = storage.table(&req.main_table_name)?;
    let mut state = table.write();
    if !state.drop_index(&req.index_name) {
        return Err(ServiceError::index_not_found(
            &req.main_table_name,
            &req.index_name,
        ));
    }
    storage.unregister_index(&req.main_table_name, &table, &req.index_name);
    Ok(pb::DropIndexResponse {}.encode_to_vec())
}

/// Whether `name` is a secondary index's (and not a table's).
pub fn is_index(storage: &dyn Storage, name: &str) -> bool {
    matches!(storage.readable(name), Ok((_, Some(_))))
}

/// The table a write to `name` goes to; a secondary index's name is refused, since its rows
/// change only with its table's.
pub fn writable(storage: &dyn Storage, name: &str) -> ServiceResult<Arc<Table>> {
    match storage.table(name) {
        Err(StorageError::NotFound) if is_index(storage, name) => Err(ServiceError::index_write(name)),
        other => Ok(other?),
    }
}

/// Runs `read` on the rows a read of `name` sees, a table's or a secondary index's, under the
/// table's read lock.
pub fn read<R>(storage: &dyn Storage, name: &str, read: impl FnOnce(Rows<'_>) -> R) -> ServiceResult<R> {
    let (table, index) = storage.readable(name)?;
    let state = table.read();
    Ok(read(rows_of(&state, index.as_deref())?))
}

/// The table's rows, or those of its secondary index `index` (gone when it was dropped since
/// the name was looked up).
pub fn rows_of<'a>(state: &'a TableState, index: Option<&str>) -> ServiceResult<Rows<'a>> {
    match index {
        None => Ok(state.rows()),
        Some(index) => Ok(state
            .index(index)
            .ok_or_else(ServiceError::table_not_found)?
            .rows()),
    }
}
