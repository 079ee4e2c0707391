//! Catalogs, profiles and crosswalks: frameworks and guidelines imported as trees of controls (NIST
//! OSCAL JSON and XML), browsed and searched in both languages, exported back as OSCAL.
//! Catalogs are reference data of the whole platform: the operator imports them, and everyone
//! signed in reads them.

pub mod api;
pub mod crosswalk_api;
mod crosswalk_pages;
pub mod crosswalk_store;
pub mod crosswalks;
pub mod demo;
pub mod export;
pub mod import;
mod pages;
pub mod profile_api;
mod profile_pages;
pub mod profile_store;
pub mod profiles;
pub mod store;

use axum::http::Method;

use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/catalogs", Access::SignedIn, pages::list)
        .page_upload(Method::POST, "/operator/catalogs", Access::Operator, pages::upload)
        .page(Method::GET, "/catalogs/{catalog_id}", Access::SignedIn, pages::tree)
        .page(Method::GET, "/catalogs/{catalog_id}/controls/{control_id}", Access::SignedIn, pages::control)
        .page(Method::GET, "/crosswalks", Access::SignedIn, crosswalk_pages::list)
        .page_upload(Method::POST, "/operator/crosswalks", Access::Operator, crosswalk_pages::upload)
        .page(Method::GET, "/crosswalks/{crosswalk_id}", Access::SignedIn, crosswalk_pages::detail)
        .page(Method::GET, "/crosswalk-matrix", Access::SignedIn, crosswalk_pages::matrix)
        .page(Method::GET, "/profiles", Access::SignedIn, profile_pages::list)
        .page_upload(Method::POST, "/operator/profiles", Access::Operator, profile_pages::upload)
        .page(Method::GET, "/profiles/{profile_id}", Access::SignedIn, profile_pages::detail)
        .merge(api::routes())
        .merge(crosswalk_api::routes())
        .merge(profile_api::routes())
}
