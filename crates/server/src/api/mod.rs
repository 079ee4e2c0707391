//! The machine-facing surface: `/api/v1` (JSON, errors as RFC 9457 problem details), its
//! OpenAPI 3.1 document at `/api/v1/openapi.json`, and `/healthz`.
//!
//! Every API handler carries a `#[utoipa::path]`, and its capability registers it with
//! `Routes::api::<__path_handler, _, _>(access, handler)`: the route's method and path come from
//! that description, and the operation joins the document (`Routes::document`), so adding an
//! endpoint touches its capability's folder only. [`ApiDoc`] holds what is common: the title,
//! the problem schema and the tags. A test checks the document against the route registry.

mod health;
pub mod session;
mod statuses;

use axum::Json;
use utoipa::OpenApi;

use crate::operator::api as operator_api;
use crate::platform::error::{FieldError, Problem};
use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .api::<health::__path_healthz, _, _>(Access::Public, health::healthz)
        .api::<__path_openapi_json, _, _>(Access::Public, openapi_json)
        .api::<session::__path_create, _, _>(Access::Public, session::create)
        // The session's person: Enrolling, so an API token is refused here.
        .api::<session::__path_show, _, _>(Access::Enrolling, session::show)
        .api::<session::__path_delete, _, _>(Access::SignedIn, session::delete)
        .merge(operator_api::routes())
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kakehashi API",
        description = "Supply-chain cybersecurity: catalogs, self-checks, attestations, the supply-chain map and incident sharing. Errors are RFC 9457 problem details (application/problem+json).",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
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
        let routes = crate::app::routes();
        routes.document(&mut doc);
        let mut doc = serde_json::to_value(doc).unwrap_or_default();
        statuses::complete(&mut doc, &routes.into_parts().1);
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
