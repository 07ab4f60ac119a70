//! The refreshing cache: margins, single flight, stale serving, cancelled callers.
use super::*;
use crate::error::ErrorKind;
use std::sync::atomic::{AtomicU64, AtomicUsize};

const HOUR: Duration = Duration::from_secs(3600);
/// Longer than any wait a test expects to end at once.
const PATIENCE: Duration = Duration::from_secs(2);

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
/// `lifetime` from the clock's time, or fails when `fail` is set (with an I/O error
/// "connection refused" as the cause). While `hold` is set, fetches wait before answering.
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
            Err(Error::credentials(format!("source down (call {n})"))
                .with_source(std::io::Error::other("connection refused")))
        } else {
            Ok(Credentials::new(format!("key-{n}"), "secret").with_expiration(fetch_clock.now() + lifetime))
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

/// Waits (a bounded time) until no refresh is under way.
async fn refreshed(p: &RefreshingCredentials) {
    tokio::time::timeout(PATIENCE, async {
        while lock(&p.state).under_way().is_some() {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    })
    .await
    .expect("the refresh ends");
}

#[tokio::test]
async fn caches_until_the_margin_then_refreshes_in_the_background() {
    let clock = ManualClock::new();
    let (p, source) = provider(&clock, HOUR);
    assert_eq!(key(&p).await, "key-1");
    assert_eq!(key(&p).await, "key-1");
    // 54 min in: 6 min left, more than the 5 min margin.
    clock.advance(Duration::from_secs(54 * 60));
    assert_eq!(key(&p).await, "key-1");
    refreshed(&p).await;
    assert_eq!(source.calls.load(Ordering::SeqCst), 1);
    // 56 min in: 4 min left, inside the margin. Still valid, so served at once while the
    // refresh runs.
    clock.advance(Duration::from_secs(2 * 60));
    assert_eq!(key(&p).await, "key-1");
    refreshed(&p).await;
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
    refreshed(&p).await;
    assert_eq!(source.calls.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(2 * 60));
    key(&p).await;
    refreshed(&p).await;
    assert_eq!(key(&p).await, "key-2");
    assert_eq!(source.calls.load(Ordering::SeqCst), 2);
}

/// Before the fix, every caller inside the margin waited for the fetch.
#[tokio::test]
async fn a_slow_refresh_holds_up_no_caller_while_the_cache_is_valid() {
    let clock = ManualClock::new();
    let (p, source) = provider(&clock, HOUR);
    assert_eq!(key(&p).await, "key-1");
    source.hold.store(true, Ordering::SeqCst);
    clock.advance(HOUR - Duration::from_secs(60));
    for _ in 0..3 {
        let c = tokio::time::timeout(PATIENCE, p.credentials()).await;
        assert_eq!(c.expect("answered at once").unwrap().access_key_id(), "key-1");
    }
    // One refresh, still running after its caller returned.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(source.calls.load(Ordering::SeqCst), 2);
    assert!(lock(&p.state).under_way().is_some());
    source.hold.store(false, Ordering::SeqCst);
    refreshed(&p).await;
    assert_eq!(key(&p).await, "key-2");
    assert_eq!(source.calls.load(Ordering::SeqCst), 2);
}

/// Before the fix, the fetch ran inside the first caller's future and died with it.
#[tokio::test]
async fn a_caller_that_gives_up_leaves_the_fetch_to_the_next() {
    let clock = ManualClock::new();
    let (p, source) = provider(&clock, HOUR);
    source.hold.store(true, Ordering::SeqCst);
    let gave_up = tokio::time::timeout(Duration::from_millis(50), p.credentials()).await;
    assert!(gave_up.is_err(), "the fetch is held");
    let p = Arc::new(p);
    let next = tokio::spawn({
        let p = p.clone();
        async move { key(&p).await }
    });
    tokio::time::sleep(Duration::from_millis(20)).await;
    source.hold.store(false, Ordering::SeqCst);
    assert_eq!(next.await.unwrap(), "key-1");
    assert_eq!(source.calls.load(Ordering::SeqCst), 1);

    // The same once the cached credentials have expired.
    clock.advance(HOUR);
    source.hold.store(true, Ordering::SeqCst);
    let gave_up = tokio::time::timeout(Duration::from_millis(50), p.credentials()).await;
    assert!(gave_up.is_err(), "the fetch is held");
    source.hold.store(false, Ordering::SeqCst);
    assert_eq!(key(&p).await, "key-2");
    assert_eq!(source.calls.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_share_one_fetch() {
    let clock = ManualClock::new();
    let (p, source) = provider(&clock, HOUR);
    let p = Arc::new(p);
    let spawn_callers = |p: &Arc<RefreshingCredentials>| -> Vec<_> {
        (0..16)
            .map(|_| {
                let p = p.clone();
                tokio::spawn(async move { key(&p).await })
            })
            .collect()
    };
    for c in spawn_callers(&p) {
        assert_eq!(c.await.unwrap(), "key-1");
    }
    assert_eq!(source.calls.load(Ordering::SeqCst), 1);

    // When a refresh is due, one runs in the background (held until every caller is done).
    clock.advance(HOUR - Duration::from_secs(60));
    source.hold.store(true, Ordering::SeqCst);
    for c in spawn_callers(&p) {
        assert_eq!(c.await.unwrap(), "key-1");
    }
    source.hold.store(false, Ordering::SeqCst);
    refreshed(&p).await;
    assert_eq!(key(&p).await, "key-2");
    assert_eq!(source.calls.load(Ordering::SeqCst), 2);

    // Once expired, callers wait for one fetch.
    clock.advance(HOUR);
    for c in spawn_callers(&p) {
        assert_eq!(c.await.unwrap(), "key-3");
    }
    assert_eq!(source.calls.load(Ordering::SeqCst), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_share_one_failure_and_its_cause() {
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
    // Every caller is in (and the fetch is held) before the fetch may fail.
    while entered.load(Ordering::SeqCst) < 8 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    source.hold.store(false, Ordering::SeqCst);
    for c in callers {
        let e = c.await.unwrap().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials);
        assert_eq!(e.message(), "source down (call 1)");
        // Every caller sees the cause, not only the one that ran the fetch.
        let cause = std::error::Error::source(&e).map(ToString::to_string);
        assert_eq!(cause.as_deref(), Some("connection refused"), "{e:?}");
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
    refreshed(&p).await;
    assert_eq!(source.calls.load(Ordering::SeqCst), 2);
    // Not asked again right away...
    assert_eq!(key(&p).await, "key-1");
    refreshed(&p).await;
    assert_eq!(source.calls.load(Ordering::SeqCst), 2);
    // ...but after the retry interval, and a success replaces the cache.
    clock.advance(MIN_REFRESH_INTERVAL);
    assert_eq!(key(&p).await, "key-1");
    refreshed(&p).await;
    assert_eq!(source.calls.load(Ordering::SeqCst), 3);
    source.fail.store(false, Ordering::SeqCst);
    clock.advance(MIN_REFRESH_INTERVAL);
    assert_eq!(key(&p).await, "key-1");
    refreshed(&p).await;
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

/// A provider shared by several runtimes (a static one in `#[tokio::test]`s, say): a refresh
/// dropped with its runtime before it ran is not waited for by the next.
#[test]
fn a_refresh_dropped_with_its_runtime_is_not_waited_for() {
    let runtime = || {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
    };
    let clock = ManualClock::new();
    let (p, source) = provider(&clock, HOUR);
    assert_eq!(runtime().block_on(key(&p)), "key-1");
    clock.advance(HOUR - Duration::from_secs(60));
    // Answered at once; the runtime is gone before the refresh task ran.
    assert_eq!(runtime().block_on(key(&p)), "key-1");
    assert_eq!(source.calls.load(Ordering::SeqCst), 1);
    assert!(lock(&p.state).under_way().is_none());
    let key_after_refresh = runtime().block_on(async {
        key(&p).await;
        refreshed(&p).await;
        key(&p).await
    });
    assert_eq!(key_after_refresh, "key-2");
    assert_eq!(source.calls.load(Ordering::SeqCst), 2);
}

/// Polls `f` to completion on this thread, with no tokio runtime around.
fn block_on<F: Future>(f: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl std::task::Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Arc::new(Unpark(std::thread::current())).into();
    let mut cx = std::task::Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    loop {
        if let std::task::Poll::Ready(out) = f.as_mut().poll(&mut cx) {
            return out;
        }
        std::thread::park();
    }
}

#[test]
fn without_a_runtime_the_caller_runs_the_refresh() {
    let clock = ManualClock::new();
    let calls = Arc::new(AtomicUsize::new(0));
    let p = RefreshingCredentials::new({
        let (calls, clock) = (calls.clone(), clock.clone());
        move || {
            let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
            let c = Credentials::new(format!("key-{n}"), "secret").with_expiration(clock.now() + HOUR);
            async move { Ok(c) }
        }
    })
    .with_clock({
        let clock = clock.clone();
        move || clock.now()
    });
    let key = |p: &RefreshingCredentials| block_on(p.credentials()).unwrap().access_key_id().to_owned();
    assert_eq!(key(&p), "key-1");
    clock.advance(HOUR - Duration::from_secs(60));
    assert_eq!(key(&p), "key-2");
    assert_eq!(key(&p), "key-2");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
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
