//! The in-memory backend.

use super::{Storage, StorageError, StorageResult, Table, TableSchema};
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

/// Tables kept in memory; lost when the server stops.
#[derive(Debug)]
pub struct MemoryStorage {
    tables: RwLock<BTreeMap<String, Arc<Table>>>,
    max_tables: usize,
}

impl MemoryStorage {
    /// An empty store allowing `max_tables` tables (the service allows 64 per instance).
    pub fn new(max_tables: usize) -> Self {
        Self {
            tables: RwLock::new(BTreeMap::new()),
            max_tables,
        }
    }
}

impl Default for MemoryStorage {
    fn default() -> Self {
        Self::new(64)
    }
}

impl Storage for MemoryStorage {
    fn create_table(&self, schema: TableSchema) -> StorageResult<()> {
        let mut tables = self
            .tables
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if tables.contains_key(&schema.name) {
            return Err(StorageError::AlreadyExists);
        }
        if tables.len() >= self.max_tables {
            return Err(StorageError::QuotaReached);
        }
        tables.insert(schema.name.clone(), Arc::new(Table::new(schema)));
        Ok(())
    }

    fn delete_table(&self, name: &str) -> StorageResult<()> {
        let mut tables = self
            .tables
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        tables.remove(name).map(|_| ()).ok_or(StorageError::NotFound)
    }

    fn table_names(&self) -> Vec<String> {
        let tables = self
            .tables
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        tables.keys().cloned().collect()
    }

    fn table(&self, name: &str) -> StorageResult<Arc<Table>> {
        let tables = self
            .tables
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        tables.get(name).cloned().ok_or(StorageError::NotFound)
    }
}
