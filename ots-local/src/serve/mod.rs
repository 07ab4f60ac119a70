//! Accepting and serving connections: a bound on how many are open at once, and deadlines so
//! that idle, slow or stalled clients cannot hold them for ever.

mod timed;

use crate::http::{self, AppState};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use timed::{Activity, TimedStream};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

/// How long a stopping server lets requests in progress finish before closing their
/// connections.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// How the server guards its connections. Every deadline closes the connection it applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// How long a connection may stay silent with no request in progress (just accepted, or
    /// after its last response), and how long an answer may wait for the client to read it
    /// (default 30 s).
    pub idle_timeout: Duration,
    /// How long a client may take to send a request's head (request line and headers), from
    /// its first byte (default 10 s).
    pub header_timeout: Duration,
    /// How long a request body may go without a new byte (default 10 s); a stalled body is
    /// answered with 408 `OTSRequestTimeout`.
    pub body_timeout: Duration,
    /// Most connections open at once (default 1024, less when the process may open fewer
    /// files). Past it, new connections wait in the listen queue until one closes.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            idle_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: default_max_connections(),
        }
    }
}

/// 1024, or fewer when the open-files limit leaves less room (keeping 32 descriptors for the
/// process itself).
fn default_max_connections() -> usize {
    const WANTED: usize = 1024;
    const RESERVED: usize = 32;
    let soft_limit = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3))
                .and_then(|v| v.parse::<usize>().ok())
        });
    match soft_limit {
        Some(n) => n.saturating_sub(RESERVED).clamp(1, WANTED),
        None => WANTED,
    }
}

/// Serves `listener` until `stop` fires (or is dropped), then lets requests in progress finish
/// for a short grace period.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    limits: ConnectionLimits,
    mut stop: oneshot::Receiver<()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (closing_tx, closing_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut at_limit = false;
    loop {
        let stream = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of descriptors or memory: say so, and give closing connections time.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let permit = tokio::select! {
            _ = &mut stop => break,
            permit = acquire(&permits, limits.max_connections, &mut at_limit) => permit,
        };
        while connections.try_join_next().is_some() {}
        connections.spawn(serve_connection(
            stream,
            state.clone(),
            limits,
            closing_rx.clone(),
            permit,
        ));
    }
    drop(listener);
    let _ = closing_tx.send(true);
    let drained = tokio::time::timeout(STOP_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        connections.shutdown().await;
    }
}

/// A slot for a connection just accepted; logs once each time the bound starts holding
/// connections back (later ones wait in the listen queue meanwhile).
async fn acquire(permits: &Arc<Semaphore>, limit: usize, at_limit: &mut bool) -> OwnedSemaphorePermit {
    if let Ok(p) = Arc::clone(permits).try_acquire_owned() {
        *at_limit = false;
        return p;
    }
    if !*at_limit {
        *at_limit = true;
        tracing::warn!(
            limit,
            "connection limit reached: a new connection waits until an open one closes"
        );
    }
    loop {
        // The semaphore is never closed; a closed one would leave nothing to serve.
        if let Ok(p) = Arc::clone(permits).acquire_owned().await {
            return p;
        }
    }
}

async fn serve_connection(
    stream: TcpStream,
    state: AppState,
    limits: ConnectionLimits,
    mut closing: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::default());
    let io = TokioIo::new(TimedStream::new(
        stream,
        Arc::clone(&activity),
        limits.idle_timeout,
        limits.header_timeout,
    ));
    let service = service_fn(move |req| {
        let in_flight = activity.begin();
        let state = state.clone();
        async move {
            let response = http::handle(state, req, limits.body_timeout, in_flight).await;
            Ok::<_, Infallible>(response)
        }
    });
    let mut builder = http1::Builder::new();
    // Deadlines are kept by `TimedStream`; a client that half-closes after its request still
    // gets the answer.
    builder.header_read_timeout(None).half_close(true);
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    let result = tokio::select! {
        r = conn.as_mut() => r,
        _ = async { let _ = closing.wait_for(|c| *c).await; } => {
            conn.as_mut().graceful_shutdown();
            conn.await
        }
    };
    if let Err(e) = result {
        tracing::debug!(error = %e, "connection closed");
    }
}
