//! Storage: tables of rows with multi-version cells. Knows nothing of protobuf or HTTP.
//!
//! [`Storage`] is the catalog seam a persistent backend will implement; [`MemoryStorage`] keeps
//! everything in memory. Each [`Table`] is guarded by one lock so that a read-check-write
//! sequence (conditions, increments, auto-increment) is atomic.

mod index;
mod locks;
mod memory;
mod rows;
mod schema;

pub use index::{key_type, IndexKind, IndexSchema, IndexTable};
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

    /// What a read of `name` reads: a table, or a secondary index of one (the table, and the
    /// index's name).
    ///
    /// # Errors
    /// [`StorageError::NotFound`] when no table or index has that name.
    fn readable(&self, name: &str) -> StorageResult<(Arc<Table>, Option<String>)>;

    /// Names `index` as a secondary index of `table` (the handle the caller holds locked for
    /// writing while it adds the index). Index names share one namespace with table names.
    ///
    /// # Errors
    /// [`StorageError::AlreadyExists`] when a table or index has that name,
    /// [`StorageError::NotFound`] when `table` is no longer in the catalog,
    /// [`StorageError::QuotaReached`] when the catalog is full.
    fn register_index(&self, table: &str, handle: &Arc<Table>, index: &str) -> StorageResult<()>;

    /// Forgets the name of a secondary index of `table` (the handle the caller holds locked for
    /// writing while it drops the index); a name now given to another table is left alone.
    fn unregister_index(&self, table: &str, handle: &Arc<Table>, index: &str);
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
    /// Secondary indexes' rows, in the order of `schema.indexes`.
    pub indexes: Vec<IndexTable>,
}

impl TableState {
    /// Tells the observers and the secondary indexes that the row at `key` goes from `old` to
    /// `new`.
    fn notify(&mut self, key: &Key, old: Option<&StoredRow>, new: Option<&StoredRow>) {
        for o in &self.observers {
            o.row_changed(key, new);
        }
        for index in &mut self.indexes {
            index.row_changed(key, old, new);
        }
    }

    /// The row at `key` before a change, when a secondary index needs it.
    fn before(&self, key: &Key) -> Option<Arc<StoredRow>> {
        if self.indexes.is_empty() {
            None
        } else {
            self.data.get(key).cloned()
        }
    }

    /// Replaces or inserts a row.
    pub fn set_row(&mut self, key: Key, row: StoredRow) {
        let old = self.before(&key);
        self.notify(&key, old.as_deref(), Some(&row));
        self.data.insert(key, row);
    }

    /// Puts back a row taken earlier (an undone write).
    pub fn restore_row(&mut self, key: Key, row: Arc<StoredRow>) {
        let old = self.before(&key);
        self.notify(&key, old.as_deref(), Some(&row));
        self.data.restore(key, row);
    }

    /// Removes a row.
    pub fn remove_row(&mut self, key: &Key) {
        if let Some(old) = self.data.remove(key) {
            self.notify(key, Some(&old), None);
        }
    }

    /// Adds a secondary index (checked against the schema by the caller), indexing the rows
    /// already stored when `fill` is true.
    pub fn add_index(&mut self, index: IndexSchema, fill: bool) {
        let mut table = IndexTable::new(&self.schema, &index);
        if fill {
            table.fill(&self.data);
        }
        self.schema.indexes.push(index);
        self.indexes.push(table);
    }

    /// Drops a secondary index and its rows; false when there is none of that name.
    pub fn drop_index(&mut self, name: &str) -> bool {
        match self.schema.indexes.iter().position(|i| i.name == name) {
            Some(i) => {
                self.schema.indexes.remove(i);
                self.indexes.remove(i);
                true
            }
            None => false,
        }
    }

    /// Replaces the schema (UpdateTable); the secondary indexes take its options.
    pub fn set_schema(&mut self, schema: TableSchema) {
        for index in &mut self.indexes {
            index.set_options(schema.options);
        }
        self.schema = schema;
    }

    /// The secondary index of that name.
    pub fn index(&self, name: &str) -> Option<&IndexTable> {
        self.indexes.iter().find(|i| i.schema.name == name)
    }
}

/// The rows of a table or of a secondary index, with the schema they follow: what a read
/// scans.
#[derive(Debug, Clone, Copy)]
pub struct Rows<'a> {
    /// The schema (an index's is its table schema).
    pub schema: &'a TableSchema,
    /// The rows.
    pub data: &'a TableData,
}

impl TableState {
    /// The table's own rows.
    pub fn rows(&self) -> Rows<'_> {
        Rows {
            schema: &self.schema,
            data: &self.data,
        }
    }
}

impl IndexTable {
    /// The index's rows.
    pub fn rows(&self) -> Rows<'_> {
        Rows {
            schema: &self.schema,
            data: &self.data,
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
        let indexes = schema
            .indexes
            .iter()
            .map(|index| IndexTable::new(&schema, index))
            .collect();
        Self {
            state: RwLock::new(TableState {
                schema,
                data: TableData::default(),
                observers: Vec::new(),
                locks: PartitionLocks::default(),
                indexes,
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
