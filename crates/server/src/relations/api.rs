//! The relationships API.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kakehashi_domain::identity::{CorporateNumber, DisplayName, EmailAddress, NewPassword};
use kakehashi_domain::ids::{InvitationId, RelationshipId};
use kakehashi_domain::tenancy::{Permission, Role};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::invitation_store;
use super::invitations::{self, FirmInvitation, InvitationView, InviteError, Purpose, Sent};
use super::registration::{self, AcceptError, Accepted, Registration};
use super::store::{self, RelationshipView};
use super::{offer_value, parse_offer};
use crate::org::form::ProfileInput;
use crate::platform::auth::{Caller, CurrentUser, sign_in};
use crate::platform::error::{AppError, FieldError, Problem};
use crate::platform::routes::{Access, IdPath, Routes};
use crate::platform::state::AppState;
use crate::platform::tenancy::{Acting, acting};

pub fn routes() -> Routes {
    let admin = Access::Org(Permission::Administer);
    Routes::new()
        .api::<__path_list_relationships, _, _>(Access::Org(Permission::Read), list_relationships)
        .api::<__path_accept_relationship, _, _>(admin, accept_relationship)
        .api::<__path_end_relationship, _, _>(admin, end_relationship)
        .api::<__path_list_invitations, _, _>(admin, list_invitations)
        .api::<__path_invite_firm, _, _>(admin, invite_firm)
        .api::<__path_invite_colleague, _, _>(admin, invite_colleague)
        .api::<__path_revoke_invitation, _, _>(admin, revoke_invitation)
        .api::<__path_lookup, _, _>(Access::Public, lookup)
        .api::<__path_register, _, _>(Access::Public, register)
        .api::<__path_accept, _, _>(Access::SignedIn, accept)
}

fn invalid(field: &str, code: &str) -> AppError {
    AppError::Invalid(vec![FieldError { field: field.into(), code: code.into() }])
}

/// The acting organisation's relationships: pending first, then active, then ended.
#[utoipa::path(get, path = "/api/v1/org/relationships", tag = "relationships",
    responses((status = 200, description = "Relationships", body = Vec<RelationshipView>)))]
pub async fn list_relationships(
    State(state): State<AppState>,
    acting: Acting,
) -> Result<Json<Vec<RelationshipView>>, AppError> {
    Ok(Json(store::list(state.db(), &acting.own()).await?))
}

/// Accepts a link the other organisation asked for.
#[utoipa::path(post, path = "/api/v1/org/relationships/{relationship_id}/accept", tag = "relationships",
    params(("relationship_id" = String, Path)),
    responses(
        (status = 200, description = "Now active", body = RelationshipView),
        (status = 404, description = "No pending request to this organisation", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn accept_relationship(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    IdPath(id): IdPath<RelationshipId>,
) -> Result<Json<RelationshipView>, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    store::accept(&mut unit, id).await?;
    unit.commit().await?;
    Ok(Json(store::get(state.db(), &acting.own(), id).await?.ok_or(AppError::NotFound)?))
}

/// Ends a link, or declines or withdraws a request.
#[utoipa::path(post, path = "/api/v1/org/relationships/{relationship_id}/end", tag = "relationships",
    params(("relationship_id" = String, Path)),
    responses(
        (status = 200, description = "Ended", body = RelationshipView),
        (status = 404, description = "No such live relationship here", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn end_relationship(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    IdPath(id): IdPath<RelationshipId>,
) -> Result<Json<RelationshipView>, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    store::end(&mut unit, id).await?;
    unit.commit().await?;
    Ok(Json(store::get(state.db(), &acting.own(), id).await?.ok_or(AppError::NotFound)?))
}

/// Invitations the acting organisation sent.
#[utoipa::path(get, path = "/api/v1/org/invitations", tag = "relationships",
    responses((status = 200, description = "Newest first", body = Vec<InvitationView>)))]
pub async fn list_invitations(
    State(state): State<AppState>,
    acting: Acting,
) -> Result<Json<Vec<InvitationView>>, AppError> {
    Ok(Json(invitation_store::sent(state.db(), &acting.own()).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct FirmInvitationRequest {
    pub email: String,
    pub firm_name: String,
    pub corporate_number: Option<String>,
    /// `buyer-supplier`, `association-member` or `parent-subsidiary`.
    pub kind: String,
    /// The inviter's end: `from` (buyer, association, parent) or `to`.
    pub my_side: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InvitationResult {
    /// `invited` (a mail was sent) or `link-requested` (the firm is registered; it was asked to accept).
    pub outcome: String,
    pub invitation_id: Option<String>,
    pub org_name: Option<String>,
}

fn invite_error(e: InviteError) -> AppError {
    match e {
        InviteError::AlreadyLinked => AppError::Conflict("already linked, or a request is pending".into()),
        InviteError::Itself => invalid("corporate_number", "invite-itself"),
        InviteError::AlreadyMember => AppError::Conflict("already a member".into()),
        InviteError::Other(e) => AppError::Internal(e),
    }
}

/// Invites a firm to register and be linked; a firm already registered gets a link request.
#[utoipa::path(post, path = "/api/v1/org/invitations", tag = "relationships", request_body = FirmInvitationRequest,
    responses(
        (status = 201, description = "Invited, or asked to link", body = InvitationResult),
        (status = 409, description = "Already linked or pending", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn invite_firm(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    Json(r): Json<FirmInvitationRequest>,
) -> Result<(StatusCode, Json<InvitationResult>), AppError> {
    let email = EmailAddress::parse(&r.email).map_err(|_| invalid("email", "field-email-malformed"))?;
    let corporate_number = match r.corporate_number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => {
            Some(CorporateNumber::parse(n).map_err(|_| invalid("corporate_number", "field-corporate-number-check"))?)
        }
        None => None,
    };
    let (kind, inviter_side) =
        parse_offer(&format!("{}:{}", r.kind, r.my_side)).ok_or_else(|| invalid("kind", "field-choice-invalid"))?;
    let firm_name = r.firm_name.trim().chars().take(200).collect();
    let invitation = FirmInvitation { email, firm_name, corporate_number, kind, inviter_side };
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    let sent =
        invitations::invite_firm(&state, &mut unit, acting.org_name(), invitation).await.map_err(invite_error)?;
    unit.commit().await?;
    let result = match sent {
        Sent::Invited(id) => {
            InvitationResult { outcome: "invited".into(), invitation_id: Some(id.to_string()), org_name: None }
        }
        Sent::LinkRequested { org_name } => {
            InvitationResult { outcome: "link-requested".into(), invitation_id: None, org_name: Some(org_name) }
        }
    };
    let _ = offer_value(kind, inviter_side);
    Ok((StatusCode::CREATED, Json(result)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ColleagueInvitationRequest {
    pub email: String,
    pub role: String,
}

/// Invites a person to join the acting organisation.
#[utoipa::path(post, path = "/api/v1/org/invitations/colleague", tag = "relationships", request_body = ColleagueInvitationRequest,
    responses(
        (status = 201, description = "Invited", body = InvitationResult),
        (status = 409, description = "Already a member", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn invite_colleague(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    Json(r): Json<ColleagueInvitationRequest>,
) -> Result<(StatusCode, Json<InvitationResult>), AppError> {
    let email = EmailAddress::parse(&r.email).map_err(|_| invalid("email", "field-email-malformed"))?;
    let role: Role = r.role.parse().map_err(|_| invalid("role", "field-choice-invalid"))?;
    if !acting.role().may_grant(role) {
        return Err(AppError::Forbidden);
    }
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    let id =
        invitations::invite_colleague(&state, &mut unit, acting.org_name(), email, role).await.map_err(invite_error)?;
    unit.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(InvitationResult { outcome: "invited".into(), invitation_id: Some(id.to_string()), org_name: None }),
    ))
}

/// Withdraws an unused invitation.
#[utoipa::path(delete, path = "/api/v1/org/invitations/{invitation_id}", tag = "relationships",
    params(("invitation_id" = String, Path)),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 404, description = "No such open invitation here", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn revoke_invitation(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    IdPath(id): IdPath<InvitationId>,
) -> Result<StatusCode, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    if invitation_store::revoke(&mut unit, id).await? {
        unit.commit().await?;
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct InvitationTokenRequest {
    pub token: String,
}

/// What an invitation link offers, if it still works.
#[utoipa::path(post, path = "/api/v1/invitations/lookup", tag = "relationships", request_body = InvitationTokenRequest,
    responses(
        (status = 200, description = "The invitation", body = InvitationView),
        (status = 410, description = "Unknown, expired, used or withdrawn", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn lookup(
    State(state): State<AppState>,
    Json(r): Json<InvitationTokenRequest>,
) -> Result<Json<InvitationView>, AppError> {
    invitations::open(&state, &r.token).await?.map(Json).map_err(|why| AppError::Gone(why.message_key().into()))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RegisterRequest {
    pub token: String,
    pub display_name: String,
    pub password: String,
    /// The new organisation (firm invitations).
    pub organisation: Option<ProfileInput>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Registered {
    /// `joined`, or `firm-already-registered` (its admins were asked to accept the link instead).
    pub outcome: String,
    pub user_id: Option<String>,
    pub org_id: Option<String>,
}

fn accept_error(e: AcceptError) -> AppError {
    match e {
        AcceptError::Unusable(why) => AppError::Gone(why.message_key().into()),
        AcceptError::HasAccount => AppError::Conflict("an account with this address exists: sign in and accept".into()),
        AcceptError::OtherAddress => AppError::Forbidden,
        AcceptError::NotAdmin => AppError::Forbidden,
        AcceptError::AlreadyLinked => AppError::Conflict("already linked, or a request is pending".into()),
        AcceptError::ProfileMissing => invalid("organisation", "field-org-name-empty"),
        AcceptError::Other(e) => AppError::Internal(e),
    }
}

fn registered(accepted: Accepted) -> Registered {
    match accepted {
        Accepted::Joined { user, org } => {
            Registered { outcome: "joined".into(), user_id: Some(user.to_string()), org_id: Some(org.to_string()) }
        }
        Accepted::FirmAlreadyRegistered { .. } => {
            Registered { outcome: "firm-already-registered".into(), user_id: None, org_id: None }
        }
    }
}

/// Registers through an invitation (a new person, and for a firm invitation a new
/// organisation), and signs them in.
#[utoipa::path(post, path = "/api/v1/invitations/register", tag = "relationships", request_body = RegisterRequest,
    responses(
        (status = 201, description = "Registered", body = Registered),
        (status = 409, description = "The address has an account", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The invitation cannot be used", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn register(
    State(state): State<AppState>,
    session: Session,
    Json(r): Json<RegisterRequest>,
) -> Result<(StatusCode, Json<Registered>), AppError> {
    let view = invitations::open(&state, &r.token).await?.map_err(|why| AppError::Gone(why.message_key().into()))?;
    let mut errors = Vec::new();
    let display_name = DisplayName::parse(&r.display_name)
        .map_err(|_| errors.push(FieldError { field: "display_name".into(), code: "field-name-invalid".into() }))
        .ok();
    let password = NewPassword::parse(&r.password, &view.email)
        .map_err(|_| errors.push(FieldError { field: "password".into(), code: "field-password-weak".into() }))
        .ok();
    let profile = match (&view.purpose, &r.organisation) {
        (Purpose::Relationship, Some(p)) => p.parse().map_err(|e| errors.extend(e)).ok(),
        (Purpose::Relationship, None) => {
            errors.push(FieldError { field: "organisation".into(), code: "field-org-name-empty".into() });
            None
        }
        (Purpose::Colleague, _) => None,
    };
    let (Some(display_name), Some(password), true) = (display_name, password, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let accepted = registration::register(
        &state,
        &r.token,
        Registration { display_name, password, profile, locale: Default::default() },
    )
    .await
    .map_err(accept_error)?;
    if let Accepted::Joined { user, org } = &accepted {
        sign_in::start(&state, &session, *user, Some(*org)).await?;
    }
    Ok((StatusCode::CREATED, Json(registered(accepted))))
}

/// Accepts as the signed-in person: joins (colleague invitation) or links the organisation
/// they act for as admin (firm invitation).
#[utoipa::path(post, path = "/api/v1/invitations/accept", tag = "relationships", request_body = InvitationTokenRequest,
    responses(
        (status = 200, description = "Accepted", body = Registered),
        (status = 403, description = "Sent to another address, or not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The invitation cannot be used", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn accept(
    State(state): State<AppState>,
    caller: Caller,
    session: Session,
    Json(r): Json<InvitationTokenRequest>,
) -> Result<Json<Registered>, AppError> {
    let user = caller.user.clone().ok_or(AppError::Unauthorized)?;
    let accepted =
        registration::accept_signed_in(&state, &r.token, &user, caller.acting.as_ref()).await.map_err(accept_error)?;
    if let Accepted::Joined { org, .. } = &accepted {
        acting::choose(state.db(), &session, user.id, *org).await?;
    }
    Ok(Json(registered(accepted)))
}
