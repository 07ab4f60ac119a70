//! The repository's operations, declared once: [`repository_api!`] turns one list of
//! signatures into the inherent methods of [`Repo`] and the object-safe [`Repository`] trait,
//! so the two cannot drift apart.
//!
//! Each entry names the private method of `Repo` that does the work (`=> do_get`). An argument
//! marked `#[into]` is `impl Into<Arg>` on the inherent method (a key struct or anything that
//! converts into it, `&Query` or `Query`, a token or `None`); unmarked arguments are taken as
//! they are, so references coerce (`&Vec<T>` to `&[T]`) and literals infer (`2` as a `u32`).
//! The trait method takes `Arg` itself and returns a boxed future or stream.

use super::page::{Page, PageToken};
use super::query::{KeyRange, Query};
use super::repo::Repo;
use super::schema::SchemaReport;
use super::search::{Search, SearchPage, SearchToken};
use super::table::{IntegerColumn, OtsTable, TypedCondition};
use futures_core::Stream;
use ots_core::Result;
use std::future::Future;
use std::pin::Pin;

/// A boxed, sendable future (what [`Repository`] methods return).
pub type BoxFuture<'a, R> = Pin<Box<dyn Future<Output = R> + Send + 'a>>;
/// A boxed, sendable stream.
pub type BoxStream<'a, R> = Pin<Box<dyn Stream<Item = R> + Send + 'a>>;

/// An inherent method's parameter type: `impl Into<Arg>` when marked `#[into]`.
macro_rules! repo_param {
    (#[into] $ty:ty) => { impl Into<$ty> };
    ($ty:ty) => { $ty };
}

/// An inherent method's argument as the trait takes it.
macro_rules! repo_arg {
    (#[into] $arg:ident) => {
        $arg.into()
    };
    ($arg:ident) => {
        $arg
    };
}

macro_rules! repository_api {
    ($(
        $(#[$doc:meta])*
        $kind:ident fn $name:ident<$lt:lifetime>(&self $(, $arg:ident: $(#[$into:ident])? $ty:ty)*) -> $ret:ty
            => $body:ident;
    )*) => {
        /// Object-safe typed table access, for holding a repository as `Arc<dyn Repository<T>>`
        /// (for instance in web handlers, where tests swap in a fake). It has every operation of
        /// [`Repo`], which implements it; the methods are documented on [`Repo`].
        pub trait Repository<T: OtsTable>: Send + Sync {
            $( repository_api!(@trait $kind [$(#[$doc])*] $name $lt ($($arg: $ty),*) $ret); )*
        }

        impl<T: OtsTable> Repo<T> {
            $(
                repository_api!(@inherent $kind [$(#[$doc])*] $name $lt
                    ($($arg: [$(#[$into])?] $ty),*) $ret => $body);
            )*
        }

        impl<T: OtsTable> Repository<T> for Repo<T> {
            $( repository_api!(@impl $kind $name $lt ($($arg: $ty),*) $ret => $body); )*
        }
    };

    (@trait future [$($doc:tt)*] $name:ident $lt:lifetime ($($arg:ident: $ty:ty),*) $ret:ty) => {
        $($doc)*
        fn $name<$lt>(&$lt self $(, $arg: $ty)*) -> BoxFuture<$lt, $ret>;
    };
    (@trait stream [$($doc:tt)*] $name:ident $lt:lifetime ($($arg:ident: $ty:ty),*) $ret:ty) => {
        $($doc)*
        fn $name<$lt>(&$lt self $(, $arg: $ty)*) -> BoxStream<'static, $ret>;
    };

    (@inherent future [$($doc:tt)*] $name:ident $lt:lifetime
        ($($arg:ident: [$($m:tt)*] $ty:ty),*) $ret:ty => $body:ident) => {
        $($doc)*
        pub async fn $name<$lt>(&$lt self $(, $arg: repo_param!($($m)* $ty))*) -> $ret {
            self.$body($(repo_arg!($($m)* $arg)),*).await
        }
    };
    (@inherent stream [$($doc:tt)*] $name:ident $lt:lifetime
        ($($arg:ident: [$($m:tt)*] $ty:ty),*) $ret:ty => $body:ident) => {
        $($doc)*
        pub fn $name<$lt>(&$lt self $(, $arg: repo_param!($($m)* $ty))*)
            -> impl Stream<Item = $ret> + Send + 'static {
            self.$body($(repo_arg!($($m)* $arg)),*)
        }
    };

    (@impl future $name:ident $lt:lifetime ($($arg:ident: $ty:ty),*) $ret:ty => $body:ident) => {
        fn $name<$lt>(&$lt self $(, $arg: $ty)*) -> BoxFuture<$lt, $ret> {
            Box::pin(self.$body($($arg),*))
        }
    };
    (@impl stream $name:ident $lt:lifetime ($($arg:ident: $ty:ty),*) $ret:ty => $body:ident) => {
        fn $name<$lt>(&$lt self $(, $arg: $ty)*) -> BoxStream<'static, $ret> {
            Box::pin(self.$body($($arg),*))
        }
    };
}

repository_api! {
    /// Creates the table from the model's schema, with its secondary indexes.
    ///
    /// # Errors
    /// `is_already_exists()` when it exists; other service errors.
    future fn create_table<'a>(&self) -> Result<()> => do_create_table;

    /// Creates the table if absent (with its secondary indexes); otherwise updates options that
    /// differ, adds missing defined columns, creates missing secondary indexes with the rows
    /// already in the table (on the service an index created this way is built in the
    /// background and refuses reads until it is), and reports differences it cannot fix.
    ///
    /// # Errors
    /// Service and transport errors.
    future fn sync_schema<'a>(&self) -> Result<SchemaReport> => do_sync_schema;

    /// Reads one row.
    ///
    /// # Errors
    /// Mapping errors (a column of the wrong type, naming the row), service and transport errors.
    future fn get<'a>(&self, key: #[into] T::Key) -> Result<Option<T>> => do_get;

    /// Reads one row with a projection and a filter (a row failing it reads as `None`).
    ///
    /// # Errors
    /// As [`Repo::get`]; a construction error for a filter value no column can hold.
    future fn get_with<'a>(&self, key: #[into] T::Key, query: #[into] Query<T>) -> Result<Option<T>> => do_get_with;

    /// Reads many rows in one or more batch calls; results are in the order of `keys` (a key
    /// given twice is read once and answered twice).
    ///
    /// # Errors
    /// The first row error, mapping errors, service and transport errors.
    future fn get_many<'a>(&self, keys: #[into] Vec<T::Key>) -> Result<Vec<Option<T>>> => do_get_many;

    /// [`Repo::get_many`] with a projection and a filter (rows failing it read as `None`).
    ///
    /// # Errors
    /// As [`Repo::get_many`].
    future fn get_many_with<'a>(&self, keys: #[into] Vec<T::Key>, query: #[into] Query<T>) -> Result<Vec<Option<T>>>
        => do_get_many_with;

    /// Inserts a new row; fails when one with the same key exists. An auto-increment key must
    /// be 0 (unassigned): the service assigns it and it is written back into `model`. A version
    /// field starts at 1; created-at and updated-at fields are set.
    ///
    /// # Errors
    /// `is_condition_failed()` when the row exists; a construction error when the model's
    /// auto-increment key is already assigned (it was inserted: save it with `put`); mapping,
    /// service and transport errors.
    future fn insert<'a>(&self, model: &'a mut T) -> Result<()> => do_insert;

    /// Writes the whole row, replacing what is stored. With a version field the write is
    /// conditioned on the stored version being the model's (a model at version 0 must not exist
    /// yet) and the model's version is bumped on success; an updated-at field is set (and
    /// created-at, for a model at version 0).
    ///
    /// # Errors
    /// `is_stale()` when the stored version moved on (or, at version 0, the row exists);
    /// `is_row_missing()` when a model at version 1 or more has no row; a construction error
    /// when the model's auto-increment key is not assigned yet (insert it first); mapping,
    /// service and transport errors.
    future fn put<'a>(&self, model: &'a mut T) -> Result<()> => do_put;

    /// [`Repo::put`] with a condition of the caller's own, checked atomically with the version.
    /// Its row existence, if not `ignore`, must agree with the model's version.
    ///
    /// # Errors
    /// As [`Repo::put`]; `is_condition_failed()` when `condition` does not hold (the row is
    /// read after a failure to tell this apart from a stale version or a missing row).
    future fn put_if<'a>(&self, model: &'a mut T, condition: TypedCondition<T>) -> Result<()> => do_put_if;

    /// Applies a patch to an existing row. A version field is bumped atomically, an updated-at
    /// field set.
    ///
    /// # Errors
    /// `is_row_missing()` when the row does not exist; mapping, service, transport errors.
    future fn update<'a>(&self, key: #[into] T::Key, patch: T::Patch) -> Result<()> => do_update;

    /// [`Repo::update`] with a condition. The row must exist in any case: `expect_not_exist`
    /// is refused before anything is sent.
    ///
    /// # Errors
    /// As [`Repo::update`]; `is_condition_failed()` when `condition` does not hold.
    future fn update_if<'a>(&self, key: #[into] T::Key, patch: T::Patch, condition: TypedCondition<T>) -> Result<()>
        => do_update_if;

    /// Applies a patch only if the stored version is `expected_version`; returns the new version.
    ///
    /// # Errors
    /// `is_stale()` when the version moved on; `is_row_missing()` when the row is gone; a
    /// construction error for a model without a version field; mapping, service and transport
    /// errors.
    future fn update_versioned<'a>(&self, key: #[into] T::Key, expected_version: i64, patch: T::Patch) -> Result<i64>
        => do_update_versioned;

    /// Deletes a row (absent rows are fine).
    ///
    /// # Errors
    /// Mapping, service and transport errors.
    future fn delete<'a>(&self, key: #[into] T::Key) -> Result<()> => do_delete;

    /// Deletes a row if `condition` holds (`ignore` or `expect_exist`; the service refuses
    /// `expect_not_exist` on a delete, and so does this, before sending anything).
    ///
    /// # Errors
    /// `is_row_missing()` when `expect_exist` finds no row; `is_condition_failed()` when the
    /// filter does not hold; mapping, service and transport errors.
    future fn delete_if<'a>(&self, key: #[into] T::Key, condition: TypedCondition<T>) -> Result<()> => do_delete_if;

    /// Atomically adds `delta` to an integer column of an existing row and returns the new
    /// value (an absent column counts as 0); `column` is one of the model's integer column
    /// handles (`User::columns().logins`). The new value must fit the field's type: a `u32`
    /// field cannot go below 0 or above `u32::MAX`. A version field is bumped and an
    /// updated-at field set, so a `put` of a copy read before the increment is stale rather
    /// than silently undoing it.
    ///
    /// # Errors
    /// `is_row_missing()` when the row does not exist (see [`Repo::increment_or_create`]);
    /// `is_condition_failed()` when the new value would leave the field's range; service and
    /// transport errors.
    future fn increment<'a>(&self, key: #[into] T::Key, column: #[into] IntegerColumn<T>, delta: i64) -> Result<i64>
        => do_increment;

    /// [`Repo::increment`] that creates the row when it is absent, holding only the key and
    /// the counter: use it for models whose other fields are optional or have defaults, or the
    /// row cannot be read back as the model.
    ///
    /// # Errors
    /// As [`Repo::increment`], without the missing row.
    future fn increment_or_create<'a>(&self, key: #[into] T::Key, column: #[into] IntegerColumn<T>, delta: i64) -> Result<i64>
        => do_increment_or_create;

    /// Writes many models as [`Repo::put`] does (version checks and bumps, timestamps) in
    /// chunked batch calls; one outcome per model, in order. A model whose write failed keeps
    /// its version.
    ///
    /// # Errors
    /// Whole-call failures, and a construction error for a model [`Repo::put`] refuses before
    /// anything is sent; per-row failures (`is_stale()`, ...) are in the returned list.
    future fn batch_put<'a>(&self, models: &'a mut [T]) -> Result<Vec<Result<()>>> => do_batch_put;

    /// One page of a key range for an API: at most `size` models (at least 1) and, when more
    /// follow, a token that resumes after them. Pass the same range and query with the token
    /// (`Some(token)`, or `None` for the first page); the listing stays inside the range (the
    /// range's own limit is replaced by the page size).
    ///
    /// # Errors
    /// A construction error for a token of another range or not made by this library; mapping,
    /// service and transport errors.
    future fn page<'a>(&self, range: KeyRange<T>, query: #[into] Query<T>, size: u32, after: #[into] Option<PageToken>)
        -> Result<Page<T>> => do_page;

    /// Streams the rows of a key range as models, page by page.
    stream fn range<'a>(&self, range: KeyRange<T>) -> Result<T> => do_range;

    /// [`Repo::range`] with a projection and a server-side filter.
    stream fn range_with<'a>(&self, range: KeyRange<T>, query: Query<T>) -> Result<T> => do_range_with;

    /// Streams every match of a search as models, in the search's sort order, page by page
    /// (aggregations are left out: read them with [`Repo::search_page`]). A query converts
    /// into a search: `repo.search(f.name.matches("tea"))`.
    ///
    /// Errors are items of the stream: a construction error for a value no field can hold or
    /// a field the chosen index lacks (before anything is sent); mapping, service and
    /// transport errors.
    stream fn search<'a>(&self, search: #[into] Search<T>) -> Result<T> => do_search;

    /// One page of a search for an API: at most `size` models (1 to 100), their scores, the
    /// total number of matches, the aggregations and group-bys (first page only), and a token
    /// for the next page when more follow. Pass the same search with the token (`Some(token)`,
    /// or `None` for the first page).
    ///
    /// # Errors
    /// As [`Repo::search`]; a construction error for a token not made by a search;
    /// `is_invalid_parameter()` for a token of another query.
    future fn search_page<'a>(&self, search: #[into] Search<T>, size: u32, after: #[into] Option<SearchToken>)
        -> Result<SearchPage<T>> => do_search_page;

    /// Every match of a search's query, in no particular order, read in parallel from the
    /// index's splits: for exports and batch jobs over many rows. The scan finds the keys, and
    /// the rows are read back from the table a batch at a time (a row deleted in between is
    /// skipped).
    ///
    /// It reads 10 splits at once, and a session lives 5 minutes between two pages of a split.
    ///
    /// Errors are items of the stream, and the first one ends it (the rows whose keys were
    /// found before it are yielded first): a construction error for a search with sorts,
    /// aggregations or group-bys; as [`Repo::search`]; `OTSSessionExpired` when the consumer
    /// is slower than the session lives.
    stream fn scan<'a>(&self, search: #[into] Search<T>) -> Result<T> => do_scan;
}
