//! Credentials fetched by an async function and cached until shortly before they expire.
//!
//! A refresh runs as a task of its own (on the tokio runtime of the caller that starts it), not
//! inside a caller's future: callers with valid cached credentials never wait for it, and a
//! caller that gives up (a per-request timeout shorter than the fetch) does not take it down.
//! Callers that have nothing valid to use wait for that same refresh (single flight).

use super::{Credentials, CredentialsFuture, CredentialsProvider};
use crate::error::{Error, Result};
use futures_util::future::{BoxFuture, FutureExt, Shared};
use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::{Duration, SystemTime};
use tokio::runtime::Handle;

/// While the cached credentials are still valid, at most one refresh is tried per this
/// interval: a source that is down, or that keeps answering the same soon-to-expire token, is
/// not asked again by every request.
const MIN_REFRESH_INTERVAL: Duration = Duration::from_secs(10);

type FetchFn = dyn Fn() -> CredentialsFuture<'static> + Send + Sync;
type Clock = dyn Fn() -> SystemTime + Send + Sync;

/// How a refresh ended, for every caller waiting for it. The error is shared, cause included.
type Outcome = std::result::Result<Credentials, Arc<Error>>;

/// A refresh under way. Callers clone it to wait for its outcome; it runs to the end whether
/// they wait or not.
type InFlight = Shared<BoxFuture<'static, Outcome>>;

/// Caches the credentials an async function fetches, and fetches new ones when the cached
/// ones come within a margin of their [expiration](Credentials::expiration) (default 5 minutes).
///
/// - Requests never wait for a refresh while the cached credentials are valid: they are
///   answered at once, and one refresh runs in the background (a tokio task, which finishes even
///   when the request that started it is dropped).
/// - Only when nothing valid is cached (the first request, or after expiration) do callers wait,
///   all for the same fetch, and share its result (or its error). A caller that gives up waiting
///   leaves the fetch running for the next one.
/// - When a refresh fails while the cached credentials are still valid, they keep being served
///   (with a `tracing` warning) and the refresh is tried again after a few seconds; once they
///   have expired, the error is returned.
/// - Credentials without an expiration are fetched once and kept.
///
/// Outside a tokio runtime (no task can be started) the caller that finds a refresh due runs it
/// and waits for it.
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
    fetch: Arc<FetchFn>,
    refresh_margin: Duration,
    clock: Arc<Clock>,
    /// Shared with the refresh tasks, which hold it weakly: a provider dropped during a
    /// refresh is freed, and the refresh's result goes nowhere.
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    cached: Option<Credentials>,
    /// When the last refresh ended, successfully or not.
    last_attempt: Option<SystemTime>,
    /// The last refresh started; it may have ended since (see [`State::under_way`]).
    last_refresh: Option<Started>,
}

/// A refresh that was started.
struct Started {
    outcome: InFlight,
    /// Set when the refresh's future is gone: finished, or dropped without finishing (a
    /// runtime shutting down drops its tasks). Set without taking the state's lock, which the
    /// code dropping the future may hold (`spawn` on a runtime that is shutting down drops the
    /// future at once).
    ended: Arc<AtomicBool>,
}

impl State {
    /// The refresh under way, if any.
    fn under_way(&self) -> Option<&InFlight> {
        self.last_refresh
            .as_ref()
            .filter(|r| !r.ended.load(Ordering::Acquire))
            .map(|r| &r.outcome)
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // Nothing panics while the lock is held; a poisoned state is still consistent.
    state.lock().unwrap_or_else(PoisonError::into_inner)
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
            fetch: Arc::new(move || Box::pin(fetch())),
            refresh_margin: Self::DEFAULT_REFRESH_MARGIN,
            clock: Arc::new(SystemTime::now),
            state: Arc::new(Mutex::new(State::default())),
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
        self.clock = Arc::new(clock);
        self
    }

    async fn get(&self) -> Result<Credentials> {
        let runtime = Handle::try_current().ok();
        let in_flight = {
            let mut state = lock(&self.state);
            let now = (self.clock)();
            let valid = state
                .cached
                .clone()
                .filter(|c| c.expiration().is_none_or(|expiration| now < expiration));
            if let Some(cached) = valid {
                if !self.refresh_due(&state, &cached, now) {
                    return Ok(cached);
                }
                if let Some(runtime) = &runtime {
                    // Nobody waits for it: it updates the cache when it is done.
                    drop(self.start_refresh(&mut state, Some(runtime)));
                    return Ok(cached);
                }
                // No runtime to run it on: this caller runs the refresh and waits for it.
            }
            match state.under_way() {
                Some(in_flight) => in_flight.clone(),
                None => self.start_refresh(&mut state, runtime.as_ref()),
            }
        };
        in_flight.await.map_err(|e| for_caller(&e))
    }

    /// Whether valid `cached` credentials should be refreshed now: within the margin of their
    /// expiration, no refresh under way, and none tried in the last few seconds.
    fn refresh_due(&self, state: &State, cached: &Credentials, now: SystemTime) -> bool {
        let Some(expiration) = cached.expiration() else {
            return false;
        };
        let within_margin = now
            .checked_add(self.refresh_margin)
            .is_none_or(|t| t >= expiration);
        let tried_recently = state
            .last_attempt
            .and_then(|t| t.checked_add(MIN_REFRESH_INTERVAL))
            .is_some_and(|t| now < t);
        within_margin && state.under_way().is_none() && !tried_recently
    }

    /// Starts a refresh, as a task on `runtime` when there is one, and records it as the one
    /// under way.
    fn start_refresh(&self, state: &mut State, runtime: Option<&Handle>) -> InFlight {
        let ended = Arc::new(AtomicBool::new(false));
        let refresh = Refresh {
            ended: Arc::clone(&ended),
            fetch: Arc::clone(&self.fetch),
            clock: Arc::clone(&self.clock),
            state: Arc::downgrade(&self.state),
        };
        let in_flight = match runtime {
            Some(runtime) => {
                let task = runtime.spawn(refresh.run());
                async move {
                    task.await.unwrap_or_else(|e| {
                        Err(Arc::new(
                            Error::credentials("the credentials refresh stopped before it finished")
                                .with_source(e),
                        ))
                    })
                }
                .boxed()
            }
            // Run by whoever waits for it; still kept in `state`, so that a caller that stops
            // waiting leaves it to the next one instead of throwing it away.
            None => refresh.run().boxed(),
        }
        .shared();
        state.last_refresh = Some(Started {
            outcome: in_flight.clone(),
            ended,
        });
        in_flight
    }
}

/// One refresh: fetches, then stores what it got in the cache.
struct Refresh {
    ended: Arc<AtomicBool>,
    fetch: Arc<FetchFn>,
    clock: Arc<Clock>,
    state: Weak<Mutex<State>>,
}

impl Refresh {
    fn run(self) -> impl Future<Output = Outcome> + Send + 'static {
        // However the refresh ends (a panicking fetch function, a runtime shutting down, even
        // before the task first ran), it is no longer under way afterwards: the guard is part of
        // the future from the start, not a local of its body.
        let end = EndOfRefresh(Arc::clone(&self.ended));
        async move {
            let _end = end;
            self.fetch_and_store().await
        }
    }

    async fn fetch_and_store(self) -> Outcome {
        let fetched = (self.fetch)().await;
        let now = (self.clock)();
        let Some(state) = self.state.upgrade() else {
            // The provider is gone.
            return fetched.map_err(Arc::new);
        };
        let mut state = lock(&state);
        self.ended.store(true, Ordering::Release);
        state.last_attempt = Some(now);
        match fetched {
            Ok(c) => {
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
                        Ok(c)
                    }
                    None => Err(Arc::new(e)),
                }
            }
        }
    }
}

/// Marks a refresh ended when its future goes, whichever way.
struct EndOfRefresh(Arc<AtomicBool>);

impl Drop for EndOfRefresh {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

/// A caller's copy of a shared refresh error: the same kind and message, and a source that
/// reads as the original's cause (its text and its own sources).
fn for_caller(shared: &Arc<Error>) -> Error {
    let e = shared.copy_for_row();
    if std::error::Error::source(&**shared).is_some() {
        e.with_source(SharedCause(Arc::clone(shared)))
    } else {
        e
    }
}

/// The cause of a shared error: shows as, and chains on like, the source of the error it holds.
struct SharedCause(Arc<Error>);

impl SharedCause {
    fn cause(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&*self.0)
    }
}

impl fmt::Display for SharedCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cause() {
            Some(cause) => fmt::Display::fmt(cause, f),
            None => fmt::Display::fmt(&self.0, f),
        }
    }
}

impl fmt::Debug for SharedCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cause() {
            Some(cause) => fmt::Debug::fmt(cause, f),
            None => fmt::Debug::fmt(&self.0, f),
        }
    }
}

impl std::error::Error for SharedCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause().and_then(std::error::Error::source)
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
mod tests;
