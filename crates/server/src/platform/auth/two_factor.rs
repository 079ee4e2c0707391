//! Two-factor authentication with TOTP (RFC 6238: 6 digits, 30-second steps, one step of clock
//! skew either way), and one-time recovery codes for a lost phone.
//!
//! A code is accepted once: the step it belongs to is stored, and codes of that step or earlier
//! are refused afterwards (RFC 6238 §5.2). When the operator requires it, operators and
//! organisation admins without two-factor authentication are sent to set it up before anything
//! else (see the guard).
//!
//! The TOTP secret is kept sealed (`platform::keys`, bound to the person's id): the database
//! alone does not give anyone a person's second factor. Values kept before sealing began, or
//! sealed with a key since rotated out of first place, are sealed again at start
//! ([`seal_secrets`]).

use kakehashi_domain::ids::UserId;
use kakehashi_domain::tenancy::Role;
use sha2::{Digest, Sha256};
use sqlx::Row;
use time::OffsetDateTime;
use totp_rs::{Builder, Secret, Totp};

use super::CurrentUser;
use crate::platform::audit::{self, AuditEvent};
use crate::platform::db::{Db, to_ms};
use crate::platform::hex;
use crate::platform::keys::KeyStore;
use crate::platform::settings;
use crate::platform::state::AppState;
use crate::platform::tenancy::acting::{self, MembershipView};

/// What a person's sealed secret is bound to.
fn purpose(user: UserId) -> String {
    format!("totp:{user}")
}

/// Seals with the current key every TOTP secret that is not yet (kept before sealing began, or
/// sealed with an older key), in one transaction; returns how many.
pub async fn seal_secrets(state: &AppState) -> anyhow::Result<u64> {
    let keys = state.keys();
    let rows = sqlx::query("SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL")
        .fetch_all(state.db().pool())
        .await?;
    let mut tx = state.db().write().await?;
    let mut sealed = 0;
    for row in rows {
        let id: String = row.try_get("id")?;
        let value: String = row.try_get("totp_secret")?;
        if keys.is_current(&value) {
            continue;
        }
        let user: UserId = id.parse().map_err(|_| anyhow::anyhow!("user id {id:?}"))?;
        let plain = if KeyStore::is_sealed(&value) { keys.open(&purpose(user), &value)? } else { value };
        sqlx::query("UPDATE users SET totp_secret = $1 WHERE id = $2")
            .bind(keys.seal(&purpose(user), &plain)?)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        sealed += 1;
    }
    tx.commit().await?;
    Ok(sealed)
}

/// How many people have two-factor authentication set up.
pub async fn people_with_two_factor(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE totp_secret IS NOT NULL").fetch_one(db.pool()).await
}

/// How many recovery codes a person gets.
pub const RECOVERY_CODES: usize = 10;

/// Whether this person must set up two-factor authentication before going on, given whether
/// it is required and their memberships: operators and admins must.
pub fn enrolment_pending_for(user: &CurrentUser, required: bool, memberships: &[MembershipView]) -> bool {
    required && !user.has_totp && (user.is_operator || memberships.iter().any(|m| m.role == Role::Admin))
}

/// Whether this person must set up two-factor authentication before going on.
pub async fn enrolment_pending(state: &AppState, user: &CurrentUser) -> Result<bool, sqlx::Error> {
    let required = settings::flag(state.db(), settings::REQUIRE_TWO_FACTOR).await?;
    if !required || user.has_totp {
        return Ok(false);
    }
    let memberships = acting::memberships(state.db(), user.id).await?;
    Ok(enrolment_pending_for(user, required, &memberships))
}

/// A fresh 160-bit secret, as base32 text for the person's app.
pub fn new_secret() -> anyhow::Result<String> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(Secret::from(bytes.to_vec()).to_base32())
}

fn totp(secret_base32: &str, account: &str) -> anyhow::Result<Totp> {
    let secret = Secret::try_from_base32(secret_base32).map_err(|e| anyhow::anyhow!("bad TOTP secret: {e:?}"))?;
    Builder::new()
        .with_secret(secret)
        .with_account_name(account.replace(':', ""))
        .with_issuer(Some("Kakehashi"))
        .build()
        .map_err(|e| anyhow::anyhow!("TOTP: {e:?}"))
}

/// The `otpauth://` link and its QR code (SVG) for enrolment.
pub fn enrolment(secret_base32: &str, account: &str) -> anyhow::Result<(String, String)> {
    let url = totp(secret_base32, account)?.to_url().map_err(|e| anyhow::anyhow!("TOTP URL: {e:?}"))?;
    let svg = qrcode::QrCode::new(url.as_bytes())?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok((url, svg))
}

/// The step a code belongs to, if it is right at `now`.
pub fn check(secret_base32: &str, account: &str, code: &str, now: OffsetDateTime) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let seconds = u64::try_from(now.unix_timestamp()).ok()?;
    totp(secret_base32, account).ok()?.check(&code, seconds)
}

/// The code an authenticator app would show at `now` (for tests and the demo's own checks).
pub fn code_at(secret_base32: &str, account: &str, now: OffsetDateTime) -> anyhow::Result<String> {
    let seconds = u64::try_from(now.unix_timestamp())?;
    Ok(totp(secret_base32, account)?.generate(seconds).to_string())
}

fn digest(code: &str) -> String {
    let normalised: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase();
    hex(&Sha256::digest(normalised.as_bytes()))
}

/// Turns two-factor authentication on once the person proved their app works; returns the
/// recovery codes (shown once).
pub async fn enable(
    state: &AppState,
    user: &CurrentUser,
    secret: &str,
    step: u64,
    now: OffsetDateTime,
) -> anyhow::Result<Vec<String>> {
    let db = state.db();
    let sealed = state.keys().seal(&purpose(user.id), secret)?;
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let mut b = [0u8; 5];
            getrandom::fill(&mut b).map(|_| {
                let h = hex(&b);
                format!("{}-{}", &h[..5], &h[5..])
            })
        })
        .collect::<Result<_, _>>()
        .map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let mut tx = db.write().await?;
    sqlx::query("UPDATE users SET totp_secret = $1, totp_last_step = $2 WHERE id = $3")
        .bind(sealed)
        .bind(i64::try_from(step)?)
        .bind(user.id.to_string())
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user.id.to_string()).execute(&mut *tx).await?;
    for code in &codes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user.id.to_string())
            .bind(digest(code))
            .execute(&mut *tx)
            .await?;
    }
    audit::append(
        &mut tx,
        AuditEvent::new("user.two_factor_enable").actor(Some(user.id)).object("user", user.id.to_string()),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(codes)
}

/// Turns two-factor authentication off for `user` (by themselves, or by the operator helping a
/// person who lost both phone and codes).
pub async fn disable(db: &Db, user: UserId, actor: UserId, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    sqlx::query("UPDATE users SET totp_secret = NULL, totp_last_step = NULL WHERE id = $1")
        .bind(user.to_string())
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user.to_string()).execute(&mut *tx).await?;
    audit::append(
        &mut tx,
        AuditEvent::new("user.two_factor_disable").actor(Some(actor)).object("user", user.to_string()),
        now,
    )
    .await?;
    tx.commit().await
}

/// Checks a code at sign-in: a TOTP code not used before, or an unused recovery code (which is
/// then spent). Records what was used.
pub async fn verify_for_sign_in(
    db: &Db,
    keys: &KeyStore,
    user: UserId,
    account: &str,
    code: &str,
    now: OffsetDateTime,
) -> anyhow::Result<bool> {
    let row = sqlx::query("SELECT totp_secret, totp_last_step FROM users WHERE id = $1")
        .bind(user.to_string())
        .fetch_one(db.pool())
        .await?;
    let Some(sealed): Option<String> = row.try_get("totp_secret")? else { return Ok(false) };
    let secret = keys.open(&purpose(user), &sealed)?;
    let last: Option<i64> = row.try_get("totp_last_step")?;
    let mut tx = db.write().await?;
    if let Some(step) = check(&secret, account, code, now) {
        let step = i64::try_from(step)?;
        if last.is_some_and(|l| step <= l) {
            return Ok(false);
        }
        sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2")
            .bind(step)
            .bind(user.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        return Ok(true);
    }
    let spent =
        sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL")
            .bind(to_ms(now))
            .bind(user.to_string())
            .bind(digest(code))
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
    if spent {
        audit::append(
            &mut tx,
            AuditEvent::new("user.recovery_code_used").actor(Some(user)).object("user", user.to_string()),
            now,
        )
        .await?;
        tx.commit().await?;
    }
    Ok(spent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn codes_are_accepted_within_one_step_of_skew_only() {
        let secret = new_secret().expect("secret");
        let t = datetime!(2026-04-01 0:00:15 UTC);
        let code = code_at(&secret, "a@example.jp", t).expect("code");
        assert!(check(&secret, "a@example.jp", &code, t).is_some());
        assert!(check(&secret, "a@example.jp", &code, t + time::Duration::seconds(30)).is_some(), "one step late");
        assert!(check(&secret, "a@example.jp", &code, t + time::Duration::seconds(75)).is_none(), "too late");
        assert!(check(&secret, "a@example.jp", "000000x", t).is_none());
    }

    #[test]
    fn enrolment_gives_an_otpauth_link_and_a_qr_code() {
        let secret = new_secret().expect("secret");
        let (url, svg) = enrolment(&secret, "a@example.jp").expect("enrolment");
        assert!(url.starts_with("otpauth://totp/Kakehashi:a%40example.jp?"), "{url}");
        assert!(svg.contains("<svg"));
    }
}
