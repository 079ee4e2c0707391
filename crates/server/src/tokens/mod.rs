//! API tokens for integrations: made by an organisation's admin for one role, shown once,
//! expiring, revocable. (The token store and its authentication live in the platform.)

pub mod api;
mod pages;

use axum::http::Method;
use kakehashi_domain::tenancy::{Permission, Role};
use time::{Duration, OffsetDateTime};

use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    let admin = Access::Org(Permission::Administer);
    Routes::new()
        .page(Method::GET, "/org/tokens", admin, pages::list)
        .page(Method::POST, "/org/tokens", admin, pages::create)
        .page(Method::GET, "/org/tokens/{token_id}/revoke", admin, pages::confirm_revoke)
        .page(Method::POST, "/org/tokens/{token_id}/revoke", admin, pages::revoke)
        .merge(api::routes())
}

/// Lifetimes offered, in days.
pub const LIFETIMES: [i64; 4] = [30, 90, 180, 365];

/// Checks a request for a token: a name, a role the maker holds, a lifetime within a year.
pub fn validate(
    name: &str,
    role: &str,
    days: i64,
    maker: Role,
    now: OffsetDateTime,
) -> Result<(String, Role, OffsetDateTime), (&'static str, &'static str)> {
    let name: String = name.trim().chars().take(100).collect();
    if name.is_empty() {
        return Err(("name", "token-name-needed"));
    }
    let role: Role = role.parse().map_err(|_| ("role", "field-choice-invalid"))?;
    if !maker.may_grant(role) {
        return Err(("role", "token-role-too-strong"));
    }
    // The number is checked before it becomes a duration: `Duration::days` panics past ±2^63 s.
    if !(1..=crate::platform::auth::tokens::MAX_LIFETIME.whole_days()).contains(&days) {
        return Err(("days", "token-lifetime-invalid"));
    }
    Ok((name, role, now + Duration::days(days)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_outside_a_year_are_refused_without_overflow() {
        let now = OffsetDateTime::UNIX_EPOCH;
        for days in [i64::MAX, i64::MIN, 0, -1, 367] {
            assert_eq!(
                validate("ci", "member", days, Role::Admin, now).map(|_| ()),
                Err(("days", "token-lifetime-invalid"))
            );
        }
        assert!(validate("ci", "member", 365, Role::Admin, now).is_ok());
    }
}
