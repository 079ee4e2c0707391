//! Sign-in rate limiting: failed attempts are counted per account and per network address over
//! a sliding window; past the limit, further attempts are refused without checking the password
//! until old failures age out. Counting in the database keeps limits across restarts and
//! instances, and uses the injected clock, so tests move time instead of waiting.

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

    /// Attempts from one network address, whatever the account (password spraying).
    pub fn address(ip: std::net::IpAddr) -> Self {
        Key { key: format!("address:{ip}"), limit: 30 }
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

/// Whether any of `keys` has used up its window.
pub async fn blocked(db: &Db, keys: &[Key], now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    for k in keys {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM auth_failures WHERE key = $1 AND at > $2")
            .bind(&k.key)
            .bind(to_ms(now - WINDOW))
            .fetch_one(db.pool())
            .await?;
        if n >= k.limit {
            return Ok(true);
        }
    }
    Ok(false)
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
