//! The in-memory backend.

use super::{Storage, StorageError, StorageResult, Table, TableSchema};
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Tables kept in memory; lost when the server stops.
#[derive(Debug)]
pub struct MemoryStorage {
    catalog: RwLock<Catalog>,
    max_tables: usize,
}

/// Tables by name, and the table each secondary index name belongs to.
#[derive(Debug, Default)]
struct Catalog {
    tables: BTreeMap<String, Arc<Table>>,
    indexes: BTreeMap<String, String>,
}

impl Catalog {
    fn name_taken(&self, name: &str) -> bool {
        self.tables.contains_key(name) || self.indexes.contains_key(name)
    }

    /// Tables and secondary indexes count alike against the instance's quota.
    fn used(&self) -> usize {
        self.tables.len() + self.indexes.len()
    }
}

impl MemoryStorage {
    /// An empty store allowing `max_tables` tables and secondary indexes together (the service
    /// allows 64 per instance).
    pub fn new(max_tables: usize) -> Self {
        Self {
            catalog: RwLock::new(Catalog::default()),
            max_tables,
        }
    }

    fn read(&self) -> RwLockReadGuard<'_, Catalog> {
        self.catalog
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Catalog> {
        self.catalog
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Default for MemoryStorage {
    fn default() -> Self {
        Self::new(64)
    }
}

// Lock order: a table's lock may be held while the catalog's is taken, never the reverse.
impl Storage for MemoryStorage {
    fn create_table(&self, schema: TableSchema) -> StorageResult<()> {
        let mut catalog = self.write();
        let mut names: Vec<&str> = vec![&schema.name];
        names.extend(schema.indexes.iter().map(|i| i.name.as_str()));
        if names.iter().any(|n| catalog.name_taken(n)) {
            return Err(StorageError::AlreadyExists);
        }
        if catalog.used() + 1 + schema.indexes.len() > self.max_tables {
            return Err(StorageError::QuotaReached);
        }
        for index in &schema.indexes {
            catalog.indexes.insert(index.name.clone(), schema.name.clone());
        }
        catalog
            .tables
            .insert(schema.name.clone(), Arc::new(Table::new(schema)));
        Ok(())
    }

    fn delete_table(&self, name: &str) -> StorageResult<()> {
        let mut catalog = self.write();
        catalog.tables.remove(name).ok_or(StorageError::NotFound)?;
        catalog.indexes.retain(|_, table| table != name);
        Ok(())
    }

    fn table_names(&self) -> Vec<String> {
        self.read().tables.keys().cloned().collect()
    }

    fn table(&self, name: &str) -> StorageResult<Arc<Table>> {
        self.read()
            .tables
            .get(name)
            .cloned()
            .ok_or(StorageError::NotFound)
    }

    fn readable(&self, name: &str) -> StorageResult<(Arc<Table>, Option<String>)> {
        let catalog = self.read();
        if let Some(table) = catalog.tables.get(name) {
            return Ok((Arc::clone(table), None));
        }
        let table = catalog
            .indexes
            .get(name)
            .and_then(|t| catalog.tables.get(t))
            .ok_or(StorageError::NotFound)?;
        Ok((Arc::clone(table), Some(name.to_owned())))
    }

    fn register_index(&self, table: &str, handle: &Arc<Table>, index: &str) -> StorageResult<()> {
        let mut catalog = self.write();
        if !catalog.tables.get(table).is_some_and(|t| Arc::ptr_eq(t, handle)) {
            return Err(StorageError::NotFound);
        }
        if catalog.name_taken(index) {
            return Err(StorageError::AlreadyExists);
        }
        if catalog.used() >= self.max_tables {
            return Err(StorageError::QuotaReached);
        }
        catalog.indexes.insert(index.to_owned(), table.to_owned());
        Ok(())
    }

    fn unregister_index(&self, table: &str, handle: &Arc<Table>, index: &str) {
        let mut catalog = self.write();
        let ours = catalog.indexes.get(index).is_some_and(|t| t == table)
            && catalog.tables.get(table).is_some_and(|t| Arc::ptr_eq(t, handle));
        if ours {
            catalog.indexes.remove(index);
        }
    }
}
