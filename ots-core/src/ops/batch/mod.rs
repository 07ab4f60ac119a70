//! BatchGetRow and BatchWriteRow: automatic chunking at the service limits, per-row results in
//! request order, and retry of only those rows whose failure is retriable. Both operations
//! share one driver (`Client::run_batch`); `get` and `write` build their chunks' requests and
//! read their answers.

mod get;
mod write;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::model::{PrimaryKey, Row};
use crate::retry::RetryContext;
pub use get::{BatchGetRowOutput, BatchGetRowRequest, TableBatchGet, TableBatchGetOutput};
use ots_proto::action::Action;
use ots_proto::pb::table_store as pb;
use std::future::Future;
use std::time::Instant;
pub use write::{BatchWriteRowOutput, BatchWriteRowRequest, RowWrite};

/// Most rows of one BatchGetRow call.
pub const MAX_BATCH_GET_ROWS: usize = 100;
/// Most rows of one BatchWriteRow call.
pub const MAX_BATCH_WRITE_ROWS: usize = 200;
/// Most data of one BatchWriteRow call.
pub const MAX_BATCH_WRITE_BYTES: usize = 4 * 1024 * 1024;

/// One row's outcome: the row read or returned (if any), or the row's own error.
type RowResult = Result<Option<Row>>;

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

/// A failed row's error as the service gave it, naming the row's table and key.
fn row_error(e: Option<&pb::Error>, table: &str, key: &PrimaryKey) -> Error {
    match e {
        Some(e) => Error::row(&e.code, e.message.clone().unwrap_or_default()),
        None => Error::response("a failed batch row carries no error"),
    }
    .with_table(table)
    .with_primary_key(key.clone())
}

fn mismatch(action: Action) -> Error {
    Error::response(format!("the {action} response does not match the request"))
}

impl Client {
    /// Runs a batch of `n` rows: splits the pending rows with `chunks`, sends each chunk with
    /// `send` (which answers `(row index, outcome)` pairs), then asks the retry policy about the
    /// rows that failed retriably and goes round again with those.
    ///
    /// A chunk that fails as a whole fails the batch, except for writes once an earlier chunk
    /// was applied: then the failure is reported on that chunk's rows, so the output still says
    /// exactly what was written.
    async fn run_batch<'r, F, Fut>(
        &self,
        action: Action,
        n: usize,
        idempotent: bool,
        chunks: impl Fn(&[usize]) -> Vec<Vec<usize>>,
        row_of: impl Fn(usize) -> (&'r str, &'r PrimaryKey),
        send: F,
    ) -> Result<Vec<RowResult>>
    where
        F: Fn(Vec<usize>) -> Fut,
        Fut: Future<Output = Result<Vec<(usize, RowResult)>>>,
    {
        // A whole-chunk failure or a missing answer, reported on one row: named like the row.
        let on_row = |i: usize, e: Error| {
            let (table, key) = row_of(i);
            e.with_table(table).with_primary_key(key.clone())
        };
        let mut out: Vec<Option<RowResult>> = (0..n).map(|_| None).collect();
        let mut pending: Vec<usize> = (0..n).collect();
        let started = Instant::now();
        let mut attempt = 0;
        let mut applied = false;
        while !pending.is_empty() {
            let mut retry = Vec::new();
            for chunk in chunks(&pending) {
                let answers = match send(chunk.clone()).await {
                    Ok(answers) => answers,
                    Err(e) if idempotent || !applied => return Err(e),
                    Err(e) => {
                        for &i in &chunk {
                            out[i] = Some(Err(on_row(i, e.copy_for_row())));
                        }
                        continue;
                    }
                };
                applied = true;
                for (i, result) in answers {
                    if let Err(e) = &result {
                        if crate::retry::is_retryable(e, idempotent) {
                            retry.push((i, e.copy_for_row()));
                        }
                    }
                    if let Some(slot) = out.get_mut(i) {
                        *slot = Some(result);
                    }
                }
            }
            pending = self
                .rows_to_retry(action, retry, &mut attempt, started, idempotent)
                .await;
        }
        Ok(out
            .into_iter()
            .enumerate()
            .map(|(i, r)| r.unwrap_or_else(|| Err(on_row(i, Error::response("row was not answered")))))
            .collect())
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
        // The first failed row's own error (code, message, table, key) stands for all.
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
