//! The operator's pages for people, organisations and platform settings.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kakehashi_domain::identity::EmailAddress;
use kakehashi_domain::ids::{OrgId, UserId};
use serde::Deserialize;
use tower_sessions::Session;

use super::admin::{self, OrgSummary, RecoveryError, UserSummary};
use crate::app::AppState;
use crate::platform::auth::Operator;
use crate::platform::error::AppError;
use crate::platform::settings;
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
        users: admin::users(state.db()).await?,
        orgs: admin::organisations(state.db()).await?,
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
    id: &str,
    disabled: bool,
) -> Result<Response, AppError> {
    let id: UserId = id.parse().map_err(|_| AppError::NotFound)?;
    if !admin::set_disabled(state.db(), Some(op.0.id), id, disabled, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Page::notice_next(session, if disabled { "operator-user-disabled" } else { "operator-user-enabled" }).await?;
    Ok(Redirect::to("/operator/people").into_response())
}

pub async fn disable_user(
    State(state): State<AppState>,
    op: Operator,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    set_disabled(&state, &op, &session, &id, true).await
}

pub async fn enable_user(
    State(state): State<AppState>,
    op: Operator,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    set_disabled(&state, &op, &session, &id, false).await
}

pub async fn reset_two_factor(
    State(state): State<AppState>,
    op: Operator,
    session: Session,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id: UserId = id.parse().map_err(|_| AppError::NotFound)?;
    admin::reset_two_factor(state.db(), op.0.id, id, state.now()).await?;
    Page::notice_next(&session, "operator-two-factor-reset").await?;
    Ok(Redirect::to("/operator/people").into_response())
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
    Page::notice_next(&session, "operator-settings-saved").await?;
    Ok(Redirect::to("/operator/people").into_response())
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
    Path(org): Path<String>,
    Form(form): Form<AppointForm>,
) -> Result<Response, AppError> {
    let org: OrgId = org.parse().map_err(|_| AppError::NotFound)?;
    let problem = match EmailAddress::parse(&form.email) {
        Err(_) => "field-email-malformed",
        Ok(email) => match admin::appoint_admin(&state, Some(op.0.id), org, &email, &form.reason).await {
            Ok(()) => {
                Page::notice_next(&session, "operator-admin-appointed").await?;
                return Ok(Redirect::to("/operator/people").into_response());
            }
            Err(RecoveryError::NoOrganisation) => return Err(AppError::NotFound),
            Err(RecoveryError::NoAccount) => "operator-no-account",
            Err(RecoveryError::NoReason) => "operator-reason-needed",
            Err(RecoveryError::Db(e)) => return Err(e.into()),
        },
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, people_page(&state, page, Some(problem)).await?).into_response())
}
