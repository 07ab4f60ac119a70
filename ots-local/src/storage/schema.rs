pub use ots_proto::schema::{DefinedColumnType, PrimaryKeyType};

/// One primary key column of a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PkColumn {
    /// Column name.
    pub name: String,
    /// Column type.
    pub ty: PrimaryKeyType,
    /// True when the service assigns the value on insert.
    pub auto_increment: bool,
}

/// Table options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableOptions {
    /// Seconds a version lives; -1 for ever.
    pub time_to_live: i32,
    /// Versions kept per column.
    pub max_versions: i32,
    /// Maximum distance in seconds between a written timestamp and now.
    pub deviation_secs: i64,
    /// Whether UpdateRow is allowed.
    pub allow_update: bool,
    /// Whether an update writes the whole row to the stream (only stored and described).
    pub update_full_row: bool,
}

impl Default for TableOptions {
    fn default() -> Self {
        Self {
            time_to_live: -1,
            max_versions: 1,
            deviation_secs: 86_400,
            allow_update: true,
            update_full_row: false,
        }
    }
}

/// Change stream settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSpec {
    /// Whether the stream is on.
    pub enabled: bool,
    /// Hours records are kept.
    pub expiration_hours: i32,
    /// Stream id when enabled.
    pub stream_id: Option<String>,
    /// When the stream was last enabled (microseconds since the epoch; 0 if never).
    pub last_enabled_micros: i64,
    /// Attribute columns the stream records besides the changed ones.
    pub columns_to_get: Vec<String>,
}

/// Everything the storage layer knows about a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSchema {
    /// Table name.
    pub name: String,
    /// Primary key columns in order.
    pub primary_key: Vec<PkColumn>,
    /// Defined attribute columns.
    pub defined_columns: Vec<(String, DefinedColumnType)>,
    /// Options.
    pub options: TableOptions,
    /// Reserved read / write capacity units.
    pub reserved: (i32, i32),
    /// Last time reserved throughput was raised / lowered (seconds since epoch).
    pub throughput_changed: (i64, Option<i64>),
    /// Stream settings.
    pub stream: Option<StreamSpec>,
    /// Creation time, microseconds since epoch.
    pub created_at_micros: i64,
    /// Whether explicit local transactions are allowed.
    pub local_txn: bool,
    /// Secondary indexes, in creation order.
    pub indexes: Vec<super::IndexSchema>,
}
