//! Search index management: create, list, describe, update (TTL) and delete. Creating an index
//! builds its engine (crate::search::engine), indexes the table's rows and attaches the engine
//! to the table, so every later write reaches it; deleting detaches it. Queries are served by
//! `service/search.rs`; ComputeSplits and ParallelScan are not served yet.

use super::clock::Clock;
use super::convert::decode;
use super::validate;
use crate::error::{ServiceError, ServiceResult};
use crate::search::engine::IndexEngine;
use crate::search::{self, SearchIndex, SearchIndexes, SyncPhase, TableFacts};
use crate::storage::{RowObserver, Storage, Table};
use ots_proto::pb::search as spb;
use prost::Message;
use std::sync::Arc;

/// A search index name follows the table naming rules (our choice: the docs give none).
fn index_name(name: &str) -> ServiceResult<()> {
    if name.is_empty() {
        return Err(ServiceError::param("The index_name is required."));
    }
    if validate::is_valid_name(name) {
        Ok(())
    } else {
        Err(ServiceError::param(format!("Invalid index name: '{name}'.")))
    }
}

/// The table and index names of a request, both required.
fn names(table: Option<&str>, index: Option<&str>) -> ServiceResult<(String, String)> {
    let table = table.unwrap_or_default();
    validate::table_name(table)?;
    let index = index.unwrap_or_default();
    index_name(index)?;
    Ok((table.to_owned(), index.to_owned()))
}

fn facts(table: &Table, name: &str) -> TableFacts {
    let state = table.read();
    let s = &state.schema;
    TableFacts {
        name: name.to_owned(),
        primary_key: s.primary_key.iter().map(|c| c.name.clone()).collect(),
        time_to_live: s.options.time_to_live,
        max_versions: s.options.max_versions,
        allow_update: s.options.allow_update,
    }
}

/// Whether `handle` is still the table of that name (it was not deleted, nor deleted and
/// created again, since the handle was taken).
pub fn create(
    storage: &dyn Storage,
    search: &SearchIndexes,
    body: &[u8],
    clock: Clock,
) -> ServiceResult<Vec<u8>> {
    let req: spb::CreateSearchIndexRequest = decode(body)?;
    let (table_name, index) = names(Some(&req.table_name), Some(&req.index_name))?;
    if req.source_index_name.is_some() {
        // Refused rather than ignored: the reindex workflow (query weights, switching) that gives
        // a source index its meaning is not served.
        return Err(ServiceError::unsupported_feature(
            "Changing a search index schema (source_index_name) is not supported by ots-local yet.",
        ));
    }
    // The registry lock first, then the table and its facts: neither a DeleteTable nor an
    // UpdateTable (both take this lock) can change them between the check and the insert.
    let mut registry = search.lock();
    let table = storage.table(&table_name)?;
    let facts = facts(&table, &table_name);
    facts.check_can_hold_index()?;
    let time_to_live = search::time_to_live(req.time_to_live.unwrap_or(-1), &facts)?;
    let schema = search::normalize_schema(req.schema, &facts)?;
    let now_ms = clock.now_ms();
    let key_names = facts.primary_key.clone();
    let engine = Arc::new(IndexEngine::new(&schema, key_names)?);
    let meta = SearchIndex {
        schema,
        created_at_micros: now_ms.saturating_mul(1000),
        time_to_live,
        // The rows present now are indexed below, under the table's write lock and before
        // this request answers, so the index is incremental by the time anyone can see it.
        sync_phase: SyncPhase::Incremental,
        engine: Some(Arc::clone(&engine)),
    };
    // The registry lock is held until the engine follows the table: a write cannot slip
    // between indexing the existing rows and attaching the engine (both happen under the
    // table's write lock), and no search finds the index before its rows are in.
    registry
        .insert(&table_name, &index, meta)
        .map_err(|_| ServiceError::search_index_exists(&table_name, &index))?;
    let mut state = table.write();
    for (key, row) in state.data.iter() {
        engine.row_changed(key, Some(row));
    }
    state.observers.push(engine);
    Ok(spb::CreateSearchIndexResponse {}.encode_to_vec())
}

pub fn list(storage: &dyn Storage, search: &SearchIndexes, body: &[u8]) -> ServiceResult<Vec<u8>> {
    let req: spb::ListSearchIndexRequest = decode(body)?;
    let table = req.table_name.as_deref().filter(|t| !t.is_empty());
    if let Some(t) = table {
        validate::table_name(t)?;
        storage.table(t)?;
    }
    let indices = search
        .lock()
        .names(table)
        .into_iter()
        .map(|(table_name, index_name)| spb::IndexInfo {
            table_name: Some(table_name),
            index_name: Some(index_name),
        })
        .collect();
    Ok(spb::ListSearchIndexResponse { indices }.encode_to_vec())
}

pub fn describe(
    storage: &dyn Storage,
    search: &SearchIndexes,
    body: &[u8],
    clock: Clock,
) -> ServiceResult<Vec<u8>> {
    let req: spb::DescribeSearchIndexRequest = decode(body)?;
    let (table, index) = names(req.table_name.as_deref(), req.index_name.as_deref())?;
    storage.table(&table)?;
    let registry = search.lock();
    let meta = registry
        .get(&table, &index)
        .ok_or_else(|| ServiceError::search_index_not_found(&table, &index))?;
    let resp = spb::DescribeSearchIndexResponse {
        schema: Some(meta.schema.clone()),
        sync_stat: Some(spb::SyncStat {
            sync_phase: Some(meta.sync_phase.to_pb() as i32),
            // Nanoseconds (SyncStat reference). Nothing is indexed asynchronously here, so the
            // index reports itself in step with the table as of now.
            current_sync_timestamp: Some(clock.now_ms().saturating_mul(1_000_000)),
        }),
        create_time: Some(meta.created_at_micros),
        time_to_live: Some(meta.time_to_live),
        // The index serves as soon as CreateSearchIndex answers (its rows are in by then); the
        // official Node SDK's tests expect RUNNING.
        index_status: Some(spb::IndexStatus {
            status: Some(spb::IndexStatusEnum::Running as i32),
            status_description: None,
        }),
    };
    Ok(resp.encode_to_vec())
}

pub fn update(storage: &dyn Storage, search: &SearchIndexes, body: &[u8]) -> ServiceResult<Vec<u8>> {
    let req: spb::UpdateSearchIndexRequest = decode(body)?;
    let (table_name, index) = names(req.table_name.as_deref(), req.index_name.as_deref())?;
    let Some(ttl) = req.time_to_live else {
        return Err(ServiceError::param(
            "Nothing to update: give the search index a time_to_live.",
        ));
    };
    // Under the registry lock, like UpdateTable's check of the indexes.
    let mut registry = search.lock();
    let table = storage.table(&table_name)?;
    let facts = facts(&table, &table_name);
    let ttl = search::time_to_live(ttl, &facts)?;
    let meta = registry
        .get_mut(&table_name, &index)
        .ok_or_else(|| ServiceError::search_index_not_found(&table_name, &index))?;
    meta.time_to_live = ttl;
    Ok(spb::UpdateSearchIndexResponse {}.encode_to_vec())
}

pub fn delete(storage: &dyn Storage, search: &SearchIndexes, body: &[u8]) -> ServiceResult<Vec<u8>> {
    let req: spb::DeleteSearchIndexRequest = decode(body)?;
    let (table, index) = names(req.table_name.as_deref(), req.index_name.as_deref())?;
    let handle = storage.table(&table)?;
    let removed = search
        .lock()
        .remove(&table, &index)
        .ok_or_else(|| ServiceError::search_index_not_found(&table, &index))?;
    if let Some(engine) = removed.engine {
        let engine: Arc<dyn RowObserver> = engine;
        handle.write().observers.retain(|o| !Arc::ptr_eq(o, &engine));
    }
    Ok(spb::DeleteSearchIndexResponse {}.encode_to_vec())
}
