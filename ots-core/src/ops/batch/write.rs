//! BatchWriteRow.

use super::{group_by_table, mismatch, row_error, MAX_BATCH_WRITE_BYTES, MAX_BATCH_WRITE_ROWS};
use crate::client::Client;
use crate::codec;
use crate::error::{Error, Result};
use crate::model::{PrimaryKey, Row};
use crate::ops::row::{DeleteRowRequest, PutRowRequest, UpdateRowRequest};
use ots_proto::action::Action;
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;

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

    fn primary_key(&self) -> &PrimaryKey {
        match self {
            RowWrite::Put(r) => &r.row.primary_key,
            RowWrite::Update(r) => &r.primary_key,
            RowWrite::Delete(r) => &r.primary_key,
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
#[non_exhaustive]
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

impl Client {
    /// Writes many rows, in chunks of at most 200 rows and 4 MB; rows failing with an error
    /// that proves they were not applied (throttling, row lock conflicts) are retried under the
    /// client's retry policy. A row's error names its table and key.
    ///
    /// # Errors
    /// An error when the first chunk fails as a whole (bad request, unknown table, transport).
    /// Nothing was written then, unless [`Error::request_may_have_been_sent`] says the request
    /// may have reached the service (a timeout, a 5xx, an answer that could not be read): then
    /// its rows may or may not have been applied. Once a chunk has been applied, a later
    /// chunk's failure is reported on each of its rows instead (with the same caveat), so the
    /// output tells what was written. Per-row failures, such as a failed condition, are in the
    /// output; every row error names its table and key.
    pub async fn batch_write_row(&self, request: BatchWriteRowRequest) -> Result<BatchWriteRowOutput> {
        if request.rows.is_empty() {
            return Err(Error::construction("a batch write needs at least one row"));
        }
        let encoded: Vec<pb::RowInBatchWriteRowRequest> = request.rows.iter().map(RowWrite::to_pb).collect();
        let (request, encoded) = (&request, &encoded);
        let chunks = |pending: &[usize]| size_chunks(pending, encoded);
        let row_of = |i: usize| (request.rows[i].table(), request.rows[i].primary_key());
        let rows = self
            .run_batch(
                Action::BatchWriteRow,
                encoded.len(),
                false,
                chunks,
                row_of,
                |chunk| async move { self.batch_write_chunk(request, encoded, &chunk).await },
            )
            .await?;
        Ok(BatchWriteRowOutput { rows })
    }

    async fn batch_write_chunk(
        &self,
        request: &BatchWriteRowRequest,
        encoded: &[pb::RowInBatchWriteRowRequest],
        chunk: &[usize],
    ) -> Result<Vec<(usize, Result<Option<Row>>)>> {
        let groups = group_by_table(chunk, |i| request.rows[i].table());
        let tables = groups
            .iter()
            .map(|(name, idx)| pb::TableInBatchWriteRowRequest {
                table_name: (*name).to_owned(),
                rows: idx.iter().map(|&i| encoded[i].clone()).collect(),
            })
            .collect();
        // A whole-call error names the table only when the chunk has one.
        let first_table = match groups.as_slice() {
            [(name, _)] => name,
            _ => "",
        };
        let req = pb::BatchWriteRowRequest {
            tables,
            transaction_id: None,
            is_atomic: None,
        };
        let resp: pb::BatchWriteRowResponse =
            self.call(Action::BatchWriteRow, first_table, &req, false).await?;
        if resp.tables.len() != groups.len() {
            return Err(mismatch(Action::BatchWriteRow));
        }
        let mut answers = Vec::with_capacity(chunk.len());
        for ((name, idx), t) in groups.iter().zip(&resp.tables) {
            if t.table_name != *name || t.rows.len() != idx.len() {
                return Err(mismatch(Action::BatchWriteRow));
            }
            for (&i, row) in idx.iter().zip(&t.rows) {
                let result = if row.is_ok {
                    codec::optional_row(row.row.as_deref())
                } else {
                    Err(row_error(row.error.as_ref(), name, request.rows[i].primary_key()))
                };
                answers.push((i, result));
            }
        }
        Ok(answers)
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
