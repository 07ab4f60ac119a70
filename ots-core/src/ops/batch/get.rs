//! BatchGetRow.

use super::{mismatch, row_error, MAX_BATCH_GET_ROWS};
use crate::client::Client;
use crate::codec;
use crate::error::{Error, Result};
use crate::model::{PrimaryKey, Row};
use crate::ops::read::{read_builders, ReadOptions};
use ots_proto::action::Action;
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;

/// The keys to read from one table, with that table's read options.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
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
///
/// There is no transaction id here: the protocol's BatchGetRow has no transaction field, so a
/// batch read always sees committed data only, never a local transaction's uncommitted
/// writes. Inside a transaction, read with [`GetRowRequest::transaction_id`] or
/// [`GetRangeRequest::transaction_id`] instead.
///
/// [`GetRowRequest::transaction_id`]: method@crate::ops::row::GetRowRequest::transaction_id
/// [`GetRangeRequest::transaction_id`]: method@crate::ops::range::GetRangeRequest::transaction_id
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
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

impl Client {
    /// Reads many rows, in chunks of at most 100; rows failing with a retriable error are
    /// retried under the client's retry policy. A row's error names its table and key.
    ///
    /// # Errors
    /// An error when a whole call fails (bad request, unknown table, transport); per-row
    /// failures are in the output.
    pub async fn batch_get_row(&self, request: BatchGetRowRequest) -> Result<BatchGetRowOutput> {
        // Flatten to (table index, key index) items.
        let items: Vec<(usize, usize)> = request
            .tables
            .iter()
            .enumerate()
            .flat_map(|(t, tb)| (0..tb.keys.len()).map(move |k| (t, k)))
            .collect();
        if items.is_empty() {
            return Err(Error::construction("a batch read needs at least one key"));
        }
        let (request, items) = (&request, &items);
        let chunks = |pending: &[usize]| read_chunks(pending, request, items);
        let row_of = |i: usize| {
            let (t, k) = items[i];
            let entry = &request.tables[t];
            (entry.table.as_str(), &entry.keys[k])
        };
        let results = self
            .run_batch(
                Action::BatchGetRow,
                items.len(),
                true,
                chunks,
                row_of,
                |chunk| async move { self.batch_get_chunk(request, items, &chunk).await },
            )
            .await?;
        let mut results = results.into_iter();
        Ok(BatchGetRowOutput {
            tables: request
                .tables
                .iter()
                .map(|t| TableBatchGetOutput {
                    table: t.table.clone(),
                    rows: results.by_ref().take(t.keys.len()).collect(),
                })
                .collect(),
        })
    }

    async fn batch_get_chunk(
        &self,
        request: &BatchGetRowRequest,
        items: &[(usize, usize)],
        chunk: &[usize],
    ) -> Result<Vec<(usize, Result<Option<Row>>)>> {
        // One message entry per request entry; `read_chunks` keeps a table to one entry a chunk.
        let groups = group_by_entry(chunk, items);
        let tables = groups
            .iter()
            .map(|(entry, idx)| {
                let tb = &request.tables[*entry];
                tb.to_pb(idx.iter().map(|&i| &tb.keys[items[i].1]))
            })
            .collect();
        // A whole-call error names the table only when the chunk has one.
        let first_table = match groups.as_slice() {
            [(entry, _)] => request.tables[*entry].table.as_str(),
            _ => "",
        };
        let resp: pb::BatchGetRowResponse = self
            .call(
                Action::BatchGetRow,
                first_table,
                &pb::BatchGetRowRequest { tables },
                true,
            )
            .await?;
        if resp.tables.len() != groups.len() {
            return Err(mismatch(Action::BatchGetRow));
        }
        let mut answers = Vec::with_capacity(chunk.len());
        for ((entry, idx), t) in groups.iter().zip(&resp.tables) {
            let name = request.tables[*entry].table.as_str();
            if t.table_name != name || t.rows.len() != idx.len() {
                return Err(mismatch(Action::BatchGetRow));
            }
            for (&i, row) in idx.iter().zip(&t.rows) {
                let (ti, ki) = items[i];
                let result = if row.is_ok {
                    codec::optional_row(row.row.as_deref())
                } else {
                    Err(row_error(row.error.as_ref(), name, &request.tables[ti].keys[ki]))
                };
                answers.push((i, result));
            }
        }
        Ok(answers)
    }
}

/// Splits pending reads into chunks of at most [`MAX_BATCH_GET_ROWS`] keys, in order. A chunk
/// never holds keys of two request entries naming the same table (one message entry per table
/// and chunk, each with its own read options): such a key starts a new chunk.
fn read_chunks(pending: &[usize], request: &BatchGetRowRequest, items: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut chunks = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    // (table, entry) pairs in the current chunk.
    let mut entries: Vec<(&str, usize)> = Vec::new();
    for &i in pending {
        let entry = items[i].0;
        let table = request.tables[entry].table.as_str();
        let clash = entries.iter().any(|&(t, e)| t == table && e != entry);
        if current.len() >= MAX_BATCH_GET_ROWS || clash {
            chunks.push(std::mem::take(&mut current));
            entries.clear();
        }
        if !entries.iter().any(|&(_, e)| e == entry) {
            entries.push((table, entry));
        }
        current.push(i);
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// Groups a chunk's items by request entry, in first-appearance order.
fn group_by_entry(chunk: &[usize], items: &[(usize, usize)]) -> Vec<(usize, Vec<usize>)> {
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for &i in chunk {
        let entry = items[i].0;
        match groups.iter_mut().find(|(e, _)| *e == entry) {
            Some((_, v)) => v.push(i),
            None => groups.push((entry, vec![i])),
        }
    }
    groups
}
