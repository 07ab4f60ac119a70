//! Request checks with the service's limits and messages.

use crate::error::{ServiceError, ServiceResult};
use crate::storage::{DefinedColumnType, Key, PkColumn, PrimaryKeyType, TableSchema};
use ots_proto::model::{Column, PrimaryKey, PrimaryKeyColumn, PrimaryKeyValue, Value};

/// Longest string or binary primary key value.
pub const MAX_PK_VALUE_BYTES: usize = 1024;
/// Longest string or binary attribute value.
pub const MAX_CELL_BYTES: usize = 2 * 1024 * 1024;
/// Most attribute columns one request may write to a row.
pub const MAX_COLUMNS_PER_WRITE: usize = 1024;
/// Most names in `columns_to_get`.
pub const MAX_COLUMNS_TO_GET: usize = 128;
/// Largest request data per single-row write and per BatchWriteRow.
pub const MAX_WRITE_BYTES: usize = 4 * 1024 * 1024;
/// Largest accepted timestamp (exclusive): INT64_MAX / 1000.
pub const MAX_TIMESTAMP: i64 = i64::MAX / 1000;

pub use crate::names::is_valid_name;

/// Checks a table name.
pub fn table_name(name: &str) -> ServiceResult<()> {
    if is_valid_name(name) {
        Ok(())
    } else {
        Err(ServiceError::param(format!("Invalid table name: '{name}'.")))
    }
}

/// Checks a column name.
pub fn column_name(name: &str) -> ServiceResult<()> {
    if is_valid_name(name) {
        Ok(())
    } else {
        Err(ServiceError::param(format!("Invalid column name: '{name}'.")))
    }
}

/// What a key is used for, which decides the placeholders it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyUse {
    /// GetRow, DeleteRow, BatchGetRow: concrete values only.
    Lookup,
    /// PutRow, UpdateRow: the auto-increment column may hold the placeholder.
    Write,
    /// GetRange bounds: `InfMin` / `InfMax` allowed.
    RangeBound,
}

/// Checks a primary key against the schema and returns it as a storage key.
pub fn primary_key(schema: &TableSchema, pk: &PrimaryKey, usage: KeyUse) -> ServiceResult<Key> {
    if pk.columns.len() != schema.primary_key.len() {
        return Err(ServiceError::invalid_pk(format!(
            "Validate PK size fail. Input: {}, Meta: {}.",
            pk.columns.len(),
            schema.primary_key.len()
        )));
    }
    pk.columns
        .iter()
        .zip(&schema.primary_key)
        .map(|(col, meta)| key_column(col, meta, usage))
        .collect()
}

/// Checks one primary key column against its place in the schema and returns its value.
pub fn key_column(col: &PrimaryKeyColumn, meta: &PkColumn, usage: KeyUse) -> ServiceResult<PrimaryKeyValue> {
    {
        if col.name != meta.name {
            return Err(ServiceError::invalid_pk(format!(
                "Validate PK name fail. Input: {}, Meta: {}.",
                col.name, meta.name
            )));
        }
        let type_ok = match (&col.value, meta.ty) {
            (PrimaryKeyValue::Integer(_), PrimaryKeyType::Integer)
            | (PrimaryKeyValue::String(_), PrimaryKeyType::String)
            | (PrimaryKeyValue::Binary(_), PrimaryKeyType::Binary) => true,
            (PrimaryKeyValue::InfMin | PrimaryKeyValue::InfMax, _) => {
                if usage != KeyUse::RangeBound {
                    return Err(ServiceError::param(format!(
                        "{} is an invalid type for the primary key.",
                        if col.value == PrimaryKeyValue::InfMin {
                            "INF_MIN"
                        } else {
                            "INF_MAX"
                        }
                    )));
                }
                true
            }
            (PrimaryKeyValue::AutoIncrement, _) => {
                if usage != KeyUse::Write || !meta.auto_increment {
                    return Err(ServiceError::param(
                        "AUTO_INCREMENT is an invalid type for the primary key.",
                    ));
                }
                true
            }
            _ => false,
        };
        if !type_ok {
            return Err(ServiceError::invalid_pk(format!(
                "Validate PK type fail. Input: {}, Meta: {}.",
                col.value.type_name(),
                meta.ty.type_name()
            )));
        }
        if col.value.data_size() > MAX_PK_VALUE_BYTES {
            return Err(ServiceError::param(format!(
                "The length of primary key column: '{}' exceeds the MaxLength:{MAX_PK_VALUE_BYTES} with CurrentLength:{}.",
                col.name,
                col.value.data_size()
            )));
        }
    }
    Ok(col.value.clone())
}

/// Checks an attribute value's size.
pub fn attribute_value(name: &str, value: &Value) -> ServiceResult<()> {
    column_name(name)?;
    let len = value.data_size();
    if matches!(value, Value::String(_) | Value::Binary(_)) && len > MAX_CELL_BYTES {
        return Err(ServiceError::param(format!(
            "The length of attribute column: '{name}' exceeds the MaxLength:{MAX_CELL_BYTES} with CurrentLength:{len}."
        )));
    }
    Ok(())
}

/// Checks a written timestamp against the range and the table's allowed deviation.
pub fn timestamp(schema: &TableSchema, column: &str, ts: i64, now_ms: i64) -> ServiceResult<()> {
    if !(0..MAX_TIMESTAMP).contains(&ts) {
        return Err(ServiceError::param(
            "Timestamp must be in range [0, INT64_MAX/1000).",
        ));
    }
    let dev = schema.options.deviation_secs.saturating_mul(1000);
    let back = if schema.options.time_to_live > 0 {
        dev.min(i64::from(schema.options.time_to_live).saturating_mul(1000))
    } else {
        dev
    };
    let (min, max) = (now_ms.saturating_sub(back), now_ms.saturating_add(dev));
    if ts < min || ts >= max {
        return Err(ServiceError::param(format!(
            "Invalid timestamp. Cell:{column} Timestamp:{ts} MinTimestamp:{min} MaxTimestamp:{max}."
        )));
    }
    Ok(())
}

/// Checks the columns of a put.
pub fn put_columns(schema: &TableSchema, columns: &[Column], now_ms: i64) -> ServiceResult<()> {
    if columns.len() > MAX_COLUMNS_PER_WRITE {
        return Err(ServiceError::column_count(MAX_COLUMNS_PER_WRITE, columns.len()));
    }
    for c in columns {
        attribute_value(&c.name, &c.value)?;
        indexed_value(schema, &c.name, Some(&c.value))?;
        if let Some(ts) = c.timestamp {
            timestamp(schema, &c.name, ts, now_ms)?;
        }
    }
    Ok(())
}

/// On a table with secondary indexes, refuses a value of another type than its column's defined
/// type when an index holds the column: an index key column can hold only its type, and an
/// index row must not differ from its main row. `None` is an increment (an integer).
pub fn indexed_value(schema: &TableSchema, name: &str, value: Option<&Value>) -> ServiceResult<()> {
    if !schema.indexes.iter().any(|i| i.uses(name)) {
        return Ok(());
    }
    let Some((_, defined)) = schema.defined_columns.iter().find(|(n, _)| n == name) else {
        return Ok(());
    };
    let fits = match value {
        None => *defined == DefinedColumnType::Integer,
        Some(v) => matches!(
            (defined, v),
            (DefinedColumnType::Integer, Value::Integer(_))
                | (DefinedColumnType::Double, Value::Double(_))
                | (DefinedColumnType::Boolean, Value::Boolean(_))
                | (DefinedColumnType::String, Value::String(_))
                | (DefinedColumnType::Blob, Value::Binary(_))
        ),
    };
    let in_key = schema
        .indexes
        .iter()
        .any(|i| i.primary_key.iter().any(|k| k == name));
    if let (true, true, Some(Value::String(_) | Value::Binary(_))) = (fits, in_key, value) {
        let len = value.map_or(0, Value::data_size);
        if len > MAX_PK_VALUE_BYTES {
            return Err(ServiceError::param(format!(
                "The length of column '{name}', in the primary key of an index, exceeds the MaxLength:{MAX_PK_VALUE_BYTES} with CurrentLength:{len}."
            )));
        }
    }
    if fits {
        return Ok(());
    }
    let given = value.map_or("VT_INTEGER (an increment)", Value::type_name);
    Err(ServiceError::param(format!(
        "Column '{name}' is defined as {} and held by an index; a {given} value cannot be written to it.",
        defined_type_name(*defined)
    )))
}

fn defined_type_name(t: DefinedColumnType) -> &'static str {
    match t {
        DefinedColumnType::Integer => "DCT_INTEGER",
        DefinedColumnType::Double => "DCT_DOUBLE",
        DefinedColumnType::Boolean => "DCT_BOOLEAN",
        DefinedColumnType::String => "DCT_STRING",
        _ => "DCT_BLOB",
    }
}

/// Refuses attribute columns named like a primary key column.
pub fn not_key_columns<'a>(
    schema: &TableSchema,
    names: impl IntoIterator<Item = &'a str>,
) -> ServiceResult<()> {
    for name in names {
        if schema.primary_key.iter().any(|p| p.name == name) {
            return Err(ServiceError::param(format!(
                "The attribute column '{name}' has the same name as a primary key column."
            )));
        }
    }
    Ok(())
}

/// Checks `columns_to_get`.
pub fn columns_to_get(names: &[String]) -> ServiceResult<()> {
    if names.len() > MAX_COLUMNS_TO_GET {
        return Err(ServiceError::param(format!(
            "The number of columns from the request exceeds the limit, limit count: {MAX_COLUMNS_TO_GET}, column count: {}.",
            names.len()
        )));
    }
    names.iter().try_for_each(|n| column_name(n))
}
