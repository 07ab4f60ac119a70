//! Service errors: the code, HTTP status and message the real service would answer with.

pub use ots_proto::error_code::ErrorCode;
use std::fmt;

/// An error as the service reports it: HTTP status, error code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// HTTP status code.
    pub status: u16,
    /// Error code, e.g. [`ErrorCode::ParameterInvalid`].
    pub code: ErrorCode,
    /// Human-readable message.
    pub message: String,
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status, self.code, self.message)
    }
}

impl std::error::Error for ServiceError {}

impl ServiceError {
    /// An error with the HTTP status the service answers `code` with.
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status: code.http_status().unwrap_or(500),
            code,
            message: message.into(),
        }
    }

    /// 400 OTSParameterInvalid.
    pub fn param(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ParameterInvalid, message)
    }

    /// 400 OTSInvalidPK.
    pub fn invalid_pk(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidPk, message)
    }

    /// 403 OTSAuthFailed.
    pub fn auth(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::AuthFailed, message)
    }

    /// 404 OTSObjectNotExist for a table.
    pub fn table_not_found() -> Self {
        Self::new(ErrorCode::ObjectNotExist, "Requested table does not exist.")
    }

    /// 409 OTSObjectAlreadyExist for a table.
    pub fn table_exists() -> Self {
        Self::new(ErrorCode::ObjectAlreadyExist, "Requested table already exists.")
    }

    /// 404 OTSObjectNotExist for a search index (the code the Go SDK's tests expect when
    /// deleting a missing index; the message is ours).
    pub fn search_index_not_found(table: &str, index: &str) -> Self {
        Self::new(
            ErrorCode::ObjectNotExist,
            format!("Search index [{index}] of table [{table}] does not exist."),
        )
    }

    /// What Search, ComputeSplits and ParallelScan answer for a table that does not exist:
    /// 400 OTSParameterInvalid (Python SDK `test_compute_splits_with_tablename_is_not_exist`,
    /// against the service), unlike the 404 of the management calls.
    pub fn queried_table_missing(table: &str) -> Self {
        Self::new(
            ErrorCode::ParameterInvalid,
            format!("table [{table}] does not exist"),
        )
    }

    /// What Search, ComputeSplits and ParallelScan answer for a search index that does not
    /// exist: 400 OTSMetaNotMatch (Python SDK `test_compute_splits_with_indexname_is_not_eixt`,
    /// message exact).
    pub fn queried_index_missing(index: &str) -> Self {
        Self::new(
            ErrorCode::MetaNotMatch,
            format!("search index [{index}] does not exist"),
        )
    }

    /// 409 OTSObjectAlreadyExist for a search index.
    pub fn search_index_exists(table: &str, index: &str) -> Self {
        Self::new(
            ErrorCode::ObjectAlreadyExist,
            format!("Search index [{index}] of table [{table}] already exists."),
        )
    }

    /// 409 OTSObjectAlreadyExist: a secondary index name taken by a table or an index.
    pub fn index_exists(index: &str) -> Self {
        Self::new(
            ErrorCode::ObjectAlreadyExist,
            format!("Index [{index}] already exists."),
        )
    }

    /// 404 OTSObjectNotExist: DropIndex of an index the table does not have.
    pub fn index_not_found(table: &str, index: &str) -> Self {
        Self::new(
            ErrorCode::ObjectNotExist,
            format!("Index [{index}] of table [{table}] does not exist."),
        )
    }

    /// 400 OTSParameterInvalid: a write addressed to a secondary index, whose rows change only
    /// with its table's.
    pub fn index_write(index: &str) -> Self {
        Self::param(format!(
            "Index table [{index}] cannot be written directly; write to its main table."
        ))
    }

    /// 400 OTSSessionExpired (a parallel scan session).
    pub fn session_expired(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::SessionExpired, message)
    }

    /// 409 OTSRowOperationConflict: a plain write to a partition a local transaction holds.
    pub fn row_locked() -> Self {
        Self::new(
            ErrorCode::RowOperationConflict,
            "Data is being modified by the other request.",
        )
    }

    /// 409 OTSRowOperationConflict: StartLocalTransaction on a partition another transaction
    /// holds.
    pub fn txn_lock_taken() -> Self {
        Self::new(
            ErrorCode::RowOperationConflict,
            "Transaction timeout because cannot acquire exclusive lock.",
        )
    }

    /// 400 OTSDataOutOfRange: a request in a transaction reaches another partition (the
    /// service's message, from the Elixir SDK's tests against it).
    pub fn outside_transaction(held: &str, found: &str) -> Self {
        Self::new(
            ErrorCode::DataOutOfRange,
            format!("Data out of scope of transaction. Transaction PartKey:{held}. Data PartKey:{found}"),
        )
    }

    /// 400 OTSParameterInvalid for an empty or malformed transaction id.
    pub fn txn_id_invalid() -> Self {
        Self::param("TransactionID is invalid.")
    }

    /// OTSSessionNotExist: the transaction was committed, aborted or expired, or never was.
    pub fn txn_not_found() -> Self {
        Self::new(ErrorCode::SessionNotExist, "Session not exist or may be timeout.")
    }

    /// 403 OTSConditionCheckFail.
    pub fn condition_failed() -> Self {
        Self::new(ErrorCode::ConditionCheckFail, "Condition check failed.")
    }

    /// 405 OTSMethodNotAllowed.
    pub fn method_not_allowed() -> Self {
        Self::new(
            ErrorCode::MethodNotAllowed,
            "Only POST method for requests is supported.",
        )
    }

    /// 413 OTSRequestBodyTooLarge.
    pub fn body_too_large() -> Self {
        Self::new(
            ErrorCode::RequestBodyTooLarge,
            "The size of POST data is too large.",
        )
    }

    /// 408 OTSRequestTimeout: the request body stopped arriving.
    pub fn request_timeout() -> Self {
        Self::new(ErrorCode::RequestTimeout, "Request timeout.")
    }

    /// 403 OTSQuotaExhausted (table count).
    pub fn table_quota() -> Self {
        Self::new(ErrorCode::QuotaExhausted, "Number of tables exceeded the quota.")
    }

    /// 400 OTSParameterInvalid for too many attribute columns in one write (the code and message
    /// the service answers with in its SDKs' tests).
    pub fn column_count(limit: usize, count: usize) -> Self {
        Self::param(format!(
            "The number of attribute columns exceeds the limit, limit count: {limit}, column count: {count}."
        ))
    }

    /// 400 OTSUnsupportOperation for an unknown action path.
    pub fn unsupported_action(action: &str) -> Self {
        Self::new(
            ErrorCode::UnsupportOperation,
            format!("Unsupported operation: '{action}'."),
        )
    }

    /// 400 OTSUnsupportOperation for a feature ots-local does not serve yet.
    pub fn unsupported_feature(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::UnsupportOperation, message)
    }

    /// 500 OTSInternalServerError.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InternalServerError, message)
    }
}

impl ServiceError {
    /// The `Error` message the service answers with (an error response's body, or a failed
    /// row inside a batch answer).
    pub fn to_pb(&self) -> ots_proto::pb::table_store::Error {
        ots_proto::pb::table_store::Error {
            code: self.code.as_str().to_owned(),
            message: Some(self.message.clone()),
        }
    }
}

impl From<crate::storage::StorageError> for ServiceError {
    fn from(e: crate::storage::StorageError) -> Self {
        use crate::storage::StorageError;
        match e {
            StorageError::NotFound => Self::table_not_found(),
            StorageError::AlreadyExists => Self::table_exists(),
            StorageError::QuotaReached => Self::table_quota(),
        }
    }
}

/// Shorthand for service results.
pub type ServiceResult<T> = Result<T, ServiceError>;
