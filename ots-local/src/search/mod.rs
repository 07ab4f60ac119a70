//! Search indexes: the registry of every table's indexes and their metadata.
//!
//! This is the seam the search engine attaches to: an entry is keyed by (table, index) and holds
//! what `DescribeSearchIndex` reports (the schema as created, with the service's defaults filled
//! in, the create time, the TTL and the sync phase). An engine adds its per-index state beside
//! the metadata; the write paths find it here. Parallel scan sessions (ComputeSplits,
//! ParallelScan) are kept apart, in [`scan_sessions`].
//!
//! Lock order: the registry lock is taken before the storage catalog is consulted (CreateSearchIndex
//! checks the table still exists, DeleteTable checks it has no index, both under this lock) and
//! never while a table lock is held by the same request, so write paths holding a table lock may
//! later look indexes up here without a cycle.

pub mod aggregate;
mod analyzer;
mod collect;
mod date;
pub mod engine;
pub mod geo;
pub mod highlight;
pub mod scan_sessions;
pub mod translate;
mod validate;

pub use validate::{normalize_schema, time_to_live, TableFacts};

use ots_proto::pb::search as spb;
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

/// Where an index is in its synchronisation with the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncPhase {
    /// Indexing the rows that existed when the index was created.
    #[allow(
        dead_code,
        reason = "existing rows are indexed under the table's lock before the index is listed, so no request sees this phase yet"
    )]
    Full,
    /// Following new writes.
    Incremental,
}

impl SyncPhase {
    /// The wire value.
    pub fn to_pb(self) -> spb::SyncPhase {
        match self {
            SyncPhase::Full => spb::SyncPhase::Full,
            SyncPhase::Incremental => spb::SyncPhase::Incr,
        }
    }
}

/// One search index's metadata, and its engine once it is built.
#[derive(Debug, Clone)]
pub struct SearchIndex {
    /// The validated schema with the service's defaults filled in (what Describe returns).
    pub schema: spb::IndexSchema,
    /// Creation time, microseconds since the epoch.
    pub created_at_micros: i64,
    /// Seconds data is kept in the index, or -1.
    pub time_to_live: i32,
    /// Sync phase.
    pub sync_phase: SyncPhase,
    /// The engine following the table's rows (set once the existing rows are indexed).
    pub engine: Option<std::sync::Arc<engine::IndexEngine>>,
}

/// Every search index of the instance, keyed by (table, index).
#[derive(Debug, Default)]
pub struct SearchIndexes {
    inner: Mutex<BTreeMap<(String, String), SearchIndex>>,
}

impl SearchIndexes {
    /// Exclusive access to the registry. Hold it across a check of the table catalog and the
    /// change that depends on it (see the module notes for the lock order).
    pub fn lock(&self) -> Registry<'_> {
        Registry {
            map: self
                .inner
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        }
    }
}

/// The locked registry.
#[derive(Debug)]
pub struct Registry<'a> {
    map: MutexGuard<'a, BTreeMap<(String, String), SearchIndex>>,
}

fn key(table: &str, index: &str) -> (String, String) {
    (table.to_owned(), index.to_owned())
}

impl Registry<'_> {
    /// The index `index` of `table`.
    pub fn get(&self, table: &str, index: &str) -> Option<&SearchIndex> {
        self.map.get(&key(table, index))
    }

    /// Mutable access to one index.
    pub fn get_mut(&mut self, table: &str, index: &str) -> Option<&mut SearchIndex> {
        self.map.get_mut(&key(table, index))
    }

    /// Adds an index; gives it back when the table already has one of that name.
    ///
    /// # Errors
    /// The index, unchanged, when the name is taken.
    pub fn insert(&mut self, table: &str, index: &str, meta: SearchIndex) -> Result<(), SearchIndex> {
        match self.map.entry(key(table, index)) {
            std::collections::btree_map::Entry::Occupied(_) => Err(meta),
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(meta);
                Ok(())
            }
        }
    }

    /// Removes an index.
    pub fn remove(&mut self, table: &str, index: &str) -> Option<SearchIndex> {
        self.map.remove(&key(table, index))
    }

    /// (table, index) names, sorted; only `table`'s when given.
    pub fn names(&self, table: Option<&str>) -> Vec<(String, String)> {
        self.map
            .keys()
            .filter(|(t, _)| table.is_none_or(|want| t == want))
            .cloned()
            .collect()
    }

    /// Whether `table` has any index.
    pub fn has_indexes(&self, table: &str) -> bool {
        self.map.keys().any(|(t, _)| t == table)
    }
}
