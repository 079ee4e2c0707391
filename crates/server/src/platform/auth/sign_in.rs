//! Signing in: password, then (if set up) a second factor, with rate limiting, a fresh session
//! id, and an audit entry. Shared by the sign-in pages and `POST /api/v1/session`.

use std::net::IpAddr;

use kakehashi_domain::identity::EmailAddress;
use kakehashi_domain::ids::UserId;
use time::Duration;
use tower_sessions::Session;

use super::session_store::USER_KEY;
use super::throttle::{self, Key};
use super::{CurrentUser, csrf, password, two_factor, users};
use crate::platform::audit::{self, AuditEvent};
use crate::platform::db::{from_ms, to_ms};
use crate::platform::error::AppError;
use crate::platform::state::AppState;
use crate::platform::tenancy::acting::ORG_KEY;

/// Session keys of a sign-in waiting for its second factor.
const PENDING_USER: &str = "pending_uid";
const PENDING_SINCE: &str = "pending_at";
/// How long the second step may wait after the password.
const PENDING_FOR: Duration = Duration::minutes(5);

#[derive(Debug)]
pub enum SignIn {
    Done(CurrentUser),
    /// The password was right; a second-factor code is needed.
    NeedsCode,
    /// Wrong address, password or code (never said which).
    Refused,
    /// Too many failures recently: try again later.
    Throttled,
}

fn internal(e: impl Into<anyhow::Error>) -> AppError {
    AppError::Internal(e.into())
}

/// The first step (and the only one without two-factor authentication). With `code`, both
/// steps at once (for the API).
pub async fn with_password(
    state: &AppState,
    session: &Session,
    email: &str,
    given_password: &str,
    code: Option<&str>,
    ip: IpAddr,
) -> Result<SignIn, AppError> {
    let now = state.now();
    let keys = [Key::account(email), Key::address(ip)];
    // The account locks; the address only slows (right passwords too, so guessing gains
    // nothing by waiting for them), as many people may share it.
    if throttle::blocked(state.db(), &keys[..1], now).await? {
        return Ok(SignIn::Throttled);
    }
    let step = std::time::Duration::from_millis(state.settings().server.sign_in_slowdown_ms);
    let hold = throttle::slowdown(state.db(), &keys[1], step, now).await?;
    if !hold.is_zero() {
        tracing::info!(?hold, "sign-in slowed: many failures from this address");
        tokio::time::sleep(hold).await;
    }
    let found = match EmailAddress::parse(email) {
        Ok(email) => users::find_for_login(state.db(), &email).await?,
        Err(_) => None,
    };
    let (user, stored) = match found {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    let matched = password::verify(given_password, stored).await;
    let Some(user) = user.filter(|_| matched) else {
        throttle::record(state.db(), &keys, now).await?;
        tracing::info!("sign-in refused");
        return Ok(SignIn::Refused);
    };
    throttle::clear(state.db(), &keys[0]).await?;
    if !user.has_totp {
        return complete(state, session, user).await.map(SignIn::Done);
    }
    match code {
        Some(code) => with_code(state, session, user, code).await,
        None => {
            session.cycle_id().await.map_err(internal)?;
            session.insert(PENDING_USER, user.id.to_string()).await.map_err(internal)?;
            session.insert(PENDING_SINCE, to_ms(now)).await.map_err(internal)?;
            Ok(SignIn::NeedsCode)
        }
    }
}

/// The person waiting for their second step in this session, if the wait is not too long.
pub async fn pending(state: &AppState, session: &Session) -> Result<Option<CurrentUser>, AppError> {
    let uid: Option<String> = session.get(PENDING_USER).await.map_err(internal)?;
    let since: Option<i64> = session.get(PENDING_SINCE).await.map_err(internal)?;
    let (Some(uid), Some(since)) = (uid, since) else { return Ok(None) };
    if state.now() - from_ms(since) > PENDING_FOR {
        session.remove::<String>(PENDING_USER).await.map_err(internal)?;
        return Ok(None);
    }
    let Ok(id) = uid.parse::<UserId>() else { return Ok(None) };
    Ok(users::find_active(state.db(), id).await?)
}

/// The second step: a TOTP or recovery code for the pending person.
pub async fn with_code(state: &AppState, session: &Session, user: CurrentUser, code: &str) -> Result<SignIn, AppError> {
    let now = state.now();
    let key = [Key::second_factor(&user.id.to_string())];
    if throttle::blocked(state.db(), &key, now).await? {
        return Ok(SignIn::Throttled);
    }
    if !two_factor::verify_for_sign_in(state.db(), state.keys(), user.id, user.email.as_str(), code, now).await? {
        throttle::record(state.db(), &key, now).await?;
        return Ok(SignIn::Refused);
    }
    throttle::clear(state.db(), &key[0]).await?;
    complete(state, session, user).await.map(SignIn::Done)
}

/// A fresh session id (so an id planted before sign-in is useless), the person in it, audited.
async fn complete(state: &AppState, session: &Session, user: CurrentUser) -> Result<CurrentUser, AppError> {
    session.cycle_id().await.map_err(internal)?;
    for key in [csrf::FIELD, PENDING_USER, ORG_KEY] {
        session.remove::<serde_json::Value>(key).await.map_err(internal)?;
    }
    session.remove::<i64>(PENDING_SINCE).await.map_err(internal)?;
    session.insert(USER_KEY, user.id.to_string()).await.map_err(internal)?;
    let mut tx = state.db().write().await?;
    let event = AuditEvent::new("user.sign_in").actor(Some(user.id)).object("user", user.id.to_string());
    audit::append(&mut tx, event, state.now()).await?;
    tx.commit().await?;
    Ok(user)
}

/// Starts a session for someone who just registered (no password step: they just chose it),
/// acting for `org`.
pub async fn start(
    state: &AppState,
    session: &Session,
    user: UserId,
    org: Option<kakehashi_domain::ids::OrgId>,
) -> Result<(), AppError> {
    let user = users::find_active(state.db(), user).await?.ok_or(AppError::NotFound)?;
    complete(state, session, user).await?;
    if let Some(org) = org {
        session.insert(ORG_KEY, org.to_string()).await.map_err(internal)?;
    }
    Ok(())
}
