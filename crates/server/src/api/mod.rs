//! The machine-facing surface: `/api/v1` (JSON, errors as RFC 9457 problem details), its
//! OpenAPI 3.1 document at `/api/v1/openapi.json`, and `/healthz`.
//!
//! Every API handler carries a `#[utoipa::path]` and is listed in [`ApiDoc`]; a test checks
//! that the document and the route registry describe the same routes.

mod health;
pub mod session;
mod statuses;

use axum::Json;
use axum::http::Method;
use utoipa::OpenApi;

use crate::account::api as account_api;
use crate::catalog::api as catalog_api;
use crate::catalog::crosswalk_api;
use crate::catalog::profile_api;
use crate::operator::api as operator_api;
use crate::org::api as org_api;
use crate::platform::error::{FieldError, Problem};
use crate::platform::routes::{Access, Routes};
use crate::relations::api as rel_api;
use crate::sharing::api as share_api;
use crate::tokens::api as token_api;

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/healthz", Access::Public, health::healthz)
        .api(Method::GET, "/api/v1/openapi.json", Access::Public, openapi_json)
        .api(Method::POST, "/api/v1/session", Access::Public, session::create)
        // The session's person: Enrolling, so an API token is refused here.
        .api(Method::GET, "/api/v1/session", Access::Enrolling, session::show)
        .api(Method::DELETE, "/api/v1/session", Access::SignedIn, session::delete)
        .merge(operator_api::routes())
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kakehashi API",
        description = "Supply-chain cybersecurity: catalogs, self-checks, attestations, the supply-chain map and incident sharing. Errors are RFC 9457 problem details (application/problem+json).",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    paths(
        health::healthz,
        openapi_json,
        session::create,
        session::show,
        session::delete,
        operator_api::send_test_mail,
        operator_api::list_outbox,
        operator_api::get_outbox_message,
        operator_api::list_jobs,
        operator_api::verify_audit,
        operator_api::list_users,
        operator_api::disable_user,
        operator_api::enable_user,
        operator_api::list_orgs,
        operator_api::appoint_admin,
        operator_api::put_settings,
        org_api::get_org,
        org_api::put_profile,
        org_api::list_members,
        org_api::patch_member,
        org_api::delete_member,
        org_api::org_audit,
        org_api::my_organisations,
        org_api::choose_organisation,
        rel_api::list_relationships,
        rel_api::accept_relationship,
        rel_api::end_relationship,
        rel_api::list_invitations,
        rel_api::invite_firm,
        rel_api::invite_colleague,
        rel_api::revoke_invitation,
        rel_api::lookup,
        rel_api::register,
        rel_api::accept,
        share_api::given,
        share_api::received,
        share_api::get_grant,
        share_api::create_grant,
        share_api::revoke_grant,
        share_api::other_org,
        token_api::list_tokens,
        token_api::create_token,
        token_api::revoke_token,
        account_api::get_account,
        account_api::change_password,
        account_api::forgot,
        account_api::reset_password,
        catalog_api::list_catalogs,
        catalog_api::import_catalog,
        catalog_api::get_catalog,
        catalog_api::catalog_controls,
        catalog_api::catalog_control,
        catalog_api::export_catalog_oscal,
        crosswalk_api::list_crosswalks,
        crosswalk_api::import_crosswalk,
        crosswalk_api::get_crosswalk,
        crosswalk_api::export_crosswalk_oscal,
        crosswalk_api::export_crosswalk_csv,
        crosswalk_api::control_mappings,
        crosswalk_api::matrix,
        profile_api::list_profiles,
        crate::baseline::api::get_baseline,
        crate::baseline::api::run_inference,
        crate::baseline::api::baseline_coverage,
        crate::baseline::api::get_common_items,
        crate::baseline::api::publish_profile,
        crate::assess::api::list_questionnaires,
        crate::assess::api::create_questionnaire,
        crate::assess::api::get_questionnaire,
        crate::assess::assessment_api::list_assessments,
        crate::assess::assessment_api::start_assessment,
        crate::assess::assessment_api::get_assessment,
        crate::assess::assessment_api::save_answers,
        crate::assess::assessment_api::carry_answers,
        crate::assess::assessment_api::confirm_answers,
        crate::assess::evidence_api::list_evidence,
        crate::assess::evidence_api::add_evidence,
        crate::assess::evidence_api::upload_evidence,
        crate::assess::evidence_api::get_evidence,
        crate::assess::evidence_api::download_evidence,
        crate::assess::evidence_api::withdraw_evidence,
        crate::assess::evidence_api::attach_evidence,
        crate::assess::review_api::submit_assessment,
        crate::assess::review_api::reply_to_review,
        crate::assess::review_api::list_reviews,
        crate::assess::review_api::get_review,
        crate::assess::review_api::decide_answer,
        crate::assess::review_api::download_reviewed_evidence,
        profile_api::import_profile,
        profile_api::get_profile,
        profile_api::export_profile_oscal,
    ),
    components(schemas(Problem, FieldError)),
    tags(
        (name = "platform", description = "Health, the API description, sessions"),
        (name = "operator", description = "The platform operator's tools"),
        (name = "organisation", description = "The organisation the caller acts for"),
        (name = "relationships", description = "Links between organisations, invitations and link requests"),
        (name = "sharing", description = "Grants: what one organisation lets another see"),
        (name = "catalogs", description = "Frameworks and guidelines as catalogs of controls"),
        (name = "baseline", description = "The common baseline, inference across frameworks, common items"),
        (name = "assess", description = "The self-check: questionnaires, answers, evidence, review, scores")
    )
)]
#[derive(Debug)]
pub struct ApiDoc;

/// The OpenAPI document, with this build's version and, on every operation, the statuses the
/// platform can answer before its handler runs (`statuses`).
pub fn openapi() -> serde_json::Value {
    static DOC: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = ApiDoc::openapi();
        doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
        let mut doc = serde_json::to_value(doc).unwrap_or_default();
        statuses::complete(&mut doc, &crate::app::routes().into_parts().1);
        doc
    })
    .clone()
}

/// The OpenAPI 3.1 description of this API.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "platform",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn openapi_json() -> Json<serde_json::Value> {
    Json(openapi())
}
