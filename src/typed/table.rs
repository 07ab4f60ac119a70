//! The `OtsTable` trait that `#[derive(OtsTable)]` implements, typed column handles, typed
//! filters and partial updates.

use super::convert::{ColumnArg, ColumnValue, IntegerValue};
use ots_core::model::{Column, ColumnUpdate, Condition, Filter, PrimaryKey, Row, RowExistence};
use ots_core::ops::table::CreateTableRequest;
use ots_core::Result;
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
pub struct TypedFilter<T> {
    filter: Filter,
    _model: PhantomData<fn() -> T>,
}

impl<T> TypedFilter<T> {
    /// Wraps an untyped filter (the caller vouches that it names `T`'s columns).
    pub fn from_untyped(filter: Filter) -> Self {
        Self {
            filter,
            _model: PhantomData,
        }
    }

    /// The untyped filter.
    pub fn into_filter(self) -> Filter {
        self.filter
    }

    /// `self && other`
    #[must_use]
    pub fn and(self, other: TypedFilter<T>) -> Self {
        Self::from_untyped(self.filter.and(other.filter))
    }

    /// `self || other`
    #[must_use]
    pub fn or(self, other: TypedFilter<T>) -> Self {
        Self::from_untyped(self.filter.or(other.filter))
    }

    /// `!self`
    #[must_use]
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Self {
        Self::from_untyped(self.filter.not())
    }

    /// Rows lacking the column fail instead of passing (column comparisons only).
    #[must_use]
    pub fn fail_if_missing(self) -> Self {
        Self::from_untyped(self.filter.pass_if_missing(false))
    }

    /// Rows lacking the column pass (the default).
    #[must_use]
    pub fn pass_if_missing(self) -> Self {
        Self::from_untyped(self.filter.pass_if_missing(true))
    }

    /// Any stored version may match, not only the newest.
    #[must_use]
    pub fn any_version(self) -> Self {
        Self::from_untyped(self.filter.latest_version_only(false))
    }

    /// Only the newest version is compared (the default).
    #[must_use]
    pub fn latest_version_only(self) -> Self {
        Self::from_untyped(self.filter.latest_version_only(true))
    }
}

/// A typed write condition on model `T`: row existence plus an optional typed filter.
pub struct TypedCondition<T> {
    condition: Condition,
    _model: PhantomData<fn() -> T>,
}

impl<T> TypedCondition<T> {
    /// A condition from its parts.
    pub fn new(existence: RowExistence, filter: Option<TypedFilter<T>>) -> Self {
        Self {
            condition: Condition {
                row_existence: existence,
                column_condition: filter.map(TypedFilter::into_filter),
            },
            _model: PhantomData,
        }
    }

    /// The untyped condition.
    pub fn into_condition(self) -> Condition {
        self.condition
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
        // A value that cannot be stored (a u64 above i64::MAX) can never equal a stored one;
        // comparing with the largest storable integer keeps the ordering comparisons right.
        let value = value
            .to_value()
            .unwrap_or(ots_core::model::Value::Integer(i64::MAX));
        TypedFilter::from_untyped(Filter::compare(self.name, comparator, value))
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
/// integer column converts into one (`User::columns().logins.into()`, or pass the handle
/// itself to `Repo::increment`); handles on other types do not.
pub struct IntegerColumn<T> {
    name: &'static str,
    _model: PhantomData<fn() -> T>,
}

impl<T> IntegerColumn<T> {
    /// The column name as stored.
    pub fn name(&self) -> &'static str {
        self.name
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
        f.debug_tuple("IntegerColumn").field(&self.name).finish()
    }
}

impl<T, V: IntegerValue> From<Col<T, V>> for IntegerColumn<T> {
    fn from(col: Col<T, V>) -> Self {
        Self {
            name: col.name,
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

/// `Clone` and `Debug` without requiring them of the model type.
macro_rules! model_marker_impls {
    ($ty:ident, $field:ident) => {
        impl<T> Clone for $ty<T> {
            fn clone(&self) -> Self {
                Self {
                    $field: self.$field.clone(),
                    _model: PhantomData,
                }
            }
        }
        impl<T> std::fmt::Debug for $ty<T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(stringify!($ty)).field(&self.$field).finish()
            }
        }
        impl<T> PartialEq for $ty<T> {
            fn eq(&self, other: &Self) -> bool {
                self.$field == other.$field
            }
        }
    };
}
model_marker_impls!(TypedFilter, filter);
model_marker_impls!(TypedCondition, condition);
