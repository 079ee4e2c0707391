//! The baseline page: every item by tier and theme, in plain words, each linked to its page with
//! its mappings.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use kakehashi_domain::baseline::Tier;
use serde::Deserialize;

use super::items::{self, Browse, Filter};
use crate::platform::error::AppError;
use crate::platform::state::AppState;
use crate::shell::Page;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct BrowseParams {
    /// Show the items a firm aiming at this tier (1–4) must do: this tier and those below.
    pub tier: Option<u8>,
    /// Show one theme only.
    pub theme: Option<String>,
}

impl BrowseParams {
    pub fn filter(&self) -> Result<Filter, AppError> {
        let up_to = self.tier.map(Tier::try_from).transpose().map_err(AppError::BadRequest)?;
        Ok(Filter { up_to, theme: self.theme.clone().filter(|t| !t.is_empty()) })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "baseline/index.html")]
pub struct BaselineTemplate {
    page: Page,
    baseline: Browse,
    tier: Option<u8>,
    theme: Option<String>,
}

impl BaselineTemplate {
    fn tier_label(&self, n: u8) -> String {
        self.page.t(&format!("tier-{n}"))
    }
    fn link(&self, tier: Option<u8>, theme: Option<&str>) -> String {
        let mut q = Vec::new();
        if let Some(t) = tier {
            q.push(format!("tier={t}"));
        }
        if let Some(t) = theme {
            q.push(format!("theme={t}"));
        }
        if q.is_empty() { "/baseline".into() } else { format!("/baseline?{}", q.join("&")) }
    }
    fn theme_title(&self, id: &str) -> String {
        self.baseline.themes.iter().find(|t| t.id == id).map(|t| t.title.clone()).unwrap_or_default()
    }
}

pub async fn index(
    State(state): State<AppState>,
    page: Page,
    Query(params): Query<BrowseParams>,
) -> Result<BaselineTemplate, AppError> {
    let filter = params.filter()?;
    let baseline = items::browse(&state, page.lang(), &filter).await?.ok_or(AppError::NotFound)?;
    Ok(BaselineTemplate { page, baseline, tier: params.tier, theme: filter.theme })
}
