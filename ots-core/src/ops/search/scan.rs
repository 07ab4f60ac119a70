//! ComputeSplits and ParallelScan: every row a query matches, read in parallel splits of an
//! index without scores or sorting.

use super::query::{query_pb, Query};
use super::request::SearchColumns;
use crate::client::Client;
use crate::codec;
use crate::error::{Error, ErrorCode, Result};
use crate::model::Row;
use futures_core::Stream;
use futures_util::StreamExt;
use ots_proto::action::Action;
use ots_proto::pb::search as pb;
use std::collections::{HashMap, VecDeque};

/// A parallel scan session: its id and how many splits to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScanSession {
    /// The session id.
    pub session_id: Vec<u8>,
    /// The number of splits (parallel ids `0..splits`).
    pub splits: i32,
}

/// One page of one split.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ParallelScanRequest {
    /// The table.
    pub table: String,
    /// The index.
    pub index: String,
    /// What rows must match.
    pub query: Query,
    /// The columns returned.
    pub columns: SearchColumns,
    /// The session (from [`Client::compute_splits`]).
    pub session_id: Vec<u8>,
    /// Which split.
    pub current_parallel_id: i32,
    /// How many splits the session has.
    pub max_parallel: i32,
    /// Rows per page.
    pub limit: Option<i32>,
    /// Seconds the session stays alive between pages.
    pub alive_time_s: Option<i32>,
    /// Where this split continues (from the previous page).
    pub token: Option<Vec<u8>>,
}

impl ParallelScanRequest {
    /// The first page of split `current_parallel_id` of `session`.
    pub fn new(
        table: impl Into<String>,
        index: impl Into<String>,
        query: impl Into<Query>,
        session: &ScanSession,
        current_parallel_id: i32,
    ) -> Self {
        Self {
            table: table.into(),
            index: index.into(),
            query: query.into(),
            columns: SearchColumns::None,
            session_id: session.session_id.clone(),
            current_parallel_id,
            max_parallel: session.splits,
            limit: None,
            alive_time_s: None,
            token: None,
        }
    }

    /// The columns returned.
    #[must_use]
    pub fn columns(mut self, columns: SearchColumns) -> Self {
        self.columns = columns;
        self
    }
    /// Rows per page.
    #[must_use]
    pub fn limit(mut self, n: i32) -> Self {
        self.limit = Some(n);
        self
    }
    /// Seconds the session stays alive between pages.
    #[must_use]
    pub fn alive_time(mut self, seconds: i32) -> Self {
        self.alive_time_s = Some(seconds);
        self
    }

    pub(crate) fn to_pb(&self) -> pb::ParallelScanRequest {
        pb::ParallelScanRequest {
            table_name: Some(self.table.clone()),
            index_name: Some(self.index.clone()),
            columns_to_get: Some(self.columns.to_pb()),
            session_id: Some(self.session_id.clone()),
            scan_query: Some(pb::ScanQuery {
                query: Some(query_pb(&self.query)),
                limit: self.limit,
                alive_time: self.alive_time_s,
                token: self.token.clone(),
                current_parallel_id: Some(self.current_parallel_id),
                max_parallel: Some(self.max_parallel),
            }),
            timeout_ms: None,
        }
    }
}

/// Every row a query matches, read split by split ([`Client::parallel_scan_stream`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ScanAllRequest {
    /// The table.
    pub table: String,
    /// The index.
    pub index: String,
    /// What rows must match.
    pub query: Query,
    /// The columns returned (the index's columns only; default none).
    pub columns: SearchColumns,
    /// How many splits are read at once; `None` reads every split at once.
    pub concurrency: Option<usize>,
    /// Rows per page.
    pub limit: Option<i32>,
    /// Seconds the session stays alive between pages (raise it for a slow consumer).
    pub alive_time_s: Option<i32>,
}

impl ScanAllRequest {
    /// Every row of `index` that `query` matches.
    pub fn new(table: impl Into<String>, index: impl Into<String>, query: impl Into<Query>) -> Self {
        Self {
            table: table.into(),
            index: index.into(),
            query: query.into(),
            columns: SearchColumns::None,
            concurrency: None,
            limit: None,
            alive_time_s: None,
        }
    }

    /// The columns returned.
    #[must_use]
    pub fn columns(mut self, columns: SearchColumns) -> Self {
        self.columns = columns;
        self
    }
    /// How many splits are read at once (at least 1).
    #[must_use]
    pub fn concurrency(mut self, splits: usize) -> Self {
        self.concurrency = Some(splits.max(1));
        self
    }
    /// Rows per page.
    #[must_use]
    pub fn limit(mut self, n: i32) -> Self {
        self.limit = Some(n);
        self
    }
    /// Seconds the session stays alive between pages.
    #[must_use]
    pub fn alive_time(mut self, seconds: i32) -> Self {
        self.alive_time_s = Some(seconds);
        self
    }

    /// The first page of split `id` of `session`.
    fn first_page(&self, session: &ScanSession, id: i32) -> ParallelScanRequest {
        let mut page = ParallelScanRequest::new(
            self.table.clone(),
            self.index.clone(),
            self.query.clone(),
            session,
            id,
        )
        .columns(self.columns.clone());
        page.limit = self.limit;
        page.alive_time_s = self.alive_time_s;
        page
    }
}

/// One page of one split.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ParallelScanOutput {
    /// The rows.
    pub rows: Vec<Row>,
    /// Where the split continues; `None` when it is done.
    pub next_token: Option<Vec<u8>>,
}

impl Client {
    /// Starts a parallel scan session on an index.
    ///
    /// # Errors
    /// `OTSMetaNotMatch` for a missing index, `OTSParameterInvalid` for a missing table (the
    /// service's codes for queries); transport errors.
    pub async fn compute_splits(&self, table: &str, index: &str) -> Result<ScanSession> {
        let req = compute_splits_pb(table, index);
        let resp: pb::ComputeSplitsResponse = self.call(Action::ComputeSplits, table, &req, true).await?;
        Ok(ScanSession {
            session_id: resp.session_id.unwrap_or_default(),
            splits: resp.splits_size.unwrap_or(1).max(1),
        })
    }

    /// One page of one split.
    ///
    /// # Errors
    /// `OTSSessionExpired` when the session's alive time passed between pages; service and
    /// transport errors.
    pub async fn parallel_scan(&self, request: ParallelScanRequest) -> Result<ParallelScanOutput> {
        let resp: pb::ParallelScanResponse = self
            .call(Action::ParallelScan, &request.table, &request.to_pb(), true)
            .await?;
        let rows = codec::each_row(&resp.rows)?;
        Ok(ParallelScanOutput {
            rows,
            next_token: resp.next_token.filter(|t| !t.is_empty()),
        })
    }

    /// Every row the request's query matches: a new session, its splits read `concurrency`
    /// at a time (all at once by default), pages fetched as the consumer reads. Rows of
    /// different splits interleave.
    ///
    /// A split whose session expires before it yielded a row starts over in a new session (at
    /// most twice); the splits that restart after one expiry share one new session, and one
    /// that finds the shared session expired too opens another. An expiry after
    /// rows were yielded is an error (`OTSSessionExpired`), since starting over would repeat
    /// them: raise `alive_time` for a slow consumer.
    pub fn parallel_scan_stream(
        &self,
        request: ScanAllRequest,
    ) -> impl Stream<Item = Result<Row>> + Send + 'static {
        let client = self.clone();
        let start = async move {
            let session = client.compute_splits(&request.table, &request.index).await?;
            let concurrency = request
                .concurrency
                .unwrap_or_else(|| usize::try_from(session.splits).unwrap_or(1))
                .max(1);
            let restarts = Restarts::default();
            let splits = (0..session.splits).map(move |id| {
                Box::pin(split_stream(
                    client.clone(),
                    request.first_page(&session, id),
                    restarts.clone(),
                ))
            });
            Ok::<_, Error>(futures_util::stream::iter(splits).flatten_unordered(concurrency))
        };
        futures_util::stream::once(start).flat_map(|r| match r {
            Ok(rows) => rows.left_stream(),
            Err(e) => futures_util::stream::once(std::future::ready(Err(e))).right_stream(),
        })
    }
}

/// The sessions that replaced expired ones, shared by the splits of one scan so that they
/// restart together in one new session.
#[derive(Debug, Clone, Default)]
struct Restarts(std::sync::Arc<tokio::sync::Mutex<HashMap<Vec<u8>, ScanSession>>>);

impl Restarts {
    /// The session that replaces `expired`: the one another split opened already, else a new
    /// one.
    async fn replace(&self, client: &Client, request: &ParallelScanRequest) -> Result<ScanSession> {
        let mut known = self.0.lock().await;
        if let Some(session) = known.get(&request.session_id) {
            return Ok(session.clone());
        }
        let session = client.compute_splits(&request.table, &request.index).await?;
        known.insert(request.session_id.clone(), session.clone());
        Ok(session)
    }
}

pub(crate) fn compute_splits_pb(table: &str, index: &str) -> pb::ComputeSplitsRequest {
    pb::ComputeSplitsRequest {
        table_name: Some(table.to_owned()),
        search_index_splits_options: Some(pb::SearchIndexSplitsOptions {
            index_name: Some(index.to_owned()),
        }),
    }
}

/// The rows of one split, page by page.
fn split_stream(
    client: Client,
    first: ParallelScanRequest,
    restarts: Restarts,
) -> impl Stream<Item = Result<Row>> + Send + 'static {
    struct State {
        client: Client,
        restarts: Restarts,
        request: ParallelScanRequest,
        buffer: VecDeque<Row>,
        yielded: bool,
        /// New sessions this split may still start over in. Two: the replacement another split
        /// opened may itself have expired by the time this split starts; a service that keeps
        /// expiring new sessions must not make it loop for ever.
        restarts_left: u8,
        done: bool,
    }
    let state = State {
        client,
        restarts,
        request: first,
        buffer: VecDeque::new(),
        yielded: false,
        restarts_left: 2,
        done: false,
    };
    futures_util::stream::unfold(state, |mut st| async move {
        loop {
            if let Some(row) = st.buffer.pop_front() {
                st.yielded = true;
                return Some((Ok(row), st));
            }
            if st.done {
                return None;
            }
            match st.client.parallel_scan(st.request.clone()).await {
                Ok(page) => {
                    st.buffer.extend(page.rows);
                    match page.next_token {
                        Some(t) => st.request.token = Some(t),
                        None => st.done = true,
                    }
                }
                // Nothing of this split was served yet: start it over in a new session.
                Err(e)
                    if e.code() == Some(&ErrorCode::SessionExpired)
                        && !st.yielded
                        && st.restarts_left > 0
                        && st.request.token.is_none() =>
                {
                    st.restarts_left -= 1;
                    match st.restarts.replace(&st.client, &st.request).await {
                        Ok(session) if session.splits == st.request.max_parallel => {
                            st.request.session_id = session.session_id;
                        }
                        Ok(_) => {
                            st.done = true;
                            return Some((Err(e), st));
                        }
                        Err(e2) => {
                            st.done = true;
                            return Some((Err(e2), st));
                        }
                    }
                }
                Err(e) => {
                    st.done = true;
                    return Some((Err(e), st));
                }
            }
        }
    })
}
