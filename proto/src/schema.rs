//! Column types of a table schema and their protobuf forms: one vocabulary for the client and
//! ots-local.

use crate::pb::table_store as pb;

/// Type of a primary key column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PrimaryKeyType {
    /// 64-bit integer.
    Integer,
    /// UTF-8 string.
    String,
    /// Bytes.
    Binary,
}

impl PrimaryKeyType {
    /// The service's name for the type in its messages (`VT_INTEGER`, ...).
    pub fn type_name(self) -> &'static str {
        match self {
            PrimaryKeyType::Integer => "VT_INTEGER",
            PrimaryKeyType::String => "VT_STRING",
            PrimaryKeyType::Binary => "VT_BLOB",
        }
    }

    /// The protobuf enum value.
    pub fn to_pb(self) -> pb::PrimaryKeyType {
        match self {
            PrimaryKeyType::Integer => pb::PrimaryKeyType::Integer,
            PrimaryKeyType::String => pb::PrimaryKeyType::String,
            PrimaryKeyType::Binary => pb::PrimaryKeyType::Binary,
        }
    }

    /// The type a protobuf enum number names, if any.
    pub fn from_pb(value: i32) -> Option<Self> {
        match pb::PrimaryKeyType::try_from(value).ok()? {
            pb::PrimaryKeyType::Integer => Some(PrimaryKeyType::Integer),
            pb::PrimaryKeyType::String => Some(PrimaryKeyType::String),
            pb::PrimaryKeyType::Binary => Some(PrimaryKeyType::Binary),
        }
    }
}

/// Type of a defined (pre-declared) attribute column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DefinedColumnType {
    /// 64-bit integer.
    Integer,
    /// 64-bit float.
    Double,
    /// Boolean.
    Boolean,
    /// UTF-8 string.
    String,
    /// Bytes.
    Blob,
}

impl DefinedColumnType {
    /// The protobuf enum value.
    pub fn to_pb(self) -> pb::DefinedColumnType {
        match self {
            DefinedColumnType::Integer => pb::DefinedColumnType::DctInteger,
            DefinedColumnType::Double => pb::DefinedColumnType::DctDouble,
            DefinedColumnType::Boolean => pb::DefinedColumnType::DctBoolean,
            DefinedColumnType::String => pb::DefinedColumnType::DctString,
            DefinedColumnType::Blob => pb::DefinedColumnType::DctBlob,
        }
    }

    /// The type a protobuf enum number names, if any.
    pub fn from_pb(value: i32) -> Option<Self> {
        match pb::DefinedColumnType::try_from(value).ok()? {
            pb::DefinedColumnType::DctInteger => Some(DefinedColumnType::Integer),
            pb::DefinedColumnType::DctDouble => Some(DefinedColumnType::Double),
            pb::DefinedColumnType::DctBoolean => Some(DefinedColumnType::Boolean),
            pb::DefinedColumnType::DctString => Some(DefinedColumnType::String),
            pb::DefinedColumnType::DctBlob => Some(DefinedColumnType::Blob),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protobuf_numbers_round_trip() {
        for t in [
            PrimaryKeyType::Integer,
            PrimaryKeyType::String,
            PrimaryKeyType::Binary,
        ] {
            assert_eq!(PrimaryKeyType::from_pb(t.to_pb() as i32), Some(t));
        }
        for t in [
            DefinedColumnType::Integer,
            DefinedColumnType::Double,
            DefinedColumnType::Boolean,
            DefinedColumnType::String,
            DefinedColumnType::Blob,
        ] {
            assert_eq!(DefinedColumnType::from_pb(t.to_pb() as i32), Some(t));
        }
        assert_eq!(PrimaryKeyType::from_pb(99), None);
    }
}
