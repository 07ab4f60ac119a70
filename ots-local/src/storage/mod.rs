//! Storage: tables of rows with multi-version cells. Knows nothing of protobuf or HTTP.
//!
//! [`Storage`] is the catalog seam a persistent backend will implement; [`MemoryStorage`] keeps
//! everything in memory. Each [`Table`] is guarded by one lock so that a read-check-write
//! sequence (conditions, increments, auto-increment) is atomic.

mod locks;
mod memory;
mod rows;
mod schema;

pub use locks::PartitionLocks;
pub use memory::MemoryStorage;
pub use rows::{named_key, Key, StoredRow, TableData};
pub use schema::{DefinedColumnType, PkColumn, PrimaryKeyType, StreamSpec, TableOptions, TableSchema};

use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// What the catalog can refuse. The service layer turns these into the service's errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// No table of that name.
    #[error("no such table")]
    NotFound,
    /// A table of that name exists.
    #[error("the table exists")]
    AlreadyExists,
    /// The catalog holds as many tables as it may.
    #[error("too many tables")]
    QuotaReached,
}

/// Shorthand for storage results.
pub type StorageResult<T> = Result<T, StorageError>;

/// A storage backend's catalog of tables (crate-private until a persistent backend needs the
/// seam to be public).
pub trait Storage: Send + Sync + std::fmt::Debug {
    /// Creates a table; fails when one of that name exists.
    ///
    /// # Errors
    /// [`StorageError::AlreadyExists`], [`StorageError::QuotaReached`].
    fn create_table(&self, schema: TableSchema) -> StorageResult<()>;

    /// Deletes a table and its rows.
    ///
    /// # Errors
    /// [`StorageError::NotFound`].
    fn delete_table(&self, name: &str) -> StorageResult<()>;

    /// Names of every table, sorted.
    fn table_names(&self) -> Vec<String>;

    /// A handle on one table.
    ///
    /// # Errors
    /// [`StorageError::NotFound`].
    fn table(&self, name: &str) -> StorageResult<Arc<Table>>;
}

/// Told of every row change of a table, under the table's write lock, so that what it keeps
/// (a search index) changes in the same step as the row.
pub trait RowObserver: Send + Sync + std::fmt::Debug {
    /// The row at `key` is now `row`, or gone when `None`.
    fn row_changed(&self, key: &Key, row: Option<&StoredRow>);
}

/// Schema and rows of one table.
#[derive(Debug)]
pub struct TableState {
    /// The schema.
    pub schema: TableSchema,
    /// The rows. Change them through [`TableState::set_row`] and its siblings, which tell the
    /// observers.
    pub data: TableData,
    /// What follows the table's rows (its search indexes).
    pub observers: Vec<Arc<dyn RowObserver>>,
    /// Partitions locked by local transactions.
    pub locks: PartitionLocks,
}

impl TableState {
    fn notify(&self, key: &Key, row: Option<&StoredRow>) {
        for o in &self.observers {
            o.row_changed(key, row);
        }
    }

    /// Replaces or inserts a row.
    pub fn set_row(&mut self, key: Key, row: StoredRow) {
        self.notify(&key, Some(&row));
        self.data.insert(key, row);
    }

    /// Puts back a row taken earlier (an undone write).
    pub fn restore_row(&mut self, key: Key, row: Arc<StoredRow>) {
        self.notify(&key, Some(&row));
        self.data.restore(key, row);
    }

    /// Removes a row.
    pub fn remove_row(&mut self, key: &Key) {
        if self.data.remove(key).is_some() {
            self.notify(key, None);
        }
    }
}

/// One table behind its lock.
#[derive(Debug)]
pub struct Table {
    state: RwLock<TableState>,
}

impl Table {
    /// A new, empty table.
    pub fn new(schema: TableSchema) -> Self {
        Self {
            state: RwLock::new(TableState {
                schema,
                data: TableData::default(),
                observers: Vec::new(),
                locks: PartitionLocks::default(),
            }),
        }
    }

    /// Shared access. A panic in another request cannot leave a half-applied write (writes are
    /// applied in one step at the end of a handler), so a poisoned lock is still consistent.
    pub fn read(&self) -> RwLockReadGuard<'_, TableState> {
        self.state
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Exclusive access.
    pub fn write(&self) -> RwLockWriteGuard<'_, TableState> {
        self.state
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
