//! The operator's pages for people, organisations and platform settings.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::identity::EmailAddress;
use kakehashi_domain::ids::{OrgId, UserId};
use serde::Deserialize;
use tower_sessions::Session;

use super::admin_store::{self, OrgSummary, RecoveryError, UserSummary};
use crate::platform::auth::Operator;
use crate::platform::error::AppError;
use crate::platform::routes::IdPath;
use crate::platform::settings;
use crate::platform::state::AppState;
use crate::shell::Page;

#[derive(Template, WebTemplate)]
#[template(path = "operator/people.html")]
pub struct PeopleTemplate {
    page: Page,
    users: Vec<UserSummary>,
    orgs: Vec<OrgSummary>,
    require_two_factor: bool,
    problem: Option<&'static str>,
}

async fn people_page(state: &AppState, page: Page, problem: Option<&'static str>) -> Result<PeopleTemplate, AppError> {
    Ok(PeopleTemplate {
        page,
        users: admin_store::users(state.db()).await?,
        orgs: admin_store::organisations(state.db()).await?,
        require_two_factor: settings::flag(state.db(), settings::REQUIRE_TWO_FACTOR).await?,
        problem,
    })
}

pub async fn people(State(state): State<AppState>, _op: Operator, page: Page) -> Result<PeopleTemplate, AppError> {
    people_page(&state, page, None).await
}

async fn set_disabled(
    state: &AppState,
    op: &Operator,
    session: &Session,
    id: UserId,
    disabled: bool,
) -> Result<Response, AppError> {
    if !admin_store::set_disabled(state.db(), Some(op.0.id), id, disabled, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Page::done(session, if disabled { "operator-user-disabled" } else { "operator-user-enabled" }, "/operator/people")
        .await
}

pub async fn disable_user(
    State(state): State<AppState>,
    op: Operator,
    session: Session,
    IdPath(id): IdPath<UserId>,
) -> Result<Response, AppError> {
    set_disabled(&state, &op, &session, id, true).await
}

pub async fn enable_user(
    State(state): State<AppState>,
    op: Operator,
    session: Session,
    IdPath(id): IdPath<UserId>,
) -> Result<Response, AppError> {
    set_disabled(&state, &op, &session, id, false).await
}

pub async fn reset_two_factor(
    State(state): State<AppState>,
    op: Operator,
    session: Session,
    IdPath(id): IdPath<UserId>,
) -> Result<Response, AppError> {
    admin_store::reset_two_factor(state.db(), op.0.id, id, state.now()).await?;
    Page::done(&session, "operator-two-factor-reset", "/operator/people").await
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    require_two_factor: Option<String>,
}

pub async fn save_settings(
    State(state): State<AppState>,
    op: Operator,
    session: Session,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    let on = form.require_two_factor.is_some();
    settings::set_flag(state.db(), settings::REQUIRE_TWO_FACTOR, on, op.0.id, state.now()).await?;
    Page::done(&session, "operator-settings-saved", "/operator/people").await
}

#[derive(Deserialize)]
pub struct AppointForm {
    email: String,
    reason: String,
}

pub async fn appoint_admin(
    State(state): State<AppState>,
    op: Operator,
    page: Page,
    session: Session,
    IdPath(org): IdPath<OrgId>,
    Form(form): Form<AppointForm>,
) -> Result<Response, AppError> {
    let problem = match EmailAddress::parse(&form.email) {
        Err(_) => "field-email-malformed",
        Ok(email) => match admin_store::appoint_admin(&state, Some(op.0.id), org, &email, &form.reason).await {
            Ok(()) => {
                return Page::done(&session, "operator-admin-appointed", "/operator/people").await;
            }
            Err(RecoveryError::NoOrganisation) => return Err(AppError::NotFound),
            Err(RecoveryError::NoAccount) => "operator-no-account",
            Err(RecoveryError::NoReason) => "operator-reason-needed",
            Err(RecoveryError::Db(e)) => return Err(e.into()),
        },
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, people_page(&state, page, Some(problem)).await?).into_response())
}
