//! Password changes and resets by e-mail link. A reset link works once, for one hour; using it
//! (or changing the password) ends every session of the account.

use kakehashi_domain::identity::{EmailAddress, NewPassword};
use kakehashi_domain::ids::UserId;
use kakehashi_domain::locale::Locale;
use sha2::{Digest, Sha256};
use sqlx::Row;
use time::Duration;

use super::throttle::{self, Key};
use super::{password, users};
use crate::platform::audit::{self, AuditEvent};
use crate::platform::auth::csrf::random_token;
use crate::platform::db::{parse_column, to_ms};
use crate::platform::hex;
use crate::platform::outbox::{self, Mail};
use crate::platform::state::AppState;
use crate::platform::web::format_time;

/// The outbox kind of reset mail (its body carries a secret link).
pub const RESET_MAIL: &str = "password-reset";

/// How long a reset link works.
pub const VALID_FOR: Duration = Duration::hours(1);

fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Sends a reset link if an active account has this address. Says nothing either way, so
/// the form cannot be used to find out who has an account.
pub async fn request(state: &AppState, email: &EmailAddress) -> anyhow::Result<()> {
    let Some((user, _)) = users::find_for_login(state.db(), email).await? else { return Ok(()) };
    let now = state.now();
    let token = random_token().map_err(|e| anyhow::anyhow!("{e}"))?;
    let base = state.public_base();
    let args = [("link", format!("{base}/password/reset?token={token}")), ("expires", format_time(now + VALID_FOR))];
    let text = |l| kakehashi_content::i18n::text_with(l, "mail-reset-body", &args);
    let mail = Mail {
        kind: RESET_MAIL,
        to: email.clone(),
        subject: format!(
            "{} / {}",
            kakehashi_content::i18n::text(Locale::Ja, "mail-reset-subject"),
            kakehashi_content::i18n::text(Locale::En, "mail-reset-subject")
        ),
        body_text: format!("{}\n\n----\n\n{}", text(Locale::Ja), text(Locale::En)),
    };
    let mut tx = state.db().write().await?;
    sqlx::query(
        "INSERT INTO password_resets (id, user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(user.id.to_string())
    .bind(digest(&token))
    .bind(to_ms(now))
    .bind(to_ms(now + VALID_FOR))
    .execute(&mut *tx)
    .await?;
    outbox::enqueue(&mut tx, mail, now).await?;
    audit::append(
        &mut tx,
        AuditEvent::new("user.password_reset_request").actor(Some(user.id)).object("user", user.id.to_string()),
        now,
    )
    .await?;
    tx.commit().await?;
    state.wake_jobs();
    Ok(())
}

/// A reset request as typed by someone: at most three a quarter hour per address typed, and
/// nothing said about whether the address has an account.
pub async fn request_throttled(state: &AppState, typed: &str) -> anyhow::Result<()> {
    let key = [Key::reset(typed)];
    if let Ok(email) = EmailAddress::parse(typed)
        && !throttle::blocked(state.db(), &key, state.now()).await?
    {
        throttle::record(state.db(), &key, state.now()).await?;
        request(state, &email).await?;
    }
    Ok(())
}

/// The account a reset link is for, if the link still works.
pub async fn holder(state: &AppState, token: &str) -> Result<Option<(UserId, String)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT r.user_id, u.email FROM password_resets r JOIN users u ON u.id = r.user_id \
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.disabled_at IS NULL",
    )
    .bind(digest(token))
    .bind(to_ms(state.now()))
    .fetch_optional(state.db().pool())
    .await?;
    row.map(|r| Ok((parse_column(&r, "user_id")?, r.try_get("email")?))).transpose()
}

/// Sets a new password through a reset link. `false` if the link no longer works.
pub async fn complete(state: &AppState, token: &str, new: &NewPassword) -> anyhow::Result<bool> {
    let Some((user, _)) = holder(state, token).await? else { return Ok(false) };
    let hash = password::hash(new).await?;
    let now = state.now();
    let mut tx = state.db().write().await?;
    let spent = sqlx::query(
        "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(to_ms(now))
    .bind(digest(token))
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !spent {
        return Ok(false);
    }
    set_password(&mut tx, user, &hash).await?;
    audit::append(
        &mut tx,
        AuditEvent::new("user.password_reset").actor(Some(user)).object("user", user.to_string()),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Changes the signed-in person's password after checking the current one; other sessions end.
pub async fn change(
    state: &AppState,
    user: UserId,
    email: &EmailAddress,
    current: &str,
    new: &NewPassword,
) -> anyhow::Result<bool> {
    let stored = users::find_for_login(state.db(), email).await?.map(|(_, h)| h);
    if !password::verify(current, stored).await {
        return Ok(false);
    }
    let hash = password::hash(new).await?;
    let now = state.now();
    let mut tx = state.db().write().await?;
    set_password(&mut tx, user, &hash).await?;
    audit::append(
        &mut tx,
        AuditEvent::new("user.password_change").actor(Some(user)).object("user", user.to_string()),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Stores the hash and ends every session of the account (the caller starts a new one).
async fn set_password(conn: &mut sqlx::AnyConnection, user: UserId, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user.to_string())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.to_string()).execute(&mut *conn).await?;
    Ok(())
}
