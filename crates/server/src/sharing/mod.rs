//! What an organisation shares with others (grants), what others share with it, and what one
//! organisation may see of another: its name when they are linked, its full profile only
//! through a live grant.

pub mod api;
mod pages;
pub mod service;

use axum::http::Method;
use kakehashi_domain::tenancy::Permission;

use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    let admin = Access::Org(Permission::Administer);
    Routes::new()
        .page(Method::GET, "/org/sharing", Access::Org(Permission::Read), pages::overview)
        .page(Method::POST, "/org/sharing", admin, pages::share)
        .page(Method::GET, "/org/sharing/{grant_id}/revoke", admin, pages::confirm_revoke)
        .page(Method::POST, "/org/sharing/{grant_id}/revoke", admin, pages::revoke)
        .page(Method::GET, "/orgs/{org_id}", Access::Shared(Permission::Read), pages::other_org)
        .merge(api::routes())
}
