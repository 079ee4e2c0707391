//! The self-check (assess): questionnaires made from profiles or baseline tiers, laid out one
//! screen per theme, each question with its guidance. Answering, evidence and review build on
//! these.

pub mod api;
pub mod assessment_api;
pub mod assessment_store;
pub mod assessments;
mod pages;
pub mod questionnaires;
pub mod store;

use axum::http::Method;

use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/questionnaires", Access::SignedIn, pages::list)
        .page(Method::GET, "/questionnaires/{questionnaire_id}", Access::SignedIn, pages::screen)
        .merge(api::routes())
        .merge(assessment_api::routes())
}
