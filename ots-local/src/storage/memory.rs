//! The in-memory backend.

use super::{Storage, Table, TableSchema};
use crate::error::{ServiceError, ServiceResult};
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
    fn create_table(&self, schema: TableSchema) -> ServiceResult<()> {
        let mut tables = self
            .tables
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if tables.contains_key(&schema.name) {
            return Err(ServiceError::table_exists());
        }
        if tables.len() >= self.max_tables {
            return Err(ServiceError::table_quota());
        }
        tables.insert(schema.name.clone(), Arc::new(Table::new(schema)));
        Ok(())
    }

    fn delete_table(&self, name: &str) -> ServiceResult<()> {
        let mut tables = self
            .tables
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        tables
            .remove(name)
            .map(|_| ())
            .ok_or_else(ServiceError::table_not_found)
    }

    fn table_names(&self) -> Vec<String> {
        let tables = self
            .tables
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        tables.keys().cloned().collect()
    }

    fn table(&self, name: &str) -> ServiceResult<Arc<Table>> {
        let tables = self
            .tables
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        tables
            .get(name)
            .cloned()
            .ok_or_else(ServiceError::table_not_found)
    }
}
