//! `Repo<T>`: typed table access over the client.

use super::page::{cut_page, Page, PageToken};
use super::query::{KeyRange, KeySpace, Query};
use super::scope::{InTransaction, Scope};
use super::table::OtsTable;
use futures_core::Stream;
use futures_util::{StreamExt, TryStreamExt};
use ots_core::model::{Filter, PrimaryKey, Row};
use ots_core::ops::batch::{BatchGetRowRequest, TableBatchGet};
use ots_core::ops::range::GetRangeRequest;
use ots_core::ops::row::GetRowRequest;
use ots_core::Client;
use ots_core::{Error, Result};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Typed access to the table of model `T`.
#[derive(Debug)]
pub struct Repo<T> {
    client: Client,
    /// The local transaction this repository works in (the `Tx` of `Repo::transaction`).
    scope: Option<Arc<Scope>>,
    _model: PhantomData<fn() -> T>,
}

impl<T> Clone for Repo<T> {
    fn clone(&self) -> Self {
        self.rescoped()
    }
}

impl<T> Repo<T> {
    /// This repository's client and transaction, for model `U`.
    pub(super) fn rescoped<U>(&self) -> Repo<U> {
        Repo {
            client: self.client.clone(),
            scope: self.scope.clone(),
            _model: PhantomData,
        }
    }

    /// A repository whose operations belong to the transaction `scope`.
    pub(super) fn scoped(&self, scope: Scope) -> Self {
        Self {
            client: self.client.clone(),
            scope: Some(Arc::new(scope)),
            _model: PhantomData,
        }
    }

    /// The transaction this repository works in, if any.
    pub(super) fn scope(&self) -> Option<&Scope> {
        self.scope.as_deref()
    }
}

pub(super) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A stored row as a model; a mapping error names the row.
pub(super) fn model_of<T: OtsTable>(row: Row) -> Result<T> {
    let key = row.primary_key.clone();
    T::from_row(row).map_err(|e| e.with_primary_key(key))
}

pub(super) fn and(a: Option<Filter>, b: Option<Filter>) -> Option<Filter> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.and(b)),
        (a, b) => a.or(b),
    }
}

/// The rows of `pks`, one answer per key in order, read with the batch `batch` makes of the
/// distinct keys (in one or more BatchGetRow calls).
///
/// # Errors
/// The first row error; service and transport errors.
pub(super) async fn read_rows(
    client: &Client,
    pks: Vec<PrimaryKey>,
    batch: impl FnOnce(Vec<PrimaryKey>) -> Result<TableBatchGet>,
) -> Result<Vec<Option<Row>>> {
    // The service refuses a key twice in one batch: ask for each key once, answer each slot.
    let mut unique: Vec<PrimaryKey> = Vec::new();
    let mut index: HashMap<PrimaryKey, usize> = HashMap::new();
    let slots: Vec<usize> = pks
        .into_iter()
        .map(|pk| {
            *index.entry(pk.clone()).or_insert_with(|| {
                unique.push(pk);
                unique.len() - 1
            })
        })
        .collect();
    if unique.is_empty() {
        return Ok(Vec::new());
    }
    let out = client
        .batch_get_row(BatchGetRowRequest::new().table(batch(unique)?))
        .await?;
    let table = out
        .tables
        .into_iter()
        .next()
        .ok_or_else(|| Error::response("the batch read returned no table"))?;
    let mut rows: Vec<Option<Row>> = table.rows.into_iter().collect::<Result<_>>()?;
    // Move each row into its last slot; only keys asked for more than once are copied.
    let mut last_use = vec![0usize; rows.len()];
    for (pos, &i) in slots.iter().enumerate() {
        if let Some(l) = last_use.get_mut(i) {
            *l = pos;
        }
    }
    Ok(slots
        .iter()
        .enumerate()
        .map(|(pos, &i)| match rows.get_mut(i) {
            Some(r) if last_use[i] == pos => r.take(),
            Some(r) => r.clone(),
            None => None,
        })
        .collect())
}

impl<T: OtsTable> Repo<T> {
    /// A repository over `client`.
    pub fn new(client: Client) -> Self {
        Self {
            client,
            scope: None,
            _model: PhantomData,
        }
    }

    /// The underlying client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// `req` on the row `pk`: as it is, or, in a transaction, carrying its id once `pk` is
    /// checked to lie in its partition.
    pub(super) fn in_scope<R: InTransaction>(&self, req: R, pk: &PrimaryKey) -> Result<R> {
        match self.scope() {
            Some(scope) => scope.apply(T::TABLE, req, pk),
            None => Ok(req),
        }
    }

    pub(super) async fn do_get(&self, key: T::Key) -> Result<Option<T>> {
        self.do_get_with(key, Query::new()).await
    }

    pub(super) async fn do_get_with(&self, key: T::Key, query: Query<T>) -> Result<Option<T>> {
        let pk = T::primary_key_of(&key)?;
        let mut req = self
            .in_scope(GetRowRequest::new(T::TABLE, pk.clone()), &pk)?
            .columns(query.columns_to_get());
        if let Some(f) = &query.filter {
            req = req.filter(f.clone().into_filter()?);
        }
        self.client.get_row(req).await?.row.map(model_of).transpose()
    }

    pub(super) async fn do_get_many(&self, keys: Vec<T::Key>) -> Result<Vec<Option<T>>> {
        self.do_get_many_with(keys, Query::new()).await
    }

    pub(super) async fn do_get_many_with(
        &self,
        keys: Vec<T::Key>,
        query: Query<T>,
    ) -> Result<Vec<Option<T>>> {
        let pks = keys
            .into_iter()
            .map(|k| T::primary_key_of(&k))
            .collect::<Result<Vec<_>>>()?;
        read_rows(&self.client, pks, |unique| query.batch_get(unique))
            .await?
            .into_iter()
            .map(|row| row.map(model_of).transpose())
            .collect()
    }

    pub(super) fn do_range(&self, range: KeyRange<T>) -> impl Stream<Item = Result<T>> + Send + 'static {
        self.do_range_with(range, Query::new())
    }

    pub(super) fn do_range_with(
        &self,
        range: KeyRange<T>,
        query: Query<T>,
    ) -> impl Stream<Item = Result<T>> + Send + 'static {
        match self.range_request(&range, query) {
            Ok(Some(req)) => self.range_stream(range, req).left_stream(),
            // A range with nothing between its bounds (`between(k, k)`) holds no row.
            Ok(None) => futures_util::stream::empty().right_stream().right_stream(),
            Err(e) => futures_util::stream::once(std::future::ready(Err(e)))
                .left_stream()
                .right_stream(),
        }
    }

    /// The GetRange request for a key range: the range's own, in the repository's transaction,
    /// with the query's projection and filter.
    fn range_request(&self, range: &KeyRange<T>, query: Query<T>) -> Result<Option<GetRangeRequest>> {
        let Some(req) = range.request()? else {
            return Ok(None);
        };
        let start = req.start.clone();
        let mut req = self.in_scope(req, &start)?.columns(query.columns_to_get());
        if let Some(f) = query.filter {
            req = req.filter(f.into_filter()?);
        }
        Ok(Some(req))
    }

    fn range_stream(
        &self,
        range: KeyRange<T>,
        req: GetRangeRequest,
    ) -> impl Stream<Item = Result<T>> + Send + 'static {
        range.rows(&self.client, req).map(|r| r.and_then(model_of))
    }

    pub(super) async fn do_page(
        &self,
        range: KeyRange<T>,
        query: Query<T>,
        size: u32,
        after: Option<PageToken>,
    ) -> Result<Page<T>> {
        let size = size.max(1);
        let range = match after {
            Some(token) => range.resume_after(token.table_key_values::<T>()?)?,
            None => range,
        };
        let items: Vec<T> = self
            .do_range_with(range.limit(size.saturating_add(1)), query)
            .try_collect()
            .await?;
        let (items, next) = cut_page::<T, T>(items, size, |last| T::key_values(&last.key()))?;
        Ok(Page { items, next })
    }
}
