//! Value and row types shared by the client and the server.
//!
//! These are the project's own types: they say what a Tablestore row *is*, independent of the
//! protobuf messages that carry it.

use std::cmp::Ordering;
use std::fmt;

/// An attribute column value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// A signed 64-bit integer.
    Integer(i64),
    /// A 64-bit float.
    Double(f64),
    /// A boolean.
    Boolean(bool),
    /// A UTF-8 string.
    String(String),
    /// Raw bytes.
    Binary(Vec<u8>),
}

impl Value {
    /// The service's name for this value's type, as used in error messages (`VT_STRING`, ...).
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Integer(_) => "VT_INTEGER",
            Value::Double(_) => "VT_DOUBLE",
            Value::Boolean(_) => "VT_BOOLEAN",
            Value::String(_) => "VT_STRING",
            Value::Binary(_) => "VT_BLOB",
        }
    }

    /// Size of the value in bytes as the service counts it (8 for numbers, 1 for booleans).
    #[must_use]
    pub fn data_size(&self) -> usize {
        match self {
            Value::Integer(_) | Value::Double(_) => 8,
            Value::Boolean(_) => 1,
            Value::String(s) => s.len(),
            Value::Binary(b) => b.len(),
        }
    }

    /// Compares two values of the same type; `None` when the types differ.
    #[must_use]
    pub fn partial_cmp_same_type(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::Integer(a), Value::Integer(b)) => Some(a.cmp(b)),
            (Value::Double(a), Value::Double(b)) => a.partial_cmp(b),
            (Value::Boolean(a), Value::Boolean(b)) => Some(a.cmp(b)),
            (Value::String(a), Value::String(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
            (Value::Binary(a), Value::Binary(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Integer(v)
    }
}
impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Integer(i64::from(v))
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Double(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Boolean(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::String(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::String(v)
    }
}
impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::Binary(v)
    }
}
impl From<&[u8]> for Value {
    fn from(v: &[u8]) -> Self {
        Value::Binary(v.to_vec())
    }
}

/// A primary key column value, including the placeholders used in range bounds and inserts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PrimaryKeyValue {
    /// A signed 64-bit integer.
    Integer(i64),
    /// A UTF-8 string (at most 1 KB).
    String(String),
    /// Raw bytes (at most 1 KB).
    Binary(Vec<u8>),
    /// Smaller than every value: only in range bounds.
    InfMin,
    /// Greater than every value: only in range bounds.
    InfMax,
    /// Placeholder for an auto-increment column on insert: the service assigns the value.
    AutoIncrement,
}

impl PrimaryKeyValue {
    /// The service's name for this value's type (`VT_INTEGER`, ...).
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match self {
            PrimaryKeyValue::Integer(_) => "VT_INTEGER",
            PrimaryKeyValue::String(_) => "VT_STRING",
            PrimaryKeyValue::Binary(_) => "VT_BLOB",
            PrimaryKeyValue::InfMin => "VT_INF_MIN",
            PrimaryKeyValue::InfMax => "VT_INF_MAX",
            PrimaryKeyValue::AutoIncrement => "VT_AUTO_INCREMENT",
        }
    }

    /// True for `InfMin`, `InfMax` and `AutoIncrement`, which are not storable values.
    #[must_use]
    pub fn is_placeholder(&self) -> bool {
        matches!(
            self,
            PrimaryKeyValue::InfMin | PrimaryKeyValue::InfMax | PrimaryKeyValue::AutoIncrement
        )
    }

    /// Size in bytes as the service counts it.
    #[must_use]
    pub fn data_size(&self) -> usize {
        match self {
            PrimaryKeyValue::Integer(_) => 8,
            PrimaryKeyValue::String(s) => s.len(),
            PrimaryKeyValue::Binary(b) => b.len(),
            _ => 0,
        }
    }

    fn rank(&self) -> u8 {
        match self {
            PrimaryKeyValue::InfMin => 0,
            PrimaryKeyValue::Integer(_) => 1,
            PrimaryKeyValue::String(_) => 2,
            PrimaryKeyValue::Binary(_) => 3,
            PrimaryKeyValue::AutoIncrement => 4,
            PrimaryKeyValue::InfMax => 5,
        }
    }
}

impl Ord for PrimaryKeyValue {
    /// Values of one type order naturally (strings and binaries bytewise); `InfMin` is below and
    /// `InfMax` above everything. Values of different types order by type, which only matters for
    /// keys a schema check has already refused.
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (PrimaryKeyValue::Integer(a), PrimaryKeyValue::Integer(b)) => a.cmp(b),
            (PrimaryKeyValue::String(a), PrimaryKeyValue::String(b)) => a.as_bytes().cmp(b.as_bytes()),
            (PrimaryKeyValue::Binary(a), PrimaryKeyValue::Binary(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl PartialOrd for PrimaryKeyValue {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl From<i64> for PrimaryKeyValue {
    fn from(v: i64) -> Self {
        PrimaryKeyValue::Integer(v)
    }
}
impl From<i32> for PrimaryKeyValue {
    fn from(v: i32) -> Self {
        PrimaryKeyValue::Integer(i64::from(v))
    }
}
impl From<&str> for PrimaryKeyValue {
    fn from(v: &str) -> Self {
        PrimaryKeyValue::String(v.to_owned())
    }
}
impl From<String> for PrimaryKeyValue {
    fn from(v: String) -> Self {
        PrimaryKeyValue::String(v)
    }
}
impl From<Vec<u8>> for PrimaryKeyValue {
    fn from(v: Vec<u8>) -> Self {
        PrimaryKeyValue::Binary(v)
    }
}

/// One named primary key column.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PrimaryKeyColumn {
    /// Column name.
    pub name: String,
    /// Column value.
    pub value: PrimaryKeyValue,
}

/// A primary key: 1 to 4 columns in schema order, the first being the partition key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PrimaryKey {
    /// The columns, in schema order.
    pub columns: Vec<PrimaryKeyColumn>,
}

impl PrimaryKey {
    /// An empty key, to be filled with [`PrimaryKey::with`].
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a column and returns the key (builder style).
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, value: impl Into<PrimaryKeyValue>) -> Self {
        self.columns.push(PrimaryKeyColumn {
            name: name.into(),
            value: value.into(),
        });
        self
    }

    /// The value of the named column, if present.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&PrimaryKeyValue> {
        self.columns.iter().find(|c| c.name == name).map(|c| &c.value)
    }

    /// Number of columns.
    #[must_use]
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    /// True when the key has no columns.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }
}

impl fmt::Display for PrimaryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, c) in self.columns.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match &c.value {
                PrimaryKeyValue::Integer(v) => write!(f, "{}={v}", c.name)?,
                PrimaryKeyValue::String(v) => write!(f, "{}={v:?}", c.name)?,
                PrimaryKeyValue::Binary(v) => write!(f, "{}=<{} bytes>", c.name, v.len())?,
                other => write!(f, "{}={}", c.name, other.type_name())?,
            }
        }
        f.write_str("]")
    }
}

/// An attribute column: name, value and (for stored cells) the version timestamp in milliseconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// Column value.
    pub value: Value,
    /// Version timestamp in milliseconds; `None` on writes lets the server choose.
    pub timestamp: Option<i64>,
}

impl Column {
    /// A column without explicit timestamp.
    #[must_use]
    pub fn new(name: impl Into<String>, value: impl Into<Value>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            timestamp: None,
        }
    }

    /// Sets the version timestamp (milliseconds).
    #[must_use]
    pub fn at(mut self, timestamp: i64) -> Self {
        self.timestamp = Some(timestamp);
        self
    }
}

/// A row: its primary key and attribute columns (several versions of one column appear as
/// several entries with the same name, newest first).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// The primary key.
    pub primary_key: PrimaryKey,
    /// Attribute columns.
    pub columns: Vec<Column>,
}

impl Row {
    /// The newest value of the named attribute column.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.columns.iter().find(|c| c.name == name).map(|c| &c.value)
    }

    /// Every stored version of the named column, newest first.
    pub fn versions<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Column> + 'a {
        self.columns.iter().filter(move |c| c.name == name)
    }
}

/// One change inside an UpdateRow request (the wire knows exactly these four).
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnUpdate {
    /// Write a value (a new version).
    Put {
        /// Column name.
        name: String,
        /// New value.
        value: Value,
        /// Version timestamp in milliseconds; the server chooses when `None`.
        timestamp: Option<i64>,
    },
    /// Delete one version of a column.
    DeleteOneVersion {
        /// Column name.
        name: String,
        /// The version to delete.
        timestamp: i64,
    },
    /// Delete every version of a column.
    DeleteAllVersions {
        /// Column name.
        name: String,
    },
    /// Add `delta` to an integer column (absent counts as 0).
    Increment {
        /// Column name.
        name: String,
        /// Amount to add (may be negative).
        delta: i64,
    },
}

impl ColumnUpdate {
    /// The column this change touches.
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            ColumnUpdate::Put { name, .. }
            | ColumnUpdate::DeleteOneVersion { name, .. }
            | ColumnUpdate::DeleteAllVersions { name }
            | ColumnUpdate::Increment { name, .. } => name,
        }
    }
}
