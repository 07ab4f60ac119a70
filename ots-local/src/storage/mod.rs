//! Storage: tables of rows with multi-version cells. Knows nothing of protobuf or HTTP.
//!
//! [`Storage`] is the catalog seam a persistent backend will implement; [`MemoryStorage`] keeps
//! everything in memory. Each [`Table`] is guarded by one lock so that a read-check-write
//! sequence (conditions, increments, auto-increment) is atomic.

mod memory;
mod rows;
mod schema;

pub use memory::MemoryStorage;
pub use rows::{Key, StoredRow, TableData};
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

/// Schema and rows of one table.
#[derive(Debug)]
pub struct TableState {
    /// The schema.
    pub schema: TableSchema,
    /// The rows.
    pub data: TableData,
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
