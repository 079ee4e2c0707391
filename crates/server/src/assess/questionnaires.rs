//! Making questionnaires: one question per assessable item of a profile (or of our baseline up
//! to a tier), each under its theme — the nearest heading above it — laid out on screens.

use std::collections::HashMap;

use kakehashi_domain::assess::screens;
use kakehashi_domain::baseline::Tier;
use kakehashi_domain::ids::{CatalogId, ProfileId, QuestionnaireId};
use serde::Deserialize;

use super::store::{self, NewQuestion, NewQuestionnaire};
use crate::baseline::items::{self, Filter};
use crate::catalog::{profile_store, store as catalogs};
use crate::platform::state::AppState;
use crate::platform::tenancy::Own;
use crate::platform::unit::Unit;

/// At most this many questions (SP 800-53r5 whole is 1,189).
pub const MAX_QUESTIONS: usize = 5_000;

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct QuestionnaireRequest {
    pub title: String,
    /// Made from this profile…
    #[schema(value_type = Option<String>)]
    pub profile_id: Option<ProfileId>,
    /// …or from our baseline up to this tier.
    pub baseline_tier: Option<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum QuestionnaireError {
    #[error("a questionnaire needs a title (at most 200 characters)")]
    NoTitle,
    #[error("make it from a profile or from a tier of the baseline, not both or neither")]
    NoSource,
    #[error("no profile has the id {0}")]
    UnknownProfile(ProfileId),
    #[error("{0}")]
    Tier(String),
    #[error("the profile selects no assessable item that is not withdrawn")]
    Empty,
    #[error("at most {MAX_QUESTIONS} questions")]
    TooMany,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("the built-in baseline is not installed")]
    NoBaseline,
}

/// An item to ask about, before layout.
struct Item {
    catalog_id: CatalogId,
    key: String,
    theme_key: String,
    tier: Option<Tier>,
}

/// Makes a questionnaire for the unit's organisation.
pub async fn create(
    state: &AppState,
    unit: &mut Unit,
    request: &QuestionnaireRequest,
) -> Result<QuestionnaireId, QuestionnaireError> {
    let q = prepare(state, Some(&unit.own()), request).await?;
    Ok(store::insert(unit, &q).await?)
}

/// Checks a request and lays out its questions; `viewer` is the organisation whose own
/// profiles it may use (none: reference profiles only).
async fn prepare(
    state: &AppState,
    viewer: Option<&Own<profile_store::ProfileSummary>>,
    request: &QuestionnaireRequest,
) -> Result<NewQuestionnaire, QuestionnaireError> {
    let title = request.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return Err(QuestionnaireError::NoTitle);
    }
    let (items, source, tier) = match (request.profile_id, request.baseline_tier) {
        (Some(p), None) => {
            let profile = profile_store::get(state.db(), viewer, p).await?;
            let profile = profile.ok_or(QuestionnaireError::UnknownProfile(p))?;
            (from_profile(state, p).await?, format!("profile: {} {}", profile.title, profile.version), None)
        }
        (None, Some(t)) => {
            let tier = Tier::try_from(t).map_err(QuestionnaireError::Tier)?;
            (from_baseline(state, tier).await?, format!("the common baseline up to tier {t}"), Some(tier))
        }
        _ => return Err(QuestionnaireError::NoSource),
    };
    if items.is_empty() {
        return Err(QuestionnaireError::Empty);
    }
    if items.len() > MAX_QUESTIONS {
        return Err(QuestionnaireError::TooMany);
    }
    Ok(lay_out(title, source, request.profile_id, tier, items))
}

/// Groups questions by theme (keeping the first-seen order of themes) and numbers the screens.
fn lay_out(
    title: &str,
    source: String,
    profile_id: Option<ProfileId>,
    tier: Option<Tier>,
    mut items: Vec<Item>,
) -> NewQuestionnaire {
    let mut order: HashMap<String, usize> = HashMap::new();
    for i in &items {
        let next = order.len();
        order.entry(i.theme_key.clone()).or_insert(next);
    }
    items.sort_by_key(|i| order[&i.theme_key]);
    let screens = screens(items.iter().map(|i| i.theme_key.as_str()));
    let mut screen_of = vec![0; items.len()];
    for (n, s) in screens.iter().enumerate() {
        for &q in &s.questions {
            screen_of[q] = n;
        }
    }
    let questions = items
        .into_iter()
        .zip(screen_of)
        .map(|(i, screen)| NewQuestion {
            catalog_id: i.catalog_id,
            key: i.key,
            theme_key: i.theme_key,
            tier: i.tier,
            screen,
        })
        .collect();
    NewQuestionnaire {
        title: title.to_owned(),
        source,
        profile_id,
        baseline_tier: tier,
        questions,
        screens: screens.len(),
    }
}

async fn from_baseline(state: &AppState, tier: Tier) -> Result<Vec<Item>, QuestionnaireError> {
    let filter = Filter { up_to: Some(tier), theme: None };
    let b = items::browse(state, "ja", &filter).await?.ok_or(QuestionnaireError::NoBaseline)?;
    // In the baseline's own theme order.
    let theme_rank: HashMap<&str, usize> = b.themes.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
    let mut out: Vec<Item> = b
        .items
        .iter()
        .map(|i| Item { catalog_id: b.catalog_id, key: i.key.clone(), theme_key: i.theme.clone(), tier: Some(i.tier) })
        .collect();
    out.sort_by_key(|i| theme_rank.get(i.theme_key.as_str()).copied().unwrap_or(usize::MAX));
    Ok(out)
}

async fn from_profile(state: &AppState, id: ProfileId) -> Result<Vec<Item>, QuestionnaireError> {
    let selected = profile_store::selected_items(state.db(), id).await?;
    let mut themes: HashMap<CatalogId, HashMap<String, String>> = HashMap::new();
    let mut out = Vec::new();
    for (catalog_id, key, tier) in selected {
        if let std::collections::hash_map::Entry::Vacant(e) = themes.entry(catalog_id) {
            e.insert(theme_map(state, catalog_id).await?);
        }
        let Some(theme_key) = themes[&catalog_id].get(&key).cloned() else { continue };
        let tier = tier.and_then(|t| u8::try_from(t).ok()).and_then(|t| Tier::try_from(t).ok());
        out.push(Item { catalog_id, key, theme_key, tier });
    }
    Ok(out)
}

/// For every assessable item of a catalog, its theme: the nearest heading above it (a group,
/// or a control that is a heading in all but name, like CSF's categories). Headings are not
/// asked about.
async fn theme_map(state: &AppState, catalog: CatalogId) -> Result<HashMap<String, String>, sqlx::Error> {
    let rows = catalogs::outline(state.db(), catalog).await?;
    let heading = catalogs::is_heading;
    let by_key: HashMap<&str, &catalogs::ControlRow> = rows.iter().map(|r| (r.key.as_str(), r)).collect();
    let mut out = HashMap::new();
    for r in rows.iter().filter(|r| !heading(r)) {
        let mut at = r.parent.as_deref();
        let mut theme = None;
        while let Some(p) = at.and_then(|k| by_key.get(k)) {
            if heading(p) {
                theme = Some(p.key.clone());
                break;
            }
            at = p.parent.as_deref();
        }
        // Items of a catalog without headings share one theme: the catalog itself.
        out.insert(r.key.clone(), theme.unwrap_or_else(|| "-".to_owned()));
    }
    Ok(out)
}

/// The built-in questionnaires: our baseline up to each tier, made once.
pub async fn install(state: &AppState) -> anyhow::Result<()> {
    for tier in Tier::ALL {
        if store::for_baseline_tier(state.db(), tier).await?.is_some() {
            continue;
        }
        let title = format!("共通ベースライン 段階{n} / Common baseline, tier {n}", n = tier.number());
        let request = QuestionnaireRequest { title, profile_id: None, baseline_tier: Some(tier.number()) };
        let q = prepare(state, None, &request).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        store::insert_built_in(state.db(), &q, state.now()).await?;
    }
    Ok(())
}
