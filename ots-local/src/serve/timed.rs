//! A connection's socket with the idle and header deadlines.
//!
//! HTTP/1 gives a connection three phases: idle (no request in progress: just accepted, or
//! after a response), receiving a request head (its first byte arrived, the head is not
//! complete), and serving a request (the head was parsed and the handler runs). The socket
//! cannot see the head end, so the request handler tells it through [`Activity`]: the idle
//! deadline runs from the last byte in or out while idle, the header deadline from the first
//! byte of a head, and neither while a request is served (the handler bounds body reads itself).
//! Writes have a deadline of their own: an answer that cannot be sent for the idle timeout (the
//! client stopped reading) fails the connection.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// What the request handler tells the socket: how many requests were started and how many
/// are still being served.
#[derive(Debug, Default)]
pub struct Activity {
    started: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    /// Marks a request as started (its head is complete) until the guard drops.
    pub fn begin(self: &Arc<Self>) -> InFlight {
        self.started.fetch_add(1, Ordering::AcqRel);
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(Arc::clone(self))
    }

    fn started(&self) -> u64 {
        self.started.load(Ordering::Acquire)
    }

    fn busy(&self) -> bool {
        self.in_flight.load(Ordering::Acquire) > 0
    }
}

/// A request being served; dropping it ends it.
#[derive(Debug)]
pub struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A stream that fails reads with `TimedOut` once a deadline passes.
#[derive(Debug)]
pub struct TimedStream<S> {
    inner: S,
    activity: Arc<Activity>,
    idle: Duration,
    header: Duration,
    last_io: Instant,
    /// When the head of the next request began, and the started count at that moment.
    head: Option<(Instant, u64)>,
    timer: Pin<Box<Sleep>>,
    /// Since when a write has been waiting for the client to read.
    send_blocked: Option<Instant>,
    send_timer: Pin<Box<Sleep>>,
}

impl<S> TimedStream<S> {
    /// Wraps `inner`; the idle clock starts now.
    pub fn new(inner: S, activity: Arc<Activity>, idle: Duration, header: Duration) -> Self {
        let now = Instant::now();
        Self {
            inner,
            activity,
            idle,
            header,
            last_io: now,
            head: None,
            timer: Box::pin(tokio::time::sleep_until(now + idle)),
            send_blocked: None,
            send_timer: Box::pin(tokio::time::sleep_until(now + idle)),
        }
    }

    fn on_write(&mut self) {
        self.last_io = Instant::now();
        self.send_blocked = None;
    }

    /// Called when a write would block: fails once the client has read nothing for the idle
    /// timeout.
    fn poll_send_deadline(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let since = *self.send_blocked.get_or_insert_with(Instant::now);
        let deadline = since + self.idle;
        if self.send_timer.deadline() != deadline {
            self.send_timer.as_mut().reset(deadline);
        }
        match self.send_timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }

    /// Records a write's outcome.
    fn after_write(&mut self, cx: &mut Context<'_>, r: Poll<io::Result<usize>>) -> Poll<io::Result<usize>> {
        match r {
            Poll::Pending => self.poll_send_deadline(cx),
            Poll::Ready(Ok(n)) if n > 0 => {
                self.on_write();
                Poll::Ready(Ok(n))
            }
            other => other,
        }
    }

    fn on_read(&mut self) {
        let now = Instant::now();
        self.last_io = now;
        let started = self.activity.started();
        let head_running = self.head.is_some_and(|(_, seen)| seen == started);
        if !self.activity.busy() && !head_running {
            self.head = Some((now, started));
        }
    }

    /// Called when a read would block: arms the deadline of the current phase.
    fn poll_deadline(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.activity.busy() {
            return Poll::Pending;
        }
        let (deadline, what) = match self.head {
            Some((at, seen)) if seen == self.activity.started() => (at + self.header, "request head"),
            _ => (self.last_io + self.idle, "idle connection"),
        };
        if self.timer.deadline() != deadline {
            self.timer.as_mut().reset(deadline);
        }
        match self.timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("{what} timed out"),
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for TimedStream<S> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.on_read();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => this.poll_deadline(cx),
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for TimedStream<S> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.after_write(cx, r)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.after_write(cx, r)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}
