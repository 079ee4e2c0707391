//! The self-check (assess): questionnaires made from profiles or baseline tiers, laid out one
//! screen per theme, each question with its guidance. Answering, evidence and review build on
//! these.

mod answer_form;
mod answer_pages;
pub mod api;
pub mod assessment_api;
pub mod assessment_store;
pub mod assessments;
pub mod carry;
pub mod evidence;
pub mod evidence_api;
mod evidence_pages;
pub mod evidence_store;
mod pages;
pub mod questionnaires;
mod result_pages;
pub mod review;
pub mod review_api;
mod review_mail;
mod review_mail_store;
mod review_pages;
pub mod review_store;
mod self_check_pages;
pub mod store;

pub use pages::{questionnaire_title, self_check_title};

use axum::http::Method;

use kakehashi_domain::tenancy::Permission;

use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/questionnaires", Access::SignedIn, pages::list)
        .page(Method::GET, "/questionnaires/{questionnaire_id}", Access::SignedIn, pages::screen)
        .page(Method::GET, "/self-checks", Access::Org(Permission::Read), self_check_pages::list)
        .page(Method::POST, "/self-checks", Access::Org(Permission::Write), self_check_pages::start)
        .page(Method::GET, "/self-checks/{assessment_id}", Access::Org(Permission::Read), answer_pages::screen)
        .page_upload(
            Method::POST,
            "/self-checks/{assessment_id}/answers",
            Access::Org(Permission::Write),
            answer_pages::save,
        )
        .page(Method::GET, "/self-checks/{assessment_id}/result", Access::Org(Permission::Read), result_pages::result)
        .page(Method::GET, "/evidence", Access::Org(Permission::Read), evidence_pages::list)
        .page_upload(Method::POST, "/evidence", Access::Org(Permission::Write), evidence_pages::add)
        .page(Method::GET, "/evidence/{evidence_id}/download", Access::Org(Permission::Read), evidence_pages::download)
        .page(
            Method::POST,
            "/evidence/{evidence_id}/withdraw",
            Access::Org(Permission::Write),
            evidence_pages::withdraw,
        )
        .page(Method::POST, "/self-checks/{assessment_id}/submit", Access::Org(Permission::Write), review_pages::submit)
        .page(Method::POST, "/self-checks/{assessment_id}/replies", Access::Org(Permission::Write), review_pages::reply)
        .page(Method::GET, "/reviews", Access::Shared(Permission::Read), review_pages::list)
        .page(Method::GET, "/reviews/{assessment_id}", Access::Shared(Permission::Read), review_pages::show)
        .page(
            Method::POST,
            "/reviews/{assessment_id}/verdicts",
            Access::Shared(Permission::Review),
            review_pages::decide,
        )
        .page(
            Method::POST,
            "/reviews/{assessment_id}/verdicts/accept-remaining",
            Access::Shared(Permission::Review),
            review_pages::accept_remaining,
        )
        .page(
            Method::GET,
            "/reviews/{assessment_id}/evidence/{evidence_id}/download",
            Access::Shared(Permission::Read),
            review_pages::evidence,
        )
        .merge(api::routes())
        .merge(assessment_api::routes())
        .merge(evidence_api::routes())
        .merge(review_api::routes())
}
