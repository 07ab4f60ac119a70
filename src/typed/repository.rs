//! The repository's operations, declared once: [`repository_api!`] turns one list of
//! signatures into the inherent methods of [`Repo`] and the object-safe [`Repository`] trait,
//! so the two cannot drift apart.
//!
//! Each entry names the private method of `Repo` that does the work (`=> do_get`). The inherent
//! method of a `future` entry takes `impl Into<Arg>` for each argument (a key struct or anything
//! converting into it, `&Query` or `Query`, ...); `future_exact` and `stream` entries take their
//! arguments as they are (so `&Vec<T>` still coerces to `&[T]` and `&mut Box<T>` to `&mut T`).
//! The trait method takes `Arg` itself and returns a boxed future or stream.

use super::query::{KeyRange, Query};
use super::repo::{Repo, SchemaReport};
use super::table::{IntegerColumn, OtsTable, TypedCondition};
use futures_core::Stream;
use ots_core::Result;
use std::future::Future;
use std::pin::Pin;

/// A boxed, sendable future (what [`Repository`] methods return).
pub type BoxFuture<'a, R> = Pin<Box<dyn Future<Output = R> + Send + 'a>>;
/// A boxed, sendable stream.
pub type BoxStream<'a, R> = Pin<Box<dyn Stream<Item = R> + Send + 'a>>;

macro_rules! repository_api {
    ($(
        $(#[$doc:meta])*
        $kind:ident fn $name:ident<$lt:lifetime>(&self $(, $arg:ident: $ty:ty)*) -> $ret:ty => $body:ident;
    )*) => {
        /// Object-safe typed table access, for holding a repository as `Arc<dyn Repository<T>>`
        /// (for instance in web handlers, where tests swap in a fake). It has every operation of
        /// [`Repo`], which implements it; the methods are documented on [`Repo`].
        pub trait Repository<T: OtsTable>: Send + Sync {
            $( repository_api!(@trait $kind [$(#[$doc])*] $name $lt ($($arg: $ty),*) $ret); )*
        }

        impl<T: OtsTable> Repo<T> {
            $( repository_api!(@inherent $kind [$(#[$doc])*] $name $lt ($($arg: $ty),*) $ret => $body); )*
        }

        impl<T: OtsTable> Repository<T> for Repo<T> {
            $( repository_api!(@impl $kind $name $lt ($($arg: $ty),*) $ret => $body); )*
        }
    };

    (@trait future [$($doc:tt)*] $name:ident $lt:lifetime ($($arg:ident: $ty:ty),*) $ret:ty) => {
        $($doc)*
        fn $name<$lt>(&$lt self $(, $arg: $ty)*) -> BoxFuture<$lt, $ret>;
    };
    (@trait future_exact [$($doc:tt)*] $name:ident $lt:lifetime ($($arg:ident: $ty:ty),*) $ret:ty) => {
        repository_api!(@trait future [$($doc)*] $name $lt ($($arg: $ty),*) $ret);
    };
    (@trait stream [$($doc:tt)*] $name:ident $lt:lifetime ($($arg:ident: $ty:ty),*) $ret:ty) => {
        $($doc)*
        fn $name<$lt>(&$lt self $(, $arg: $ty)*) -> BoxStream<'static, $ret>;
    };

    (@inherent future [$($doc:tt)*] $name:ident $lt:lifetime ($($arg:ident: $ty:ty),*) $ret:ty => $body:ident) => {
        $($doc)*
        pub async fn $name<$lt>(&$lt self $(, $arg: impl Into<$ty>)*) -> $ret {
            self.$body($($arg.into()),*).await
        }
    };
    (@inherent future_exact [$($doc:tt)*] $name:ident $lt:lifetime ($($arg:ident: $ty:ty),*) $ret:ty => $body:ident) => {
        $($doc)*
        pub async fn $name<$lt>(&$lt self $(, $arg: $ty)*) -> $ret {
            self.$body($($arg),*).await
        }
    };
    (@inherent stream [$($doc:tt)*] $name:ident $lt:lifetime ($($arg:ident: $ty:ty),*) $ret:ty => $body:ident) => {
        $($doc)*
        pub fn $name<$lt>(&$lt self $(, $arg: $ty)*) -> impl Stream<Item = $ret> + Send + 'static {
            self.$body($($arg),*)
        }
    };

    (@impl future $name:ident $lt:lifetime ($($arg:ident: $ty:ty),*) $ret:ty => $body:ident) => {
        fn $name<$lt>(&$lt self $(, $arg: $ty)*) -> BoxFuture<$lt, $ret> {
            Box::pin(self.$body($($arg),*))
        }
    };
    (@impl future_exact $name:ident $lt:lifetime ($($arg:ident: $ty:ty),*) $ret:ty => $body:ident) => {
        repository_api!(@impl future $name $lt ($($arg: $ty),*) $ret => $body);
    };
    (@impl stream $name:ident $lt:lifetime ($($arg:ident: $ty:ty),*) $ret:ty => $body:ident) => {
        fn $name<$lt>(&$lt self $(, $arg: $ty)*) -> BoxStream<'static, $ret> {
            Box::pin(self.$body($($arg),*))
        }
    };
}

repository_api! {
    /// Creates the table from the model's schema.
    ///
    /// # Errors
    /// `is_already_exists()` when it exists; other service errors.
    future fn create_table<'a>(&self) -> Result<()> => do_create_table;

    /// Creates the table if absent; otherwise updates options that differ, adds missing defined
    /// columns, and reports differences it cannot fix.
    ///
    /// # Errors
    /// Service and transport errors.
    future fn sync_schema<'a>(&self) -> Result<SchemaReport> => do_sync_schema;

    /// Reads one row.
    ///
    /// # Errors
    /// Mapping errors (a column of the wrong type, naming the row), service and transport errors.
    future fn get<'a>(&self, key: T::Key) -> Result<Option<T>> => do_get;

    /// Reads one row with a projection and a filter (a row failing it reads as `None`).
    ///
    /// # Errors
    /// As [`Repo::get`].
    future fn get_with<'a>(&self, key: T::Key, query: Query<T>) -> Result<Option<T>> => do_get_with;

    /// Reads many rows in one or more batch calls; results are in the order of `keys` (a key
    /// given twice is read once and answered twice).
    ///
    /// # Errors
    /// The first row error, mapping errors, service and transport errors.
    future fn get_many<'a>(&self, keys: Vec<T::Key>) -> Result<Vec<Option<T>>> => do_get_many;

    /// [`Repo::get_many`] with a projection and a filter (rows failing it read as `None`).
    ///
    /// # Errors
    /// As [`Repo::get_many`].
    future fn get_many_with<'a>(&self, keys: Vec<T::Key>, query: Query<T>) -> Result<Vec<Option<T>>>
        => do_get_many_with;

    /// Inserts a new row; fails when one with the same key exists. An auto-increment key gets
    /// its value from the service and is written back into `model`; a version field starts at 1.
    ///
    /// # Errors
    /// `is_condition_failed()` when the row exists; mapping, service and transport errors.
    future_exact fn insert<'a>(&self, model: &'a mut T) -> Result<()> => do_insert;

    /// Writes the whole row, replacing what is stored. With a version field the write is
    /// conditioned on the stored version being the model's (a model at version 0 must not exist
    /// yet) and the model's version is bumped on success.
    ///
    /// # Errors
    /// `is_stale()` when the stored version moved on; mapping, service and transport errors.
    future_exact fn put<'a>(&self, model: &'a mut T) -> Result<()> => do_put;

    /// [`Repo::put`] with an extra condition, checked atomically with the version.
    ///
    /// # Errors
    /// As [`Repo::put`]; `is_condition_failed()` when `condition` does not hold.
    future_exact fn put_if<'a>(&self, model: &'a mut T, condition: TypedCondition<T>) -> Result<()> => do_put_if;

    /// Applies a patch to an existing row. A version field is bumped atomically, an updated-at
    /// field set.
    ///
    /// # Errors
    /// `is_condition_failed()` when the row does not exist; mapping, service, transport errors.
    future fn update<'a>(&self, key: T::Key, patch: T::Patch) -> Result<()> => do_update;

    /// [`Repo::update`] with a condition (the row must exist in any case).
    ///
    /// # Errors
    /// As [`Repo::update`]; `is_condition_failed()` when `condition` does not hold.
    future fn update_if<'a>(&self, key: T::Key, patch: T::Patch, condition: TypedCondition<T>) -> Result<()>
        => do_update_if;

    /// Applies a patch only if the stored version is `expected_version`; returns the new version.
    ///
    /// # Errors
    /// `is_stale()` when the version moved on (or the row is gone); a construction error for a
    /// model without a version field; mapping, service and transport errors.
    future fn update_versioned<'a>(&self, key: T::Key, expected_version: i64, patch: T::Patch) -> Result<i64>
        => do_update_versioned;

    /// Deletes a row (absent rows are fine).
    ///
    /// # Errors
    /// Mapping, service and transport errors.
    future fn delete<'a>(&self, key: T::Key) -> Result<()> => do_delete;

    /// Deletes a row if `condition` holds.
    ///
    /// # Errors
    /// `is_condition_failed()` when it does not; mapping, service and transport errors.
    future fn delete_if<'a>(&self, key: T::Key, condition: TypedCondition<T>) -> Result<()> => do_delete_if;

    /// Atomically adds `delta` to an integer column (absent counts as 0) and returns the new
    /// value; `column` is one of the model's integer column handles (`User::columns().logins`).
    /// The row is created if absent. The version column, if any, is left alone: counters do not
    /// make concurrent edits of the other fields stale.
    ///
    /// # Errors
    /// Service errors (the column holds a non-integer), transport errors.
    future fn increment<'a>(&self, key: T::Key, column: IntegerColumn<T>, delta: i64) -> Result<i64>
        => do_increment;

    /// Writes many models (whole-row puts, no conditions) in chunked batch calls; one outcome
    /// per model, in order.
    ///
    /// # Errors
    /// Whole-call failures; per-row failures are in the returned list.
    future_exact fn batch_put<'a>(&self, models: &'a [T]) -> Result<Vec<Result<()>>> => do_batch_put;

    /// Streams the rows of a key range as models, page by page.
    stream fn range<'a>(&self, range: KeyRange<T>) -> Result<T> => do_range;

    /// [`Repo::range`] with a projection and a server-side filter.
    stream fn range_with<'a>(&self, range: KeyRange<T>, query: Query<T>) -> Result<T> => do_range_with;
}
