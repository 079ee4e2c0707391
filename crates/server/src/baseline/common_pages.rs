//! The common-items page: choose a hub, the catalogs to compare and k; see each common item
//! with the catalogs and controls behind it; publish a profile from the result, baseline tiers
//! and chosen controls.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::ids::CatalogId;
use tower_sessions::Session;

use super::common::{self, BuildRequest, CommonError, CommonReport, ExtraControl, SupportRow};
use super::inference;
use crate::catalog::store::{self, CatalogSummary};
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppError;
use crate::platform::state::AppState;
use crate::platform::tenancy::Acting;
use crate::shell::Page;

/// What the form says, read from repeated fields (`catalog` may come many times).
#[derive(Debug, Default, Clone)]
pub struct Choice {
    hub: Option<CatalogId>,
    catalogs: Vec<CatalogId>,
    k: Option<usize>,
    title: String,
    version: String,
    tier: Option<u8>,
    extra_catalog: Option<CatalogId>,
    extra_ids: String,
}

impl Choice {
    fn read(pairs: &[(String, String)]) -> Choice {
        let mut c = Choice::default();
        for (name, value) in pairs {
            let v = value.trim();
            match name.as_str() {
                "hub" => c.hub = v.parse().ok(),
                "catalog" => c.catalogs.extend(v.parse::<CatalogId>().ok()),
                "k" => c.k = v.parse().ok(),
                "title" => c.title = v.to_owned(),
                "version" => c.version = v.to_owned(),
                "tier" => c.tier = v.parse().ok(),
                "extra_catalog" => c.extra_catalog = v.parse().ok(),
                "extra_ids" => c.extra_ids = value.clone(),
                _ => {}
            }
        }
        c
    }

    fn request(&self) -> BuildRequest {
        let extra = match self.extra_catalog {
            Some(catalog_id) => self
                .extra_ids
                .split([',', '\n', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|control| ExtraControl { catalog_id, control: control.to_owned() })
                .collect(),
            None => vec![],
        };
        BuildRequest {
            title: self.title.clone(),
            version: self.version.clone(),
            hub: self.hub.filter(|_| !self.catalogs.is_empty()),
            catalogs: self.catalogs.clone(),
            k: self.k,
            baseline_tier: self.tier,
            extra,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "baseline/common.html")]
pub struct CommonTemplate {
    page: Page,
    catalogs: Vec<CatalogSummary>,
    choice: Choice,
    report: Option<CommonReport>,
    problem: Option<String>,
}

impl CommonTemplate {
    fn is_hub(&self, id: &CatalogId) -> bool {
        self.choice.hub == Some(*id)
    }
    fn is_compared(&self, id: &CatalogId) -> bool {
        self.choice.catalogs.contains(id)
    }
    fn tier_is(&self, n: i32) -> bool {
        self.choice.tier.map(i32::from) == Some(n)
    }
    fn k_value(&self) -> String {
        self.choice.k.map(|k| k.to_string()).unwrap_or_default()
    }
    fn controls(&self, s: &SupportRow) -> String {
        let symbol = |r: &str| match r {
            "equal" => "=",
            "subset" => "⊂",
            "superset" => "⊃",
            _ => "∩",
        };
        s.controls.iter().map(|(label, rel)| format!("{label} {}", symbol(rel))).collect::<Vec<_>>().join(", ")
    }
    fn covered(&self, covered: &usize, n: &usize) -> String {
        self.page.t1("common-covered", "count", &format!("{covered}/{n}"))
    }
}

async fn render(
    state: &AppState,
    page: Page,
    choice: Choice,
    problem: Option<String>,
) -> Result<(CommonTemplate, bool), AppError> {
    let catalogs = store::list(state.db()).await?;
    let mut problem = problem;
    let report = match choice.hub {
        Some(hub) if !choice.catalogs.is_empty() => {
            let k = choice.k.unwrap_or(choice.catalogs.len());
            match common::extract(state, hub, &choice.catalogs, k, page.lang()).await {
                Ok(r) => Some(r),
                Err(CommonError::Db(e)) => return Err(e.into()),
                Err(e) => {
                    problem.get_or_insert(e.to_string());
                    None
                }
            }
        }
        _ => None,
    };
    let failed = problem.is_some();
    Ok((CommonTemplate { page, catalogs, choice, report, problem }, failed))
}

pub async fn index(
    State(state): State<AppState>,
    page: Page,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let mut choice = Choice::read(&pairs);
    if choice.hub.is_none() && pairs.is_empty() {
        choice.hub = inference::baseline_id(&state).await?;
    }
    let (template, failed) = render(&state, page, choice, None).await?;
    let status = if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok((status, template).into_response())
}

pub async fn publish(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let choice = Choice::read(&pairs);
    match common::publish(&state, &choice.request(), acting.org_id(), Some(user.id)).await {
        Ok(id) => Page::done(&session, "common-published", &format!("/profiles/{id}")).await,
        Err(CommonError::Db(e)) => Err(e.into()),
        Err(e) => {
            let (template, _) = render(&state, page, choice, Some(e.to_string())).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response())
        }
    }
}
