//! The sharing pages and another organisation's page.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::identity::CorporateNumber;
use kakehashi_domain::ids::{GrantId, OrgId};
use kakehashi_domain::tenancy::{ObjectKind, Permission, Purpose};
use serde::Deserialize;
use time::Date;
use time::macros::format_description;
use tower_sessions::Session;

use super::service::{self, GranteeChoice, OtherOrg, ShareError};
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppError;
use crate::platform::routes::IdPath;
use crate::platform::state::AppState;
use crate::platform::tenancy::Acting;
use crate::platform::tenancy::grants::{self, GrantView};
use crate::relations::store as relationships;
use crate::shell::{Choice, ConfirmTemplate, Page, format_until};

#[derive(Template, WebTemplate)]
#[template(path = "sharing/overview.html")]
pub struct OverviewTemplate {
    page: Page,
    given: Vec<GrantView>,
    received: Vec<GrantView>,
    grantees: Vec<Choice>,
    kinds: Vec<Choice>,
    problem: Option<&'static str>,
    /// The new grant's form: as sent after a problem, else empty.
    typed: ShareForm,
}

impl OverviewTemplate {
    fn until(&self, g: &GrantView) -> String {
        g.expires_at.map(format_until).unwrap_or_else(|| self.page.t("share-no-expiry"))
    }
}

async fn overview_page(
    state: &AppState,
    page: Page,
    acting: &Acting,
    problem: Option<(&'static str, ShareForm)>,
) -> Result<OverviewTemplate, AppError> {
    let now = state.now();
    let own = acting.own();
    let (problem, typed) = match problem {
        Some((key, typed)) => (Some(key), typed),
        None => (None, ShareForm::default()),
    };
    let grantees = relationships::active_counterparts(state.db(), &acting.own())
        .await?
        .into_iter()
        .map(|(id, name)| {
            let value = id.to_string();
            Choice { selected: value == typed.grantee, value, label: name }
        })
        .collect();
    let kinds = service::kinds().iter().map(|k| Choice::new(&page, k.as_str(), k.label_key(), &typed.kind)).collect();
    Ok(OverviewTemplate {
        given: grants::given(state.db(), &own, now).await?,
        received: grants::received(state.db(), &own, now).await?,
        page,
        grantees,
        kinds,
        problem,
        typed,
    })
}

pub async fn overview(State(state): State<AppState>, page: Page, acting: Acting) -> Result<OverviewTemplate, AppError> {
    overview_page(&state, page, &acting, None).await
}

#[derive(Debug, Default, Deserialize)]
pub struct ShareForm {
    /// A linked organisation's id, or empty when a corporate number is given.
    grantee: String,
    #[serde(default)]
    corporate_number: String,
    kind: String,
    purpose: String,
    /// `YYYY-MM-DD`, or empty for no expiry.
    #[serde(default)]
    until: String,
}

fn parse_share(form: &ShareForm) -> Result<(GranteeChoice, ObjectKind, Purpose, Option<Date>), &'static str> {
    let grantee = match (form.corporate_number.trim(), form.grantee.trim()) {
        ("", "") => return Err("share-choose-grantee"),
        ("", id) => GranteeChoice::Linked(id.parse::<OrgId>().map_err(|_| "share-choose-grantee")?),
        (n, _) => {
            GranteeChoice::ByCorporateNumber(CorporateNumber::parse(n).map_err(|_| "field-corporate-number-check")?)
        }
    };
    let kind = form.kind.parse::<ObjectKind>().map_err(|_| "field-choice-invalid")?;
    let purpose = Purpose::parse(&form.purpose).map_err(|_| "share-purpose-needed")?;
    let until = match form.until.trim() {
        "" => None,
        d => Some(Date::parse(d, format_description!("[year]-[month]-[day]")).map_err(|_| "share-until-invalid")?),
    };
    Ok((grantee, kind, purpose, until))
}

pub async fn share(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    Form(form): Form<ShareForm>,
) -> Result<Response, AppError> {
    let problem = match parse_share(&form) {
        Err(key) => key,
        Ok((grantee, kind, purpose, until)) => {
            let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
            match service::share(&state, &mut unit, grantee, kind, purpose, until).await {
                Ok(_) => {
                    unit.commit().await?;
                    return Page::done(&session, "share-done", "/org/sharing").await;
                }
                Err(ShareError::UnknownGrantee) => "share-unknown-grantee",
                Err(ShareError::Itself) => "share-itself",
                Err(ShareError::ExpiryPassed) => "share-until-invalid",
                Err(ShareError::SubmitInstead) => "share-submit-instead",
                Err(ShareError::Db(e)) => return Err(e.into()),
            }
        }
    };
    let shown = overview_page(&state, page, &acting, Some((problem, form))).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, shown).into_response())
}

/// The confirmation step before revoking a grant.
pub async fn confirm_revoke(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    IdPath(id): IdPath<GrantId>,
) -> Result<ConfirmTemplate, AppError> {
    let g = grants::get(state.db(), &acting.own(), id, state.now()).await?.ok_or(AppError::NotFound)?;
    if g.owner_org != acting.org_id() || g.revoked_at.is_some() {
        return Err(AppError::NotFound);
    }
    let what = page.t(g.kind.label_key());
    let args = [("org", g.grantee_name.clone()), ("what", what)];
    Ok(ConfirmTemplate {
        title: page.t1("share-confirm-revoke", "org", &g.grantee_name),
        consequences: vec![
            kakehashi_content::i18n::text_with(page.locale, "share-confirm-they-lose", &args),
            page.t1("share-confirm-purpose", "purpose", &page.local(&g.purpose)),
        ],
        action: format!("/org/sharing/{id}/revoke"),
        button: "share-revoke",
        back: "/org/sharing".into(),
        page,
    })
}

pub async fn revoke(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    IdPath(id): IdPath<GrantId>,
) -> Result<Response, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    if !grants::revoke(&mut unit, id).await? {
        return Err(AppError::NotFound);
    }
    unit.commit().await?;
    Page::done(&session, "share-revoked", "/org/sharing").await
}

#[derive(Template, WebTemplate)]
#[template(path = "sharing/other_org.html")]
pub struct OtherOrgTemplate {
    page: Page,
    other: OtherOrg,
}

impl OtherOrgTemplate {
    fn label(&self, key: String) -> String {
        self.page.t(&key)
    }
}

pub async fn other_org(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    IdPath(id): IdPath<OrgId>,
) -> Result<OtherOrgTemplate, AppError> {
    let other = service::other_org(&state, &acting, id).await?.ok_or(AppError::NotFound)?;
    Ok(OtherOrgTemplate { page, other })
}
