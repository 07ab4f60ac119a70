//! BatchWriteRow.

use super::{group_by_table, mismatch, row_error, MAX_BATCH_WRITE_BYTES, MAX_BATCH_WRITE_ROWS};
use crate::client::Client;
use crate::codec;
use crate::error::{Error, Result};
use crate::model::{PrimaryKey, Row};
use crate::ops::row::{DeleteRowRequest, PutRowRequest, UpdateRowRequest};
use crate::ops::transaction::transaction_id_setter;
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

    /// The id the row itself carries (a batch sends only its own).
    fn transaction_id(&self) -> Option<&str> {
        match self {
            RowWrite::Put(r) => r.transaction_id.as_deref(),
            RowWrite::Update(r) => r.transaction_id.as_deref(),
            RowWrite::Delete(r) => r.transaction_id.as_deref(),
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
    /// The local transaction every write of the batch belongs to; `None` for writes outside
    /// any.
    pub transaction_id: Option<String>,
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

    /// Refuses a row carrying a transaction id other than the batch's: the protocol has one id
    /// per batch, so sending it would write that row in another transaction, or in none.
    fn check_transaction_ids(&self) -> Result<()> {
        let batch = self.transaction_id.as_deref();
        let Some(row) = self
            .rows
            .iter()
            .find(|r| r.transaction_id().is_some_and(|id| Some(id) != batch))
        else {
            return Ok(());
        };
        let found = row.transaction_id().unwrap_or_default();
        let message = match batch {
            Some(b) => format!(
                "a row of the batch carries transaction id {found:?} but the batch carries {b:?}; \
                 one batch writes in one transaction"
            ),
            None => format!(
                "a row of the batch carries transaction id {found:?} but the batch carries none; \
                 set it with BatchWriteRowRequest::transaction_id"
            ),
        };
        Err(Error::construction(message)
            .with_table(row.table())
            .with_primary_key(row.primary_key().clone()))
    }

    /// The message for one chunk: the rows `groups` names, table by table, with the batch's
    /// transaction id.
    pub(crate) fn chunk_pb(
        &self,
        groups: &[(&str, Vec<usize>)],
        encoded: &[pb::RowInBatchWriteRowRequest],
    ) -> pb::BatchWriteRowRequest {
        let tables = groups
            .iter()
            .map(|(name, idx)| pb::TableInBatchWriteRowRequest {
                table_name: (*name).to_owned(),
                rows: idx.iter().map(|&i| encoded[i].clone()).collect(),
            })
            .collect();
        pb::BatchWriteRowRequest {
            tables,
            transaction_id: self.transaction_id.clone(),
            is_atomic: None,
        }
    }
}
transaction_id_setter!(BatchWriteRowRequest;
    "Writes every row of the batch inside the local transaction `id` (the protocol carries one \
     id per batch, sent with every chunk). Every row must have the transaction's partition \
     key; a row may carry the same id itself, but not another one.");

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
    /// A construction error, before anything is sent, for an empty batch or for a row carrying
    /// a transaction id other than the batch's (see
    /// [`transaction_id`](method@BatchWriteRowRequest::transaction_id)).
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
        request.check_transaction_ids()?;
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
        // A whole-call error names the table only when the chunk has one.
        let first_table = match groups.as_slice() {
            [(name, _)] => name,
            _ => "",
        };
        let req = request.chunk_pb(&groups, encoded);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn put(id: i64) -> PutRowRequest {
        PutRowRequest::new(
            "t",
            Row {
                primary_key: PrimaryKey::new().with("id", id),
                columns: Vec::new(),
            },
        )
    }

    #[test]
    fn the_batch_carries_the_transaction_id_in_every_chunk() {
        let req = BatchWriteRowRequest::new()
            .put(put(1))
            .delete(DeleteRowRequest::new("t", PrimaryKey::new().with("id", 2)));
        let encoded: Vec<_> = req.rows.iter().map(RowWrite::to_pb).collect();
        assert_eq!(req.chunk_pb(&[("t", vec![0, 1])], &encoded).transaction_id, None);
        let req = req.transaction_id("tx-1");
        assert_eq!(req.transaction_id.as_deref(), Some("tx-1"));
        for chunk in [vec![0], vec![1]] {
            let message = req.chunk_pb(&[("t", chunk)], &encoded);
            assert_eq!(message.transaction_id.as_deref(), Some("tx-1"));
        }
    }

    #[test]
    fn a_row_may_repeat_the_batch_id_but_not_carry_another() {
        let same = BatchWriteRowRequest::new()
            .put(put(1).transaction_id("tx-1"))
            .put(put(2))
            .transaction_id("tx-1");
        assert!(same.check_transaction_ids().is_ok());
        assert!(BatchWriteRowRequest::new()
            .put(put(1))
            .check_transaction_ids()
            .is_ok());

        let other = BatchWriteRowRequest::new()
            .put(put(1))
            .update(UpdateRowRequest::new("t", PrimaryKey::new().with("id", 2)).transaction_id("tx-2"))
            .transaction_id("tx-1");
        let none = BatchWriteRowRequest::new()
            .put(put(1))
            .delete(DeleteRowRequest::new("t", PrimaryKey::new().with("id", 2)).transaction_id("tx-2"));
        for (req, batch) in [(other, "\"tx-1\""), (none, "none")] {
            let e = req.check_transaction_ids().unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Construction);
            assert_eq!(e.table(), Some("t"));
            assert_eq!(e.primary_key(), Some(&PrimaryKey::new().with("id", 2)));
            assert!(e.message().contains("\"tx-2\""), "{e}");
            assert!(e.message().contains(&format!("the batch carries {batch}")), "{e}");
        }
    }
}
