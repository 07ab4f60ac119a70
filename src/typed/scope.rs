//! The local transaction a repository's requests belong to (the `Tx` of `Repo::transaction`):
//! each request on a row checks that the row lies in the transaction's partition and carries
//! its id.

use ots_core::model::{PrimaryKey, PrimaryKeyValue};
use ots_core::{Error, Result};

/// The open transaction a scoped repository works in.
#[derive(Debug)]
pub(super) struct Scope {
    id: String,
    partition: PrimaryKeyValue,
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
    /// The transaction `id`, holding `partition`.
    pub(super) fn new(id: String, partition: PrimaryKeyValue) -> Self {
        Self { id, partition }
    }

    /// Refuses a key outside the transaction's partition, before anything is sent.
    pub(super) fn check(&self, table: &str, pk: &PrimaryKey) -> Result<()> {
        match pk.columns.first() {
            Some(c) if c.value == self.partition => Ok(()),
            _ => Err(Error::construction(format!(
                "the transaction on table {table:?} holds partition {:?}: row {pk} is outside it",
                self.partition
            ))),
        }
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

    pub(super) fn partition(&self) -> &PrimaryKeyValue {
        &self.partition
    }
}
