//! The retry rule for durable jobs: how long to wait after a failure, and when to give up.

use time::Duration;

/// How a failed job is retried: exponential back-off from `base`, capped at `cap`, for at most
/// `max_attempts` attempts in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub base: Duration,
    pub cap: Duration,
    pub max_attempts: u32,
}

/// What to do after an attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    RetryIn(Duration),
    GiveUp,
}

impl RetryPolicy {
    pub const DEFAULT: RetryPolicy =
        RetryPolicy { base: Duration::seconds(30), cap: Duration::hours(6), max_attempts: 8 };

    /// `attempts` counts the attempt that just failed (the first attempt is 1).
    pub fn after_failure(&self, attempts: u32) -> AfterFailure {
        if attempts >= self.max_attempts {
            return AfterFailure::GiveUp;
        }
        let exponent = attempts.saturating_sub(1).min(30);
        let wait = self.base.saturating_mul(1_i32 << exponent.min(30));
        AfterFailure::RetryIn(if wait > self.cap { self.cap } else { wait })
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_until_the_cap() {
        let p = RetryPolicy { base: Duration::seconds(10), cap: Duration::seconds(60), max_attempts: 10 };
        assert_eq!(p.after_failure(1), AfterFailure::RetryIn(Duration::seconds(10)));
        assert_eq!(p.after_failure(2), AfterFailure::RetryIn(Duration::seconds(20)));
        assert_eq!(p.after_failure(3), AfterFailure::RetryIn(Duration::seconds(40)));
        assert_eq!(p.after_failure(4), AfterFailure::RetryIn(Duration::seconds(60)));
        assert_eq!(p.after_failure(9), AfterFailure::RetryIn(Duration::seconds(60)));
    }

    #[test]
    fn gives_up_after_the_last_attempt() {
        let p = RetryPolicy { max_attempts: 3, ..RetryPolicy::DEFAULT };
        assert_eq!(p.after_failure(3), AfterFailure::GiveUp);
    }

    #[test]
    fn huge_attempt_counts_do_not_overflow() {
        let p = RetryPolicy { max_attempts: u32::MAX, ..RetryPolicy::DEFAULT };
        assert_eq!(p.after_failure(u32::MAX - 1), AfterFailure::RetryIn(p.cap));
    }
}
