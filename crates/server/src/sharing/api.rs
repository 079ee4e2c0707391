//! The sharing API.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kakehashi_domain::identity::CorporateNumber;
use kakehashi_domain::ids::{GrantId, OrgId};
use kakehashi_domain::tenancy::{ObjectKind, Permission, Purpose};
use serde::Deserialize;
use time::Date;
use time::macros::format_description;

use super::service::{self, GranteeChoice, OtherOrg, ShareError};
use crate::platform::auth::CurrentUser;
use crate::platform::error::{AppError, FieldError, Problem};
use crate::platform::routes::{Access, IdPath, Routes};
use crate::platform::state::AppState;
use crate::platform::tenancy::Acting;
use crate::platform::tenancy::grants::{self, GrantView};

pub fn routes() -> Routes {
    let read = Access::Org(Permission::Read);
    let admin = Access::Org(Permission::Administer);
    Routes::new()
        .api::<__path_given, _, _>(read, given)
        .api::<__path_received, _, _>(read, received)
        .api::<__path_get_grant, _, _>(read, get_grant)
        .api::<__path_create_grant, _, _>(admin, create_grant)
        .api::<__path_revoke_grant, _, _>(admin, revoke_grant)
        .api::<__path_other_org, _, _>(Access::Shared(Permission::Read), other_org)
}

/// What the acting organisation shares with others.
#[utoipa::path(get, path = "/api/v1/org/grants/given", tag = "sharing",
    responses((status = 200, description = "Newest first", body = Vec<GrantView>)))]
pub async fn given(State(state): State<AppState>, acting: Acting) -> Result<Json<Vec<GrantView>>, AppError> {
    Ok(Json(grants::given(state.db(), &acting.own(), state.now()).await?))
}

/// What others share with the acting organisation.
#[utoipa::path(get, path = "/api/v1/org/grants/received", tag = "sharing",
    responses((status = 200, description = "Newest first", body = Vec<GrantView>)))]
pub async fn received(State(state): State<AppState>, acting: Acting) -> Result<Json<Vec<GrantView>>, AppError> {
    Ok(Json(grants::received(state.db(), &acting.own(), state.now()).await?))
}

/// One grant the acting organisation gave or received.
#[utoipa::path(get, path = "/api/v1/org/grants/{grant_id}", tag = "sharing", params(("grant_id" = String, Path)),
    responses(
        (status = 200, description = "The grant", body = GrantView),
        (status = 404, description = "Not a grant of or to this organisation", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn get_grant(
    State(state): State<AppState>,
    acting: Acting,
    IdPath(id): IdPath<GrantId>,
) -> Result<Json<GrantView>, AppError> {
    Ok(Json(grants::get(state.db(), &acting.own(), id, state.now()).await?.ok_or(AppError::NotFound)?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct GrantRequest {
    /// A linked organisation's id; or give `corporate_number` instead.
    pub grantee_org_id: Option<String>,
    pub corporate_number: Option<String>,
    /// What to share: `org-profile`.
    pub kind: String,
    /// Why, in the owner's words; shown to both sides.
    pub purpose: String,
    /// The last day it works (Japan time), `YYYY-MM-DD`; none for no expiry.
    pub until: Option<String>,
}

fn invalid(field: &str, code: &str) -> AppError {
    AppError::Invalid(vec![FieldError { field: field.into(), code: code.into() }])
}

/// Shares with another organisation, until revoked or expired.
#[utoipa::path(post, path = "/api/v1/org/grants", tag = "sharing", request_body = GrantRequest,
    responses(
        (status = 201, description = "Shared", body = GrantView),
        (status = 422, description = "Invalid fields or unknown organisation", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn create_grant(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    Json(r): Json<GrantRequest>,
) -> Result<(StatusCode, Json<GrantView>), AppError> {
    let grantee =
        match (r.corporate_number.as_deref().map(str::trim).filter(|s| !s.is_empty()), r.grantee_org_id.as_deref()) {
            (Some(n), _) => GranteeChoice::ByCorporateNumber(
                CorporateNumber::parse(n).map_err(|_| invalid("corporate_number", "field-corporate-number-check"))?,
            ),
            (None, Some(id)) => GranteeChoice::Linked(
                id.parse::<OrgId>().map_err(|_| invalid("grantee_org_id", "share-unknown-grantee"))?,
            ),
            (None, None) => return Err(invalid("grantee_org_id", "share-choose-grantee")),
        };
    let kind: ObjectKind = r.kind.parse().map_err(|_| invalid("kind", "field-choice-invalid"))?;
    let purpose = Purpose::parse(&r.purpose).map_err(|_| invalid("purpose", "share-purpose-needed"))?;
    let until = match r.until.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(d) => Some(
            Date::parse(d, format_description!("[year]-[month]-[day]"))
                .map_err(|_| invalid("until", "share-until-invalid"))?,
        ),
        None => None,
    };
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    let id = match service::share(&state, &mut unit, grantee, kind, purpose, until).await {
        Ok(id) => {
            unit.commit().await?;
            id
        }
        Err(ShareError::UnknownGrantee) => return Err(invalid("grantee_org_id", "share-unknown-grantee")),
        Err(ShareError::Itself) => return Err(invalid("grantee_org_id", "share-itself")),
        Err(ShareError::ExpiryPassed) => return Err(invalid("until", "share-until-invalid")),
        Err(ShareError::SubmitInstead) => return Err(invalid("kind", "share-submit-instead")),
        Err(ShareError::Db(e)) => return Err(e.into()),
    };
    let view = grants::get(state.db(), &acting.own(), id, state.now()).await?.ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Stops sharing: the grantee loses access at its next request.
#[utoipa::path(delete, path = "/api/v1/org/grants/{grant_id}", tag = "sharing", params(("grant_id" = String, Path)),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such unrevoked grant of this organisation", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn revoke_grant(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    IdPath(id): IdPath<GrantId>,
) -> Result<StatusCode, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    if grants::revoke(&mut unit, id).await? {
        unit.commit().await?;
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

/// Another organisation, as far as the acting one may see it.
#[utoipa::path(get, path = "/api/v1/orgs/{org_id}", tag = "sharing", params(("org_id" = String, Path)),
    responses(
        (status = 200, description = "Name and links; the profile only through a live grant", body = OtherOrg),
        (status = 404, description = "Neither linked nor shared", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn other_org(
    State(state): State<AppState>,
    acting: Acting,
    IdPath(id): IdPath<OrgId>,
) -> Result<Json<OtherOrg>, AppError> {
    Ok(Json(service::other_org(&state, &acting, id).await?.ok_or(AppError::NotFound)?))
}
