//! The API token pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::ids::TokenId;
use kakehashi_domain::tenancy::{Permission, Role};
use serde::Deserialize;
use tower_sessions::Session;

use super::{LIFETIMES, validate};
use crate::platform::auth::CurrentUser;
use crate::platform::auth::tokens::{self, TokenView};
use crate::platform::error::AppError;
use crate::platform::routes::IdPath;
use crate::platform::state::AppState;
use crate::platform::tenancy::Acting;
use crate::shell::{ConfirmTemplate, Page, format_time};

#[derive(Template, WebTemplate)]
#[template(path = "tokens/list.html")]
pub struct ListTemplate {
    page: Page,
    tokens: Vec<TokenView>,
    roles: Vec<Role>,
    lifetimes: Vec<i64>,
    /// The token just made, shown this once.
    secret: Option<String>,
    problem: Option<&'static str>,
    /// What the form shows: as typed after a problem, else the least a token may do.
    typed: CreateForm,
}

impl ListTemplate {
    fn time(&self, t: &time::OffsetDateTime) -> String {
        format_time(*t)
    }

    fn maybe(&self, t: &Option<time::OffsetDateTime>) -> String {
        t.map(format_time).unwrap_or_else(|| "—".into())
    }
}

async fn page_with(
    state: &AppState,
    page: Page,
    acting: &Acting,
    secret: Option<String>,
    problem: Option<(&'static str, CreateForm)>,
) -> Result<ListTemplate, AppError> {
    let roles = Role::ALL.into_iter().filter(|r| acting.role().may_grant(*r)).collect();
    let (problem, typed) = match problem {
        Some((key, typed)) => (Some(key), typed),
        None => (None, CreateForm::least()),
    };
    Ok(ListTemplate {
        page,
        tokens: tokens::list(state.db(), &acting.own()).await?,
        roles,
        lifetimes: LIFETIMES.to_vec(),
        secret,
        problem,
        typed,
    })
}

pub async fn list(State(state): State<AppState>, page: Page, acting: Acting) -> Result<ListTemplate, AppError> {
    page_with(&state, page, &acting, None, None).await
}

#[derive(Deserialize)]
pub struct CreateForm {
    name: String,
    role: String,
    days: i64,
}

impl CreateForm {
    /// A new token's form starts at the least it may do: read only, the shortest lifetime.
    fn least() -> Self {
        CreateForm { name: String::new(), role: Role::ReadOnly.as_str().to_owned(), days: LIFETIMES[0] }
    }
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    user: CurrentUser,
    Form(form): Form<CreateForm>,
) -> Result<Response, AppError> {
    let now = state.now();
    match validate(&form.name, &form.role, form.days, acting.role(), now) {
        Err((_, key)) => {
            let shown = page_with(&state, page, &acting, None, Some((key, form))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, shown).into_response())
        }
        Ok((name, role, expires)) => {
            let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
            let (_, secret) = tokens::create(&mut unit, &name, role, expires).await?;
            unit.commit().await?;
            // Shown on this response only; never stored in plain text, never shown again.
            Ok((StatusCode::CREATED, page_with(&state, page, &acting, Some(secret), None).await?).into_response())
        }
    }
}

/// The confirmation step before revoking an API token.
pub async fn confirm_revoke(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    IdPath(id): IdPath<TokenId>,
) -> Result<ConfirmTemplate, AppError> {
    let all = tokens::list(state.db(), &acting.own()).await?;
    let t = all.into_iter().find(|t| t.id == id && t.revoked_at.is_none()).ok_or(AppError::NotFound)?;
    Ok(ConfirmTemplate {
        title: page.t1("token-confirm-revoke", "name", &t.name),
        consequences: vec![page.t("token-confirm-stops")],
        action: format!("/org/tokens/{id}/revoke"),
        button: "share-revoke",
        back: "/org/tokens".into(),
        page,
    })
}

pub async fn revoke(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    IdPath(id): IdPath<TokenId>,
) -> Result<Response, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    if !tokens::revoke(&mut unit, id).await? {
        return Err(AppError::NotFound);
    }
    unit.commit().await?;
    Page::done(&session, "token-revoked", "/org/tokens").await
}
