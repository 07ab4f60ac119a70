//! Credentials fetched by an async function and cached until shortly before they expire.

use super::{Credentials, CredentialsFuture, CredentialsProvider};
use crate::error::{Error, Result};
use std::fmt;
use std::future::Future;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

/// While the cached credentials are still valid, at most one refresh is tried per this
/// interval: a source that is down, or that keeps answering the same soon-to-expire token, is
/// not asked again by every request.
const MIN_REFRESH_INTERVAL: Duration = Duration::from_secs(10);

type FetchFn = dyn Fn() -> CredentialsFuture<'static> + Send + Sync;
type Clock = dyn Fn() -> SystemTime + Send + Sync;

/// Caches the credentials an async function fetches, and fetches new ones when the cached
/// ones come within a margin of their [expiration](Credentials::expiration) (default 5 minutes).
///
/// - One refresh at a time: callers that arrive during a refresh wait for it and share its
///   result (or its error).
/// - When a refresh fails while the cached credentials are still valid, they keep being served
///   (with a `tracing` warning) and the refresh is tried again after a few seconds; once they
///   have expired, the error is returned.
/// - Credentials without an expiration are fetched once and kept.
///
/// ```
/// use ots_core::{Credentials, RefreshingCredentials};
/// use std::time::{Duration, SystemTime};
///
/// let provider = RefreshingCredentials::new(|| async {
///     // Ask your token service here.
///     let expiration = SystemTime::now() + Duration::from_secs(3600);
///     Ok(Credentials::new("STS.id", "secret")
///         .with_security_token("token")
///         .with_expiration(expiration))
/// })
/// .with_refresh_margin(Duration::from_secs(600));
/// # drop(provider);
/// ```
pub struct RefreshingCredentials {
    fetch: Box<FetchFn>,
    refresh_margin: Duration,
    clock: Box<Clock>,
    state: Mutex<State>,
    /// Held for the whole of a refresh: the single-flight gate.
    refreshing: futures_util::lock::Mutex<()>,
}

#[derive(Default)]
struct State {
    cached: Option<Credentials>,
    /// Refreshes tried so far; a caller that waited for the gate sees whether one happened.
    attempts: u64,
    last_attempt: Option<SystemTime>,
    /// The failure of the last refresh, when it failed.
    last_error: Option<Error>,
}

impl RefreshingCredentials {
    /// The default time before expiration at which credentials are refreshed: 5 minutes.
    pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

    /// Caches what `fetch` returns. `fetch` is called on first use and whenever the cached
    /// credentials come within the refresh margin of their expiration; its errors should be
    /// [`ErrorKind::Credentials`](crate::ErrorKind::Credentials) errors
    /// ([`Error::credentials`]).
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Credentials>> + Send + 'static,
    {
        Self {
            fetch: Box::new(move || Box::pin(fetch())),
            refresh_margin: Self::DEFAULT_REFRESH_MARGIN,
            clock: Box::new(SystemTime::now),
            state: Mutex::new(State::default()),
            refreshing: futures_util::lock::Mutex::new(()),
        }
    }

    /// How long before their expiration cached credentials are replaced (default
    /// [`Self::DEFAULT_REFRESH_MARGIN`]). Keep it well below the lifetime of the fetched
    /// credentials.
    #[must_use]
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// Replaces the clock (tests).
    #[cfg(test)]
    pub(crate) fn with_clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Box::new(clock);
        self
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Nothing panics while the lock is held; a poisoned state is still consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The cached credentials, when they need no refresh at `now`.
    fn usable(&self, state: &State, now: SystemTime) -> Option<Credentials> {
        let cached = state.cached.as_ref()?;
        let Some(expiration) = cached.expiration() else {
            return Some(cached.clone());
        };
        let fresh = now
            .checked_add(self.refresh_margin)
            .is_some_and(|t| t < expiration);
        let refreshed_recently = state
            .last_attempt
            .and_then(|t| t.checked_add(MIN_REFRESH_INTERVAL))
            .is_some_and(|t| now < t);
        (fresh || (now < expiration && refreshed_recently)).then(|| cached.clone())
    }

    async fn get(&self) -> Result<Credentials> {
        let seen_attempts = {
            let state = self.state();
            if let Some(c) = self.usable(&state, (self.clock)()) {
                return Ok(c);
            }
            state.attempts
        };
        let _gate = self.refreshing.lock().await;
        {
            let state = self.state();
            if let Some(c) = self.usable(&state, (self.clock)()) {
                return Ok(c);
            }
            // A refresh ran while this caller waited, and failed: share its outcome instead of
            // asking the source again at once.
            if state.attempts != seen_attempts {
                if let Some(e) = &state.last_error {
                    return Err(e.copy_for_row());
                }
            }
        }
        let fetched = (self.fetch)().await;
        let now = (self.clock)();
        let mut state = self.state();
        state.attempts += 1;
        state.last_attempt = Some(now);
        match fetched {
            Ok(c) => {
                state.last_error = None;
                state.cached = Some(c.clone());
                Ok(c)
            }
            Err(e) => {
                let still_valid = state
                    .cached
                    .clone()
                    .filter(|c| c.expiration().is_none_or(|exp| now < exp));
                match still_valid {
                    Some(c) => {
                        tracing::warn!(
                            error = %e,
                            "refreshing the credentials failed; using the cached ones until they expire"
                        );
                        state.last_error = None;
                        Ok(c)
                    }
                    None => {
                        state.last_error = Some(e.copy_for_row());
                        Err(e)
                    }
                }
            }
        }
    }
}

impl CredentialsProvider for RefreshingCredentials {
    fn credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.get())
    }
}

impl fmt::Debug for RefreshingCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (access_key_id, expiration) = match self.state.try_lock() {
            Ok(state) => match &state.cached {
                Some(c) => (Some(c.access_key_id().to_owned()), c.expiration()),
                None => (None, None),
            },
            Err(_) => (None, None),
        };
        f.debug_struct("RefreshingCredentials")
            .field("refresh_margin", &self.refresh_margin)
            .field("cached_access_key_id", &access_key_id)
            .field("cached_expiration", &expiration)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
    use std::sync::Arc;

    const HOUR: Duration = Duration::from_secs(3600);

    /// A clock the test moves by hand, starting at a fixed time.
    #[derive(Clone)]
    struct ManualClock(Arc<AtomicU64>);

    impl ManualClock {
        const START: u64 = 1_800_000_000;

        fn new() -> Self {
            Self(Arc::new(AtomicU64::new(Self::START)))
        }
        fn now(&self) -> SystemTime {
            SystemTime::UNIX_EPOCH + Duration::from_secs(self.0.load(Ordering::SeqCst))
        }
        fn advance(&self, d: Duration) {
            self.0.fetch_add(d.as_secs(), Ordering::SeqCst);
        }
    }

    /// A fetch function counting its calls: call n (from 1) answers `key-n`, valid for
    /// `lifetime` from the clock's time, or fails when `fail` is set.
    /// While `hold` is set, fetches wait before answering.
    struct Source {
        calls: Arc<AtomicUsize>,
        fail: Arc<AtomicBool>,
        hold: Arc<AtomicBool>,
    }

    fn provider(clock: &ManualClock, lifetime: Duration) -> (RefreshingCredentials, Source) {
        let calls = Arc::new(AtomicUsize::new(0));
        let fail = Arc::new(AtomicBool::new(false));
        let hold = Arc::new(AtomicBool::new(false));
        let source = Source {
            calls: calls.clone(),
            fail: fail.clone(),
            hold: hold.clone(),
        };
        let fetch_clock = clock.clone();
        let p = RefreshingCredentials::new(move || {
            let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
            let result = if fail.load(Ordering::SeqCst) {
                Err(Error::credentials(format!("source down (call {n})")))
            } else {
                Ok(Credentials::new(format!("key-{n}"), "secret")
                    .with_expiration(fetch_clock.now() + lifetime))
            };
            let hold = hold.clone();
            async move {
                // Take some time, so that concurrent callers really overlap the fetch.
                tokio::time::sleep(Duration::from_millis(20)).await;
                while hold.load(Ordering::SeqCst) {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                result
            }
        })
        .with_clock({
            let clock = clock.clone();
            move || clock.now()
        });
        (p, source)
    }

    async fn key(p: &RefreshingCredentials) -> String {
        p.credentials().await.unwrap().access_key_id().to_owned()
    }

    #[tokio::test]
    async fn caches_until_the_margin_then_refreshes() {
        let clock = ManualClock::new();
        let (p, source) = provider(&clock, HOUR);
        assert_eq!(key(&p).await, "key-1");
        assert_eq!(key(&p).await, "key-1");
        // 54 min in: 6 min left, more than the 5 min margin.
        clock.advance(Duration::from_secs(54 * 60));
        assert_eq!(key(&p).await, "key-1");
        assert_eq!(source.calls.load(Ordering::SeqCst), 1);
        // 56 min in: 4 min left, inside the margin.
        clock.advance(Duration::from_secs(2 * 60));
        assert_eq!(key(&p).await, "key-2");
        assert_eq!(key(&p).await, "key-2");
        assert_eq!(source.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn the_margin_is_configurable() {
        let clock = ManualClock::new();
        let (p, source) = provider(&clock, HOUR);
        let p = p.with_refresh_margin(Duration::from_secs(30 * 60));
        assert_eq!(key(&p).await, "key-1");
        clock.advance(Duration::from_secs(29 * 60));
        assert_eq!(key(&p).await, "key-1");
        clock.advance(Duration::from_secs(2 * 60));
        assert_eq!(key(&p).await, "key-2");
        assert_eq!(source.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_fetch() {
        let clock = ManualClock::new();
        let (p, source) = provider(&clock, HOUR);
        let p = Arc::new(p);
        let callers: Vec<_> = (0..16)
            .map(|_| {
                let p = p.clone();
                tokio::spawn(async move { key(&p).await })
            })
            .collect();
        for c in callers {
            assert_eq!(c.await.unwrap(), "key-1");
        }
        assert_eq!(source.calls.load(Ordering::SeqCst), 1);

        // The same when a refresh is due.
        clock.advance(HOUR - Duration::from_secs(60));
        let callers: Vec<_> = (0..16)
            .map(|_| {
                let p = p.clone();
                tokio::spawn(async move { key(&p).await })
            })
            .collect();
        for c in callers {
            assert_eq!(c.await.unwrap(), "key-2");
        }
        assert_eq!(source.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_failure() {
        let clock = ManualClock::new();
        let (p, source) = provider(&clock, HOUR);
        source.fail.store(true, Ordering::SeqCst);
        source.hold.store(true, Ordering::SeqCst);
        let p = Arc::new(p);
        let entered = Arc::new(AtomicUsize::new(0));
        let callers: Vec<_> = (0..8)
            .map(|_| {
                let (p, entered) = (p.clone(), entered.clone());
                tokio::spawn(async move {
                    entered.fetch_add(1, Ordering::SeqCst);
                    p.credentials().await
                })
            })
            .collect();
        // Every caller is in (and the first one's fetch is held) before the fetch may fail.
        while entered.load(Ordering::SeqCst) < 8 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        source.hold.store(false, Ordering::SeqCst);
        for c in callers {
            let e = c.await.unwrap().unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Credentials);
            assert_eq!(e.message(), "source down (call 1)");
        }
        assert_eq!(source.calls.load(Ordering::SeqCst), 1);
        // A later caller tries again.
        assert!(p.credentials().await.is_err());
        assert_eq!(source.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn serves_valid_cached_credentials_when_a_refresh_fails() {
        let clock = ManualClock::new();
        let (p, source) = provider(&clock, HOUR);
        assert_eq!(key(&p).await, "key-1");
        source.fail.store(true, Ordering::SeqCst);
        clock.advance(HOUR - Duration::from_secs(120));
        assert_eq!(key(&p).await, "key-1");
        assert_eq!(source.calls.load(Ordering::SeqCst), 2);
        // Not asked again right away...
        assert_eq!(key(&p).await, "key-1");
        assert_eq!(source.calls.load(Ordering::SeqCst), 2);
        // ...but after the retry interval, and a success replaces the cache.
        clock.advance(MIN_REFRESH_INTERVAL);
        assert_eq!(key(&p).await, "key-1");
        assert_eq!(source.calls.load(Ordering::SeqCst), 3);
        source.fail.store(false, Ordering::SeqCst);
        clock.advance(MIN_REFRESH_INTERVAL);
        assert_eq!(key(&p).await, "key-4");
    }

    #[tokio::test]
    async fn fails_when_the_cached_credentials_expired_and_the_refresh_fails() {
        let clock = ManualClock::new();
        let (p, source) = provider(&clock, HOUR);
        assert_eq!(key(&p).await, "key-1");
        source.fail.store(true, Ordering::SeqCst);
        clock.advance(HOUR);
        let e = p.credentials().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials);
        assert_eq!(e.message(), "source down (call 2)");
        // Expired credentials are never served: every call tries the source again.
        assert!(p.credentials().await.is_err());
        assert_eq!(source.calls.load(Ordering::SeqCst), 3);
        source.fail.store(false, Ordering::SeqCst);
        assert_eq!(key(&p).await, "key-4");
    }

    #[tokio::test]
    async fn credentials_without_expiration_are_fetched_once() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let p = RefreshingCredentials::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { Ok(Credentials::new("id", "secret")) }
        });
        for _ in 0..3 {
            assert_eq!(key(&p).await, "id");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn debug_shows_no_secret() {
        let p = RefreshingCredentials::new(|| async {
            Ok(Credentials::new("the-id", "SUPERSECRET").with_security_token("TOKENVALUE"))
        });
        p.credentials().await.unwrap();
        let s = format!("{p:?}");
        assert!(s.contains("the-id"), "{s}");
        assert!(!s.contains("SUPERSECRET") && !s.contains("TOKENVALUE"), "{s}");
    }
}
