//! The `OtsTable` trait that `#[derive(OtsTable)]` implements, typed column handles, typed
//! filters and partial updates.

use super::convert::{ColumnArg, ColumnValue, IntegerValue};
use ots_core::model::{Column, ColumnUpdate, Condition, Filter, PrimaryKey, Row, RowExistence};
use ots_core::ops::table::CreateTableRequest;
use ots_core::{Error, Result};
use std::marker::PhantomData;

/// A struct mapped to a table. Implement it with `#[derive(OtsTable)]`.
pub trait OtsTable: Sized + Send + Sync + 'static {
    /// The primary key as a struct (`UserKey`).
    type Key: Clone + Send + Sync + 'static;
    /// Typed handles on the attribute columns (`User::columns().age`).
    type Columns: 'static;
    /// A partial update (`UserPatch`).
    type Patch: Default + Send + 'static;

    /// The table name.
    const TABLE: &'static str;
    /// The optimistic-locking version column, if any.
    const VERSION_COLUMN: Option<&'static str> = None;
    /// The column holding the creation time in milliseconds, if any.
    const CREATED_AT_COLUMN: Option<&'static str> = None;
    /// The column holding the last update time in milliseconds, if any.
    const UPDATED_AT_COLUMN: Option<&'static str> = None;

    /// The table's schema and options, as a create-table request.
    fn create_table_request() -> CreateTableRequest;
    /// The typed column handles.
    fn columns() -> Self::Columns;
    /// This row's key.
    fn key(&self) -> Self::Key;
    /// A key as a wire primary key; the auto-increment column of a new row becomes the
    /// placeholder.
    ///
    /// # Errors
    /// A mapping error when a key value cannot be represented.
    fn primary_key_of(key: &Self::Key) -> Result<PrimaryKey>;
    /// The primary key of a row about to be inserted: like [`OtsTable::primary_key_of`], with the
    /// auto-increment column (if any) left for the service to assign.
    ///
    /// # Errors
    /// A mapping error when a key value cannot be represented.
    fn insert_primary_key(&self) -> Result<PrimaryKey> {
        Self::primary_key_of(&self.key())
    }
    /// Reads a key back from a wire primary key.
    ///
    /// # Errors
    /// A mapping error naming the column when a value is missing or has another type.
    fn key_from_primary_key(pk: &PrimaryKey) -> Result<Self::Key>;
    /// Sets the key fields (after the service assigned an auto-increment value).
    fn set_key(&mut self, key: Self::Key);
    /// The attribute columns of this row (absent `Option`s are left out).
    ///
    /// # Errors
    /// A mapping error naming the column when a value cannot be represented.
    fn to_columns(&self) -> Result<Vec<Column>>;
    /// Builds a value from a stored row.
    ///
    /// # Errors
    /// A mapping error naming the table, the column, the expected and the found type.
    fn from_row(row: Row) -> Result<Self>;
    /// The changes a patch makes.
    ///
    /// # Errors
    /// A mapping error when a value cannot be represented.
    fn patch_updates(patch: Self::Patch) -> Result<Vec<ColumnUpdate>>;
    /// The increments a patch makes: column, amount and the range the field's type holds, so
    /// the repository keeps the stored value readable.
    #[doc(hidden)]
    fn patch_increments(_patch: &Self::Patch) -> Vec<(&'static str, i64, std::ops::RangeInclusive<i64>)> {
        Vec::new()
    }
    /// The stored version (optimistic locking), when the model has a version column.
    fn version(&self) -> Option<i64> {
        None
    }
    /// Sets the version field.
    fn set_version(&mut self, _version: i64) {}
    /// Sets the created-at field (milliseconds).
    fn set_created_at(&mut self, _millis: i64) {}
    /// Sets the updated-at field (milliseconds).
    fn set_updated_at(&mut self, _millis: i64) {}
}

/// A filter over the columns of model `T`; filters of another model do not fit.
///
/// A comparison with a value no column can hold (a `u64` above `i64::MAX`) is kept as an
/// error: [`TypedFilter::into_filter`] returns it, and the repository refuses the read or
/// write before sending anything.
pub struct TypedFilter<T> {
    filter: Filter,
    invalid: Option<String>,
    _model: PhantomData<fn() -> T>,
}

impl<T> TypedFilter<T> {
    /// Wraps an untyped filter (the caller vouches that it names `T`'s columns).
    pub fn from_untyped(filter: Filter) -> Self {
        Self {
            filter,
            invalid: None,
            _model: PhantomData,
        }
    }

    /// A filter that cannot be sent, and why.
    fn invalid(column: &str, why: String) -> Self {
        Self {
            filter: Filter::exists(column),
            invalid: Some(format!("filter on column {column:?}: {why}")),
            _model: PhantomData,
        }
    }

    /// The untyped filter.
    ///
    /// # Errors
    /// A construction error when a comparison's value cannot be stored in a column (a `u64`
    /// above `i64::MAX`): no stored value could be compared with it.
    pub fn into_filter(self) -> Result<Filter> {
        match self.invalid {
            Some(why) => Err(Error::construction(why)),
            None => Ok(self.filter),
        }
    }

    fn map(self, f: impl FnOnce(Filter) -> Filter) -> Self {
        Self {
            filter: f(self.filter),
            invalid: self.invalid,
            _model: PhantomData,
        }
    }

    fn combine(self, other: TypedFilter<T>, f: impl FnOnce(Filter, Filter) -> Filter) -> Self {
        Self {
            filter: f(self.filter, other.filter),
            invalid: self.invalid.or(other.invalid),
            _model: PhantomData,
        }
    }

    /// `self && other`
    #[must_use]
    pub fn and(self, other: TypedFilter<T>) -> Self {
        self.combine(other, Filter::and)
    }

    /// `self || other`
    #[must_use]
    pub fn or(self, other: TypedFilter<T>) -> Self {
        self.combine(other, Filter::or)
    }

    /// `!self`
    #[must_use]
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Self {
        self.map(Filter::not)
    }

    /// Rows lacking the column fail instead of passing (column comparisons only).
    #[must_use]
    pub fn fail_if_missing(self) -> Self {
        self.map(|f| f.pass_if_missing(false))
    }

    /// Rows lacking the column pass (the default).
    #[must_use]
    pub fn pass_if_missing(self) -> Self {
        self.map(|f| f.pass_if_missing(true))
    }

    /// Any stored version may match, not only the newest.
    #[must_use]
    pub fn any_version(self) -> Self {
        self.map(|f| f.latest_version_only(false))
    }

    /// Only the newest version is compared (the default).
    #[must_use]
    pub fn latest_version_only(self) -> Self {
        self.map(|f| f.latest_version_only(true))
    }
}

/// A typed write condition on model `T`: row existence plus an optional typed filter.
pub struct TypedCondition<T> {
    existence: RowExistence,
    filter: Option<TypedFilter<T>>,
}

impl<T> TypedCondition<T> {
    /// A condition from its parts.
    pub fn new(existence: RowExistence, filter: Option<TypedFilter<T>>) -> Self {
        Self { existence, filter }
    }

    /// The row-existence expectation.
    pub fn existence(&self) -> &RowExistence {
        &self.existence
    }

    pub(crate) fn has_filter(&self) -> bool {
        self.filter.is_some()
    }

    /// The untyped condition.
    ///
    /// # Errors
    /// As [`TypedFilter::into_filter`].
    pub fn into_condition(self) -> Result<Condition> {
        Ok(Condition {
            row_existence: self.existence,
            column_condition: self.filter.map(TypedFilter::into_filter).transpose()?,
        })
    }
}

/// A typed handle on one attribute column of model `T` holding values of type `V`.
pub struct Col<T, V> {
    name: &'static str,
    _types: PhantomData<fn() -> (T, V)>,
}

impl<T, V> Clone for Col<T, V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T, V> Copy for Col<T, V> {}

impl<T, V> std::fmt::Debug for Col<T, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Col").field(&self.name).finish()
    }
}

impl<T, V> Col<T, V> {
    /// A handle on column `name` (used by the derive).
    #[doc(hidden)]
    pub const fn new(name: &'static str) -> Self {
        Self {
            name,
            _types: PhantomData,
        }
    }

    /// The column name as stored.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

impl<T, V: ColumnValue> Col<T, V> {
    fn compare(&self, comparator: ots_core::model::Comparator, value: V) -> TypedFilter<T> {
        match value.to_value() {
            Ok(value) => TypedFilter::from_untyped(Filter::compare(self.name, comparator, value)),
            Err(m) => TypedFilter::invalid(
                self.name,
                format!(
                    "the value cannot be stored in a column: expected {}, found {}",
                    m.expected, m.found
                ),
            ),
        }
    }

    /// `column == value`
    pub fn eq(&self, value: impl ColumnArg<V>) -> TypedFilter<T> {
        self.compare(ots_core::model::Comparator::Equal, value.into_column_value())
    }
    /// `column != value`
    pub fn ne(&self, value: impl ColumnArg<V>) -> TypedFilter<T> {
        self.compare(ots_core::model::Comparator::NotEqual, value.into_column_value())
    }
    /// `column > value`
    pub fn gt(&self, value: impl ColumnArg<V>) -> TypedFilter<T> {
        self.compare(
            ots_core::model::Comparator::GreaterThan,
            value.into_column_value(),
        )
    }
    /// `column >= value`
    pub fn ge(&self, value: impl ColumnArg<V>) -> TypedFilter<T> {
        self.compare(
            ots_core::model::Comparator::GreaterEqual,
            value.into_column_value(),
        )
    }
    /// `column < value`
    pub fn lt(&self, value: impl ColumnArg<V>) -> TypedFilter<T> {
        self.compare(ots_core::model::Comparator::LessThan, value.into_column_value())
    }
    /// `column <= value`
    pub fn le(&self, value: impl ColumnArg<V>) -> TypedFilter<T> {
        self.compare(ots_core::model::Comparator::LessEqual, value.into_column_value())
    }
    /// The column is present.
    pub fn exists(&self) -> TypedFilter<T> {
        TypedFilter::from_untyped(Filter::exists(self.name))
    }
    /// The column is absent.
    pub fn missing(&self) -> TypedFilter<T> {
        TypedFilter::from_untyped(Filter::not_exists(self.name))
    }
}

/// An integer column of model `T`: what [`crate::Repo::increment`] adds to. Every handle on an
/// integer column converts into one (pass `User::columns().logins` itself to `increment`);
/// handles on other types do not, so an increment of a text column does not compile. It knows
/// the range of the field's type, so an increment that would leave it is refused.
pub struct IntegerColumn<T> {
    name: &'static str,
    min: i64,
    max: i64,
    _model: PhantomData<fn() -> T>,
}

impl<T> IntegerColumn<T> {
    /// The column name as stored.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The range the field's type holds (`0..=255` for a `u8`).
    pub fn range(&self) -> std::ops::RangeInclusive<i64> {
        self.min..=self.max
    }
}

impl<T> Clone for IntegerColumn<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for IntegerColumn<T> {}

impl<T> std::fmt::Debug for IntegerColumn<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntegerColumn")
            .field("name", &self.name)
            .field("range", &self.range())
            .finish()
    }
}

impl<T, V: IntegerValue> From<Col<T, V>> for IntegerColumn<T> {
    fn from(col: Col<T, V>) -> Self {
        Self {
            name: col.name,
            min: V::MIN,
            max: V::MAX,
            _model: PhantomData,
        }
    }
}

/// One field's part of a partial update (in the spirit of SeaORM's `ActiveValue`).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub enum Patch<V> {
    /// Leave the column as it is (the default).
    #[default]
    Unchanged,
    /// Write this value.
    Set(V),
    /// Delete the column (every version).
    Delete,
    /// Add to an integer column (absent counts as 0).
    Increment(i64),
}

// `Clone`, `Debug` and `PartialEq` without requiring them of the model type.

impl<T> Clone for TypedFilter<T> {
    fn clone(&self) -> Self {
        Self {
            filter: self.filter.clone(),
            invalid: self.invalid.clone(),
            _model: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for TypedFilter<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut t = f.debug_tuple("TypedFilter");
        t.field(&self.filter);
        if let Some(why) = &self.invalid {
            t.field(why);
        }
        t.finish()
    }
}

impl<T> PartialEq for TypedFilter<T> {
    fn eq(&self, other: &Self) -> bool {
        self.filter == other.filter && self.invalid == other.invalid
    }
}

impl<T> Clone for TypedCondition<T> {
    fn clone(&self) -> Self {
        Self {
            existence: self.existence,
            filter: self.filter.clone(),
        }
    }
}

impl<T> std::fmt::Debug for TypedCondition<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedCondition")
            .field("existence", &self.existence)
            .field("filter", &self.filter)
            .finish()
    }
}

impl<T> PartialEq for TypedCondition<T> {
    fn eq(&self, other: &Self) -> bool {
        self.existence == other.existence && self.filter == other.filter
    }
}
