//! The common baseline (共通項): our built-in tiered baseline, installed at start with the
//! id-only lists of Japanese documents it maps to, and linked to NIST's catalogs when they are
//! imported (by the `catalog.imported` job, or at the next start); browsed by tier and theme.

pub mod api;
pub mod common;
mod common_pages;
pub mod graph_store;
pub mod inference;
mod inference_pages;
pub mod install;
pub mod items;
mod pages;

use axum::http::Method;

use kakehashi_domain::tenancy::Permission;

use kakehashi_domain::platform::jobs::RetryPolicy;

use crate::platform::jobs::Outcome;
use crate::platform::jobs::registry::{JobKinds, Running};
use crate::platform::jobs::store::ClaimedJob;
use crate::platform::routes::{Access, Routes};
use crate::platform::state::AppState;

/// The baseline's jobs: when a catalog is imported, the baseline links to it if it is a
/// framework the baseline maps to (and, run again, changes nothing).
pub fn job_kinds() -> JobKinds {
    JobKinds::default().kind(crate::catalog::store::IMPORTED, link_to_imported)
}

fn link_to_imported<'a>(state: &'a AppState, _job: &'a ClaimedJob, _policy: RetryPolicy) -> Running<'a> {
    Box::pin(async move {
        install::install(state).await?;
        Ok(Outcome::Done)
    })
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/baseline", Access::SignedIn, pages::index)
        .page(Method::GET, "/inference", Access::SignedIn, inference_pages::form)
        .page(Method::POST, "/inference", Access::SignedIn, inference_pages::run)
        .page(Method::GET, "/common-items", Access::SignedIn, common_pages::index)
        .page(Method::POST, "/common-items/profile", Access::Org(Permission::Write), common_pages::publish)
        .merge(api::routes())
}
