//! The installed baseline read for browsing: its themes and its items with their tiers, in one
//! language (or the item's first where a text is missing).

use kakehashi_content::catalogs::BASELINE;
use kakehashi_domain::baseline::Tier;
use kakehashi_domain::ids::CatalogId;
use serde::Serialize;

use super::install;
use crate::catalog::store::{self, ControlRow};
use crate::platform::state::AppState;

/// A theme of the baseline.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Theme {
    pub id: String,
    pub title: String,
    /// How many of the shown items are in it.
    pub items: usize,
}

/// One item of the baseline.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Item {
    pub key: String,
    #[schema(value_type = u8)]
    pub tier: Tier,
    pub theme: String,
    pub title: String,
    /// What to do.
    pub statement: String,
    /// Why.
    pub why: String,
    pub first_step: String,
    pub evidence: String,
}

/// The baseline, filtered.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Browse {
    #[schema(value_type = String)]
    pub catalog_id: CatalogId,
    pub version: String,
    /// Items per tier, over the whole baseline.
    pub per_tier: Vec<(u8, usize)>,
    pub themes: Vec<Theme>,
    pub items: Vec<Item>,
}

/// Which items to show: those a firm aiming at `up_to` must do, in `theme`.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub up_to: Option<Tier>,
    pub theme: Option<String>,
}

/// The installed baseline, or `None` if it is not installed (it is, from the first start).
pub async fn browse(state: &AppState, lang: &str, filter: &Filter) -> Result<Option<Browse>, sqlx::Error> {
    let Some((catalog_id, version)) = install::built_in(state, BASELINE.name).await? else { return Ok(None) };
    let rows = store::tree(state.db(), catalog_id, lang).await?;
    let all: Vec<Item> = rows.iter().filter_map(item).collect();
    let per_tier = Tier::ALL.iter().map(|t| (t.number(), all.iter().filter(|i| i.tier == *t).count())).collect();
    let items: Vec<Item> = all
        .into_iter()
        .filter(|i| filter.up_to.is_none_or(|t| t.includes(i.tier)))
        .filter(|i| filter.theme.as_ref().is_none_or(|t| *t == i.theme))
        .collect();
    let themes = rows
        .iter()
        .filter(|r| r.kind == "group")
        .map(|r| Theme {
            id: r.key.clone(),
            title: r.title.clone().unwrap_or_else(|| r.key.clone()),
            items: items.iter().filter(|i| i.theme == r.key).count(),
        })
        .collect();
    Ok(Some(Browse { catalog_id, version, per_tier, themes, items }))
}

fn item(r: &ControlRow) -> Option<Item> {
    if r.kind != "control" {
        return None;
    }
    let tier = r.class.as_deref()?.strip_prefix("tier-")?.parse::<u8>().ok()?;
    Some(Item {
        key: r.key.clone(),
        tier: Tier::try_from(tier).ok()?,
        theme: r.parent.clone().unwrap_or_default(),
        title: r.title.clone().unwrap_or_else(|| r.label.clone()),
        statement: r.statement.clone().unwrap_or_default(),
        why: r.guidance.clone().unwrap_or_default(),
        first_step: r.first_step.clone().unwrap_or_default(),
        evidence: r.evidence.clone().unwrap_or_default(),
    })
}
