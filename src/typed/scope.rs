//! The local transaction a repository's requests belong to (the `Tx` of `Repo::transaction`):
//! each request on a row checks that the row lies in the transaction's partition and carries
//! its id.

use ots_core::model::{PrimaryKey, PrimaryKeyValue};
use ots_core::{Error, Result};

/// The open transaction a scoped repository works in.
#[derive(Debug)]
pub(super) struct Scope {
    id: String,
    /// The partition key: the table's first key column and its value.
    partition: PrimaryKey,
}

/// Requests that can carry a transaction id.
pub(super) trait InTransaction: Sized {
    fn in_transaction(self, id: &str) -> Self;
}

macro_rules! in_transaction {
    ($($ty:ty),*) => {$(
        impl InTransaction for $ty {
            fn in_transaction(self, id: &str) -> Self {
                self.transaction_id(id)
            }
        }
    )*};
}
in_transaction!(
    ots_core::ops::row::GetRowRequest,
    ots_core::ops::row::PutRowRequest,
    ots_core::ops::row::UpdateRowRequest,
    ots_core::ops::row::DeleteRowRequest,
    ots_core::ops::range::GetRangeRequest,
    ots_core::ops::batch::BatchWriteRowRequest
);

impl Scope {
    /// The transaction `id`, holding `partition` (a key of the partition column alone).
    pub(super) fn new(id: String, partition: PrimaryKey) -> Self {
        Self { id, partition }
    }

    /// Refuses a key outside the transaction's partition, before anything is sent.
    pub(super) fn check(&self, table: &str, pk: &PrimaryKey) -> Result<()> {
        if pk.columns.first().map(|c| &c.value) == Some(self.partition()) {
            return Ok(());
        }
        Err(Error::construction(format!(
            "the transaction on table {table:?} holds partition {}: row {pk} is outside it",
            self.partition
        )))
    }

    /// `req` for the row `pk`, carrying the transaction id.
    pub(super) fn apply<R: InTransaction>(&self, table: &str, req: R, pk: &PrimaryKey) -> Result<R> {
        self.check(table, pk)?;
        Ok(req.in_transaction(&self.id))
    }

    /// The id, for a batch whose rows were checked one by one.
    pub(super) fn id(&self) -> &str {
        &self.id
    }

    /// The partition key's value.
    pub(super) fn partition(&self) -> &PrimaryKeyValue {
        match self.partition.columns.first() {
            Some(c) => &c.value,
            None => &PrimaryKeyValue::InfMin,
        }
    }

    /// The partition key: the key of a model whose key is its partition key.
    pub(super) fn partition_key(&self) -> &PrimaryKey {
        &self.partition
    }
}
