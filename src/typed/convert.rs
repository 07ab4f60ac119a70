//! Conversions between Rust field types and Tablestore values, used by `#[derive(OtsTable)]`.
//!
//! Every conversion that can lose information checks: integers are range-checked on read, a
//! `u64` above `i64::MAX` is refused on write, and a value of the wrong type is an error that
//! names what was expected and what was found.

use ots_core::model::{DefinedColumnType, PrimaryKeyType, PrimaryKeyValue, Value};

/// Why a value could not become a field: expected and found, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// What the field needs (`INTEGER fitting i32`).
    pub expected: String,
    /// What was there (`STRING`, `INTEGER 300`).
    pub found: String,
}

impl Mismatch {
    fn new(expected: impl Into<String>, found: impl Into<String>) -> Self {
        Self {
            expected: expected.into(),
            found: found.into(),
        }
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Integer(i) => format!("INTEGER {i}"),
        Value::Double(d) => format!("DOUBLE {d}"),
        Value::Boolean(b) => format!("BOOLEAN {b}"),
        Value::String(_) => "STRING".to_owned(),
        Value::Binary(_) => "BINARY".to_owned(),
        other => other.type_name().to_owned(),
    }
}

/// A Rust type stored in one attribute column.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be stored in a Tablestore column",
    label = "unsupported column type",
    note = "supported: integers, f32, f64, bool, String, Vec<u8>, chrono::DateTime<Utc> and time::OffsetDateTime (features `chrono`, `time`), and Option of those; mark other serde types #[ots(json)]"
)]
pub trait ColumnValue: Sized {
    /// The column type declared for defined columns.
    const COLUMN_TYPE: DefinedColumnType;
    /// Converts to a stored value.
    ///
    /// # Errors
    /// When the value cannot be represented (a `u64` above `i64::MAX`).
    fn to_value(&self) -> Result<Value, Mismatch>;
    /// Converts from a stored value.
    ///
    /// # Errors
    /// When the value has another type or does not fit.
    fn from_value(value: Value) -> Result<Self, Mismatch>;
}

macro_rules! integer_column {
    ($($t:ty),*) => {$(
        impl ColumnValue for $t {
            const COLUMN_TYPE: DefinedColumnType = DefinedColumnType::Integer;
            fn to_value(&self) -> Result<Value, Mismatch> {
                i64::try_from(*self)
                    .map(Value::Integer)
                    .map_err(|_| Mismatch::new("a value fitting INTEGER (i64)", format!("{} {}", stringify!($t), self)))
            }
            fn from_value(value: Value) -> Result<Self, Mismatch> {
                match value {
                    Value::Integer(i) => <$t>::try_from(i)
                        .map_err(|_| Mismatch::new(concat!("INTEGER fitting ", stringify!($t)), format!("INTEGER {i}"))),
                    other => Err(Mismatch::new("INTEGER", describe(&other))),
                }
            }
        }
    )*};
}
integer_column!(i8, i16, i32, i64, u8, u16, u32, u64, isize, usize);

mod sealed {
    pub trait Sealed {}
}

/// The integer types: the fields whose columns can be incremented, with the range a stored
/// value must stay in to be read back.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an integer column",
    label = "only integer columns can be incremented"
)]
pub trait IntegerValue: ColumnValue + sealed::Sealed {
    /// The smallest value the field holds.
    const MIN: i64;
    /// The largest value the field holds that a column can store (`i64::MAX` at most).
    const MAX: i64;
}

macro_rules! integer_value {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl IntegerValue for $t {
            #[allow(clippy::cast_possible_wrap, clippy::unnecessary_cast)]
            const MIN: i64 = if (<$t>::MIN as i128) < (i64::MIN as i128) { i64::MIN } else { <$t>::MIN as i64 };
            #[allow(clippy::cast_possible_wrap, clippy::unnecessary_cast)]
            const MAX: i64 = if (<$t>::MAX as i128) > (i64::MAX as i128) { i64::MAX } else { <$t>::MAX as i64 };
        }
    )*};
}
integer_value!(i8, i16, i32, i64, u8, u16, u32, u64, isize, usize);

impl ColumnValue for f64 {
    const COLUMN_TYPE: DefinedColumnType = DefinedColumnType::Double;
    fn to_value(&self) -> Result<Value, Mismatch> {
        Ok(Value::Double(*self))
    }
    fn from_value(value: Value) -> Result<Self, Mismatch> {
        match value {
            Value::Double(d) => Ok(d),
            other => Err(Mismatch::new("DOUBLE", describe(&other))),
        }
    }
}

impl ColumnValue for f32 {
    const COLUMN_TYPE: DefinedColumnType = DefinedColumnType::Double;
    fn to_value(&self) -> Result<Value, Mismatch> {
        Ok(Value::Double(f64::from(*self)))
    }
    fn from_value(value: Value) -> Result<Self, Mismatch> {
        match value {
            #[allow(clippy::cast_possible_truncation)]
            Value::Double(d) if !d.is_finite() || d.abs() <= f64::from(f32::MAX) => Ok(d as f32),
            Value::Double(d) => Err(Mismatch::new("DOUBLE fitting f32", format!("DOUBLE {d}"))),
            other => Err(Mismatch::new("DOUBLE", describe(&other))),
        }
    }
}

impl ColumnValue for bool {
    const COLUMN_TYPE: DefinedColumnType = DefinedColumnType::Boolean;
    fn to_value(&self) -> Result<Value, Mismatch> {
        Ok(Value::Boolean(*self))
    }
    fn from_value(value: Value) -> Result<Self, Mismatch> {
        match value {
            Value::Boolean(b) => Ok(b),
            other => Err(Mismatch::new("BOOLEAN", describe(&other))),
        }
    }
}

impl ColumnValue for String {
    const COLUMN_TYPE: DefinedColumnType = DefinedColumnType::String;
    fn to_value(&self) -> Result<Value, Mismatch> {
        Ok(Value::String(self.clone()))
    }
    fn from_value(value: Value) -> Result<Self, Mismatch> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(Mismatch::new("STRING", describe(&other))),
        }
    }
}

impl ColumnValue for Vec<u8> {
    const COLUMN_TYPE: DefinedColumnType = DefinedColumnType::Blob;
    fn to_value(&self) -> Result<Value, Mismatch> {
        Ok(Value::Binary(self.clone()))
    }
    fn from_value(value: Value) -> Result<Self, Mismatch> {
        match value {
            Value::Binary(b) => Ok(b),
            other => Err(Mismatch::new("BINARY", describe(&other))),
        }
    }
}

/// The types a date field holds as milliseconds since the epoch: what its aggregation keys
/// (date histograms, field group-bys) read back as.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not hold milliseconds since the epoch",
    note = "date group keys are milliseconds: use i64, u64, chrono::DateTime<Utc> or time::OffsetDateTime for the field"
)]
pub trait MillisValue: ColumnValue + sealed::Sealed {}
impl MillisValue for i64 {}
impl MillisValue for u64 {}
#[cfg(feature = "chrono")]
impl sealed::Sealed for chrono::DateTime<chrono::Utc> {}
#[cfg(feature = "chrono")]
impl MillisValue for chrono::DateTime<chrono::Utc> {}
#[cfg(feature = "time")]
impl sealed::Sealed for time::OffsetDateTime {}
#[cfg(feature = "time")]
impl MillisValue for time::OffsetDateTime {}

/// Geo points are stored as `"lat,lon"` text, the form geo_point search fields index.
impl ColumnValue for ots_core::ops::search::query::GeoPoint {
    const COLUMN_TYPE: DefinedColumnType = DefinedColumnType::String;
    fn to_value(&self) -> Result<Value, Mismatch> {
        if (-90.0..=90.0).contains(&self.lat) && (-180.0..=180.0).contains(&self.lon) {
            Ok(Value::String(self.to_text()))
        } else {
            Err(Mismatch::new(
                "a latitude in -90..=90 and a longitude in -180..=180",
                format!("{},{}", self.lat, self.lon),
            ))
        }
    }
    fn from_value(value: Value) -> Result<Self, Mismatch> {
        let expected = "STRING \"lat,lon\"";
        match value {
            Value::String(s) => {
                Self::from_text(&s).ok_or_else(|| Mismatch::new(expected, format!("STRING {s:?}")))
            }
            other => Err(Mismatch::new(expected, describe(&other))),
        }
    }
}

/// Timestamps are stored as INTEGER milliseconds since the Unix epoch (feature `chrono`).
#[cfg(feature = "chrono")]
impl ColumnValue for chrono::DateTime<chrono::Utc> {
    const COLUMN_TYPE: DefinedColumnType = DefinedColumnType::Integer;
    fn to_value(&self) -> Result<Value, Mismatch> {
        Ok(Value::Integer(self.timestamp_millis()))
    }
    fn from_value(value: Value) -> Result<Self, Mismatch> {
        match value {
            Value::Integer(ms) => chrono::DateTime::from_timestamp_millis(ms).ok_or_else(|| {
                Mismatch::new(
                    "INTEGER milliseconds within chrono's range",
                    format!("INTEGER {ms}"),
                )
            }),
            other => Err(Mismatch::new("INTEGER milliseconds", describe(&other))),
        }
    }
}

/// Timestamps are stored as INTEGER milliseconds since the Unix epoch (feature `time`);
/// sub-millisecond precision is dropped and the offset is normalised to UTC on read.
#[cfg(feature = "time")]
impl ColumnValue for time::OffsetDateTime {
    const COLUMN_TYPE: DefinedColumnType = DefinedColumnType::Integer;
    fn to_value(&self) -> Result<Value, Mismatch> {
        i64::try_from(self.unix_timestamp_nanos().div_euclid(1_000_000))
            .map(Value::Integer)
            .map_err(|_| Mismatch::new("a time fitting INTEGER milliseconds", self.to_string()))
    }
    fn from_value(value: Value) -> Result<Self, Mismatch> {
        match value {
            Value::Integer(ms) => time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
                .map_err(|_| {
                    Mismatch::new(
                        "INTEGER milliseconds within time's range",
                        format!("INTEGER {ms}"),
                    )
                }),
            other => Err(Mismatch::new("INTEGER milliseconds", describe(&other))),
        }
    }
}

/// A Rust type stored in a primary key column.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a Tablestore primary key column",
    label = "unsupported primary key type",
    note = "primary keys are integers, String or Vec<u8>"
)]
pub trait KeyValue: Sized {
    /// The key column type.
    const KEY_TYPE: PrimaryKeyType;
    /// Converts to a key value.
    ///
    /// # Errors
    /// When the value cannot be represented.
    fn to_key_value(&self) -> Result<PrimaryKeyValue, Mismatch>;
    /// Converts from a key value.
    ///
    /// # Errors
    /// When the value has another type or does not fit.
    fn from_key_value(value: PrimaryKeyValue) -> Result<Self, Mismatch>;
}

fn describe_key(v: &PrimaryKeyValue) -> String {
    match v {
        PrimaryKeyValue::Integer(i) => format!("INTEGER {i}"),
        other => other.type_name().to_owned(),
    }
}

macro_rules! integer_key {
    ($($t:ty),*) => {$(
        impl KeyValue for $t {
            const KEY_TYPE: PrimaryKeyType = PrimaryKeyType::Integer;
            fn to_key_value(&self) -> Result<PrimaryKeyValue, Mismatch> {
                i64::try_from(*self)
                    .map(PrimaryKeyValue::Integer)
                    .map_err(|_| Mismatch::new("a value fitting INTEGER (i64)", format!("{} {}", stringify!($t), self)))
            }
            fn from_key_value(value: PrimaryKeyValue) -> Result<Self, Mismatch> {
                match value {
                    PrimaryKeyValue::Integer(i) => <$t>::try_from(i)
                        .map_err(|_| Mismatch::new(concat!("INTEGER fitting ", stringify!($t)), format!("INTEGER {i}"))),
                    other => Err(Mismatch::new("INTEGER", describe_key(&other))),
                }
            }
        }
    )*};
}
integer_key!(i8, i16, i32, i64, u8, u16, u32, u64, isize, usize);

impl KeyValue for String {
    const KEY_TYPE: PrimaryKeyType = PrimaryKeyType::String;
    fn to_key_value(&self) -> Result<PrimaryKeyValue, Mismatch> {
        Ok(PrimaryKeyValue::String(self.clone()))
    }
    fn from_key_value(value: PrimaryKeyValue) -> Result<Self, Mismatch> {
        match value {
            PrimaryKeyValue::String(s) => Ok(s),
            other => Err(Mismatch::new("STRING", describe_key(&other))),
        }
    }
}

impl KeyValue for Vec<u8> {
    const KEY_TYPE: PrimaryKeyType = PrimaryKeyType::Binary;
    fn to_key_value(&self) -> Result<PrimaryKeyValue, Mismatch> {
        Ok(PrimaryKeyValue::Binary(self.clone()))
    }
    fn from_key_value(value: PrimaryKeyValue) -> Result<Self, Mismatch> {
        match value {
            PrimaryKeyValue::Binary(b) => Ok(b),
            other => Err(Mismatch::new("BINARY", describe_key(&other))),
        }
    }
}

/// A value that can be compared with a column of type `V` in a filter: `V` itself, and `&str`
/// for string columns, `&[u8]` for binary ones.
#[diagnostic::on_unimplemented(
    message = "a `{Self}` cannot be compared with a column holding `{V}`",
    label = "expected a value of the column's type `{V}`"
)]
pub trait ColumnArg<V> {
    /// The value as the column's type.
    fn into_column_value(self) -> V;
}

impl<V: ColumnValue> ColumnArg<V> for V {
    fn into_column_value(self) -> V {
        self
    }
}

impl ColumnArg<String> for &str {
    fn into_column_value(self) -> String {
        self.to_owned()
    }
}

impl ColumnArg<String> for &String {
    fn into_column_value(self) -> String {
        self.clone()
    }
}

impl ColumnArg<Vec<u8>> for &[u8] {
    fn into_column_value(self) -> Vec<u8> {
        self.to_vec()
    }
}

/// The value type of a JSON field's column handle (`#[ots(json)]`): the handle can be named in
/// a projection, but a JSON column cannot be compared in a filter.
pub struct Json<V>(std::marker::PhantomData<fn() -> V>);

impl<V> std::fmt::Debug for Json<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Json")
    }
}

/// A field type that can hold a created-at or updated-at time: `i64` milliseconds since the
/// Unix epoch, `chrono::DateTime<Utc>` (feature `chrono`), `time::OffsetDateTime` (feature
/// `time`). All are stored as INTEGER milliseconds.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a created/updated time",
    label = "not a timestamp type",
    note = "use i64 milliseconds, chrono::DateTime<Utc> (feature `chrono`) or time::OffsetDateTime (feature `time`)"
)]
pub trait Timestamp: Sized {
    /// The time `millis` milliseconds after the epoch, when the type can hold it.
    fn from_millis(millis: i64) -> Option<Self>;
}

impl Timestamp for i64 {
    fn from_millis(millis: i64) -> Option<Self> {
        Some(millis)
    }
}

#[cfg(feature = "chrono")]
impl Timestamp for chrono::DateTime<chrono::Utc> {
    fn from_millis(millis: i64) -> Option<Self> {
        chrono::DateTime::from_timestamp_millis(millis)
    }
}

#[cfg(feature = "time")]
impl Timestamp for time::OffsetDateTime {
    fn from_millis(millis: i64) -> Option<Self> {
        time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000).ok()
    }
}

/// A value that can stand for a primary key column of type `K` in a key or a key prefix: `K`
/// itself, and `&str` for string columns, `&[u8]` for binary ones. Unsuffixed integer literals
/// take the column's integer type.
#[diagnostic::on_unimplemented(
    message = "a `{Self}` cannot stand for a primary key column holding `{K}`",
    label = "expected a value of the key column's type `{K}`"
)]
pub trait KeyArg<K> {
    /// The value as the key column's type.
    fn into_key_value(self) -> K;
}

impl<K: KeyValue> KeyArg<K> for K {
    fn into_key_value(self) -> K {
        self
    }
}

impl KeyArg<String> for &str {
    fn into_key_value(self) -> String {
        self.to_owned()
    }
}

impl KeyArg<String> for &String {
    fn into_key_value(self) -> String {
        self.clone()
    }
}

impl KeyArg<Vec<u8>> for &[u8] {
    fn into_key_value(self) -> Vec<u8> {
        self.to_vec()
    }
}

/// A field's conversions as plain function pointers. The derive creates one constant per field,
/// so an unsupported type is reported once, at the field, and nowhere else.
#[doc(hidden)]
#[derive(Debug)]
pub struct ColumnFns<T> {
    /// The type declared for defined columns.
    pub column_type: DefinedColumnType,
    /// Field to value.
    pub to: fn(&T) -> Result<Value, Mismatch>,
    /// Value to field.
    pub from: fn(Value) -> Result<T, Mismatch>,
}

/// The conversions of a typed column (a function, so that a missing impl is reported with
/// [`ColumnValue`]'s own explanation).
#[doc(hidden)]
pub const fn column_fns<T: ColumnValue>() -> ColumnFns<T> {
    ColumnFns {
        column_type: T::COLUMN_TYPE,
        to: T::to_value,
        from: T::from_value,
    }
}

/// The conversions of a JSON column.
#[doc(hidden)]
pub const fn json_fns<T: serde::Serialize + serde::de::DeserializeOwned>() -> ColumnFns<T> {
    ColumnFns {
        column_type: DefinedColumnType::String,
        to: json_to_value::<T>,
        from: json_from_value::<T>,
    }
}

/// A key field's conversions as plain function pointers (see [`ColumnFns`]).
#[doc(hidden)]
#[derive(Debug)]
pub struct KeyFns<T> {
    /// The key column type.
    pub key_type: PrimaryKeyType,
    /// Field to key value.
    pub to: fn(&T) -> Result<PrimaryKeyValue, Mismatch>,
    /// Key value to field.
    pub from: fn(PrimaryKeyValue) -> Result<T, Mismatch>,
}

/// The conversions of a key column.
#[doc(hidden)]
pub const fn key_fns<T: KeyValue>() -> KeyFns<T> {
    KeyFns {
        key_type: T::KEY_TYPE,
        to: T::to_key_value,
        from: T::from_key_value,
    }
}

/// Stores any serde type as a JSON string (`#[ots(json)]`).
///
/// # Errors
/// When serialization fails.
pub(crate) fn json_to_value<T: serde::Serialize>(v: &T) -> Result<Value, Mismatch> {
    serde_json::to_string(v)
        .map(Value::String)
        .map_err(|e| Mismatch::new("a JSON-serializable value", e.to_string()))
}

/// Reads a JSON string column into any serde type (`#[ots(json)]`).
///
/// # Errors
/// When the column is not a string or does not parse as `T`.
pub(crate) fn json_from_value<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, Mismatch> {
    match v {
        Value::String(s) => serde_json::from_str(&s)
            .map_err(|e| Mismatch::new("JSON for the field's type", format!("{s:?} ({e})"))),
        other => Err(Mismatch::new("STRING holding JSON", describe(&other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_range_checked() {
        assert_eq!(i32::from_value(Value::Integer(7)), Ok(7));
        let e = i8::from_value(Value::Integer(300)).unwrap_err();
        assert_eq!(e.expected, "INTEGER fitting i8");
        assert_eq!(e.found, "INTEGER 300");
        assert!(u64::MAX.to_value().is_err());
        assert!(u32::from_value(Value::Integer(-1)).is_err());
        assert_eq!(
            String::from_value(Value::Integer(1)).unwrap_err().found,
            "INTEGER 1"
        );
        assert_eq!(u16::from_key_value(PrimaryKeyValue::Integer(65_535)), Ok(65_535));
        assert!(u16::from_key_value(PrimaryKeyValue::String("x".into())).is_err());
    }

    #[test]
    fn json_round_trip() {
        let v = json_to_value(&vec![1, 2, 3]).unwrap();
        assert_eq!(v, Value::String("[1,2,3]".into()));
        assert_eq!(json_from_value::<Vec<i32>>(v).unwrap(), vec![1, 2, 3]);
        assert!(json_from_value::<Vec<i32>>(Value::String("{".into())).is_err());
    }

    #[test]
    fn geo_points_are_lat_lon_text() {
        use ots_core::ops::search::query::GeoPoint;
        let p = GeoPoint::new(30.25, -120.5);
        assert_eq!(p.to_value(), Ok(Value::String("30.25,-120.5".into())));
        assert_eq!(GeoPoint::from_value(Value::String("30.25, -120.5".into())), Ok(p));
        assert!(GeoPoint::new(91.0, 0.0).to_value().is_err());
        assert!(GeoPoint::from_value(Value::String("north".into())).is_err());
        assert!(GeoPoint::from_value(Value::Integer(1)).is_err());
    }
}
