//! The common baseline (共通項): our built-in tiered baseline, installed at start with the
//! id-only lists of Japanese documents it maps to, and linked to NIST's catalogs as soon as
//! they are imported; browsed by tier and theme.

pub mod api;
pub mod common;
mod common_pages;
pub mod graph;
pub mod inference;
mod inference_pages;
pub mod install;
pub mod items;
mod pages;

use axum::http::Method;

use kakehashi_domain::tenancy::Permission;

use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/baseline", Access::SignedIn, pages::index)
        .page(Method::GET, "/inference", Access::SignedIn, inference_pages::form)
        .page(Method::POST, "/inference", Access::SignedIn, inference_pages::run)
        .page(Method::GET, "/common-items", Access::SignedIn, common_pages::index)
        .page(Method::POST, "/common-items/profile", Access::Org(Permission::Write), common_pages::publish)
        .merge(api::routes())
}
