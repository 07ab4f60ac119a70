//! Operation handlers: decode the request message, run it against storage, encode the response.

mod batch;
mod batch_get;
mod batch_write;
mod capacity;
mod clock;
mod convert;
mod parallel_scan;
mod range;
mod row;
mod search;
mod search_index;
mod secondary_index;
mod table;
mod txn;
mod validate;
mod write;

use clock::Clock;
pub use txn::DEFAULT_LIFETIME as DEFAULT_TRANSACTION_LIFETIME;

use crate::error::{ServiceError, ServiceResult};
use crate::search::scan_sessions::ScanSessions;
use crate::search::SearchIndexes;
use crate::storage::Storage;
use ots_proto::action::Action;
use std::sync::Arc;

/// The Tablestore service logic over a storage backend.
#[derive(Debug, Clone)]
pub struct Service {
    storage: Arc<dyn Storage>,
    /// Search index metadata, beside the tables it indexes.
    search: Arc<SearchIndexes>,
    /// Parallel scan sessions (ComputeSplits, ParallelScan).
    scans: Arc<ScanSessions>,
    /// Open local transactions.
    txns: Arc<txn::Transactions>,
}

impl Service {
    /// A service over `storage`.
    pub fn new(storage: Arc<dyn Storage>) -> Self {
        Self {
            storage,
            search: Arc::default(),
            scans: Arc::default(),
            txns: Arc::default(),
        }
    }

    /// Lets local transactions live `lifetime` (60 s, the service's limit, by default), so that
    /// tests can watch one expire.
    #[must_use]
    pub fn transaction_lifetime(mut self, lifetime: std::time::Duration) -> Self {
        self.txns = Arc::new(txn::Transactions::new(lifetime));
        self
    }

    /// Reports `splits` splits from ComputeSplits (1, the service's answer for a small index,
    /// by default).
    #[must_use]
    pub fn scan_splits(mut self, splits: i32) -> Self {
        self.scans = Arc::new(ScanSessions::with_splits(splits));
        self
    }

    /// Runs one operation on a request body and returns the response body.
    ///
    /// # Errors
    /// The error the service would answer with.
    pub fn dispatch(&self, action: &str, body: &[u8]) -> ServiceResult<Vec<u8>> {
        self.dispatch_with(action, body, Clock::System)
    }

    /// [`Service::dispatch`] at a fixed time (milliseconds since the epoch).
    #[cfg(test)]
    pub(crate) fn dispatch_at(&self, action: &str, body: &[u8], now: i64) -> ServiceResult<Vec<u8>> {
        self.dispatch_with(action, body, Clock::Fixed(now))
    }

    /// The one place that knows the operations: every handler gets the storage (and the search
    /// index registry and the parallel scan sessions where it needs them) and the clock.
    fn dispatch_with(&self, action: &str, body: &[u8], clock: Clock) -> ServiceResult<Vec<u8>> {
        let storage = self.storage.as_ref();
        let search = self.search.as_ref();
        let scans = self.scans.as_ref();
        let txns = self.txns.as_ref();
        match Action::parse(action) {
            Some(Action::CreateTable) => table::create(storage, body, clock),
            Some(Action::ListTable) => table::list(storage),
            Some(Action::DescribeTable) => table::describe(storage, body),
            Some(Action::UpdateTable) => table::update(storage, search, body, clock),
            Some(Action::DeleteTable) => table::delete(storage, search, body),
            Some(Action::AddDefinedColumn) => table::add_defined_columns(storage, body),
            Some(Action::DeleteDefinedColumn) => table::delete_defined_columns(storage, body),
            Some(Action::ComputeSplitPointsBySize) => table::split_points(storage, body),
            Some(Action::GetRow) => row::get(storage, txns, body, clock),
            Some(Action::PutRow) => row::put(storage, txns, body, clock),
            Some(Action::UpdateRow) => row::update(storage, txns, body, clock),
            Some(Action::DeleteRow) => row::delete(storage, txns, body, clock),
            Some(Action::BatchGetRow) => batch_get::run(storage, body, clock),
            Some(Action::BatchWriteRow) => batch_write::run(storage, txns, body, clock),
            Some(Action::GetRange) => range::get_range(storage, txns, body, clock),
            Some(Action::CreateIndex) => secondary_index::create(storage, body),
            Some(Action::DropIndex) => secondary_index::drop(storage, body),
            Some(Action::StartLocalTransaction) => txns.start(storage, body, clock),
            Some(Action::CommitTransaction) => txns.commit(storage, body, clock),
            Some(Action::AbortTransaction) => txns.abort(storage, body, clock),
            Some(Action::CreateSearchIndex) => search_index::create(storage, search, body, clock),
            Some(Action::ListSearchIndex) => search_index::list(storage, search, body),
            Some(Action::DescribeSearchIndex) => search_index::describe(storage, search, body, clock),
            Some(Action::UpdateSearchIndex) => search_index::update(storage, search, body),
            Some(Action::DeleteSearchIndex) => search_index::delete(storage, search, body),
            Some(Action::Search) => search::search(storage, search, body, clock),
            Some(Action::ComputeSplits) => parallel_scan::compute_splits(storage, search, scans, body, clock),
            Some(Action::ParallelScan) => parallel_scan::parallel_scan(storage, search, scans, body, clock),
            _ => Err(ServiceError::unsupported_action(action)),
        }
    }
}

#[cfg(test)]
mod fidelity_tests;
#[cfg(test)]
mod secondary_index_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod txn_tests;
