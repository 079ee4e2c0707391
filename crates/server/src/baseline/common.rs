//! Common items on the stored mappings: the items of a hub catalog (our baseline, or CSF 2.0)
//! that at least k of n chosen catalogs address, and publishing a selection (common items,
//! baseline tiers, chosen controls) as a profile that exports as OSCAL.

use std::collections::HashMap;

use kakehashi_domain::baseline::{CommonItemsError, HubItem, HubLink, Tier, common_items};
use kakehashi_domain::catalog::{Profile, Relation};
use kakehashi_domain::ids::{CatalogId, OrgId, ProfileId, UserId};
use kakehashi_domain::inference::Mapping;
use serde::{Deserialize, Serialize};

use super::graph_store;
use crate::catalog::crosswalk_store::{resolve, resolver};
use crate::catalog::profile_store::{self, Resolved, StoreError};
use crate::catalog::store::{self, ControlRow};
use crate::platform::state::AppState;

/// A catalog's controls addressing one hub item.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupportRow {
    #[schema(value_type = String)]
    pub catalog_id: CatalogId,
    pub catalog_title: String,
    /// Each control's label and its relation to the hub item.
    pub controls: Vec<(String, String)>,
    /// Some control of it asks at least what the item asks.
    pub fully: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommonRow {
    pub key: String,
    pub label: String,
    pub title: Option<String>,
    pub covered_by: usize,
    pub fully: usize,
    pub support: Vec<SupportRow>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommonReport {
    #[schema(value_type = String)]
    pub hub_id: CatalogId,
    pub hub_title: String,
    pub n: usize,
    pub k: usize,
    /// Ranked: most catalogs first, then most full coverage, then the hub's order.
    pub items: Vec<CommonRow>,
    /// Withdrawn hub items that would have qualified, left out.
    pub withdrawn: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CommonError {
    #[error("no catalog has the id {0}")]
    UnknownCatalog(CatalogId),
    #[error("the hub cannot also be one of the catalogs compared")]
    HubCompared,
    #[error(transparent)]
    Range(#[from] CommonItemsError),
    #[error("the catalog {catalog} has no control {control:?}")]
    UnknownControl { catalog: CatalogId, control: String },
    #[error("withdrawn controls cannot be selected: {0}")]
    Withdrawn(String),
    #[error("{0}")]
    Tier(String),
    #[error("a profile needs a title and a version")]
    NoTitle,
    #[error("the profile selects nothing")]
    Empty,
    #[error("a profile titled {0:?} with this version exists already")]
    Exists(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

pub async fn extract(
    state: &AppState,
    hub: CatalogId,
    catalogs: &[CatalogId],
    k: usize,
    lang: &str,
) -> Result<CommonReport, CommonError> {
    let hub_summary = store::get(state.db(), hub).await?.ok_or(CommonError::UnknownCatalog(hub))?;
    if catalogs.contains(&hub) {
        return Err(CommonError::HubCompared);
    }
    let mut titles = HashMap::new();
    for c in catalogs {
        let s = store::get(state.db(), *c).await?.ok_or(CommonError::UnknownCatalog(*c))?;
        titles.insert(*c, s.title);
    }
    let rows = store::tree(state.db(), hub, lang).await?;
    let items: Vec<&ControlRow> = rows.iter().filter(|r| !store::is_heading(r)).collect();
    let hub_items: Vec<HubItem> =
        items.iter().map(|r| HubItem { key: r.key.clone(), withdrawn: r.withdrawn }).collect();
    let links = hub_links(&graph_store::mappings(state.db()).await?, &hub.to_string());
    let names: Vec<String> = catalogs.iter().map(ToString::to_string).collect();
    let found = common_items(&hub_items, &names, &links, k)?;
    let labels = labels(state, catalogs).await?;
    let by_key: HashMap<&str, &&ControlRow> = items.iter().map(|r| (r.key.as_str(), r)).collect();
    let rows = found
        .items
        .iter()
        .map(|i| {
            let r = by_key.get(i.hub_key.as_str());
            CommonRow {
                key: i.hub_key.clone(),
                label: r.map(|r| r.label.clone()).unwrap_or_else(|| i.hub_key.clone()),
                title: r.and_then(|r| r.title.clone()),
                covered_by: i.covered_by,
                fully: i.fully,
                support: i
                    .support
                    .iter()
                    .map(|s| {
                        let id: CatalogId = s.catalog.parse().unwrap_or(hub);
                        SupportRow {
                            catalog_id: id,
                            catalog_title: titles.get(&id).cloned().unwrap_or_default(),
                            controls: s
                                .controls
                                .iter()
                                .map(|(c, rel)| {
                                    (
                                        labels.get(&(id, c.clone())).cloned().unwrap_or(c.clone()),
                                        rel.as_str().to_owned(),
                                    )
                                })
                                .collect(),
                            fully: s.covers_fully(),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let withdrawn =
        found.withdrawn.iter().map(|k| by_key.get(k.as_str()).map(|r| r.label.clone()).unwrap_or(k.clone())).collect();
    Ok(CommonReport { hub_id: hub, hub_title: hub_summary.title, n: found.n, k, items: rows, withdrawn })
}

/// Every mapping between a hub item and a control of another catalog, seen from that control.
/// A declared group relates as a whole: each member carries the group's relation (the catalog
/// covers the item jointly); a hub item inside a group is only part of what it relates to.
fn hub_links(mappings: &[Mapping], hub: &str) -> Vec<HubLink> {
    let mut out = Vec::new();
    for m in mappings {
        if m.target.catalog == hub {
            for s in m.sources.iter().filter(|s| s.catalog != hub) {
                out.push(HubLink {
                    catalog: s.catalog.clone(),
                    control: s.key.clone(),
                    hub_key: m.target.key.clone(),
                    relation: m.relation,
                });
            }
        } else {
            for s in m.sources.iter().filter(|s| s.catalog == hub) {
                let relation = match (m.sources.len(), m.relation) {
                    (1, r) => r.reverse(),
                    (_, Relation::Equal | Relation::Subset) => Relation::Superset,
                    _ => Relation::Intersects,
                };
                out.push(HubLink {
                    catalog: m.target.catalog.clone(),
                    control: m.target.key.clone(),
                    hub_key: s.key.clone(),
                    relation,
                });
            }
        }
    }
    out
}

async fn labels(state: &AppState, catalogs: &[CatalogId]) -> Result<HashMap<(CatalogId, String), String>, sqlx::Error> {
    let mut out = HashMap::new();
    for c in catalogs {
        for (key, label, _) in profile_store::catalog_controls(state.db(), *c).await? {
            out.insert((*c, key), label);
        }
    }
    Ok(out)
}

/// What a built profile selects.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct BuildRequest {
    pub title: String,
    pub version: String,
    /// Common items: the hub's items that at least `k` of `catalogs` address.
    #[schema(value_type = Option<String>)]
    pub hub: Option<CatalogId>,
    #[serde(default)]
    #[schema(value_type = Vec<String>)]
    pub catalogs: Vec<CatalogId>,
    pub k: Option<usize>,
    /// Every item of our baseline up to this tier, with its tier.
    pub baseline_tier: Option<u8>,
    /// Further controls of any catalog, by id or label.
    #[serde(default)]
    pub extra: Vec<ExtraControl>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ExtraControl {
    #[schema(value_type = String)]
    pub catalog_id: CatalogId,
    pub control: String,
}

/// Builds and stores the profile, audited; nothing is stored if any part is wrong.
pub async fn publish(
    state: &AppState,
    request: &BuildRequest,
    org: OrgId,
    actor: Option<UserId>,
) -> Result<ProfileId, CommonError> {
    let (title, version) = (request.title.trim(), request.version.trim());
    if title.is_empty() || version.is_empty() || title.chars().count() > 200 || version.chars().count() > 50 {
        return Err(CommonError::NoTitle);
    }
    let mut groups: Vec<Resolved> = Vec::new();
    if let Some(tier) = request.baseline_tier {
        let tier = Tier::try_from(tier).map_err(CommonError::Tier)?;
        let filter = super::items::Filter { up_to: Some(tier), theme: None };
        if let Some(b) = super::items::browse(state, "en", &filter).await? {
            groups.push(Resolved {
                catalog: b.catalog_id,
                keys: b.items.iter().map(|i| i.key.clone()).collect(),
                tiers: b.items.iter().map(|i| (i.key.clone(), i.tier.number())).collect(),
            });
        }
    }
    if let Some(hub) = request.hub {
        let report = extract(state, hub, &request.catalogs, request.k.unwrap_or(request.catalogs.len()), "en").await?;
        push(&mut groups, hub, report.items.iter().map(|i| i.key.clone()));
    }
    for extra in &request.extra {
        let key = resolve_control(state, extra).await?;
        push(&mut groups, extra.catalog_id, std::iter::once(key));
    }
    if groups.iter().all(|g| g.keys.is_empty()) {
        return Err(CommonError::Empty);
    }
    let profile = Profile {
        title: title.to_owned(),
        version: version.to_owned(),
        oscal_uuid: None,
        oscal_version: None,
        imports: vec![],
    };
    let source = format!("built in Kakehashi from {}", describe(request));
    let origin = profile_store::Origin { source_name: &source, built_by: Some(org) };
    match profile_store::insert(state.db(), &profile, &groups, &[], origin, actor, state.now()).await {
        Ok(id) => Ok(id),
        Err(StoreError::AlreadyImported { title, .. }) => Err(CommonError::Exists(title)),
        Err(StoreError::Db(e)) => Err(e.into()),
    }
}

fn push(groups: &mut Vec<Resolved>, catalog: CatalogId, keys: impl Iterator<Item = String>) {
    let at = match groups.iter().position(|g| g.catalog == catalog) {
        Some(i) => i,
        None => {
            groups.push(Resolved { catalog, keys: vec![], tiers: HashMap::new() });
            groups.len() - 1
        }
    };
    for k in keys {
        if !groups[at].keys.contains(&k) {
            groups[at].keys.push(k);
        }
    }
}

/// The control's key; withdrawn controls are refused, not silently kept.
async fn resolve_control(state: &AppState, extra: &ExtraControl) -> Result<String, CommonError> {
    store::get(state.db(), extra.catalog_id).await?.ok_or(CommonError::UnknownCatalog(extra.catalog_id))?;
    let map = resolver(state.db(), extra.catalog_id).await?;
    let unknown = || CommonError::UnknownControl { catalog: extra.catalog_id, control: extra.control.clone() };
    let key = resolve(&map, extra.control.trim()).ok_or_else(unknown)?;
    let row = store::control(state.db(), extra.catalog_id, &key, "en").await?.ok_or_else(unknown)?;
    if row.withdrawn {
        return Err(CommonError::Withdrawn(row.label));
    }
    if !store::is_control(&row.kind) {
        return Err(unknown());
    }
    Ok(key)
}

fn describe(r: &BuildRequest) -> String {
    let mut parts = Vec::new();
    if let Some(t) = r.baseline_tier {
        parts.push(format!("the common baseline up to tier {t}"));
    }
    if r.hub.is_some() {
        parts.push(format!("items common to {} of {} catalogs", r.k.unwrap_or(r.catalogs.len()), r.catalogs.len()));
    }
    if !r.extra.is_empty() {
        parts.push(format!("{} chosen controls", r.extra.len()));
    }
    parts.join(", ")
}
