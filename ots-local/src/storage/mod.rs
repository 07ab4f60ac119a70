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
pub use schema::{DefinedType, PkColumn, PkType, StreamSpec, TableOptions, TableSchema};

use crate::error::ServiceResult;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// A storage backend's catalog of tables.
pub trait Storage: Send + Sync + std::fmt::Debug {
    /// Creates a table; fails when one of that name exists.
    ///
    /// # Errors
    /// `OTSObjectAlreadyExist`, or the table quota.
    fn create_table(&self, schema: TableSchema) -> ServiceResult<()>;

    /// Deletes a table and its rows.
    ///
    /// # Errors
    /// `OTSObjectNotExist`.
    fn delete_table(&self, name: &str) -> ServiceResult<()>;

    /// Names of every table, sorted.
    fn table_names(&self) -> Vec<String>;

    /// A handle on one table.
    ///
    /// # Errors
    /// `OTSObjectNotExist`.
    fn table(&self, name: &str) -> ServiceResult<Arc<Table>>;
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
