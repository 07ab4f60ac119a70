//! The client's public data types. Nothing here names a protobuf type.

mod table;

pub use ots_proto::filter::{Comparator, Condition, Filter, RowExistence};
pub use ots_proto::model::{Column, ColumnUpdate, PrimaryKey, PrimaryKeyColumn, PrimaryKeyValue, Row, Value};
pub use table::{
    CapacityUnit, DefinedColumn, DefinedColumnType, IndexKind, IndexMeta, PrimaryKeySchema, PrimaryKeyType,
    StreamSpec, TableOptions,
};

/// What a write returns besides success.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReturnType {
    /// Nothing (the default).
    #[default]
    None,
    /// The row's primary key (gives the value of an auto-increment column).
    PrimaryKey,
    /// The primary key and the named columns as written (e.g. the result of an increment).
    /// An empty list returns every column the write changed.
    AfterModify(Vec<String>),
}

/// Scan direction of a range read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Direction {
    /// Ascending keys: the start key is the lower bound.
    #[default]
    Forward,
    /// Descending keys: the start key is the upper bound.
    Backward,
}

/// A time range of versions: `[start, end)` in milliseconds, or one exact timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeRange {
    /// Versions with `start <= ts < end`.
    Between(i64, i64),
    /// The version at exactly this timestamp.
    At(i64),
}

/// Capacity units one call consumed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConsumedCapacity {
    /// Read units.
    pub read: i32,
    /// Write units.
    pub write: i32,
}
