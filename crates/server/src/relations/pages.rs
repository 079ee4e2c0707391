//! The relationship pages and the invitation landing page.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::identity::{CorporateNumber, DisplayName, EmailAddress, NewPassword};
use kakehashi_domain::ids::{InvitationId, RelationshipId};
use kakehashi_domain::tenancy::{Industry, Permission, Prefecture, RelationshipState, Role, SizeBand};
use serde::Deserialize;
use tower_sessions::Session;

use super::invitation_store;
use super::invitations::{self, FirmInvitation, InvitationView, InviteError, Purpose, Sent};
use super::registration::{self, AcceptError, Accepted, Registration};
use super::store::{self, RelationshipView};
use super::{OFFERS, offer_value, parse_offer};
use crate::org::form::ProfileInput;
use crate::platform::auth::{Caller, CurrentUser, csrf, sign_in};
use crate::platform::error::{AppError, FieldError};
use crate::platform::routes::IdPath;
use crate::platform::state::AppState;
use crate::platform::tenancy::{Acting, grants};
use crate::shell::{Choice, ConfirmTemplate, Page, format_time};

#[derive(Template, WebTemplate)]
#[template(path = "relations/list.html")]
pub struct ListTemplate {
    page: Page,
    relationships: Vec<RelationshipView>,
    invitations: Vec<InvitationView>,
    offers: Vec<Choice>,
    problem: Option<&'static str>,
    /// What was typed into the invitation form, kept when it is refused.
    typed: FirmForm,
}

impl ListTemplate {
    /// Whether the corporate number typed was what the invitation was refused for.
    fn number_refused(&self) -> bool {
        self.problem.is_some_and(|k| k.starts_with("field-corporate"))
    }
    fn expires(&self, i: &InvitationView) -> String {
        format_time(i.expires_at)
    }
}

async fn list_page(
    state: &AppState,
    page: Page,
    acting: &Acting,
    problem: Option<&'static str>,
    typed: FirmForm,
) -> Result<ListTemplate, AppError> {
    let relationships = store::list(state.db(), &acting.own()).await?;
    let invitations = if page.may("POST", "/org/invitations") {
        invitation_store::sent(state.db(), &acting.own()).await?
    } else {
        vec![]
    };
    let offers = OFFERS
        .iter()
        .map(|(k, s)| {
            Choice::new(
                &page,
                &offer_value(*k, *s),
                &format!("offer-{}", offer_value(*k, *s).replace(':', "-")),
                &typed.offer,
            )
        })
        .collect();
    Ok(ListTemplate { page, relationships, invitations, offers, problem, typed })
}

pub async fn list(State(state): State<AppState>, page: Page, acting: Acting) -> Result<ListTemplate, AppError> {
    list_page(&state, page, &acting, None, FirmForm::default()).await
}

#[derive(Deserialize, Default, Clone)]
pub struct FirmForm {
    email: String,
    firm_name: String,
    corporate_number: String,
    offer: String,
}

fn parse_firm_form(form: FirmForm) -> Result<FirmInvitation, &'static str> {
    let email = EmailAddress::parse(&form.email).map_err(|_| "field-email-malformed")?;
    let corporate_number = match form.corporate_number.trim() {
        "" => None,
        n => Some(CorporateNumber::parse(n).map_err(|_| "field-corporate-number-check")?),
    };
    let (kind, inviter_side) = parse_offer(&form.offer).ok_or("field-choice-invalid")?;
    let firm_name: String = form.firm_name.trim().chars().take(200).collect();
    Ok(FirmInvitation { email, firm_name, corporate_number, kind, inviter_side })
}

pub async fn invite_firm(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    Form(form): Form<FirmForm>,
) -> Result<Response, AppError> {
    let typed = form.clone();
    let invitation = match parse_firm_form(form) {
        Ok(invitation) => invitation,
        Err(key) => return again(&state, page, &acting, key, typed).await,
    };
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    let refused = match invitations::invite_firm(&state, &mut unit, acting.org_name(), invitation).await {
        Ok(sent) => {
            unit.commit().await?;
            let notice = match sent {
                Sent::Invited(_) => "invite-sent",
                Sent::LinkRequested { .. } => "invite-became-request",
            };
            return Page::done(&session, notice, "/org/relationships").await;
        }
        Err(InviteError::AlreadyLinked) => "invite-already-linked",
        Err(InviteError::Itself) => "invite-itself",
        Err(InviteError::AlreadyMember) => "invite-already-member",
        Err(InviteError::Other(e)) => return Err(AppError::Internal(e)),
    };
    again(&state, page, &acting, refused, typed).await
}

/// The relationships page again, with what was wrong with the invitation and what was typed.
async fn again(
    state: &AppState,
    page: Page,
    acting: &Acting,
    key: &'static str,
    typed: FirmForm,
) -> Result<Response, AppError> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, list_page(state, page, acting, Some(key), typed).await?).into_response())
}

#[derive(Deserialize)]
pub struct ColleagueForm {
    email: String,
    role: String,
}

pub async fn invite_colleague(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    Form(form): Form<ColleagueForm>,
) -> Result<Response, AppError> {
    let parsed = EmailAddress::parse(&form.email)
        .map_err(|_| "field-email-malformed")
        .and_then(|email| form.role.parse::<Role>().map(|role| (email, role)).map_err(|_| "field-choice-invalid"));
    let problem = match parsed {
        Err(key) => Some(key),
        Ok((_, role)) if !acting.role().may_grant(role) => return Err(AppError::Forbidden),
        Ok((email, role)) => {
            let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
            match invitations::invite_colleague(&state, &mut unit, acting.org_name(), email, role).await {
                Ok(_) => {
                    unit.commit().await?;
                    None
                }
                Err(InviteError::AlreadyMember) => Some("invite-already-member"),
                Err(e) => return Err(AppError::Internal(anyhow::anyhow!("{e}"))),
            }
        }
    };
    if let Some(key) = problem {
        let typed = Some((key, form.email, form.role));
        let members = crate::org::pages::members_page(&state, page, &acting, typed).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, members).into_response());
    }
    Page::done(&session, "invite-sent", "/org/members").await
}

pub async fn revoke_invitation(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    IdPath(id): IdPath<InvitationId>,
) -> Result<Response, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    if !invitation_store::revoke(&mut unit, id).await? {
        return Err(AppError::NotFound);
    }
    unit.commit().await?;
    Page::done(&session, "invite-revoked", "/org/relationships").await
}

pub async fn accept(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    IdPath(id): IdPath<RelationshipId>,
) -> Result<Response, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    store::accept(&mut unit, id).await?;
    unit.commit().await?;
    Page::done(&session, "rel-accepted", "/org/relationships").await
}

/// The confirmation step before ending (or declining, or withdrawing) a link: says which
/// sharing between the two ends with it.
pub async fn confirm_end(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    IdPath(id): IdPath<RelationshipId>,
) -> Result<ConfirmTemplate, AppError> {
    let r = store::get(state.db(), &acting.own(), id).await?.ok_or(AppError::NotFound)?;
    let other = r.counterpart_name.as_str();
    let (title, button) = match (r.state, r.requested_by_me) {
        (RelationshipState::Pending, true) => ("rel-confirm-withdraw", "rel-withdraw"),
        (RelationshipState::Pending, false) => ("rel-confirm-decline", "rel-decline"),
        _ => ("rel-confirm-end", "rel-end"),
    };
    let mut consequences = vec![page.t1("rel-confirm-unlinked", "org", other)];
    let scope = acting.own::<grants::GrantRecord>();
    for g in grants::live_between(state.db(), &scope, r.counterpart_id, state.now()).await? {
        let what = page.t(g.kind.label_key());
        let (key, args) = if g.owner_org == acting.org_id() {
            ("rel-confirm-they-lose", [("org", other.to_owned()), ("what", what)])
        } else {
            ("rel-confirm-you-lose", [("org", other.to_owned()), ("what", what)])
        };
        consequences.push(kakehashi_content::i18n::text_with(page.locale, key, &args));
    }
    if r.state == RelationshipState::Active {
        consequences.push(page.t1("rel-confirm-no-review", "org", other));
    }
    Ok(ConfirmTemplate {
        title: page.t1(title, "org", other),
        consequences,
        action: format!("/org/relationships/{id}/end"),
        button,
        back: "/org/relationships".into(),
        page,
    })
}

pub async fn end(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    IdPath(id): IdPath<RelationshipId>,
) -> Result<Response, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    store::end(&mut unit, id).await?;
    unit.commit().await?;
    Page::done(&session, "rel-ended", "/org/relationships").await
}

#[derive(Template, WebTemplate)]
#[template(path = "relations/invitation.html")]
pub struct InvitationTemplate {
    page: Page,
    token: String,
    invitation: Option<InvitationView>,
    /// Why the link does not work, or why the last attempt failed.
    problem: Option<&'static str>,
    display_name: String,
    input: ProfileInput,
    errors: Vec<FieldError>,
    industries: Vec<Choice>,
    sizes: Vec<Choice>,
    prefectures: Vec<Choice>,
}

impl InvitationTemplate {
    fn new(page: Page, token: String, invitation: Option<InvitationView>, problem: Option<&'static str>) -> Self {
        let input = ProfileInput {
            name: invitation.as_ref().and_then(|i| i.firm_name.clone()).unwrap_or_default(),
            corporate_number: invitation.as_ref().and_then(|i| i.corporate_number.clone()).unwrap_or_default(),
            ..Default::default()
        };
        Self::with_input(page, token, invitation, problem, String::new(), input, vec![])
    }

    fn with_input(
        page: Page,
        token: String,
        invitation: Option<InvitationView>,
        problem: Option<&'static str>,
        display_name: String,
        input: ProfileInput,
        errors: Vec<FieldError>,
    ) -> Self {
        let industries =
            Industry::ALL.iter().map(|i| Choice::new(&page, i.as_str(), &i.label_key(), &input.industry)).collect();
        let sizes = SizeBand::ALL.iter().map(|s| Choice::new(&page, s.as_str(), &s.label_key(), &input.size)).collect();
        let prefectures =
            Prefecture::all().map(|p| Choice::new(&page, &p.code(), &p.label_key(), &input.prefecture)).collect();
        InvitationTemplate {
            page,
            token,
            invitation,
            problem,
            display_name,
            input,
            errors,
            industries,
            sizes,
            prefectures,
        }
    }

    fn error(&self, field: &str) -> Option<String> {
        self.errors.iter().find(|e| e.field == field).map(|e| self.page.t(&e.code))
    }

    fn is_firm(&self) -> bool {
        self.invitation.as_ref().is_some_and(|i| i.purpose == Purpose::Relationship)
    }

    fn expires(&self) -> String {
        self.invitation.as_ref().map(|i| format_time(i.expires_at)).unwrap_or_default()
    }

    fn sign_in_href(&self) -> String {
        let next: String =
            url::form_urlencoded::byte_serialize(format!("/invite?token={}", self.token).as_bytes()).collect();
        format!("/login?next={next}")
    }
}

#[derive(Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

pub async fn invitation(
    State(state): State<AppState>,
    mut page: Page,
    session: Session,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let token = q.token.unwrap_or_default();
    page.csrf = Some(csrf::token(&session).await?);
    Ok(match invitations::open(&state, &token).await? {
        Ok(view) => InvitationTemplate::new(page, token, Some(view), None).into_response(),
        Err(why) => {
            (StatusCode::GONE, InvitationTemplate::new(page, token, None, Some(why.message_key()))).into_response()
        }
    })
}

#[derive(Deserialize)]
pub struct RegisterForm {
    token: String,
    display_name: String,
    password: String,
    #[serde(flatten)]
    profile: ProfileInput,
}

pub async fn register(
    State(state): State<AppState>,
    mut page: Page,
    session: Session,
    Form(form): Form<RegisterForm>,
) -> Result<Response, AppError> {
    // The visitor has no account yet: the form shown again (with what was wrong) needs the
    // session's form token as much as the first one did.
    page.csrf = Some(csrf::token(&session).await?);
    let view = match invitations::open(&state, &form.token).await? {
        Ok(view) => view,
        Err(why) => {
            return Ok((StatusCode::GONE, InvitationTemplate::new(page, form.token, None, Some(why.message_key())))
                .into_response());
        }
    };
    let mut errors = Vec::new();
    let name = DisplayName::parse(&form.display_name)
        .map_err(|_| errors.push(field("display_name", "field-name-invalid")))
        .ok();
    let password = NewPassword::parse(&form.password, &view.email)
        .map_err(|_| errors.push(field("password", "field-password-weak")))
        .ok();
    let profile = if view.purpose == Purpose::Relationship {
        form.profile.parse().map_err(|e| errors.extend(e)).ok()
    } else {
        None
    };
    let (Some(display_name), Some(password), true) = (name, password, errors.is_empty()) else {
        let t =
            InvitationTemplate::with_input(page, form.token, Some(view), None, form.display_name, form.profile, errors);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, t).into_response());
    };
    let reg = Registration { display_name, password, profile, locale: page.locale };
    let problem = match registration::register(&state, &form.token, reg).await {
        Ok(Accepted::Joined { user, org }) => {
            sign_in::start(&state, &session, user, Some(org)).await?;
            return Page::done(&session, "invite-welcome", "/org").await;
        }
        Ok(Accepted::FirmAlreadyRegistered { .. }) => "invite-firm-exists",
        Err(AcceptError::HasAccount) => "invite-has-account",
        Err(AcceptError::Unusable(why)) => why.message_key(),
        Err(AcceptError::AlreadyLinked) => "invite-already-linked",
        Err(AcceptError::ProfileMissing) => "form-has-errors",
        Err(e) => return Err(AppError::Internal(anyhow::anyhow!("{e}"))),
    };
    Ok((StatusCode::CONFLICT, InvitationTemplate::new(page, form.token, None, Some(problem))).into_response())
}

fn field(name: &str, code: &str) -> FieldError {
    FieldError { field: name.into(), code: code.into() }
}

#[derive(Deserialize)]
pub struct AcceptForm {
    token: String,
}

pub async fn accept_signed_in(
    State(state): State<AppState>,
    page: Page,
    caller: Caller,
    session: Session,
    Form(form): Form<AcceptForm>,
) -> Result<Response, AppError> {
    let user = caller.user.clone().ok_or(AppError::Unauthorized)?;
    let problem = match registration::accept_signed_in(&state, &form.token, &user, caller.acting.as_ref()).await {
        Ok(Accepted::Joined { org, .. }) => {
            crate::platform::tenancy::acting::choose(state.db(), &session, user.id, org).await?;
            return Page::done(&session, "invite-accepted", "/org/relationships").await;
        }
        Ok(Accepted::FirmAlreadyRegistered { .. }) => "invite-firm-exists",
        Err(AcceptError::Unusable(why)) => why.message_key(),
        Err(AcceptError::OtherAddress) => "invite-other-address",
        Err(AcceptError::NotAdmin) => "invite-not-admin",
        Err(AcceptError::AlreadyLinked) => "invite-already-linked",
        Err(e) => return Err(AppError::Internal(anyhow::anyhow!("{e}"))),
    };
    let view = invitations::open(&state, &form.token).await?.ok();
    Ok((StatusCode::CONFLICT, InvitationTemplate::new(page, form.token, view, Some(problem))).into_response())
}
