//! The organisation a person acts for: its profile, its members and their roles, choosing and
//! switching the organisation, and its audit trail.

pub mod api;
pub mod audit_store;
pub mod audit_view;
pub mod form;
pub(crate) mod pages;
pub mod store;

use axum::http::Method;
use kakehashi_domain::tenancy::Permission;

use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    let read = Access::Org(Permission::Read);
    let write = Access::Org(Permission::Write);
    let admin = Access::Org(Permission::Administer);
    Routes::new()
        .page(Method::GET, "/org", read, pages::overview)
        .page(Method::GET, "/org/profile", write, pages::profile_form)
        .page(Method::POST, "/org/profile", write, pages::save_profile)
        .page(Method::POST, "/org/domain", admin, pages::confirm_domain)
        .page(Method::GET, "/org/members", read, pages::members)
        .page(Method::POST, "/org/members/{membership_id}/role", admin, pages::change_role)
        .page(Method::GET, "/org/members/{membership_id}/remove", admin, pages::confirm_remove_member)
        .page(Method::POST, "/org/members/{membership_id}/remove", admin, pages::remove_member)
        .page(Method::GET, "/org/audit", read, pages::audit)
        .page(Method::GET, "/org/audit/download", read, pages::audit_csv)
        .page(Method::GET, "/org/choose", Access::SignedIn, pages::choose_form)
        .page(Method::POST, "/org/choose", Access::SignedIn, pages::choose)
        .merge(api::routes())
}
