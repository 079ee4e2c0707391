//! Sign-in rate limiting: failed attempts are counted per account and per network address over
//! a sliding window. Past an account's limit, further attempts on it are refused without
//! checking the password until old failures age out. An address is never locked (behind a
//! proxy or a shared office line it is many people): past its free failures each attempt from
//! it is slowed instead ([`slowdown`]). Counting in the database keeps limits across restarts
//! and instances, and uses the injected clock, so tests move time instead of waiting.

use time::{Duration, OffsetDateTime};

use crate::platform::db::{Db, to_ms};

/// How far back failures count.
pub const WINDOW: Duration = Duration::minutes(15);

/// What is being limited, and how many failures the window allows.
#[derive(Debug, Clone)]
pub struct Key {
    key: String,
    limit: i64,
}

impl Key {
    /// Password attempts against one account (by the address typed, known account or not).
    pub fn account(email: &str) -> Self {
        Key { key: format!("account:{}", email.trim().to_lowercase()), limit: 5 }
    }

    /// Attempts from one network address, whatever the account (password spraying). The limit
    /// is the failures that cost nothing; it never refuses.
    pub fn address(ip: std::net::IpAddr) -> Self {
        Key { key: format!("address:{ip}"), limit: 10 }
    }

    /// Second-factor codes for one account.
    pub fn second_factor(user: &str) -> Self {
        Key { key: format!("totp:{user}"), limit: 5 }
    }

    /// Password-reset requests for one address typed (to keep mail from being used as a flood).
    pub fn reset(email: &str) -> Self {
        Key { key: format!("reset:{}", email.trim().to_lowercase()), limit: 3 }
    }
}

/// The longest one attempt is held.
pub const MAX_SLOWDOWN: std::time::Duration = std::time::Duration::from_secs(3);

/// Failures of `key` within the window.
async fn failures(db: &Db, key: &Key, now: OffsetDateTime) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM auth_failures WHERE key = $1 AND at > $2")
        .bind(&key.key)
        .bind(to_ms(now - WINDOW))
        .fetch_one(db.pool())
        .await
}

/// Whether any of `keys` has used up its window.
pub async fn blocked(db: &Db, keys: &[Key], now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    for k in keys {
        if failures(db, k, now).await? >= k.limit {
            return Ok(true);
        }
    }
    Ok(false)
}

/// How long to hold the next attempt of `key`: nothing within its free failures, then `step`
/// for each failure past them, at most [`MAX_SLOWDOWN`].
pub async fn slowdown(
    db: &Db,
    key: &Key,
    step: std::time::Duration,
    now: OffsetDateTime,
) -> Result<std::time::Duration, sqlx::Error> {
    Ok(slowdown_after(failures(db, key, now).await? - key.limit, step))
}

fn slowdown_after(failures_past_free: i64, step: std::time::Duration) -> std::time::Duration {
    let past = u32::try_from(failures_past_free.max(0)).unwrap_or(u32::MAX);
    step.saturating_mul(past).min(MAX_SLOWDOWN)
}

/// Counts one attempt against every key.
pub async fn record(db: &Db, keys: &[Key], now: OffsetDateTime) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    for k in keys {
        sqlx::query("INSERT INTO auth_failures (key, at) VALUES ($1, $2)")
            .bind(&k.key)
            .bind(to_ms(now))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// Forgets the failures of a key after a success (the address keeps counting).
pub async fn clear(db: &Db, key: &Key) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    sqlx::query("DELETE FROM auth_failures WHERE key = $1").bind(&key.key).execute(&mut *tx).await?;
    tx.commit().await
}

/// Drops failures too old to count (run by the hourly upkeep job).
pub async fn purge(db: &Db, now: OffsetDateTime) -> Result<u64, sqlx::Error> {
    let mut tx = db.write().await?;
    let n = sqlx::query("DELETE FROM auth_failures WHERE at <= $1")
        .bind(to_ms(now - WINDOW))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration as Std;

    #[test]
    fn an_address_is_slowed_step_by_step_never_locked() {
        let step = Std::from_millis(250);
        assert_eq!(slowdown_after(-5, step), Std::ZERO, "within the free failures");
        assert_eq!(slowdown_after(0, step), Std::ZERO);
        assert_eq!(slowdown_after(1, step), Std::from_millis(250));
        assert_eq!(slowdown_after(4, step), Std::from_secs(1));
        assert_eq!(slowdown_after(1_000_000, step), MAX_SLOWDOWN, "capped, however many");
        assert_eq!(slowdown_after(i64::MAX, step), MAX_SLOWDOWN);
        assert_eq!(slowdown_after(40, Std::ZERO), Std::ZERO, "turned off");
    }
}
