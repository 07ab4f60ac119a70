//! Local transactions as a closure: [`Repo::transaction`] starts one on a partition key, hands
//! the closure a [`Tx`] whose operations belong to it, commits when the closure returns `Ok`
//! and aborts on `Err`, on a panic and when the future is dropped.

use super::page::{Page, PageToken};
use super::query::{KeyPrefix, KeyRange, Query};
use super::repo::Repo;
use super::scope::Scope;
use super::table::{IntegerColumn, OtsTable, TypedCondition};
use futures_core::Stream;
use futures_util::future::{BoxFuture, Shared};
use futures_util::{FutureExt, StreamExt};
use ots_core::model::{PrimaryKey, PrimaryKeyColumn, PrimaryKeyValue};
use ots_core::ops::transaction::StartLocalTransactionRequest;
use ots_core::{Client, Error, Result};
use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;
use tracing::Instrument;

/// The partition key's value of model `T`: the value alone (`"shop-1"`, `42`) or a one-value
/// tuple (`("shop-1",)`). Implemented by `#[derive(OtsTable)]`; a longer prefix or a whole key
/// does not compile, since a transaction holds a whole partition.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the partition key of `{T}`",
    label = "expected the value of the first primary key column of `{T}`",
    note = "a local transaction covers one partition: pass the partition key's value (`\"shop-1\"`, `42`) or a one-value tuple"
)]
pub trait PartitionKey<T>: KeyPrefix<T> {}

/// How [`Repo::transaction_with`] starts its transaction.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct TransactionOptions {
    lock_retries: u32,
    base_delay: Duration,
}

impl TransactionOptions {
    /// Start once; a partition held by another transaction fails with `is_row_locked()`.
    pub fn new() -> Self {
        Self::default()
    }

    /// When another transaction holds the partition, try again up to `retries` times, waiting
    /// 50 ms, then twice as long each time (at most 5 s, with jitter). The closure only runs once
    /// the lock is held, so it runs once at most.
    #[must_use]
    pub fn retry_on_lock(mut self, retries: u32) -> Self {
        self.lock_retries = retries;
        if self.base_delay.is_zero() {
            self.base_delay = Duration::from_millis(50);
        }
        self
    }

    /// The first wait of [`TransactionOptions::retry_on_lock`] (50 ms by default, at least
    /// 1 ms).
    #[must_use]
    pub fn retry_delay(mut self, first: Duration) -> Self {
        self.base_delay = first.max(Duration::from_millis(1));
        self
    }

    fn delay(&self, attempt: u32) -> Duration {
        ots_core::retry::backoff(self.base_delay, attempt, Duration::from_secs(5))
    }
}

/// Where a transaction stands, for the guard that ends it when its future is dropped.
enum Stage {
    /// The start runs in a task of its own, so that its answer is still read (and the
    /// transaction it may have opened aborted) when the future is dropped meanwhile.
    Starting(tokio::task::JoinHandle<Result<String>>),
    /// Open: abort this id.
    Open(String),
    /// Committed, aborted or never started.
    Done,
}

/// Aborts the transaction if the future running it is dropped before it ends.
struct AbortOnDrop {
    client: Client,
    /// The partition's key in [`DROPPED`].
    slot: String,
    stage: Stage,
}

impl AbortOnDrop {
    /// Waits for the start; the transaction's id.
    async fn started(&mut self) -> Result<String> {
        let Stage::Starting(start) = &mut self.stage else {
            return Err(Error::response("the transaction was already started"));
        };
        let answer = match start.await {
            Ok(answer) => answer,
            Err(e) => Err(Error::response(format!(
                "the transaction's start did not finish: {e}"
            ))),
        };
        self.stage = match &answer {
            Ok(id) => Stage::Open(id.clone()),
            Err(_) => Stage::Done,
        };
        answer
    }

    fn disarm(&mut self) {
        self.stage = Stage::Done;
    }
}

/// Aborts of dropped transactions still under way, by partition (endpoint, instance, table
/// and value): a transaction on the same partition waits for them, so that a request retried
/// right after a timeout does not find its own earlier transaction still holding the lock.
static DROPPED: LazyLock<Mutex<HashMap<String, Shared<BoxFuture<'static, ()>>>>> =
    LazyLock::new(Mutex::default);

fn dropped() -> std::sync::MutexGuard<'static, HashMap<String, Shared<BoxFuture<'static, ()>>>> {
    DROPPED.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Forgets the entry of `slot` once its abort is over (a later drop may have replaced it).
fn forget_finished(slot: &str) {
    let mut map = dropped();
    if map.get(slot).is_some_and(|f| f.peek().is_some()) {
        map.remove(slot);
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        let id: BoxFuture<'static, Option<String>> = match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Done => return,
            Stage::Open(id) => Box::pin(std::future::ready(Some(id))),
            Stage::Starting(start) => Box::pin(async move { start.await.ok().and_then(Result::ok) }),
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::warn!(
                "a transaction was dropped outside a tokio runtime: it stays locked until it expires"
            );
            return;
        };
        let client = self.client.clone();
        let abort: BoxFuture<'static, ()> = Box::pin(async move {
            let Some(id) = id.await else { return };
            if let Err(e) = client.abort_transaction(&id).await {
                tracing::warn!(transaction = %id, error = %e, "abort of a dropped transaction failed");
            }
        });
        let abort = abort.shared();
        let slot = self.slot.clone();
        dropped().insert(slot.clone(), abort.clone());
        runtime.spawn(async move {
            abort.await;
            forget_finished(&slot);
        });
    }
}

/// Waits (up to 10 s) for the abort of a dropped transaction on `slot`, if one is under way.
async fn dropped_abort(slot: &str) {
    let pending = dropped().get(slot).cloned();
    if let Some(abort) = pending {
        let _ = tokio::time::timeout(Duration::from_secs(10), abort).await;
        forget_finished(slot);
    }
}

/// Starts a transaction, waiting for the partition as `options` allow.
async fn start(
    client: Client,
    table: &'static str,
    key: PrimaryKey,
    options: TransactionOptions,
) -> Result<String> {
    let mut attempt = 0;
    loop {
        let req = StartLocalTransactionRequest::new(table, key.clone());
        match client.start_local_transaction(req).await {
            Ok(out) => return Ok(out.transaction_id),
            Err(e) if e.is_row_locked() && attempt < options.lock_retries => {
                let delay = options.delay(attempt);
                tracing::debug!(
                    attempt,
                    delay_ms = delay.as_millis() as u64,
                    "partition locked; waiting"
                );
                tokio::time::sleep(delay).await;
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    }
}

impl<T: OtsTable> Repo<T> {
    /// Runs `f` in a local transaction on the rows of partition `partition` (the value of the
    /// first primary key column) and commits it when `f` returns `Ok`.
    ///
    /// `f` gets a [`Tx`]: the repository's operations inside the transaction. Its writes are
    /// seen by its own reads and by nobody else until the commit, which applies them all at
    /// once. While it runs, the partition is locked: other transactions cannot start on it and
    /// writes outside the transaction fail with `is_row_locked()`; reads outside go on and see
    /// the data as it was. When `f` returns `Err`, panics, or the future is dropped (a timeout,
    /// a cancelled request), the transaction is aborted: nothing is written and the partition
    /// is free again. The service ends a transaction after 60 s; a commit after that fails with
    /// `is_transaction_gone()`.
    ///
    /// Not in the object-safe [`Repository`](super::Repository) trait (a generic closure cannot
    /// be); call it on the `Repo`.
    ///
    /// ```no_run
    /// # use ots::{OtsTable, Repo};
    /// # #[derive(OtsTable, Debug, Clone)]
    /// # #[ots(table = "accounts")]
    /// # struct Account { #[ots(pk)] bank: String, #[ots(pk)] id: String, balance: i64 }
    /// # async fn run(accounts: Repo<Account>) -> ots::Result<()> {
    /// // Move 10 between two accounts of one bank, all or nothing.
    /// accounts
    ///     .transaction("bank-1", |tx| async move {
    ///         let mut from = tx.get(("bank-1", "alice")).await?.ok_or_else(|| ots::Error::construction("no alice"))?;
    ///         let mut to = tx.get(("bank-1", "bob")).await?.ok_or_else(|| ots::Error::construction("no bob"))?;
    ///         from.balance -= 10;
    ///         to.balance += 10;
    ///         tx.put(&mut from).await?;
    ///         tx.put(&mut to).await
    ///     })
    ///     .await
    /// # }
    /// ```
    ///
    /// # Errors
    /// What `f` returns; `is_row_locked()` when another transaction holds the partition (see
    /// [`Repo::transaction_with`] to wait for it); `is_transaction_gone()` when the transaction
    /// expired before the commit; a construction error for an operation of `f` outside the
    /// partition; service and transport errors of the start and the commit.
    pub async fn transaction<P, F, Fut, R, E>(&self, partition: P, f: F) -> std::result::Result<R, E>
    where
        P: PartitionKey<T>,
        F: FnOnce(Tx<T>) -> Fut,
        Fut: Future<Output = std::result::Result<R, E>>,
        E: From<Error>,
    {
        self.transaction_with(partition, TransactionOptions::new(), f)
            .await
    }

    /// [`Repo::transaction`] with options: `TransactionOptions::new().retry_on_lock(5)` waits,
    /// with backoff, for a partition another transaction holds.
    ///
    /// # Errors
    /// As [`Repo::transaction`].
    pub async fn transaction_with<P, F, Fut, R, E>(
        &self,
        partition: P,
        options: TransactionOptions,
        f: F,
    ) -> std::result::Result<R, E>
    where
        P: PartitionKey<T>,
        F: FnOnce(Tx<T>) -> Fut,
        Fut: Future<Output = std::result::Result<R, E>>,
        E: From<Error>,
    {
        let value = partition_value::<T>(partition)?;
        let span = tracing::debug_span!("ots.transaction", table = T::TABLE, partition = ?value, id = tracing::field::Empty);
        async move {
            let slot = format!(
                "{}/{}/{}/{value:?}",
                self.client().endpoint(),
                self.client().instance(),
                T::TABLE
            );
            dropped_abort(&slot).await;
            let runtime = tokio::runtime::Handle::try_current()
                .map_err(|_| Error::construction("Repo::transaction runs on a tokio runtime"))?;
            let key = self.partition_key(&value)?;
            let mut guard = AbortOnDrop {
                client: self.client().clone(),
                slot,
                stage: Stage::Starting(runtime.spawn(start(
                    self.client().clone(),
                    T::TABLE,
                    key.clone(),
                    options,
                ))),
            };
            let id = guard.started().await?;
            tracing::Span::current().record("id", id.as_str());
            let tx = Tx {
                repo: self.scoped(Scope::new(id.clone(), key)),
            };
            let outcome = AssertUnwindSafe(f(tx)).catch_unwind().await;
            // The guard stays armed until the commit or abort is answered: dropped while
            // waiting, it aborts (after a commit that went through, that abort finds nothing).
            match outcome {
                Ok(Ok(r)) => {
                    let committed = self.client().commit_transaction(&id).await;
                    if let Err(e) = &committed {
                        // Not committed, or not known to be: the abort frees the partition now
                        // (after a commit that did go through it finds nothing).
                        if !e.is_transaction_gone() {
                            self.abort(&id).await;
                        }
                    }
                    guard.disarm();
                    committed?;
                    tracing::debug!("committed");
                    Ok(r)
                }
                Ok(Err(e)) => {
                    self.abort(&id).await;
                    guard.disarm();
                    Err(e)
                }
                Err(panic) => {
                    self.abort(&id).await;
                    guard.disarm();
                    std::panic::resume_unwind(panic)
                }
            }
        }
        .instrument(span)
        .await
    }

    /// The partition key holding `value`.
    fn partition_key(&self, value: &PrimaryKeyValue) -> Result<PrimaryKey> {
        let name = T::create_table_request()
            .primary_key
            .into_iter()
            .next()
            .map(|c| c.name)
            .ok_or_else(|| Error::construction(format!("table {:?} has no primary key", T::TABLE)))?;
        Ok(PrimaryKey {
            columns: vec![PrimaryKeyColumn {
                name,
                value: value.clone(),
            }],
        })
    }

    /// Aborts after a failure; the failure is what the caller sees, so an abort error is only
    /// logged (the transaction then expires on its own).
    async fn abort(&self, id: &str) {
        match self.client().abort_transaction(id).await {
            Ok(()) => tracing::debug!("aborted"),
            Err(e) => tracing::warn!(error = %e, "abort failed; the transaction will expire"),
        }
    }
}

fn partition_value<T: OtsTable>(partition: impl PartitionKey<T>) -> Result<PrimaryKeyValue> {
    let mut values = partition.prefix_values()?;
    match (values.pop(), values.is_empty()) {
        (Some(v), true) => Ok(v),
        _ => Err(Error::construction(format!(
            "a transaction on table {:?} takes the partition key's value alone",
            T::TABLE
        ))),
    }
}

/// The operations of a local transaction on one partition of model `T`'s table, handed to the
/// closure of [`Repo::transaction`]. Each operation checks, before sending anything, that its
/// key lies in the partition.
///
/// A batch read (`get_many`) is not offered: the protocol's BatchGetRow cannot carry a
/// transaction.
#[derive(Debug)]
pub struct Tx<T> {
    repo: Repo<T>,
}

impl<T> Clone for Tx<T> {
    fn clone(&self) -> Self {
        Self {
            repo: self.repo.clone(),
        }
    }
}

impl<T: OtsTable> Tx<T> {
    /// The same transaction for another model stored in the same table (models that share the
    /// table and its partition key).
    ///
    /// # Errors
    /// A construction error when `U` lives in another table.
    pub fn model<U: OtsTable>(&self) -> Result<Tx<U>> {
        if U::TABLE != T::TABLE {
            return Err(Error::construction(format!(
                "the transaction is on table {:?}: a model of table {:?} cannot join it",
                T::TABLE,
                U::TABLE
            )));
        }
        Ok(Tx {
            repo: self.repo.rescoped(),
        })
    }

    /// The transaction id.
    pub fn id(&self) -> &str {
        self.repo.scope().map_or("", Scope::id)
    }

    /// Reads one row, with the transaction's own writes. See [`Repo::get`].
    ///
    /// # Errors
    /// As [`Repo::get`]; a construction error for a key outside the partition.
    pub async fn get(&self, key: impl Into<T::Key>) -> Result<Option<T>> {
        self.repo.get(key).await
    }

    /// [`Tx::get`] with a projection and a filter. See [`Repo::get_with`].
    ///
    /// # Errors
    /// As [`Tx::get`].
    pub async fn get_with(&self, key: impl Into<T::Key>, query: impl Into<Query<T>>) -> Result<Option<T>> {
        self.repo.get_with(key, query).await
    }

    /// Inserts a new row. See [`Repo::insert`].
    ///
    /// # Errors
    /// As [`Repo::insert`]; a construction error for a key outside the partition.
    pub async fn insert(&self, model: &mut T) -> Result<()> {
        self.repo.insert(model).await
    }

    /// Writes the whole row. See [`Repo::put`].
    ///
    /// # Errors
    /// As [`Repo::put`]; a construction error for a key outside the partition.
    pub async fn put(&self, model: &mut T) -> Result<()> {
        self.repo.put(model).await
    }

    /// [`Tx::put`] with a condition. See [`Repo::put_if`].
    ///
    /// # Errors
    /// As [`Repo::put_if`].
    pub async fn put_if(&self, model: &mut T, condition: TypedCondition<T>) -> Result<()> {
        self.repo.put_if(model, condition).await
    }

    /// Writes many rows in batches (each batch one request of the transaction); one result
    /// per model. See [`Repo::batch_put`].
    ///
    /// # Errors
    /// As [`Repo::batch_put`]; a construction error, before anything is sent, when a model lies
    /// outside the partition.
    pub async fn batch_put(&self, models: &mut [T]) -> Result<Vec<Result<()>>> {
        self.repo.batch_put(models).await
    }

    /// Applies a patch to an existing row. See [`Repo::update`].
    ///
    /// # Errors
    /// As [`Repo::update`]; a construction error for a key outside the partition.
    pub async fn update(&self, key: impl Into<T::Key>, patch: T::Patch) -> Result<()> {
        self.repo.update(key, patch).await
    }

    /// [`Tx::update`] with a condition. See [`Repo::update_if`].
    ///
    /// # Errors
    /// As [`Repo::update_if`].
    pub async fn update_if(
        &self,
        key: impl Into<T::Key>,
        patch: T::Patch,
        condition: TypedCondition<T>,
    ) -> Result<()> {
        self.repo.update_if(key, patch, condition).await
    }

    /// Adds to an integer column and returns the new value. See [`Repo::increment`].
    ///
    /// # Errors
    /// As [`Repo::increment`].
    pub async fn increment(
        &self,
        key: impl Into<T::Key>,
        column: impl Into<IntegerColumn<T>>,
        delta: i64,
    ) -> Result<i64> {
        self.repo.increment(key, column, delta).await
    }

    /// Applies a patch only if the stored version is `expected_version`; returns the new
    /// version. See [`Repo::update_versioned`].
    ///
    /// # Errors
    /// As [`Repo::update_versioned`].
    pub async fn update_versioned(
        &self,
        key: impl Into<T::Key>,
        expected_version: i64,
        patch: T::Patch,
    ) -> Result<i64> {
        self.repo.update_versioned(key, expected_version, patch).await
    }

    /// Deletes a row. See [`Repo::delete`].
    ///
    /// # Errors
    /// As [`Repo::delete`]; a construction error for a key outside the partition.
    pub async fn delete(&self, key: impl Into<T::Key>) -> Result<()> {
        self.repo.delete(key).await
    }

    /// [`Tx::delete`] with a condition. See [`Repo::delete_if`].
    ///
    /// # Errors
    /// As [`Repo::delete_if`].
    pub async fn delete_if(&self, key: impl Into<T::Key>, condition: TypedCondition<T>) -> Result<()> {
        self.repo.delete_if(key, condition).await
    }

    /// The rows of a key range inside the partition, with the transaction's own writes. A
    /// range without bounds (`KeyRange::all()`) covers the partition; a bound naming another
    /// partition is an error. See [`Repo::range`].
    pub fn range(&self, range: KeyRange<T>) -> impl Stream<Item = Result<T>> + Send + 'static {
        self.range_with(range, Query::new())
    }

    /// [`Tx::range`] with a projection and a filter. See [`Repo::range_with`].
    pub fn range_with(
        &self,
        range: KeyRange<T>,
        query: Query<T>,
    ) -> impl Stream<Item = Result<T>> + Send + 'static {
        let range = self.narrow(range);
        if Self::key_is_partition() {
            let tx = self.clone();
            let row = async move { tx.partition_row(range, query).await.transpose() };
            futures_util::stream::once(row)
                .filter_map(std::future::ready)
                .left_stream()
        } else {
            self.repo.range_with(range, query).right_stream()
        }
    }

    /// One page of [`Tx::range_with`]. See [`Repo::page`].
    ///
    /// # Errors
    /// As [`Repo::page`].
    pub async fn page(
        &self,
        range: KeyRange<T>,
        query: impl Into<Query<T>>,
        size: u32,
        after: impl Into<Option<PageToken>>,
    ) -> Result<Page<T>> {
        let range = self.narrow(range);
        if Self::key_is_partition() {
            let row = match after.into() {
                // The one row was on the first page.
                Some(_) => None,
                None => self.partition_row(range, query.into()).await?,
            };
            return Ok(Page {
                items: row.into_iter().collect(),
                next: None,
            });
        }
        self.repo.page(range, query, size, after).await
    }

    /// Whether the model's key is its partition key alone: a partition is then one row, and
    /// no range inside it can be sent (the service refuses a range whose end lies in another
    /// partition, and an exclusive end equal to the start holds nothing).
    fn key_is_partition() -> bool {
        T::create_table_request().primary_key.len() == 1
    }

    /// The partition's one row, read by key, for a model whose key is its partition key.
    async fn partition_row(&self, range: KeyRange<T>, query: Query<T>) -> Result<Option<T>> {
        // Reports a bound outside the partition.
        range.bounds()?;
        match self.repo.scope() {
            Some(scope) if range.limit != Some(0) => {
                let key = T::key_from_primary_key(scope.partition_key())?;
                self.repo.get_with(key, query).await
            }
            _ => Ok(None),
        }
    }

    fn narrow(&self, range: KeyRange<T>) -> KeyRange<T> {
        match self.repo.scope() {
            Some(scope) => range.within_partition(scope.partition()),
            None => range,
        }
    }
}
