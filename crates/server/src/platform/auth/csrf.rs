//! CSRF protection for forms: a random token kept in the session and sent back in a hidden
//! `csrf` field (synchroniser token pattern). The guard checks it on every unsafe request to a
//! page route, so no handler can forget to. Programs calling `/api` with a session cookie are
//! protected differently (see `guard`): SameSite cookies plus a same-origin check.

use sha2::{Digest, Sha256};
use tower_sessions::Session;

use crate::platform::error::AppError;

/// The session key and the form field name.
pub const FIELD: &str = "csrf";

/// The session's token, created on first use.
pub async fn token(session: &Session) -> Result<String, AppError> {
    if let Some(existing) = session.get::<String>(FIELD).await.map_err(|e| AppError::Internal(e.into()))? {
        return Ok(existing);
    }
    let fresh = random_token()?;
    session.insert(FIELD, &fresh).await.map_err(|e| AppError::Internal(e.into()))?;
    Ok(fresh)
}

/// 32 random bytes as hex.
pub fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(anyhow::anyhow!("no randomness: {e}")))?;
    Ok(crate::platform::hex(&bytes))
}

/// Whether `submitted` is the session's token. Compares digests so that the time taken does
/// not reveal how many leading characters matched.
pub async fn matches(session: &Session, submitted: &str) -> bool {
    match session.get::<String>(FIELD).await {
        Ok(Some(expected)) => Sha256::digest(expected.as_bytes()) == Sha256::digest(submitted.as_bytes()),
        _ => false,
    }
}
