//! ComputeSplits and ParallelScan: every row a query matches, read in splits, page by page,
//! without sorting or scores.
//!
//! ComputeSplits opens a session on an index ([`crate::search::scan_sessions`]: ids, expiry,
//! snapshots and how rows fall into splits). A ParallelScan page names the session (or none: a
//! session is then opened for it and its token carries it), the split (`current_parallel_id`
//! of `max_parallel`, default 0 of 1: the whole result) and the query. The first page of a
//! query in a session takes the snapshot every later page of that query reads, so a scan is
//! consistent and its splits together hold every matching row exactly once.
//!
//! A page that returned rows always carries a next token, even when its split is done: the
//! split ends with an empty page and no token, as the service answers (Python SDK
//! `test_parallel_scan_normal`, ex_aliyun_ots's parallel scan tests).
//! Only columns the index holds can be returned (parallel scan docs): index fields, not virtual
//! ones, and not those created with `store` false.

use super::clock::Clock;
use super::convert::decode;
use super::search::queried_table;
use crate::error::{ServiceError, ServiceResult};
use crate::search::engine::IndexEngine;
use crate::search::scan_sessions::{fnv1a, ScanHit, ScanSessions, Scope, Snapshot, DEFAULT_ALIVE_TIME_S};
use crate::search::translate::{translate, Ctx};
use crate::search::SearchIndexes;
use crate::storage::{named_key, Storage, StoredRow, Table};
use ots_proto::model::{Column, Row};
use ots_proto::pb::search as spb;
use ots_proto::plainbuffer;
use prost::Message;
use std::collections::HashSet;
use std::sync::Arc;

/// Rows per page when the request names no limit, and the most a page holds (parallel scan
/// docs: "a single parallel scan request can query up to 2,000 rows"; older docs said 5,000,
/// and a larger limit was not an error: a larger limit reads pages of this size).
const MAX_LIMIT: usize = 2000;
/// What a next token starts with.
const TOKEN_TAG: &[u8] = b"ots-local:scan:1:";

/// The index a scan reads, as the registry describes it.
struct ScanIndex {
    engine: Arc<IndexEngine>,
    scope: Scope,
    /// Columns a scan may return: the index's stored, non-virtual fields.
    returnable: HashSet<String>,
}

fn scan_index(search: &SearchIndexes, table: &str, index: &str) -> ServiceResult<ScanIndex> {
    let registry = search.lock();
    let meta = registry
        .get(table, index)
        .ok_or_else(|| ServiceError::queried_index_missing(index))?;
    let engine = meta
        .engine
        .clone()
        .ok_or_else(|| ServiceError::queried_index_missing(index))?;
    let returnable = meta
        .schema
        .field_schemas
        .iter()
        .filter(|f| f.is_virtual_field != Some(true) && f.store != Some(false))
        .filter_map(|f| f.field_name.clone())
        .collect();
    let scope = Scope {
        table: table.to_owned(),
        index: index.to_owned(),
        engine: Arc::downgrade(&engine),
    };
    Ok(ScanIndex {
        engine,
        scope,
        returnable,
    })
}

pub fn compute_splits(
    storage: &dyn Storage,
    search: &SearchIndexes,
    scans: &ScanSessions,
    body: &[u8],
    clock: Clock,
) -> ServiceResult<Vec<u8>> {
    let req: spb::ComputeSplitsRequest = decode(body)?;
    let table = req.table_name.unwrap_or_default();
    // The service's message (Python SDK `test_compute_splits_with_indexname_is_none`).
    let options = req
        .search_index_splits_options
        .ok_or_else(|| ServiceError::param("[search index splits options] must not be null"))?;
    let index = options.index_name.unwrap_or_default();
    queried_table(storage, &table)?;
    let scope = scan_index(search, &table, &index)?.scope;
    let (session_id, splits) = scans.open(scope, clock.now_ms());
    Ok(spb::ComputeSplitsResponse {
        session_id: Some(session_id.into_bytes()),
        splits_size: Some(splits),
    }
    .encode_to_vec())
}

pub fn parallel_scan(
    storage: &dyn Storage,
    search: &SearchIndexes,
    scans: &ScanSessions,
    body: &[u8],
    clock: Clock,
) -> ServiceResult<Vec<u8>> {
    let req: spb::ParallelScanRequest = decode(body)?;
    let table_name = req.table_name.unwrap_or_default();
    let index_name = req.index_name.unwrap_or_default();
    let table = queried_table(storage, &table_name)?;
    let index = scan_index(search, &table_name, &index_name)?;
    let sq = req
        .scan_query
        .ok_or_else(|| ServiceError::param("The scan_query is required."))?;
    let query = sq
        .query
        .as_ref()
        .ok_or_else(|| ServiceError::param("The search query is required."))?;
    let query_hash = fnv1a(&query.encode_to_vec());
    let columns = Columns::from_request(req.columns_to_get.as_ref(), &index.returnable)?;
    let limit = page_limit(sq.limit)?;
    let alive_ms = alive_ms(sq.alive_time)?;
    let max_parallel = sq.max_parallel.unwrap_or(1);
    let current = sq.current_parallel_id.unwrap_or(0);
    let token = sq
        .token
        .as_deref()
        .filter(|t| !t.is_empty())
        .map(|t| Token::decode(t).ok_or_else(|| ServiceError::param("Invalid parallel scan token.")))
        .transpose()?;

    // The session: named by the request, else carried by the token, else a new one.
    let session_id = match (req.session_id.filter(|s| !s.is_empty()), &token) {
        (Some(id), _) => {
            String::from_utf8(id).map_err(|_| ServiceError::param("Invalid session id: it is not UTF-8."))?
        }
        (None, Some(t)) => t.session.clone(),
        (None, None) => scans.open(index.scope.clone(), clock.now_ms()).0,
    };
    let resumed = scans.resume(&session_id, &index.scope, query_hash, alive_ms, clock.now_ms())?;
    // The service's messages (Python SDK `test_parallel_scan_with_invalid_max_parallel`,
    // `test_parallel_scan_with_invalid_parallel_id`).
    if max_parallel <= 0 || max_parallel > resumed.splits {
        return Err(ServiceError::param(format!(
            "[parallel_scan.max_parallel_id] must in (0 ,{}], current max_parallel_id is {max_parallel}",
            resumed.splits
        )));
    }
    if !(0..max_parallel).contains(&current) {
        return Err(ServiceError::param(format!(
            "[parallel_scan.current_parallel_id] must in [0, max_parallel), current max_parallel is {max_parallel}, current_parallel_id is {current}"
        )));
    }
    let position = match &token {
        None => 0,
        Some(t) if t.session == session_id && t.query_hash == query_hash && t.split == (current, max_parallel) => {
            t.position
        }
        Some(_) => {
            return Err(ServiceError::param(
                "Invalid parallel scan token: it belongs to another session, query or split (current_parallel_id, max_parallel).",
            ))
        }
    };

    let snapshot = match resumed.snapshot {
        Some(s) => s,
        None => {
            // A snapshot exists only for a query that translated, so it is checked once.
            let taken = take_snapshot(&table, &index.engine, query, clock)?;
            scans.keep(&session_id, query_hash, taken, clock.now_ms())?
        }
    };
    let (hits, next) = snapshot.page(position, current, max_parallel, limit);
    let rows: Vec<Vec<u8>> = hits
        .iter()
        .map(|h| plainbuffer::encode_put_row(&columns.project(h, &snapshot)))
        .collect();
    // The field stays absent at the end: the Go SDK pages while the token is not nil.
    let next_token = (!rows.is_empty()).then(|| {
        Token {
            session: session_id,
            query_hash,
            split: (current, max_parallel),
            position: next,
        }
        .encode()
    });
    Ok(spb::ParallelScanResponse { rows, next_token }.encode_to_vec())
}

/// Every live row `query` matches, as it is now. Under the table's read lock: writes change
/// the rows and the index in one step under the write lock, so none lands between the match
/// and the read.
fn take_snapshot(
    table: &Table,
    engine: &IndexEngine,
    query: &spb::Query,
    clock: Clock,
) -> ServiceResult<Snapshot> {
    let state = table.read();
    let searcher = engine.searcher()?;
    let query = translate(
        Ctx {
            engine,
            searcher: &searcher,
        },
        query,
    )?;
    let keys = engine.matching(&searcher, query.as_ref())?;
    let floor = StoredRow::ttl_floor(clock.now_ms(), state.schema.options.time_to_live);
    let rows = keys
        .into_iter()
        .filter_map(|(key, _score)| {
            let row = state.data.get(&key).filter(|r| r.is_alive(floor)).cloned()?;
            Some((key, row))
        })
        .collect();
    let key_names = state.schema.primary_key.iter().map(|c| c.name.clone()).collect();
    Ok(Snapshot::new(rows, key_names, floor))
}

fn page_limit(limit: Option<i32>) -> ServiceResult<usize> {
    match limit {
        None => Ok(MAX_LIMIT),
        // Ours: a page of nothing would end the split (no rows, no token).
        Some(l) if l <= 0 => Err(ServiceError::param(format!(
            "The limit [{l}] of a parallel scan must be greater than 0."
        ))),
        Some(l) => Ok(usize::try_from(l).unwrap_or(MAX_LIMIT).min(MAX_LIMIT)),
    }
}

fn alive_ms(alive_time: Option<i32>) -> ServiceResult<i64> {
    match alive_time {
        None => Ok(i64::from(DEFAULT_ALIVE_TIME_S) * 1000),
        // Ours: the SDKs leave it out rather than send 0 (Go `SetAliveTime` drops values <= 0).
        Some(s) if s <= 0 => Err(ServiceError::param(format!(
            "The alive_time [{s}] of a parallel scan must be greater than 0 seconds."
        ))),
        Some(s) => Ok(i64::from(s) * 1000),
    }
}

/// The columns returned with each row's key.
enum Columns {
    /// The key alone.
    None,
    /// These columns (each one the index holds).
    Named(HashSet<String>),
}

impl Columns {
    fn from_request(
        columns: Option<&spb::ColumnsToGet>,
        returnable: &HashSet<String>,
    ) -> ServiceResult<Self> {
        let Some(columns) = columns else {
            return Ok(Columns::None);
        };
        match columns.return_type.map(spb::ColumnReturnType::try_from) {
            // RETURN_ALL is refused (parallel scan docs: "cannot be set to RETURN_ALL"; the
            // Python SDK lists SPECIFIED, NONE and ALL_FROM_INDEX); the message is ours.
            Some(Ok(spb::ColumnReturnType::ReturnAll)) => Err(ServiceError::param(
                "ParallelScan cannot return RETURN_ALL: only the columns the search index holds can be returned (RETURN_ALL_FROM_INDEX or RETURN_SPECIFIED).",
            )),
            Some(Ok(spb::ColumnReturnType::ReturnAllFromIndex)) => Ok(Columns::Named(returnable.clone())),
            // Columns the index does not hold are left out (ours: the sources are silent).
            Some(Ok(spb::ColumnReturnType::ReturnSpecified)) => Ok(Columns::Named(
                columns
                    .column_names
                    .iter()
                    .filter(|c| returnable.contains(*c))
                    .cloned()
                    .collect(),
            )),
            _ => Ok(Columns::None),
        }
    }

    /// The row as returned: its key and the newest live value of each column asked for.
    fn project(&self, hit: &ScanHit, snapshot: &Snapshot) -> Row {
        let primary_key = named_key(&snapshot.key_names, &hit.key);
        let columns = match self {
            Columns::None => Vec::new(),
            Columns::Named(names) => hit
                .row
                .cells
                .keys()
                .filter(|name| names.contains(*name))
                .filter_map(|name| {
                    hit.row.latest(name, snapshot.floor).map(|(ts, v)| Column {
                        name: name.clone(),
                        value: v.clone(),
                        timestamp: Some(ts),
                    })
                })
                .collect(),
        };
        Row { primary_key, columns }
    }
}

/// What a next token says: the session, query and split it continues, and where.
struct Token {
    session: String,
    query_hash: u64,
    split: (i32, i32),
    position: u64,
}

impl Token {
    fn encode(&self) -> Vec<u8> {
        let session = self.session.as_bytes();
        [
            TOKEN_TAG,
            &(session.len() as u32).to_be_bytes(),
            session,
            &self.query_hash.to_be_bytes(),
            &self.split.0.to_be_bytes(),
            &self.split.1.to_be_bytes(),
            &self.position.to_be_bytes(),
        ]
        .concat()
    }

    fn decode(bytes: &[u8]) -> Option<Self> {
        let rest = bytes.strip_prefix(TOKEN_TAG)?;
        let (len, rest) = rest.split_first_chunk::<4>()?;
        let len = usize::try_from(u32::from_be_bytes(*len)).ok()?;
        let session = std::str::from_utf8(rest.get(..len)?).ok()?.to_owned();
        let rest = rest.get(len..)?;
        let (query_hash, rest) = rest.split_first_chunk::<8>()?;
        let (current, rest) = rest.split_first_chunk::<4>()?;
        let (max, rest) = rest.split_first_chunk::<4>()?;
        let (position, rest) = rest.split_first_chunk::<8>()?;
        rest.is_empty().then(|| Self {
            session,
            query_hash: u64::from_be_bytes(*query_hash),
            split: (i32::from_be_bytes(*current), i32::from_be_bytes(*max)),
            position: u64::from_be_bytes(*position),
        })
    }
}
