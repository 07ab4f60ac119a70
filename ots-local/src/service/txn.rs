//! Local transactions: StartLocalTransaction, CommitTransaction, AbortTransaction, and what the
//! row operations do when they carry a transaction id.
//!
//! A transaction holds one partition key of one table (a lock kept with the table's rows, see
//! [`crate::storage::PartitionLocks`]) from its start until it commits, aborts or outlives its
//! lifetime (60 s, as the service's). Its writes go to its pending changes, which only reads
//! carrying its id see (read committed); the commit applies them all under the table's write
//! lock, in one step, so every other reader sees all of them or none. Plain writes to the held
//! partition and a second start on it fail with OTSRowOperationConflict; plain reads are not
//! held up and see the committed rows.
//!
//! Lock order: the registry's lock is never held while waiting for anything else; a
//! transaction's own lock may be held while taking its table's lock, never the other way round.

use super::clock::Clock;
use super::convert::{self, decode};
use super::validate::{self, KeyUse};
use super::write::{RowSource, RowStore};
use crate::error::{ServiceError, ServiceResult};
use crate::storage::{Key, Storage, StoredRow, Table, TableSchema, TableState};
use ots_proto::model::{PrimaryKey, PrimaryKeyValue};
use ots_proto::pb::table_store as pb;
use prost::Message;
use std::collections::{BTreeMap, HashMap};
use std::iter::Peekable;
use std::ops::Bound;
use std::sync::{Arc, Mutex, PoisonError, TryLockError};
use std::time::Duration;

/// What a transaction has written and not committed: the row each key will hold (`None`: no
/// row).
pub type Pending = BTreeMap<Key, Option<Arc<StoredRow>>>;

/// The service's limit on a transaction's life.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(60);

/// Characters of a transaction id (upper-case hex).
const ID_LEN: usize = 32;

/// One open transaction.
#[derive(Debug)]
pub struct Txn {
    id: String,
    table_name: String,
    table: Arc<Table>,
    partition: PrimaryKeyValue,
    deadline_ms: i64,
    pending: Pending,
}

/// The open transactions of a server.
#[derive(Debug)]
pub struct Transactions {
    lifetime_ms: i64,
    open: Mutex<HashMap<String, Arc<Mutex<Txn>>>>,
}

impl Default for Transactions {
    fn default() -> Self {
        Self::new(DEFAULT_LIFETIME)
    }
}

fn is_well_formed(id: &str) -> bool {
    id.len() == ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
}

fn new_id() -> String {
    format!("{:016X}{:016X}", fastrand::u64(..), fastrand::u64(..))
}

/// A partition key value as the service's messages print it.
fn part_key(value: Option<&PrimaryKeyValue>) -> String {
    match value {
        Some(PrimaryKeyValue::String(s)) => s.clone(),
        Some(PrimaryKeyValue::Integer(i)) => i.to_string(),
        Some(PrimaryKeyValue::Binary(b)) => b.iter().map(|x| format!("{x:02x}")).collect(),
        Some(PrimaryKeyValue::InfMin) => "INF_MIN".into(),
        Some(PrimaryKeyValue::InfMax) => "INF_MAX".into(),
        Some(other) => format!("{other:?}"),
        None => String::new(),
    }
}

impl Transactions {
    /// Transactions that lapse `lifetime` after their start.
    pub fn new(lifetime: Duration) -> Self {
        Self {
            lifetime_ms: i64::try_from(lifetime.as_millis()).unwrap_or(i64::MAX).max(1),
            open: Mutex::new(HashMap::new()),
        }
    }

    fn open(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Mutex<Txn>>>> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// StartLocalTransaction.
    pub fn start(&self, storage: &dyn Storage, body: &[u8], clock: Clock) -> ServiceResult<Vec<u8>> {
        let req: pb::StartLocalTransactionRequest = decode(body)?;
        validate::table_name(&req.table_name)?;
        let key = convert::primary_key(&req.key)?;
        let table = storage.table(&req.table_name)?;
        let id = new_id();
        let (partition, now_ms, deadline_ms) = {
            let mut state = table.write();
            let partition = start_key(&state.schema, &key)?;
            let now_ms = clock.now_ms();
            let deadline_ms = now_ms.saturating_add(self.lifetime_ms);
            if !state.locks.acquire(&partition, &id, now_ms, deadline_ms) {
                return Err(ServiceError::txn_lock_taken());
            }
            (partition, now_ms, deadline_ms)
        };
        self.forget_lapsed(now_ms);
        let txn = Txn {
            id: id.clone(),
            table_name: req.table_name,
            table,
            partition,
            deadline_ms,
            pending: Pending::new(),
        };
        self.open().insert(id.clone(), Arc::new(Mutex::new(txn)));
        Ok(pb::StartLocalTransactionResponse { transaction_id: id }.encode_to_vec())
    }

    /// CommitTransaction: applies every pending change in one step and releases the lock.
    pub fn commit(&self, storage: &dyn Storage, body: &[u8], clock: Clock) -> ServiceResult<Vec<u8>> {
        let req: pb::CommitTransactionRequest = decode(body)?;
        self.finish(storage, &req.transaction_id, clock, |txn, state| {
            for (key, row) in std::mem::take(&mut txn.pending) {
                match row {
                    Some(row) => state.restore_row(key, row),
                    None => state.remove_row(&key),
                }
            }
        })?;
        Ok(pb::CommitTransactionResponse {}.encode_to_vec())
    }

    /// AbortTransaction: drops the pending changes and releases the lock. The answer echoes
    /// the id: a field clients that follow the service's definition ignore, and the one a Node
    /// SDK release requires (it decodes the answer as the request).
    pub fn abort(&self, storage: &dyn Storage, body: &[u8], clock: Clock) -> ServiceResult<Vec<u8>> {
        let req: pb::AbortTransactionRequest = decode(body)?;
        self.finish(storage, &req.transaction_id, clock, |_, _| {})?;
        Ok(pb::AbortTransactionResponse {
            transaction_id: Some(req.transaction_id),
        }
        .encode_to_vec())
    }

    /// Ends a transaction: `last` runs under its table's write lock, then the lock on the
    /// partition is released.
    fn finish(
        &self,
        storage: &dyn Storage,
        id: &str,
        clock: Clock,
        last: impl FnOnce(&mut Txn, &mut TableState),
    ) -> ServiceResult<()> {
        let handle = self.find(id)?;
        let mut txn = lock_txn(&handle)?;
        // Taken out first: once the commit or abort starts, the id names nothing.
        self.open().remove(id);
        let table = Arc::clone(&txn.table);
        let mut state = table.write();
        if txn.ended(storage, clock) {
            state.locks.release(&txn.partition, &txn.id);
            return Err(ServiceError::txn_not_found());
        }
        last(&mut txn, &mut state);
        state.locks.release(&txn.partition, &txn.id);
        Ok(())
    }

    /// The transaction an id names, or why there is none.
    fn find(&self, id: &str) -> ServiceResult<Arc<Mutex<Txn>>> {
        if !is_well_formed(id) {
            return Err(ServiceError::txn_id_invalid());
        }
        self.open()
            .get(id)
            .cloned()
            .ok_or_else(ServiceError::txn_not_found)
    }

    /// Runs a row operation of the transaction `id` on table `table_name`. The transaction
    /// serves one request at a time; a lapsed one is ended here.
    pub fn with<R>(
        &self,
        storage: &dyn Storage,
        id: &str,
        table_name: &str,
        clock: Clock,
        op: impl FnOnce(&mut Txn) -> ServiceResult<R>,
    ) -> ServiceResult<R> {
        let handle = self.find(id)?;
        let mut txn = lock_txn(&handle)?;
        if txn.ended(storage, clock) {
            self.open().remove(id);
            txn.table.write().locks.release(&txn.partition, &txn.id);
            return Err(ServiceError::txn_not_found());
        }
        if txn.table_name != table_name {
            return Err(ServiceError::param(format!(
                "The transaction belongs to table '{}', not to table '{table_name}'.",
                txn.table_name
            )));
        }
        op(&mut txn)
    }

    /// Drops lapsed transactions and their locks, so that abandoned ones do not pile up.
    fn forget_lapsed(&self, now_ms: i64) {
        let lapsed: Vec<Arc<Mutex<Txn>>> = self
            .open()
            .extract_if(|_, t| t.try_lock().is_ok_and(|t| t.deadline_ms <= now_ms))
            .map(|(_, t)| t)
            .collect();
        for handle in lapsed {
            if let Ok(txn) = handle.try_lock() {
                txn.table.write().locks.release(&txn.partition, &txn.id);
            }
        }
    }
}

/// Locks a transaction for one request; a second request at the same time is refused.
fn lock_txn(handle: &Mutex<Txn>) -> ServiceResult<std::sync::MutexGuard<'_, Txn>> {
    match handle.try_lock() {
        Ok(txn) => Ok(txn),
        Err(TryLockError::Poisoned(p)) => Ok(p.into_inner()),
        Err(TryLockError::WouldBlock) => Err(ServiceError::row_locked()),
    }
}

/// Checks the key of a StartLocalTransaction against the table and returns its partition value.
fn start_key(schema: &TableSchema, key: &PrimaryKey) -> ServiceResult<PrimaryKeyValue> {
    if !schema.local_txn {
        return Err(ServiceError::param(
            "Try to call method using explicit transaction on explicit-transaction-disabled table.",
        ));
    }
    if schema.primary_key.iter().any(|c| c.auto_increment) {
        return Err(ServiceError::param(
            "Local transactions are not supported on a table with an auto-increment primary key column.",
        ));
    }
    let (Some(col), Some(meta), 1) = (key.columns.first(), schema.primary_key.first(), key.columns.len())
    else {
        return Err(ServiceError::param(
            "StartLocalTransaction support only one primary key.",
        ));
    };
    validate::key_column(col, meta, KeyUse::Lookup)
}

impl Txn {
    /// Whether the transaction is over without a commit or abort: it outlived its lifetime, or
    /// its table was deleted (and maybe created again).
    fn ended(&self, storage: &dyn Storage, clock: Clock) -> bool {
        clock.now_ms() >= self.deadline_ms
            || !storage
                .table(&self.table_name)
                .is_ok_and(|t| Arc::ptr_eq(&t, &self.table))
    }

    /// Runs `f` on the table as the transaction sees it, for reads or writes, under the table's
    /// read lock (the transaction's writes only change its pending rows).
    pub fn view<R>(&mut self, f: impl FnOnce(&mut TxnView<'_>) -> R) -> R {
        let state = self.table.read();
        let mut view = TxnView {
            state: &state,
            pending: &mut self.pending,
            partition: &self.partition,
        };
        f(&mut view)
    }
}

/// A table as a transaction sees it: its pending rows over the committed ones.
#[derive(Debug)]
pub struct TxnView<'a> {
    /// The committed table.
    pub state: &'a TableState,
    pending: &'a mut Pending,
    partition: &'a PrimaryKeyValue,
}

impl TxnView<'_> {
    /// Refuses a key or range bound whose partition value (`first`) is not the transaction's.
    pub fn check_partition(&self, first: Option<&PrimaryKeyValue>) -> ServiceResult<()> {
        if first == Some(self.partition) {
            Ok(())
        } else {
            Err(ServiceError::outside_transaction(
                &part_key(Some(self.partition)),
                &part_key(first),
            ))
        }
    }

    /// The rows between `start` and `end` (inclusive start, exclusive end; reversed when
    /// `backward`), pending rows over committed ones, in scan order. Both bounds must lie in the
    /// transaction's partition (checked by the caller with [`TxnView::check_partition`]), so
    /// every row between them does.
    pub fn range<'s>(
        &'s self,
        start: &Key,
        end: &Key,
        backward: bool,
    ) -> Box<dyn Iterator<Item = (&'s Key, &'s Arc<StoredRow>)> + 's> {
        let empty = if backward { start <= end } else { start >= end };
        if empty {
            return Box::new(std::iter::empty());
        }
        let (committed, pending): (Box<dyn Iterator<Item = _>>, Box<dyn Iterator<Item = _>>) = if backward {
            let bounds = (Bound::Excluded(end.clone()), Bound::Included(start.clone()));
            (
                Box::new(self.state.data.backward(start, end)),
                Box::new(self.pending.range::<Key, _>(bounds).rev()),
            )
        } else {
            let bounds = (Bound::Included(start.clone()), Bound::Excluded(end.clone()));
            (
                Box::new(self.state.data.forward(start, end)),
                Box::new(self.pending.range::<Key, _>(bounds)),
            )
        };
        Box::new(Overlay {
            committed: committed.peekable(),
            pending: pending.peekable(),
            backward,
        })
    }
}

/// Pending rows merged over committed ones, both in the same scan order; a pending `None` hides
/// the committed row.
struct Overlay<'s, C, P>
where
    C: Iterator<Item = (&'s Key, &'s Arc<StoredRow>)>,
    P: Iterator<Item = (&'s Key, &'s Option<Arc<StoredRow>>)>,
{
    committed: Peekable<C>,
    pending: Peekable<P>,
    backward: bool,
}

impl<'s, C, P> Iterator for Overlay<'s, C, P>
where
    C: Iterator<Item = (&'s Key, &'s Arc<StoredRow>)>,
    P: Iterator<Item = (&'s Key, &'s Option<Arc<StoredRow>>)>,
{
    type Item = (&'s Key, &'s Arc<StoredRow>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let order = match (self.committed.peek(), self.pending.peek()) {
                (None, None) => return None,
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some((c, _)), Some((p, _))) if self.backward => p.cmp(c),
                (Some((c, _)), Some((p, _))) => c.cmp(p),
            };
            if order == std::cmp::Ordering::Less {
                return self.committed.next();
            }
            if order == std::cmp::Ordering::Equal {
                self.committed.next();
            }
            if let Some((key, Some(row))) = self.pending.next() {
                return Some((key, row));
            }
        }
    }
}

impl RowSource for TxnView<'_> {
    fn schema(&self) -> &TableSchema {
        &self.state.schema
    }

    fn row(&self, key: &Key) -> Option<Arc<StoredRow>> {
        match self.pending.get(key) {
            Some(row) => row.clone(),
            None => self.state.data.get(key).cloned(),
        }
    }
}

impl RowStore for TxnView<'_> {
    fn set_row(&mut self, key: Key, row: StoredRow) {
        self.pending.insert(key, Some(Arc::new(row)));
    }

    fn put_back(&mut self, key: Key, row: Option<Arc<StoredRow>>) {
        self.pending.insert(key, row);
    }

    fn remove_row(&mut self, key: &Key) {
        self.pending.insert(key.clone(), None);
    }

    fn next_auto_increment(&mut self, now_micros: i64) -> i64 {
        // Not reached: a table with an auto-increment column refuses transactions at the start,
        // and a key without such a column cannot carry the placeholder.
        now_micros
    }

    fn check_writable(&self, partition: &PrimaryKeyValue, _now_ms: i64) -> ServiceResult<()> {
        // Inside its partition the transaction holds the lock.
        self.check_partition(Some(partition))
    }
}
