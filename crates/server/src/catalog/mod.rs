//! Catalogs and crosswalks: frameworks and guidelines imported as trees of controls (NIST
//! OSCAL JSON and XML), browsed and searched in both languages, exported back as OSCAL.
//! Catalogs are reference data of the whole platform: the operator imports them, and everyone
//! signed in reads them.

pub mod api;
pub mod export;
pub mod import;
mod pages;
pub mod store;

use axum::http::Method;

use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/catalogs", Access::SignedIn, pages::list)
        .page_upload(Method::POST, "/operator/catalogs", Access::Operator, pages::upload)
        .page(Method::GET, "/catalogs/{catalog_id}", Access::SignedIn, pages::tree)
        .page(Method::GET, "/catalogs/{catalog_id}/controls/{control_id}", Access::SignedIn, pages::control)
        .merge(api::routes())
}
