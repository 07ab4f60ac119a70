//! `Repository<T>`: the object-safe face of [`Repo`], for `Arc<dyn Repository<T>>`.

use super::query::{KeyRange, Query};
use super::repo::Repo;
use super::table::{OtsTable, TypedCondition};
use crate::error::Result;
use futures_core::Stream;
use std::future::Future;
use std::pin::Pin;

/// A boxed, sendable future (what [`Repository`] methods return).
pub type BoxFuture<'a, R> = Pin<Box<dyn Future<Output = R> + Send + 'a>>;
/// A boxed, sendable stream.
pub type BoxStream<'a, R> = Pin<Box<dyn Stream<Item = R> + Send + 'a>>;

/// Object-safe typed table access, for holding a repository as `Arc<dyn Repository<T>>` (for
/// instance in web handlers, where tests can swap the implementation).
pub trait Repository<T: OtsTable>: Send + Sync {
    /// See [`Repo::get`].
    fn get(&self, key: T::Key) -> BoxFuture<'_, Result<Option<T>>>;
    /// See [`Repo::insert`].
    fn insert<'a>(&'a self, model: &'a mut T) -> BoxFuture<'a, Result<()>>;
    /// See [`Repo::put`].
    fn put<'a>(&'a self, model: &'a mut T) -> BoxFuture<'a, Result<()>>;
    /// See [`Repo::update`].
    fn update(&self, key: T::Key, patch: T::Patch) -> BoxFuture<'_, Result<()>>;
    /// See [`Repo::update_versioned`].
    fn update_versioned(
        &self,
        key: T::Key,
        expected_version: i64,
        patch: T::Patch,
    ) -> BoxFuture<'_, Result<i64>>;
    /// See [`Repo::delete`].
    fn delete(&self, key: T::Key) -> BoxFuture<'_, Result<()>>;
    /// See [`Repo::range`].
    fn range(&self, range: KeyRange<T>) -> BoxStream<'static, Result<T>>;
    /// See [`Repo::get_with`].
    fn get_with<'a>(&'a self, key: T::Key, query: &'a Query<T>) -> BoxFuture<'a, Result<Option<T>>>;
    /// See [`Repo::get_many_with`].
    fn get_many<'a>(
        &'a self,
        keys: Vec<T::Key>,
        query: &'a Query<T>,
    ) -> BoxFuture<'a, Result<Vec<Option<T>>>>;
    /// See [`Repo::put_if`].
    fn put_if<'a>(&'a self, model: &'a mut T, condition: TypedCondition<T>) -> BoxFuture<'a, Result<()>>;
    /// See [`Repo::update_if`].
    fn update_if(
        &self,
        key: T::Key,
        patch: T::Patch,
        condition: TypedCondition<T>,
    ) -> BoxFuture<'_, Result<()>>;
    /// See [`Repo::delete_if`].
    fn delete_if(&self, key: T::Key, condition: TypedCondition<T>) -> BoxFuture<'_, Result<()>>;
    /// See [`Repo::range_with`].
    fn range_with(&self, range: KeyRange<T>, query: Query<T>) -> BoxStream<'static, Result<T>>;
    /// See [`Repo::batch_put`].
    fn batch_put<'a>(&'a self, models: &'a [T]) -> BoxFuture<'a, Result<Vec<Result<()>>>>;
}

impl<T: OtsTable> Repository<T> for Repo<T> {
    fn get(&self, key: T::Key) -> BoxFuture<'_, Result<Option<T>>> {
        Box::pin(Repo::get(self, key))
    }
    fn insert<'a>(&'a self, model: &'a mut T) -> BoxFuture<'a, Result<()>> {
        Box::pin(Repo::insert(self, model))
    }
    fn put<'a>(&'a self, model: &'a mut T) -> BoxFuture<'a, Result<()>> {
        Box::pin(Repo::put(self, model))
    }
    fn update(&self, key: T::Key, patch: T::Patch) -> BoxFuture<'_, Result<()>> {
        Box::pin(Repo::update(self, key, patch))
    }
    fn update_versioned(
        &self,
        key: T::Key,
        expected_version: i64,
        patch: T::Patch,
    ) -> BoxFuture<'_, Result<i64>> {
        Box::pin(Repo::update_versioned(self, key, expected_version, patch))
    }
    fn delete(&self, key: T::Key) -> BoxFuture<'_, Result<()>> {
        Box::pin(Repo::delete(self, key))
    }
    fn range(&self, range: KeyRange<T>) -> BoxStream<'static, Result<T>> {
        Box::pin(Repo::range(self, range))
    }
    fn get_with<'a>(&'a self, key: T::Key, query: &'a Query<T>) -> BoxFuture<'a, Result<Option<T>>> {
        Box::pin(Repo::get_with(self, key, query))
    }
    fn get_many<'a>(
        &'a self,
        keys: Vec<T::Key>,
        query: &'a Query<T>,
    ) -> BoxFuture<'a, Result<Vec<Option<T>>>> {
        Box::pin(Repo::get_many_with(self, keys, query))
    }
    fn put_if<'a>(&'a self, model: &'a mut T, condition: TypedCondition<T>) -> BoxFuture<'a, Result<()>> {
        Box::pin(Repo::put_if(self, model, condition))
    }
    fn update_if(
        &self,
        key: T::Key,
        patch: T::Patch,
        condition: TypedCondition<T>,
    ) -> BoxFuture<'_, Result<()>> {
        Box::pin(Repo::update_if(self, key, patch, condition))
    }
    fn delete_if(&self, key: T::Key, condition: TypedCondition<T>) -> BoxFuture<'_, Result<()>> {
        Box::pin(Repo::delete_if(self, key, condition))
    }
    fn range_with(&self, range: KeyRange<T>, query: Query<T>) -> BoxStream<'static, Result<T>> {
        Box::pin(Repo::range_with(self, range, query))
    }
    fn batch_put<'a>(&'a self, models: &'a [T]) -> BoxFuture<'a, Result<Vec<Result<()>>>> {
        Box::pin(Repo::batch_put(self, models))
    }
}
