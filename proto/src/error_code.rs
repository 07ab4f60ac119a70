//! The service's error codes: one vocabulary for the client (retry decisions, predicates) and
//! ots-local (what it answers with). Codes and statuses as the protocol notes record them.

use std::fmt;

/// Whether an error is worth another attempt of the same call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryClass {
    /// The request was refused as it is: repeating it cannot help.
    Never,
    /// The service was busy or throttled the call and did not apply it: retry any operation,
    /// with the longer backoff.
    Throttled,
    /// A transient conflict or an unavailable partition; the call was not applied: retry any
    /// operation.
    Transient,
    /// The service failed while handling the call, which may have been applied: retry only an
    /// idempotent operation.
    IdempotentOnly,
}

macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal, $status:expr, $retry:ident;)*) => {
        /// An error code the service answers with.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
            /// A code this crate does not know, as the service sent it.
            Other(String),
        }

        impl ErrorCode {
            /// The code as the service spells it (`OTSConditionCheckFail`, ...).
            pub fn as_str(&self) -> &str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                    ErrorCode::Other(code) => code,
                }
            }

            /// The code a string names (unknown codes are kept as [`ErrorCode::Other`]).
            pub fn parse(code: &str) -> Self {
                match code {
                    $($code => ErrorCode::$variant,)*
                    other => ErrorCode::Other(other.to_owned()),
                }
            }

            /// The HTTP status the service answers this code with, when it is known.
            pub fn http_status(&self) -> Option<u16> {
                match self {
                    $(ErrorCode::$variant => $status,)*
                    ErrorCode::Other(_) => None,
                }
            }

            fn class(&self) -> RetryClass {
                match self {
                    $(ErrorCode::$variant => RetryClass::$retry,)*
                    ErrorCode::Other(_) => RetryClass::Never,
                }
            }
        }
    };
}

error_codes! {
    /// The request's signature, date, key or instance did not check out.
    AuthFailed = "OTSAuthFailed", Some(403), Never;
    /// The key may not access the resource.
    NoPermissionAccess = "OTSNoPermissionAccess", Some(403), Never;
    /// The request body is over 5 MB.
    RequestBodyTooLarge = "OTSRequestBodyTooLarge", Some(413), Never;
    /// The request body stopped arriving.
    RequestTimeout = "OTSRequestTimeout", Some(408), Never;
    /// Only POST is served.
    MethodNotAllowed = "OTSMethodNotAllowed", Some(405), Never;
    /// A parameter is invalid.
    ParameterInvalid = "OTSParameterInvalid", Some(400), Never;
    /// A primary key does not fit the table's schema.
    InvalidPk = "OTSInvalidPK", Some(400), Never;
    /// A search index or meta does not match.
    MetaNotMatch = "OTSMetaNotMatch", Some(400), Never;
    /// A parallel scan session expired.
    SessionExpired = "OTSSessionExpired", Some(400), Never;
    /// A transaction or session does not exist (or timed out).
    SessionNotExist = "OTSSessionNotExist", Some(404), Never;
    /// A request in a local transaction touches data outside its partition.
    DataOutOfRange = "OTSDataOutOfRange", Some(400), Never;
    /// The table (or other object) does not exist.
    ObjectNotExist = "OTSObjectNotExist", Some(404), Never;
    /// The object already exists.
    ObjectAlreadyExist = "OTSObjectAlreadyExist", Some(409), Never;
    /// The write's condition did not hold.
    ConditionCheckFail = "OTSConditionCheckFail", Some(403), Never;
    /// A row was locked by another request.
    RowOperationConflict = "OTSRowOperationConflict", Some(409), Transient;
    /// A quota is exhausted (only "Too frequent table operations." is worth a retry).
    QuotaExhausted = "OTSQuotaExhausted", Some(403), Never;
    /// Reserved throughput changed too recently.
    TooFrequentReservedThroughputAdjustment = "OTSTooFrequentReservedThroughputAdjustment", Some(403), Never;
    /// Too many columns in one write.
    OutOfColumnCountLimit = "OTSOutOfColumnCountLimit", Some(400), Never;
    /// The row is too large.
    OutOfRowSizeLimit = "OTSOutOfRowSizeLimit", Some(400), Never;
    /// The table is still being loaded.
    TableNotReady = "OTSTableNotReady", Some(404), Transient;
    /// The service failed.
    InternalServerError = "OTSInternalServerError", Some(500), IdempotentOnly;
    /// A partition is unavailable.
    PartitionUnavailable = "OTSPartitionUnavailable", Some(503), Transient;
    /// The service is unavailable.
    ServerUnavailable = "OTSServerUnavailable", Some(503), IdempotentOnly;
    /// The service is busy.
    ServerBusy = "OTSServerBusy", Some(503), Throttled;
    /// The operation timed out inside the service.
    Timeout = "OTSTimeout", Some(503), IdempotentOnly;
    /// The table's capacity is exhausted for now.
    NotEnoughCapacityUnit = "OTSNotEnoughCapacityUnit", Some(403), Throttled;
    /// A conflicting operation is in progress.
    OperationConflict = "OTSOperationConflict", None, Transient;
    /// The operation was throttled.
    OperationThrottled = "OTSOperationThrottled", None, Throttled;
    /// The storage servers are busy.
    StorageServerBusy = "OTSStorageServerBusy", None, Transient;
    /// The action (or a feature it needs) is not served.
    UnsupportOperation = "OTSUnsupportOperation", Some(400), Never;
}

impl ErrorCode {
    /// Whether repeating the call may succeed; `message` matters for the one code whose
    /// meaning depends on it (`OTSQuotaExhausted`: only "Too frequent table operations.").
    pub fn retry_class(&self, message: &str) -> RetryClass {
        match self {
            ErrorCode::QuotaExhausted if message == "Too frequent table operations." => RetryClass::Throttled,
            other => other.class(),
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for ErrorCode {
    fn from(code: &str) -> Self {
        ErrorCode::parse(code)
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_ones_are_kept() {
        for code in [
            "OTSConditionCheckFail",
            "OTSInvalidPK",
            "OTSServerBusy",
            "OTSUnsupportOperation",
        ] {
            assert_eq!(ErrorCode::parse(code).as_str(), code);
            assert!(!matches!(ErrorCode::parse(code), ErrorCode::Other(_)));
        }
        assert_eq!(ErrorCode::parse("OTSNew"), ErrorCode::Other("OTSNew".into()));
        assert_eq!(ErrorCode::ObjectNotExist.http_status(), Some(404));
        assert_eq!(ErrorCode::InvalidPk, "OTSInvalidPK");
    }

    #[test]
    fn retry_classes() {
        assert_eq!(ErrorCode::ServerBusy.retry_class(""), RetryClass::Throttled);
        assert_eq!(
            ErrorCode::RowOperationConflict.retry_class(""),
            RetryClass::Transient
        );
        assert_eq!(
            ErrorCode::InternalServerError.retry_class(""),
            RetryClass::IdempotentOnly
        );
        assert_eq!(ErrorCode::ConditionCheckFail.retry_class(""), RetryClass::Never);
        assert_eq!(
            ErrorCode::QuotaExhausted.retry_class("Number of tables exceeded the quota."),
            RetryClass::Never
        );
        assert_eq!(
            ErrorCode::QuotaExhausted.retry_class("Too frequent table operations."),
            RetryClass::Throttled
        );
        assert_eq!(
            ErrorCode::Other("OTSNew".into()).retry_class(""),
            RetryClass::Never
        );
    }
}
