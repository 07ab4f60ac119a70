//! Local transactions: StartLocalTransaction, CommitTransaction, AbortTransaction.
//!
//! A local transaction covers the rows of one table that share one value of the partition key
//! (the table's first primary-key column). [`Client::start_local_transaction`] locks that
//! value and answers a transaction id. Reads and writes that carry the id belong to the
//! transaction: set it with `.transaction_id(id)` on
//! [`GetRowRequest`](crate::ops::row::GetRowRequest),
//! [`GetRangeRequest`](crate::ops::range::GetRangeRequest),
//! [`PutRowRequest`](crate::ops::row::PutRowRequest),
//! [`UpdateRowRequest`](crate::ops::row::UpdateRowRequest),
//! [`DeleteRowRequest`](crate::ops::row::DeleteRowRequest) and
//! [`BatchWriteRowRequest`](crate::ops::batch::BatchWriteRowRequest) (one id for the whole
//! batch). [`Client::commit_transaction`] then applies every write at once;
//! [`Client::abort_transaction`] discards them.
//!
//! **BatchGetRow cannot take part**: the protocol's BatchGetRow has no transaction field, so
//! a batch read sees committed data only.
//!
//! What the service does with a transaction:
//! - It lives at most 60 seconds; one neither committed nor aborted by then is aborted.
//! - It locks its partition-key value: until it ends, another StartLocalTransaction on the
//!   same value and writes without the id to rows with that value fail with
//!   `OTSRowOperationConflict` ([`Error::is_row_locked`]). Reads without the id are not
//!   blocked and keep seeing the committed data.
//! - Reads with the id see the transaction's own uncommitted writes (read committed). Every
//!   row they read or write must have the transaction's partition-key value.
//! - One request at a time may use an id.
//! - Committing or aborting a transaction that was already committed, aborted or has expired
//!   answers `OTSSessionNotExist` ([`Error::is_transaction_gone`]); an empty or malformed id
//!   answers `OTSParameterInvalid` "TransactionID is invalid.".
//! - The table must have local transactions enabled (an option of the table, set when it is
//!   created); otherwise calls with an id are refused with `OTSParameterInvalid`.
//!
//! None of the three calls is retried once the service may have seen it (a timeout, a 5xx):
//! a start whose answer was lost may still have started a transaction, which then holds the
//! lock until it expires; a commit whose answer was lost may have committed. A lock conflict
//! on start is not retried by [`DefaultRetryPolicy`](crate::retry::DefaultRetryPolicy)
//! either: the lock may be another transaction's, held for up to 60 seconds, and whether to
//! wait that long is the caller's decision.
//!
//! ```no_run
//! # async fn demo(client: ots_core::Client) -> ots_core::Result<()> {
//! use ots_core::model::{Column, PrimaryKey, Row};
//! use ots_core::ops::row::PutRowRequest;
//! use ots_core::ops::transaction::StartLocalTransactionRequest;
//!
//! // Every row of "orders" whose first key column `user` is "u1".
//! let start = StartLocalTransactionRequest::new("orders", PrimaryKey::new().with("user", "u1"));
//! let txn = client.start_local_transaction(start).await?.transaction_id;
//! let row = Row {
//!     primary_key: PrimaryKey::new().with("user", "u1").with("order", 1),
//!     columns: vec![Column::new("total", 5)],
//! };
//! match client.put_row(PutRowRequest::new("orders", row).transaction_id(&txn)).await {
//!     Ok(_) => client.commit_transaction(&txn).await?,
//!     Err(e) => {
//!         // Should the abort fail too, the service aborts the transaction when it expires.
//!         let _ = client.abort_transaction(&txn).await;
//!         return Err(e);
//!     }
//! }
//! # Ok(()) }
//! ```

use crate::client::Client;
use crate::error::{Error, Result};
use crate::model::PrimaryKey;
use ots_proto::action::Action;
use ots_proto::pb::table_store as pb;
use ots_proto::plainbuffer;

/// Starts a local transaction on the rows of one table that share one partition-key value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StartLocalTransactionRequest {
    /// Table name.
    pub table: String,
    /// The partition-key value the transaction covers: a key holding only the table's first
    /// primary-key column, e.g. `PrimaryKey::new().with("user", "u1")`.
    pub partition_key: PrimaryKey,
}

impl StartLocalTransactionRequest {
    /// A transaction on the rows of `table` whose first primary-key column has the value
    /// `partition_key` holds. The key must hold that one column and no other (checked when the
    /// request is sent).
    pub fn new(table: impl Into<String>, partition_key: PrimaryKey) -> Self {
        Self {
            table: table.into(),
            partition_key,
        }
    }

    /// The message to send; refuses a key that does not hold exactly one column.
    pub(crate) fn to_pb(&self) -> Result<pb::StartLocalTransactionRequest> {
        let n = self.partition_key.len();
        if n != 1 {
            return Err(Error::construction(format!(
                "a local transaction is started on the partition key alone (the table's first \
                 primary-key column): the key must hold exactly one column, not {n}"
            ))
            .with_table(self.table.as_str())
            .with_primary_key(self.partition_key.clone()));
        }
        Ok(pb::StartLocalTransactionRequest {
            table_name: self.table.clone(),
            key: plainbuffer::encode_primary_key(&self.partition_key),
        })
    }
}

/// The result of [`Client::start_local_transaction`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StartLocalTransactionOutput {
    /// The transaction's id: pass it to `.transaction_id(..)` of the requests that belong to
    /// the transaction, then to [`Client::commit_transaction`] or
    /// [`Client::abort_transaction`].
    pub transaction_id: String,
}

impl Client {
    /// Starts a local transaction and answers its id. The transaction locks the partition-key
    /// value until it is committed, aborted, or expires after 60 seconds; see
    /// [`crate::ops::transaction`] for what belongs to it. Reads through
    /// [`BatchGetRowRequest`](crate::ops::batch::BatchGetRowRequest) cannot: the protocol's
    /// BatchGetRow has no transaction field.
    ///
    /// # Errors
    /// A construction error, before anything is sent, when the key does not hold exactly one
    /// column. `OTSRowOperationConflict` ([`Error::is_row_locked`]) when another transaction
    /// or request holds the value; the default retry policy does not retry it (the lock may
    /// last up to 60 seconds: waiting is the caller's decision). `OTSParameterInvalid` when the
    /// table does not allow local transactions or the key does not fit the table, other
    /// service errors, transport errors. After a timeout or another failure with
    /// [`Error::request_may_have_been_sent`], a transaction may have been started all the same:
    /// its id is lost and it holds the lock until it expires.
    pub async fn start_local_transaction(
        &self,
        request: StartLocalTransactionRequest,
    ) -> Result<StartLocalTransactionOutput> {
        let message = request.to_pb()?;
        let resp: pb::StartLocalTransactionResponse = self
            .call(Action::StartLocalTransaction, &request.table, &message, false)
            .await
            .map_err(|e| e.with_primary_key(request.partition_key.clone()))?;
        if resp.transaction_id.is_empty() {
            return Err(
                Error::response("the StartLocalTransaction answer carries no transaction id")
                    .with_table(request.table)
                    .with_primary_key(request.partition_key),
            );
        }
        Ok(StartLocalTransactionOutput {
            transaction_id: resp.transaction_id,
        })
    }

    /// Commits a local transaction: every write that carried its id becomes visible at once.
    ///
    /// # Errors
    /// `OTSSessionNotExist` ([`Error::is_transaction_gone`]) when the transaction was already
    /// committed, aborted, or expired (a transaction expires 60 seconds after it started);
    /// `OTSParameterInvalid` for an empty or malformed id; other service errors, transport
    /// errors. A commit is not retried once the service may have seen it: after a timeout or
    /// another failure with [`Error::request_may_have_been_sent`], the transaction may or may
    /// not have been committed (read the rows to find out; committing again answers
    /// `OTSSessionNotExist` either way).
    pub async fn commit_transaction(&self, transaction_id: &str) -> Result<()> {
        let request = pb::CommitTransactionRequest {
            transaction_id: transaction_id.to_owned(),
        };
        let _: pb::CommitTransactionResponse =
            self.call(Action::CommitTransaction, "", &request, false).await?;
        Ok(())
    }

    /// Aborts a local transaction: every write that carried its id is discarded, and the
    /// partition-key value is unlocked.
    ///
    /// # Errors
    /// `OTSSessionNotExist` ([`Error::is_transaction_gone`]) when the transaction was already
    /// committed, aborted, or expired: nothing is left to discard then, but a committed
    /// transaction stays committed. `OTSParameterInvalid` for an empty or malformed id; other
    /// service errors, transport errors. An abort is not retried once the service may have
    /// seen it (a retry after an abort that did happen would answer `OTSSessionNotExist`); a
    /// transaction whose abort failed is aborted by the service when it expires.
    pub async fn abort_transaction(&self, transaction_id: &str) -> Result<()> {
        let request = pb::AbortTransactionRequest {
            transaction_id: transaction_id.to_owned(),
        };
        let _: pb::AbortTransactionResponse =
            self.call(Action::AbortTransaction, "", &request, false).await?;
        Ok(())
    }
}

/// Adds the `transaction_id` setter to requests that can run inside a local transaction. The
/// literal is the first paragraph of the setter's doc.
macro_rules! transaction_id_setter {
    ($($ty:ty),+; $doc:literal) => {$(
        impl $ty {
            #[doc = $doc]
            ///
            /// The id comes from
            /// [`Client::start_local_transaction`](crate::Client::start_local_transaction)
            /// (see [`ops::transaction`](crate::ops::transaction)).
            #[must_use]
            pub fn transaction_id(mut self, id: impl Into<String>) -> Self {
                self.transaction_id = Some(id.into());
                self
            }
        }
    )+};
}
pub(crate) use transaction_id_setter;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn start_encodes_the_partition_key_alone() {
        let key = PrimaryKey::new().with("user", "u1");
        let message = StartLocalTransactionRequest::new("orders", key.clone())
            .to_pb()
            .unwrap();
        assert_eq!(message.table_name, "orders");
        assert_eq!(message.key, plainbuffer::encode_primary_key(&key));
    }

    #[test]
    fn start_refuses_a_key_without_exactly_one_column() {
        for key in [
            PrimaryKey::new(),
            PrimaryKey::new().with("user", "u1").with("order", 1),
        ] {
            let n = key.len();
            let e = StartLocalTransactionRequest::new("orders", key.clone())
                .to_pb()
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Construction);
            assert_eq!(e.table(), Some("orders"));
            assert_eq!(e.primary_key(), Some(&key));
            assert!(!e.request_may_have_been_sent());
            assert!(e.message().contains(&format!("not {n}")), "{e}");
            assert!(e.to_string().contains("\"orders\""), "{e}");
        }
    }
}
