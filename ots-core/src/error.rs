//! The client's error type.

use crate::model::PrimaryKey;
pub use ots_proto::error_code::{ErrorCode, RetryClass};
use std::fmt;

/// How far a request got before it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request was invalid before anything was sent (bad argument, client limit).
    Construction,
    /// Credentials were missing or unusable.
    Credentials,
    /// The request could not be sent or the connection broke.
    Dispatch,
    /// No answer in time.
    Timeout,
    /// The service answered with an error.
    Service,
    /// The service's answer could not be read or verified, or did not fit the expected shape.
    Response,
    /// A row could not be mapped to or from a model: wrong type, missing column, overflow.
    Mapping,
    /// An optimistic-locking write found a newer version than the one it was based on.
    Stale,
    /// A write that needs an existing row (an update, a conditional delete) found none.
    RowMissing,
    /// A sequence's next number would pass its maximum; nothing was stored.
    Exhausted,
}

/// Everything that can go wrong in a call. Dependency errors stay behind [`std::error::Error::source`].
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    code: Option<ErrorCode>,
    message: String,
    request_id: Option<String>,
    http_status: Option<u16>,
    table: Option<String>,
    primary_key: Option<PrimaryKey>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
    request_sent: bool,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                code: None,
                message: message.into(),
                request_id: None,
                http_status: None,
                table: None,
                primary_key: None,
                source: None,
                request_sent: !matches!(
                    kind,
                    ErrorKind::Construction | ErrorKind::Credentials | ErrorKind::Mapping
                ),
            }),
        }
    }

    /// An invalid request, refused before anything was sent (a bad argument, a client limit).
    pub fn construction(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Construction, message)
    }

    /// An answer that could not be read or did not have the expected shape.
    pub fn response(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Response, message)
    }

    /// Credentials that could not be had or were unusable ([`ErrorKind::Credentials`]), for
    /// [`CredentialsProvider`](crate::CredentialsProvider) implementations and the fetch
    /// functions of [`RefreshingCredentials`](crate::RefreshingCredentials).
    pub fn credentials(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Credentials, message)
    }

    /// A mapping error naming the table, the column, what was expected and what was found.
    pub fn mapping(table: &str, column: &str, expected: &str, found: &str) -> Self {
        Self::new(
            ErrorKind::Mapping,
            format!("table {table:?}, column {column:?}: expected {expected}, found {found}"),
        )
        .with_table(table)
    }

    /// A stale optimistic-locking write: the row `key` of `table` no longer has
    /// `expected_version`.
    pub fn stale(table: &str, key: &str, expected_version: i64) -> Self {
        Self::new(
            ErrorKind::Stale,
            format!("table {table:?}, row {key}: the stored version is no longer {expected_version}; reload and retry"),
        )
        .with_table(table)
    }

    /// A write that needs row `key` of `table` found none.
    pub fn row_missing(table: &str, key: PrimaryKey) -> Self {
        Self::new(
            ErrorKind::RowMissing,
            format!("table {table:?}, row {key}: no such row"),
        )
        .with_table(table)
        .with_primary_key(key)
    }

    /// This error (a failed existence condition) as a missing row: what the typed layer
    /// reports when an update or conditional delete finds no row. Keeps the request id and the
    /// service's error as the [`std::error::Error::source`].
    #[must_use]
    pub fn into_row_missing(self, table: &str, key: PrimaryKey) -> Self {
        let request_id = self.inner.request_id.clone();
        Self::row_missing(table, key)
            .with_request_id(request_id)
            .with_source(self)
    }

    /// This error (a failed version condition) as a stale write of row `key` of `table`: what
    /// a versioned write reports. Keeps the request id, names the row, and keeps the service's
    /// error as the [`std::error::Error::source`].
    #[must_use]
    pub fn into_stale(self, table: &str, key: PrimaryKey, expected_version: i64) -> Self {
        let request_id = self.inner.request_id.clone();
        Self::stale(table, &key.to_string(), expected_version)
            .with_primary_key(key)
            .with_request_id(request_id)
            .with_source(self)
    }

    /// A service error with `code`, as the service would answer it (the code's HTTP status,
    /// no request id). For fakes and tests of code that matches on errors:
    /// `Error::service(ErrorCode::ConditionCheckFail, "Condition check failed.")` answers
    /// `is_condition_failed()`.
    pub fn service(code: ErrorCode, message: impl Into<String>) -> Self {
        let mut e = Self::new(ErrorKind::Service, message);
        e.inner.http_status = code.http_status();
        e.inner.code = Some(code);
        e
    }

    /// The table this error concerns (what [`Error::table`] answers), unless it already names
    /// one.
    #[must_use]
    pub fn with_table(mut self, table: impl Into<String>) -> Self {
        if self.inner.table.is_none() {
            self.inner.table = Some(table.into());
        }
        self
    }

    /// The row this error concerns (what [`Error::primary_key`] answers), unless it already
    /// names one.
    #[must_use]
    pub fn with_primary_key(mut self, primary_key: PrimaryKey) -> Self {
        if self.inner.primary_key.is_none() {
            self.inner.primary_key = Some(primary_key);
        }
        self
    }

    pub(crate) fn from_answer(status: u16, code: &str, message: String, request_id: Option<String>) -> Self {
        let mut e = Self::new(ErrorKind::Service, message);
        e.inner.code = Some(ErrorCode::parse(code));
        e.inner.http_status = Some(status);
        e.inner.request_id = request_id;
        e
    }

    /// An error status whose body is not a service error message.
    pub(crate) fn http(status: u16, request_id: Option<String>) -> Self {
        let mut e = Self::new(
            ErrorKind::Service,
            format!("HTTP status {status} without a readable error body"),
        );
        e.inner.http_status = Some(status);
        e.inner.request_id = request_id;
        e
    }

    /// A per-row error from a batch response.
    pub(crate) fn row(code: &str, message: String) -> Self {
        let mut e = Self::new(ErrorKind::Service, message);
        e.inner.code = Some(ErrorCode::parse(code));
        e
    }

    /// The same failure without its source, to report on each row of a failed batch chunk.
    pub(crate) fn copy_for_row(&self) -> Self {
        let mut e = Self::new(self.inner.kind, self.inner.message.clone());
        e.inner.code = self.inner.code.clone();
        e.inner.http_status = self.inner.http_status;
        e.inner.request_id = self.inner.request_id.clone();
        e.inner.table = self.inner.table.clone();
        e.inner.primary_key = self.inner.primary_key.clone();
        e.inner.request_sent = self.inner.request_sent;
        e
    }

    pub(crate) fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.inner.source = Some(Box::new(source));
        self
    }

    pub(crate) fn with_request_id(mut self, id: Option<String>) -> Self {
        if self.inner.request_id.is_none() {
            self.inner.request_id = id;
        }
        self
    }

    pub(crate) fn not_sent(mut self) -> Self {
        self.inner.request_sent = false;
        self
    }

    /// How far the request got.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The service's error code, for service errors (`ErrorCode::ConditionCheckFail`, ...;
    /// compare with a string through `ErrorCode::as_str` or `==`).
    pub fn code(&self) -> Option<&ErrorCode> {
        self.inner.code.as_ref()
    }

    /// The message (the service's own for service errors).
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The request id the service assigned, when it answered.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// The table the failed call or row concerned, when it had one.
    pub fn table(&self) -> Option<&str> {
        self.inner.table.as_deref()
    }

    /// The primary key of the row the error concerns, when the call had one (single-row
    /// operations, rows of a batch, a row that could not be mapped to a model).
    pub fn primary_key(&self) -> Option<&PrimaryKey> {
        self.inner.primary_key.as_ref()
    }

    /// The HTTP status of the answer, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        self.inner.http_status
    }

    /// False when the request certainly never reached the service (safe to retry any call).
    pub fn request_may_have_been_sent(&self) -> bool {
        self.inner.request_sent
    }

    /// The row's condition did not hold (`OTSConditionCheckFail`).
    pub fn is_condition_failed(&self) -> bool {
        self.code() == Some(&ErrorCode::ConditionCheckFail)
    }

    /// The table (or other object) does not exist (`OTSObjectNotExist`).
    pub fn is_not_found(&self) -> bool {
        self.code() == Some(&ErrorCode::ObjectNotExist)
    }

    /// The object already exists (`OTSObjectAlreadyExist`).
    pub fn is_already_exists(&self) -> bool {
        self.code() == Some(&ErrorCode::ObjectAlreadyExist)
    }

    /// The row is locked (`OTSRowOperationConflict`): a local transaction holds its
    /// partition-key value, or another request is changing it. A write without the
    /// transaction's id meets this while the transaction runs, and so does a
    /// [`Client::start_local_transaction`](crate::Client::start_local_transaction) on a value
    /// another transaction holds. The default retry policy retries it for ordinary calls, but
    /// not for a transaction start: a transaction's lock lasts up to 60 seconds, and whether to
    /// wait that long is the caller's decision.
    pub fn is_row_locked(&self) -> bool {
        self.code() == Some(&ErrorCode::RowOperationConflict)
    }

    /// The local transaction no longer exists (`OTSSessionNotExist`): it was committed or
    /// aborted already, or expired (60 seconds after it started). Commit and abort answer this,
    /// including an abort repeated after one that did abort. The transaction's writes were
    /// applied only if it was committed; this error does not say whether it was.
    pub fn is_transaction_gone(&self) -> bool {
        self.code() == Some(&ErrorCode::SessionNotExist)
    }

    /// A sequence event reached its maximum ([`ErrorKind::Exhausted`]): its next number would
    /// pass it, and nothing was stored.
    pub fn is_exhausted(&self) -> bool {
        self.inner.kind == ErrorKind::Exhausted
    }

    /// An optimistic-locking write lost to a concurrent one ([`ErrorKind::Stale`]).
    pub fn is_stale(&self) -> bool {
        self.inner.kind == ErrorKind::Stale
    }

    /// A write that needs an existing row found none ([`ErrorKind::RowMissing`]): an update
    /// or a versioned write of a row that is not there.
    pub fn is_row_missing(&self) -> bool {
        self.inner.kind == ErrorKind::RowMissing
    }

    /// A row could not be turned into the model, or a model into a row ([`ErrorKind::Mapping`]):
    /// a missing or mistyped column, a value out of range.
    pub fn is_mapping(&self) -> bool {
        self.inner.kind == ErrorKind::Mapping
    }

    /// Authentication failed (`OTSAuthFailed`).
    pub fn is_auth_failed(&self) -> bool {
        self.code() == Some(&ErrorCode::AuthFailed)
    }

    /// The service refused a parameter (`OTSParameterInvalid` / `OTSInvalidPK`).
    pub fn is_invalid_parameter(&self) -> bool {
        matches!(
            self.code(),
            Some(ErrorCode::ParameterInvalid | ErrorCode::InvalidPk)
        )
    }

    /// Whether retrying the same call may succeed, whatever the operation. Throttling and
    /// transient conflicts are; errors that may follow a partly applied write are not (see
    /// [`crate::retry`] for the idempotent-only cases).
    pub fn is_retryable(&self) -> bool {
        match self.code() {
            Some(code) => matches!(
                code.retry_class(self.message()),
                RetryClass::Throttled | RetryClass::Transient
            ),
            None => self.inner.kind == ErrorKind::Dispatch && !self.inner.request_sent,
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.inner.kind);
        if let Some(c) = &self.inner.code {
            d.field("code", c);
        }
        d.field("message", &self.inner.message);
        if let Some(s) = self.inner.http_status {
            d.field("http_status", &s);
        }
        if let Some(r) = &self.inner.request_id {
            d.field("request_id", r);
        }
        if let Some(t) = &self.inner.table {
            d.field("table", t);
        }
        if let Some(k) = &self.inner.primary_key {
            d.field("primary_key", k);
        }
        if let Some(s) = &self.inner.source {
            d.field("source", s);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.inner.code, self.inner.http_status) {
            (Some(code), Some(status)) => write!(f, "{code} (HTTP {status}): {}", self.inner.message)?,
            (Some(code), None) => write!(f, "{code}: {}", self.inner.message)?,
            _ => f.write_str(&self.inner.message)?,
        }
        match (&self.inner.table, &self.inner.primary_key) {
            // Stale and missing-row messages name their table and row.
            _ if matches!(self.inner.kind, ErrorKind::Stale | ErrorKind::RowMissing) => {}
            // Mapping messages name their table.
            _ if self.inner.kind == ErrorKind::Mapping => {
                if let Some(k) = &self.inner.primary_key {
                    write!(f, " (row {k})")?;
                }
            }
            (Some(t), Some(k)) => write!(f, " (table {t:?}, row {k})")?,
            (Some(t), None) => write!(f, " (table {t:?})")?,
            (None, Some(k)) => write!(f, " (row {k})")?,
            (None, None) => {}
        }
        if let Some(id) = &self.inner.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transaction_predicates_follow_the_codes() {
        let locked = Error::service(ErrorCode::RowOperationConflict, "Failed to lock txn key: k");
        let gone = Error::service(ErrorCode::SessionNotExist, "Session not exist or may be timeout.");
        assert!(locked.is_row_locked() && !locked.is_transaction_gone());
        assert!(gone.is_transaction_gone() && !gone.is_row_locked());
        assert_eq!(gone.http_status(), Some(404));
        assert!(!gone.is_retryable());
        let answered = Error::from_answer(409, "OTSRowOperationConflict", "m".into(), None);
        assert!(answered.is_row_locked());
        let other = Error::service(ErrorCode::ConditionCheckFail, "Condition check failed.");
        assert!(!other.is_row_locked() && !other.is_transaction_gone());
    }
}
