//! Password hashing with Argon2id (OWASP's parameters: 19 MiB, 2 passes, 1 lane), run off the
//! async threads because each hash takes tens of milliseconds by design.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use kakehashi_domain::identity::NewPassword;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a new password into a PHC string (algorithm, parameters and salt included).
pub async fn hash(password: &NewPassword) -> anyhow::Result<String> {
    let password = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        argon2()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("argon2 hashing failed: {e}"))
    })
    .await?
}

/// A hash of a password nobody knows, so that a sign-in for an unknown address costs as much
/// time as one for a known address and does not reveal which addresses have accounts.
const DECOY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$nXQOW0jzSf5D2Qd9A5Ejl4fBBgVGE9Bs1S+Zg6Nc0O4";

/// Checks `password` against `stored` (or against a decoy when there is no account).
pub async fn verify(password: &str, stored: Option<String>) -> bool {
    let password = password.to_owned();
    let known = stored.is_some();
    let stored = stored.unwrap_or_else(|| DECOY_HASH.to_owned());
    let matched = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored).is_ok_and(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .unwrap_or(false);
    known && matched
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hashed_password_verifies_and_others_do_not() {
        let p = NewPassword::parse("kakehashi-demo-2026", "a@example.jp").expect("valid");
        let stored = hash(&p).await.expect("hashes");
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("kakehashi-demo-2026", Some(stored.clone())).await);
        assert!(!verify("kakehashi-demo-2027", Some(stored)).await);
        assert!(!verify("anything", None).await);
    }

    #[test]
    fn the_decoy_is_a_valid_hash() {
        assert!(PasswordHash::new(DECOY_HASH).is_ok());
    }
}
