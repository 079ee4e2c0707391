//! The injected clock. Production uses [`SystemClock`]; tests and `kakehashi jobs run --until`
//! use [`ManualClock`] and move time instead of waiting.

use std::fmt;
use std::sync::{Arc, Mutex};

use time::{Duration, OffsetDateTime};

/// A source of the current time.
pub trait Clock: Send + Sync + fmt::Debug {
    fn now(&self) -> OffsetDateTime;
}

/// The operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that only moves when told to. Clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<OffsetDateTime>>);

impl ManualClock {
    pub fn starting_at(t: OffsetDateTime) -> Self {
        Self(Arc::new(Mutex::new(t)))
    }

    /// Moves the clock to `t`. Time never goes backwards: an earlier `t` is ignored.
    pub fn advance_to(&self, t: OffsetDateTime) {
        let mut now = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if t > *now {
            *now = t;
        }
    }

    pub fn advance_by(&self, d: Duration) {
        let now = self.now();
        self.advance_to(now + d);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn manual_clock_moves_forward_only() {
        let clock = ManualClock::starting_at(datetime!(2026-01-01 0:00 UTC));
        clock.advance_by(Duration::hours(1));
        assert_eq!(clock.now(), datetime!(2026-01-01 1:00 UTC));
        clock.advance_to(datetime!(2025-01-01 0:00 UTC));
        assert_eq!(clock.now(), datetime!(2026-01-01 1:00 UTC));
    }

    #[test]
    fn clones_share_time() {
        let a = ManualClock::starting_at(datetime!(2026-01-01 0:00 UTC));
        let b = a.clone();
        a.advance_by(Duration::minutes(5));
        assert_eq!(b.now(), datetime!(2026-01-01 0:05 UTC));
    }
}
