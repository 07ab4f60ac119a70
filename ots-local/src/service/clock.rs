//! The clock handlers read.

use std::time::{SystemTime, UNIX_EPOCH};

/// Where a handler reads the time.
///
/// Whatever depends on the time (the version a write gets, TTL expiry, auto-increment values,
/// the timestamp window) is decided while holding the lock of the table it applies to, so a
/// handler reads the clock only after taking that lock: a request that waited for the lock
/// never acts on a time older than what the previous holder wrote.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Clock {
    /// The system clock.
    System,
    /// A fixed instant (tests).
    #[cfg_attr(not(test), allow(dead_code))]
    Fixed(i64),
}

impl Clock {
    /// Milliseconds since the epoch.
    pub(crate) fn now_ms(self) -> i64 {
        match self {
            Clock::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
                .unwrap_or(0),
            Clock::Fixed(t) => t,
        }
    }
}
