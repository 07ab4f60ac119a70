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
