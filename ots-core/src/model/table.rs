//! Table schema types.

pub use ots_proto::schema::{DefinedColumnType, PrimaryKeyType};

/// One primary key column of a table schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrimaryKeySchema {
    /// Column name.
    pub name: String,
    /// Column type.
    pub key_type: PrimaryKeyType,
    /// The service assigns the value on insert (integer, not the first column).
    pub auto_increment: bool,
}

impl PrimaryKeySchema {
    /// An integer key column.
    pub fn integer(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            key_type: PrimaryKeyType::Integer,
            auto_increment: false,
        }
    }
    /// A string key column.
    pub fn string(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            key_type: PrimaryKeyType::String,
            auto_increment: false,
        }
    }
    /// A binary key column.
    pub fn binary(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            key_type: PrimaryKeyType::Binary,
            auto_increment: false,
        }
    }
    /// An auto-increment integer key column.
    pub fn auto_increment(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            key_type: PrimaryKeyType::Integer,
            auto_increment: true,
        }
    }
}

/// A defined (pre-declared) attribute column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinedColumn {
    /// Column name.
    pub name: String,
    /// Column type.
    pub column_type: DefinedColumnType,
}

impl DefinedColumn {
    /// A defined column.
    pub fn new(name: impl Into<String>, column_type: DefinedColumnType) -> Self {
        Self {
            name: name.into(),
            column_type,
        }
    }
}

/// Table options. `None` fields are left to the service's defaults (on create) or unchanged
/// (on update).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableOptions {
    /// Seconds a version lives; -1 for ever (at least 86400 otherwise).
    pub time_to_live: Option<i32>,
    /// Versions kept per column (at least 1).
    pub max_versions: Option<i32>,
    /// Largest allowed distance in seconds between a written timestamp and now.
    pub max_time_deviation: Option<i64>,
    /// Whether UpdateRow is allowed.
    pub allow_update: Option<bool>,
    /// Whether the change stream records the whole row on an update (set at creation).
    pub update_full_row: Option<bool>,
}

/// Read and write capacity units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CapacityUnit {
    /// Read units.
    pub read: i32,
    /// Write units.
    pub write: i32,
}

/// Change stream settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSpec {
    /// Whether the stream is on.
    pub enabled: bool,
    /// Hours records are kept.
    pub expiration_hours: Option<i32>,
    /// Attribute columns each record carries besides the changed ones (the row's "origin
    /// columns").
    pub columns_to_get: Vec<String>,
}

/// Kind of a secondary index; it also fixes how the index follows the table's writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IndexKind {
    /// A global index (`IT_GLOBAL_INDEX`): partitioned on its own first key column and updated
    /// asynchronously after each write (`IUM_ASYNC_INDEX`), so a read of the index may lag the
    /// table for a short while.
    Global,
    /// A local index (`IT_LOCAL_INDEX`): partitioned like the table (its first key column must
    /// be the table's partition key) and updated with each write (`IUM_SYNC_INDEX`), so a read
    /// of the index sees every write the table acknowledged.
    Local,
}

/// A secondary index of a table: another ordering of the table's rows, kept by the service.
///
/// The index's key is the columns named with [`IndexMeta::primary_key`] (key columns or
/// defined columns of the table), in order; the service appends the table's key columns the
/// index does not name, so each table row is one index row. [`IndexMeta::defined_column`]
/// names defined columns of the table the index also carries. An index is created with its
/// table ([`CreateTableRequest::index`](crate::ops::table::CreateTableRequest::index)) or
/// later ([`Client::create_index`](crate::Client::create_index)), and is listed by
/// [`Client::describe_table`](crate::Client::describe_table).
///
/// An index is read like a table: pass its name as the table name of
/// [`GetRowRequest`](crate::ops::row::GetRowRequest),
/// [`GetRangeRequest`](crate::ops::range::GetRangeRequest) or a
/// [`TableBatchGet`](crate::ops::batch::TableBatchGet), with a key in the index's key order.
/// Only the index's own columns come back; the service refuses writes to an index.
///
/// The kind sets the update mode: a [`IndexKind::Local`] index is synchronous and a
/// [`IndexKind::Global`] one asynchronous, the only combinations the service accepts.
///
/// ```
/// use ots_core::model::{IndexKind, IndexMeta};
///
/// let by_customer = IndexMeta::global("orders_by_customer")
///     .primary_key("customer")
///     .defined_column("total");
/// assert_eq!(by_customer.kind, IndexKind::Global);
/// assert_eq!(by_customer.primary_key, ["customer"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IndexMeta {
    /// Index name (read the index under this name).
    pub name: String,
    /// The index's key columns, in order (the table's other key columns follow implicitly).
    pub primary_key: Vec<String>,
    /// Defined columns of the table the index carries besides its key.
    pub defined_columns: Vec<String>,
    /// Global or local.
    pub kind: IndexKind,
}

impl IndexMeta {
    fn new(name: impl Into<String>, kind: IndexKind) -> Self {
        Self {
            name: name.into(),
            primary_key: Vec::new(),
            defined_columns: Vec::new(),
            kind,
        }
    }

    /// A global index with no columns yet; add them with [`IndexMeta::primary_key`] and
    /// [`IndexMeta::defined_column`].
    pub fn global(name: impl Into<String>) -> Self {
        Self::new(name, IndexKind::Global)
    }

    /// A local index with no columns yet; its first key column must be the table's partition
    /// key.
    pub fn local(name: impl Into<String>) -> Self {
        Self::new(name, IndexKind::Local)
    }

    /// Appends a key column of the index.
    #[must_use]
    pub fn primary_key(mut self, column: impl Into<String>) -> Self {
        self.primary_key.push(column.into());
        self
    }

    /// Appends a defined column the index carries.
    #[must_use]
    pub fn defined_column(mut self, column: impl Into<String>) -> Self {
        self.defined_columns.push(column.into());
        self
    }
}
