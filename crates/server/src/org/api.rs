//! The organisation's API.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use kakehashi_domain::ids::{MembershipId, OrgId};
use kakehashi_domain::tenancy::{OrgProfile, Permission, Role};
use serde::Deserialize;
use tower_sessions::Session;

use super::form::ProfileInput;
use super::store::{self, Member, MemberView, OrgView, ProfileError};
use crate::platform::audit::{self, AuditEntry};
use crate::platform::auth::CurrentUser;
use crate::platform::error::{AppError, FieldError, Problem};
use crate::platform::routes::{Access, IdPath, Routes};
use crate::platform::state::AppState;
use crate::platform::tenancy::{Acting, acting};

pub fn routes() -> Routes {
    let read = Access::Org(Permission::Read);
    Routes::new()
        .api::<__path_get_org, _, _>(read, get_org)
        .api::<__path_put_profile, _, _>(Access::Org(Permission::Write), put_profile)
        .api::<__path_list_members, _, _>(read, list_members)
        .api::<__path_patch_member, _, _>(Access::Org(Permission::Administer), patch_member)
        .api::<__path_delete_member, _, _>(Access::Org(Permission::Administer), delete_member)
        .api::<__path_org_audit, _, _>(read, org_audit)
        // About the person's session (Enrolling: never reached by an API token, which must not
        // learn the other organisations of the person who made it).
        .api::<__path_my_organisations, _, _>(Access::Enrolling, my_organisations)
        .api::<__path_choose_organisation, _, _>(Access::SignedIn, choose_organisation)
}

/// The organisation the caller acts for, with its full profile.
#[utoipa::path(get, path = "/api/v1/org", tag = "organisation",
    responses((status = 200, description = "The acting organisation", body = OrgView)))]
pub async fn get_org(State(state): State<AppState>, acting: Acting) -> Result<Json<OrgView>, AppError> {
    Ok(Json(store::profile(state.db(), &acting.own::<OrgProfile>()).await?.ok_or(AppError::NotFound)?))
}

/// Replaces the organisation's profile. Every field is checked; all problems come back at once.
#[utoipa::path(put, path = "/api/v1/org/profile", tag = "organisation", request_body = ProfileInput,
    responses(
        (status = 200, description = "Saved", body = OrgView),
        (status = 409, description = "Another organisation has this corporate number", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn put_profile(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    Json(input): Json<ProfileInput>,
) -> Result<Json<OrgView>, AppError> {
    let profile = input.parse().map_err(AppError::Invalid)?;
    let own = acting.own::<OrgProfile>();
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    match store::update_profile(&mut unit, &profile).await {
        Ok(()) => unit.commit().await?,
        Err(ProfileError::CorporateNumberTaken) => {
            return Err(AppError::Conflict("another organisation is registered with this corporate number".into()));
        }
        Err(e) => return Err(AppError::Internal(e.into())),
    }
    Ok(Json(store::profile(state.db(), &own).await?.ok_or(AppError::NotFound)?))
}

/// The organisation's members and their roles.
#[utoipa::path(get, path = "/api/v1/org/members", tag = "organisation",
    responses((status = 200, description = "Members", body = Vec<MemberView>)))]
pub async fn list_members(State(state): State<AppState>, acting: Acting) -> Result<Json<Vec<MemberView>>, AppError> {
    Ok(Json(store::members(state.db(), &acting.own::<Member>()).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RoleChange {
    #[schema(value_type = String, example = "reviewer")]
    pub role: String,
}

/// Gives a member another role.
#[utoipa::path(patch, path = "/api/v1/org/members/{membership_id}", tag = "organisation", request_body = RoleChange,
    params(("membership_id" = String, Path)),
    responses(
        (status = 200, description = "Changed", body = MemberView),
        (status = 404, description = "No such member here", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "That would leave no admin", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn patch_member(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    IdPath(id): IdPath<MembershipId>,
    Json(change): Json<RoleChange>,
) -> Result<Json<MemberView>, AppError> {
    let role: Role = change.role.parse().map_err(|_| {
        AppError::Invalid(vec![FieldError { field: "role".into(), code: "field-choice-invalid".into() }])
    })?;
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    store::change_role(&mut unit, id, role).await?;
    unit.commit().await?;
    let own = acting.own::<Member>();
    Ok(Json(store::member(state.db(), &own, id).await?.ok_or(AppError::NotFound)?))
}

/// Removes a member.
#[utoipa::path(delete, path = "/api/v1/org/members/{membership_id}", tag = "organisation",
    params(("membership_id" = String, Path)),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "No such member here", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "That would leave no admin", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn delete_member(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    IdPath(id): IdPath<MembershipId>,
) -> Result<StatusCode, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    store::remove(&mut unit, id).await?;
    unit.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Paging {
    /// Entries before this sequence number (for the next page).
    pub before: Option<i64>,
}

/// The organisation's audit trail: what its people did, and what others did about it.
#[utoipa::path(get, path = "/api/v1/org/audit", tag = "organisation", params(Paging),
    responses((status = 200, description = "Newest first, 100 at a time", body = Vec<AuditEntry>)))]
pub async fn org_audit(
    State(state): State<AppState>,
    acting: Acting,
    Query(p): Query<Paging>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    Ok(Json(audit::recent_for_org(state.db(), &acting.own(), p.before, 100).await?))
}

/// Every organisation the signed-in person belongs to.
#[utoipa::path(get, path = "/api/v1/session/organisations", tag = "platform",
    responses((status = 200, description = "Memberships", body = Vec<acting::MembershipView>)))]
pub async fn my_organisations(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<acting::MembershipView>>, AppError> {
    Ok(Json(acting::memberships(state.db(), user.id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ChooseOrg {
    pub org_id: String,
}

/// Chooses the organisation to act for in this session.
#[utoipa::path(put, path = "/api/v1/session/organisation", tag = "platform", request_body = ChooseOrg,
    responses(
        (status = 204, description = "Now acting for it"),
        (status = 404, description = "Not a member of it", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn choose_organisation(
    State(state): State<AppState>,
    user: CurrentUser,
    session: Session,
    Json(choice): Json<ChooseOrg>,
) -> Result<StatusCode, AppError> {
    let org: OrgId = choice.org_id.parse().map_err(|_| AppError::NotFound)?;
    if acting::choose(state.db(), &session, user.id, org).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}
