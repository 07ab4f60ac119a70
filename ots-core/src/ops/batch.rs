//! BatchGetRow and BatchWriteRow: automatic chunking at the service limits, per-row results in
//! request order, and retry of only those rows whose failure is retriable.

use super::read::{read_builders, ReadOptions};
use super::row::{DeleteRowRequest, PutRowRequest, UpdateRowRequest};
use crate::client::Client;
use crate::codec;
use crate::error::{Error, Result};
use crate::model::{PrimaryKey, Row};
use crate::retry::RetryContext;
use ots_proto::action::Action;
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;
use std::time::Instant;

/// Most rows of one BatchGetRow call.
pub const MAX_BATCH_GET_ROWS: usize = 100;
/// Most rows of one BatchWriteRow call.
pub const MAX_BATCH_WRITE_ROWS: usize = 200;
/// Most data of one BatchWriteRow call.
pub const MAX_BATCH_WRITE_BYTES: usize = 4 * 1024 * 1024;

/// The keys to read from one table, with that table's read options.
#[derive(Debug, Clone, PartialEq)]
pub struct TableBatchGet {
    /// Table name.
    pub table: String,
    /// Keys, in the order results come back.
    pub keys: Vec<PrimaryKey>,
    /// What to read.
    pub read: ReadOptions,
}

impl TableBatchGet {
    /// Reads `keys` from `table`.
    pub fn new(table: impl Into<String>, keys: impl IntoIterator<Item = PrimaryKey>) -> Self {
        Self {
            table: table.into(),
            keys: keys.into_iter().collect(),
            read: ReadOptions::default(),
        }
    }
}
read_builders!(TableBatchGet);

impl TableBatchGet {
    pub(crate) fn to_pb<'a>(
        &self,
        keys: impl Iterator<Item = &'a PrimaryKey>,
    ) -> pb::TableInBatchGetRowRequest {
        let r = self.read.to_pb();
        pb::TableInBatchGetRowRequest {
            table_name: self.table.clone(),
            primary_key: keys.map(plainbuffer::encode_primary_key).collect(),
            token: Vec::new(),
            columns_to_get: r.columns_to_get,
            time_range: r.time_range,
            max_versions: r.max_versions,
            cache_blocks: None,
            filter: r.filter,
            start_column: r.start_column,
            end_column: r.end_column,
        }
    }
}

/// Reads many rows from one or more tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchGetRowRequest {
    /// Per-table reads.
    pub tables: Vec<TableBatchGet>,
}

impl BatchGetRowRequest {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a table's keys.
    #[must_use]
    pub fn table(mut self, t: TableBatchGet) -> Self {
        self.tables.push(t);
        self
    }
}

/// Results for one table of a batch read, aligned with its keys.
#[derive(Debug)]
#[non_exhaustive]
pub struct TableBatchGetOutput {
    /// Table name.
    pub table: String,
    /// One entry per key: the row (`None` when absent or filtered out) or that row's error.
    pub rows: Vec<Result<Option<Row>>>,
}

/// The result of a batch read.
#[derive(Debug)]
#[non_exhaustive]
pub struct BatchGetRowOutput {
    /// One entry per requested table, in request order.
    pub tables: Vec<TableBatchGetOutput>,
}

/// One write of a batch.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RowWrite {
    /// A put.
    Put(PutRowRequest),
    /// An update.
    Update(UpdateRowRequest),
    /// A delete.
    Delete(DeleteRowRequest),
}

impl RowWrite {
    fn table(&self) -> &str {
        match self {
            RowWrite::Put(r) => &r.table,
            RowWrite::Update(r) => &r.table,
            RowWrite::Delete(r) => &r.table,
        }
    }

    pub(crate) fn to_pb(&self) -> pb::RowInBatchWriteRowRequest {
        let (kind, row_change, condition, rt) = match self {
            RowWrite::Put(r) => (
                pb::OperationType::Put,
                plainbuffer::encode_put_row(&r.row),
                &r.condition,
                &r.return_type,
            ),
            RowWrite::Update(r) => (
                pb::OperationType::Update,
                plainbuffer::encode_update_row(&r.primary_key, &r.updates),
                &r.condition,
                &r.return_type,
            ),
            RowWrite::Delete(r) => (
                pb::OperationType::Delete,
                plainbuffer::encode_delete_row(&r.primary_key),
                &r.condition,
                &r.return_type,
            ),
        };
        pb::RowInBatchWriteRowRequest {
            r#type: kind as i32,
            row_change,
            condition: condition.to_pb(),
            return_content: codec::return_content_pb(rt),
        }
    }
}

/// Writes many rows of one or more tables. Each row succeeds or fails on its own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BatchWriteRowRequest {
    /// The writes, in the order results come back.
    pub rows: Vec<RowWrite>,
}

impl BatchWriteRowRequest {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a put.
    #[must_use]
    pub fn put(mut self, r: PutRowRequest) -> Self {
        self.rows.push(RowWrite::Put(r));
        self
    }

    /// Adds an update.
    #[must_use]
    pub fn update(mut self, r: UpdateRowRequest) -> Self {
        self.rows.push(RowWrite::Update(r));
        self
    }

    /// Adds a delete.
    #[must_use]
    pub fn delete(mut self, r: DeleteRowRequest) -> Self {
        self.rows.push(RowWrite::Delete(r));
        self
    }
}

/// The result of a batch write.
#[derive(Debug)]
#[non_exhaustive]
pub struct BatchWriteRowOutput {
    /// One entry per write, in request order: the returned row (if a return type asked for
    /// one) or that row's error.
    pub rows: Vec<Result<Option<Row>>>,
}

impl BatchWriteRowOutput {
    /// True when every row succeeded.
    pub fn is_all_ok(&self) -> bool {
        self.rows.iter().all(Result::is_ok)
    }
}

/// Groups item indices by table in first-appearance order.
fn group_by_table<'a>(items: &[usize], table_of: impl Fn(usize) -> &'a str) -> Vec<(&'a str, Vec<usize>)> {
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    for &i in items {
        let t = table_of(i);
        match groups.iter_mut().find(|(name, _)| *name == t) {
            Some((_, v)) => v.push(i),
            None => groups.push((t, vec![i])),
        }
    }
    groups
}

fn row_error(e: Option<&pb::Error>) -> Error {
    match e {
        Some(e) => Error::row(&e.code, e.message.clone().unwrap_or_default()),
        None => Error::response("a failed batch row carries no error"),
    }
}

impl Client {
    /// Reads many rows, in chunks of at most 100; rows failing with a retriable error are
    /// retried under the client's retry policy.
    ///
    /// # Errors
    /// An error when a whole call fails (bad request, unknown table, transport); per-row
    /// failures are in the output.
    pub async fn batch_get_row(&self, request: &BatchGetRowRequest) -> Result<BatchGetRowOutput> {
        // Flatten to (table index, key index) items; results land in `out`.
        let items: Vec<(usize, usize)> = request
            .tables
            .iter()
            .enumerate()
            .flat_map(|(t, tb)| (0..tb.keys.len()).map(move |k| (t, k)))
            .collect();
        if items.is_empty() {
            return Err(Error::construction("a batch read needs at least one key"));
        }
        let mut out: Vec<Vec<Option<Result<Option<Row>>>>> = request
            .tables
            .iter()
            .map(|t| (0..t.keys.len()).map(|_| None).collect())
            .collect();
        let mut pending: Vec<usize> = (0..items.len()).collect();
        let started = Instant::now();
        let mut attempt = 0;
        while !pending.is_empty() {
            let mut retry = Vec::new();
            for chunk in pending.chunks(MAX_BATCH_GET_ROWS) {
                let groups = group_by_table(chunk, |i| request.tables[items[i].0].table.as_str());
                let tables = groups
                    .iter()
                    .map(|(_, idx)| {
                        let tb = &request.tables[items[idx[0]].0];
                        tb.to_pb(idx.iter().map(|&i| &tb.keys[items[i].1]))
                    })
                    .collect();
                let first_table = groups.first().map(|g| g.0).unwrap_or_default();
                let resp: pb::BatchGetRowResponse = self
                    .call(
                        Action::BatchGetRow,
                        first_table,
                        &pb::BatchGetRowRequest { tables },
                        true,
                    )
                    .await?;
                for ((name, idx), t) in groups.iter().zip(&resp.tables) {
                    if t.table_name != *name || t.rows.len() != idx.len() {
                        return Err(Error::response(
                            "the batch read response does not match the request",
                        ));
                    }
                    for (&i, row) in idx.iter().zip(&t.rows) {
                        let (ti, ki) = items[i];
                        let result = if row.is_ok {
                            codec::optional_row(row.row.as_deref())
                        } else {
                            Err(row_error(row.error.as_ref()))
                        };
                        if let Err(e) = &result {
                            if crate::retry::is_retryable(e, true) {
                                retry.push((i, e.copy_for_row()));
                            }
                        }
                        out[ti][ki] = Some(result);
                    }
                }
                if resp.tables.len() != groups.len() {
                    return Err(Error::response(
                        "the batch read response does not match the request",
                    ));
                }
            }
            pending = self
                .rows_to_retry(Action::BatchGetRow, retry, &mut attempt, started, true)
                .await;
        }
        Ok(BatchGetRowOutput {
            tables: request
                .tables
                .iter()
                .zip(out)
                .map(|(t, rows)| TableBatchGetOutput {
                    table: t.table.clone(),
                    rows: rows
                        .into_iter()
                        .map(|r| r.unwrap_or_else(|| Err(Error::response("row was not answered"))))
                        .collect(),
                })
                .collect(),
        })
    }

    /// Writes many rows, in chunks of at most 200 rows and 4 MB; rows failing with an error
    /// that proves they were not applied (throttling, row lock conflicts) are retried under the
    /// client's retry policy.
    ///
    /// # Errors
    /// An error when the first chunk fails as a whole (bad request, unknown table, transport),
    /// so nothing was written. Once a chunk has been applied, a later chunk's failure is
    /// reported on each of its rows instead, so the output always tells what was written.
    /// Per-row failures, such as a failed condition, are in the output.
    pub async fn batch_write_row(&self, request: &BatchWriteRowRequest) -> Result<BatchWriteRowOutput> {
        if request.rows.is_empty() {
            return Err(Error::construction("a batch write needs at least one row"));
        }
        let encoded: Vec<pb::RowInBatchWriteRowRequest> = request.rows.iter().map(RowWrite::to_pb).collect();
        let mut out: Vec<Option<Result<Option<Row>>>> = (0..encoded.len()).map(|_| None).collect();
        let mut pending: Vec<usize> = (0..encoded.len()).collect();
        let started = Instant::now();
        let mut attempt = 0;
        let mut applied = false;
        while !pending.is_empty() {
            let mut retry = Vec::new();
            for chunk in size_chunks(&pending, &encoded) {
                let groups = group_by_table(&chunk, |i| request.rows[i].table());
                let tables = groups
                    .iter()
                    .map(|(name, idx)| pb::TableInBatchWriteRowRequest {
                        table_name: (*name).to_owned(),
                        rows: idx.iter().map(|&i| encoded[i].clone()).collect(),
                    })
                    .collect();
                let first_table = groups.first().map(|g| g.0).unwrap_or_default();
                let req = pb::BatchWriteRowRequest {
                    tables,
                    transaction_id: None,
                    is_atomic: None,
                };
                let resp: pb::BatchWriteRowResponse =
                    match self.call(Action::BatchWriteRow, first_table, &req, false).await {
                        Ok(resp) => resp,
                        // Nothing applied yet: the call failed as a whole.
                        Err(e) if !applied => return Err(e),
                        // Earlier chunks were applied: report this chunk's failure on its rows, so
                        // the output says exactly what was and was not written, and go on.
                        Err(e) => {
                            for &i in &chunk {
                                out[i] = Some(Err(e.copy_for_row()));
                            }
                            continue;
                        }
                    };
                applied = true;
                if resp.tables.len() != groups.len() {
                    return Err(Error::response(
                        "the batch write response does not match the request",
                    ));
                }
                for ((name, idx), t) in groups.iter().zip(&resp.tables) {
                    if t.table_name != *name || t.rows.len() != idx.len() {
                        return Err(Error::response(
                            "the batch write response does not match the request",
                        ));
                    }
                    for (&i, row) in idx.iter().zip(&t.rows) {
                        let result = if row.is_ok {
                            codec::optional_row(row.row.as_deref())
                        } else {
                            Err(row_error(row.error.as_ref()))
                        };
                        if let Err(e) = &result {
                            if crate::retry::is_retryable(e, false) {
                                retry.push((i, e.copy_for_row()));
                            }
                        }
                        out[i] = Some(result);
                    }
                }
            }
            pending = self
                .rows_to_retry(Action::BatchWriteRow, retry, &mut attempt, started, false)
                .await;
        }
        Ok(BatchWriteRowOutput {
            rows: out
                .into_iter()
                .map(|r| r.unwrap_or_else(|| Err(Error::response("row was not answered"))))
                .collect(),
        })
    }

    /// Asks the retry policy about the retriable failed rows; waits and returns them, or returns
    /// nothing (their errors stay in the output).
    async fn rows_to_retry(
        &self,
        action: Action,
        failed: Vec<(usize, Error)>,
        attempt: &mut u32,
        started: Instant,
        idempotent: bool,
    ) -> Vec<usize> {
        // The first failed row's own error (code, message, status, request id) stands for all.
        let Some((_, sample)) = failed.first() else {
            return Vec::new();
        };
        *attempt += 1;
        let ctx = RetryContext {
            action,
            attempt: *attempt,
            elapsed: started.elapsed(),
            error: sample,
            idempotent,
        };
        match self.retry_policy().retry_after(&ctx) {
            Some(delay) => {
                tracing::debug!(
                    action = action.as_str(),
                    rows = failed.len(),
                    attempt = *attempt,
                    "retrying failed batch rows"
                );
                tokio::time::sleep(delay).await;
                failed.into_iter().map(|(i, _)| i).collect()
            }
            None => Vec::new(),
        }
    }
}

/// Splits pending writes into chunks within the row and byte limits, keeping order.
fn size_chunks(pending: &[usize], encoded: &[pb::RowInBatchWriteRowRequest]) -> Vec<Vec<usize>> {
    let mut chunks = Vec::new();
    let mut current = Vec::new();
    let mut bytes = 0usize;
    for &i in pending {
        let size = encoded[i].row_change.len();
        if !current.is_empty()
            && (current.len() >= MAX_BATCH_WRITE_ROWS || bytes + size > MAX_BATCH_WRITE_BYTES)
        {
            chunks.push(std::mem::take(&mut current));
            bytes = 0;
        }
        bytes += size;
        current.push(i);
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}
