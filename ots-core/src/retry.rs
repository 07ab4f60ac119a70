//! Retry decisions: which failures are worth another attempt, and how long to wait.
//!
//! A failure is retried when the error code says the service was busy or a row was briefly
//! locked (any operation), or when the operation is idempotent (reads, table descriptions) and
//! the failure was a timeout, a server error or a broken connection. A write whose outcome is
//! unknown is never retried: it may already have been applied.
//!
//! One exception to "a locked row is retried": [`DefaultRetryPolicy`] does not retry a
//! StartLocalTransaction that found its partition-key value locked. The lock may be another
//! transaction's, held for up to 60 seconds; waiting that long is the caller's decision.

use crate::error::{Error, ErrorCode, ErrorKind, RetryClass};
pub use ots_proto::action::Action;
use std::fmt;
use std::time::Duration;

/// What a policy sees when a call fails.
#[derive(Debug)]
#[non_exhaustive]
pub struct RetryContext<'a> {
    /// The operation.
    pub action: Action,
    /// How many attempts have failed so far (1 after the first failure).
    pub attempt: u32,
    /// Time since the first attempt started.
    pub elapsed: Duration,
    /// The failure.
    pub error: &'a Error,
    /// Whether repeating the operation cannot change the outcome.
    pub idempotent: bool,
}

/// Decides whether and when to retry a failed call.
pub trait RetryPolicy: Send + Sync + fmt::Debug {
    /// The delay before the next attempt, or `None` to give up and return the error.
    fn retry_after(&self, ctx: &RetryContext<'_>) -> Option<Duration>;
}

fn is_throttling(error: &Error) -> bool {
    error
        .code()
        .is_some_and(|c| c.retry_class(error.message()) == RetryClass::Throttled)
}

/// A transaction start that found its partition-key value locked: not retried by the default
/// policy, because the lock may be held for up to 60 seconds.
fn is_transaction_lock_wait(ctx: &RetryContext<'_>) -> bool {
    ctx.action == Action::StartLocalTransaction && ctx.error.code() == Some(&ErrorCode::RowOperationConflict)
}

/// Whether `error` may be retried, given the operation's idempotency.
pub fn is_retryable(error: &Error, idempotent: bool) -> bool {
    if error.kind() == ErrorKind::Dispatch && !error.request_may_have_been_sent() {
        return true;
    }
    let server_error = matches!(error.http_status(), Some(500 | 502 | 503));
    match (error.kind(), error.code()) {
        (ErrorKind::Service, Some(code)) => match code.retry_class(error.message()) {
            RetryClass::Throttled | RetryClass::Transient => true,
            RetryClass::IdempotentOnly => idempotent,
            _ => idempotent && server_error,
        },
        (ErrorKind::Service, None) => idempotent && server_error,
        (ErrorKind::Dispatch | ErrorKind::Timeout, _) => idempotent,
        _ => false,
    }
}

/// Exponential backoff with jitter, bounded by a retry count and a deadline.
#[derive(Debug, Clone)]
pub struct DefaultRetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    throttled_base_delay: Duration,
    max_delay: Duration,
    deadline: Duration,
}

impl Default for DefaultRetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 10,
            base_delay: Duration::from_millis(20),
            throttled_base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(2),
            deadline: Duration::from_secs(20),
        }
    }
}

impl DefaultRetryPolicy {
    /// A policy that never retries.
    pub fn disabled() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Most retries after the first attempt (default 10).
    #[must_use]
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// First delay for ordinary failures (default 20 ms); doubles each retry.
    #[must_use]
    pub fn base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// First delay when the service is throttling (default 200 ms).
    #[must_use]
    pub fn throttled_base_delay(mut self, d: Duration) -> Self {
        self.throttled_base_delay = d;
        self
    }

    /// Longest single delay (default 2 s).
    #[must_use]
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// No retry starts later than this after the first attempt (default 20 s).
    #[must_use]
    pub fn deadline(mut self, d: Duration) -> Self {
        self.deadline = d;
        self
    }
}

impl RetryPolicy for DefaultRetryPolicy {
    fn retry_after(&self, ctx: &RetryContext<'_>) -> Option<Duration> {
        if ctx.attempt > self.max_retries
            || !is_retryable(ctx.error, ctx.idempotent)
            || is_transaction_lock_wait(ctx)
        {
            return None;
        }
        let base = if is_throttling(ctx.error) {
            self.throttled_base_delay
        } else {
            self.base_delay
        };
        let delay = backoff(base, ctx.attempt.saturating_sub(1), self.max_delay);
        (ctx.elapsed + delay <= self.deadline).then_some(delay)
    }
}

/// The wait before retry number `retry` (0 for the first): `base` doubled each time, at most
/// `max`, with "equal jitter" (uniformly in [limit/2, limit]) so that the retries of many
/// clients spread out while each still waits at least half the backoff.
pub fn backoff(base: Duration, retry: u32, max: Duration) -> Duration {
    let limit = base.saturating_mul(1u32 << retry.min(16)).min(max);
    let half = limit / 2;
    let jitter = Duration::from_nanos(fastrand::u64(
        0..=half.as_nanos().min(u128::from(u64::MAX)) as u64,
    ));
    half + jitter
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(code: &str, status: u16) -> Error {
        Error::from_answer(status, code, "m".to_owned(), None)
    }

    fn ctx<'a>(e: &'a Error, attempt: u32, idempotent: bool) -> RetryContext<'a> {
        RetryContext {
            action: Action::GetRow,
            attempt,
            elapsed: Duration::ZERO,
            error: e,
            idempotent,
        }
    }

    #[test]
    fn decisions_follow_code_and_idempotency() {
        let p = DefaultRetryPolicy::default();
        assert!(p
            .retry_after(&ctx(&svc("OTSServerBusy", 503), 1, false))
            .is_some());
        assert!(p
            .retry_after(&ctx(&svc("OTSInternalServerError", 500), 1, true))
            .is_some());
        assert!(p
            .retry_after(&ctx(&svc("OTSInternalServerError", 500), 1, false))
            .is_none());
        assert!(p
            .retry_after(&ctx(&svc("OTSConditionCheckFail", 403), 1, true))
            .is_none());
        assert!(p
            .retry_after(&ctx(&svc("OTSServerBusy", 503), 11, true))
            .is_none());
        let quota = Error::from_answer(
            403,
            "OTSQuotaExhausted",
            "Too frequent table operations.".into(),
            None,
        );
        assert!(p.retry_after(&ctx(&quota, 1, false)).is_some());
        let dispatch = Error::new(ErrorKind::Dispatch, "reset");
        assert!(p.retry_after(&ctx(&dispatch, 1, false)).is_none());
        assert!(p.retry_after(&ctx(&dispatch.not_sent(), 1, false)).is_some());
        assert!(DefaultRetryPolicy::disabled()
            .retry_after(&ctx(&svc("OTSServerBusy", 503), 1, true))
            .is_none());
    }

    #[test]
    fn a_locked_transaction_start_is_left_to_the_caller() {
        let p = DefaultRetryPolicy::default();
        let conflict = svc("OTSRowOperationConflict", 409);
        let on = |action, error| RetryContext {
            action,
            attempt: 1,
            elapsed: Duration::ZERO,
            error,
            idempotent: false,
        };
        assert!(p
            .retry_after(&on(Action::StartLocalTransaction, &conflict))
            .is_none());
        // Other operations still wait for the lock, and a start still retries what is
        // retriable otherwise.
        for action in [Action::PutRow, Action::CommitTransaction, Action::BatchWriteRow] {
            assert!(p.retry_after(&on(action, &conflict)).is_some(), "{action}");
        }
        let busy = svc("OTSServerBusy", 503);
        assert!(p.retry_after(&on(Action::StartLocalTransaction, &busy)).is_some());
    }

    #[test]
    fn delays_grow_are_capped_and_respect_the_deadline() {
        let p = DefaultRetryPolicy::default().max_delay(Duration::from_millis(100));
        let e = svc("OTSRowOperationConflict", 409);
        for attempt in 1..=10 {
            let d = p.retry_after(&ctx(&e, attempt, true)).unwrap();
            let limit = Duration::from_millis(20 * (1u64 << (attempt - 1))).min(Duration::from_millis(100));
            assert!(d >= limit / 2 && d <= limit, "attempt {attempt}: {d:?}");
        }
        let late = RetryContext {
            action: Action::GetRow,
            attempt: 1,
            elapsed: Duration::from_secs(20),
            error: &e,
            idempotent: true,
        };
        assert!(p.retry_after(&late).is_none());
    }
}
