//! Inference on the stored mappings: answers given against one catalog carried to every control
//! of a target catalog, each result explained (the mapping, its relation and direction, the
//! controls and answers it rests on). Nothing is stored: the same answers give the same report.

use std::collections::{BTreeMap, HashMap};

use kakehashi_content::catalogs::BASELINE;
use kakehashi_domain::baseline::Tier;
use kakehashi_domain::ids::CatalogId;
use kakehashi_domain::inference::{Derived, NodeRef, Status, infer};
use serde::{Deserialize, Serialize};

use super::{graph_store, install, items};
use crate::catalog::crosswalk_store::{resolve, resolver};
use crate::catalog::store;
use crate::platform::state::AppState;

/// At most this many answers in one request.
pub const MAX_ANSWERS: usize = 20_000;

/// An answer about one control.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct Answer {
    #[schema(value_type = String)]
    pub catalog_id: CatalogId,
    /// The control's id or label (`ac-2.3` or `AC-2(3)`).
    pub control: String,
    #[schema(value_type = String, example = "implemented")]
    pub status: Status,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct InferenceRequest {
    pub answers: Vec<Answer>,
    /// The catalog to derive statuses in.
    #[schema(value_type = String)]
    pub target_catalog_id: CatalogId,
}

/// A control of some catalog, as shown in explanations.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ControlName {
    #[schema(value_type = String)]
    pub catalog_id: CatalogId,
    pub key: String,
    pub label: String,
    /// Its status where it was used.
    #[schema(value_type = Option<String>)]
    pub status: Option<Status>,
}

/// The last step of a derivation.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Via {
    pub mapping_id: String,
    /// As walked: a subset walked backwards reads as superset.
    pub relation: String,
    pub reversed: bool,
    pub group: bool,
    pub from: Vec<ControlName>,
}

/// One control of the target catalog.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResultRow {
    pub key: String,
    pub label: String,
    pub title: Option<String>,
    /// Absent where nothing is known.
    #[schema(value_type = Option<String>)]
    pub status: Option<Status>,
    /// Derived through mappings, not answered.
    pub inferred: bool,
    pub strength: Option<u8>,
    pub steps: u32,
    pub via: Option<Via>,
    /// The answers the derived status rests on.
    pub answers: Vec<ControlName>,
    /// Another path shows the opposite (implemented one way, not implemented another).
    pub contested: bool,
}

/// How many controls came out in each status, and on which kind of last step.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Summary {
    pub controls: usize,
    pub answered: usize,
    pub implemented: usize,
    pub partly: usize,
    pub not_implemented: usize,
    pub unknown: usize,
    /// Derived statuses by the kind of the last step: `equal`, `superset`, `group`, `subset`,
    /// `intersects` → [implemented, partly, not implemented].
    pub by_relation: BTreeMap<String, [usize; 3]>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConflictRow {
    pub a: ControlName,
    pub b: ControlName,
    /// Each mapping's id with the relation it claims from `a` to `b`.
    pub claims: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InferenceReport {
    #[schema(value_type = String)]
    pub target_catalog_id: CatalogId,
    pub target_title: String,
    pub summary: Summary,
    pub results: Vec<ResultRow>,
    /// Mappings that contradict each other; inference read each such pair as `intersects`.
    pub conflicts: Vec<ConflictRow>,
}

#[derive(Debug, thiserror::Error)]
pub enum InferenceError {
    #[error("no catalog has the id {0}")]
    UnknownCatalog(CatalogId),
    #[error("the catalog {catalog} has no control {control:?}")]
    UnknownControl { catalog: CatalogId, control: String },
    #[error("give at least one answer")]
    NoAnswers,
    #[error("at most {MAX_ANSWERS} answers at a time")]
    TooManyAnswers,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl kakehashi_domain::message::Explain for InferenceError {
    fn message(&self) -> kakehashi_domain::message::Message {
        use kakehashi_domain::message::Message;
        match self {
            InferenceError::UnknownCatalog(_) => Message::new("inference-unknown-catalog"),
            InferenceError::UnknownControl { control, .. } => {
                Message::new("inference-unknown-control").with("id", control)
            }
            InferenceError::NoAnswers => Message::new("inference-no-answers"),
            InferenceError::TooManyAnswers => Message::new("inference-too-many").with("max", MAX_ANSWERS),
            InferenceError::Db(_) => Message::new("error-500-body"),
        }
    }
}

/// Every item of our baseline up to `tier`, answered `status`: what a firm meeting that tier
/// can show.
pub async fn baseline_answers(state: &AppState, tier: Tier, status: Status) -> Result<Vec<Answer>, sqlx::Error> {
    let filter = items::Filter { up_to: Some(tier), theme: None };
    let Some(b) = items::browse(state, "en", &filter).await? else { return Ok(vec![]) };
    Ok(b.items.into_iter().map(|i| Answer { catalog_id: b.catalog_id, control: i.key, status }).collect())
}

/// The installed baseline's id, if any.
pub async fn baseline_id(state: &AppState) -> Result<Option<CatalogId>, sqlx::Error> {
    Ok(install::built_in(state, BASELINE.name).await?.map(|(id, _)| id))
}

pub async fn run(state: &AppState, request: &InferenceRequest, lang: &str) -> Result<InferenceReport, InferenceError> {
    if request.answers.is_empty() {
        return Err(InferenceError::NoAnswers);
    }
    if request.answers.len() > MAX_ANSWERS {
        return Err(InferenceError::TooManyAnswers);
    }
    let target = store::get(state.db(), request.target_catalog_id)
        .await?
        .ok_or(InferenceError::UnknownCatalog(request.target_catalog_id))?;
    let answers = resolve_answers(state, &request.answers).await?;
    let mappings = graph_store::mappings(state.db()).await?;
    let inference = infer(&mappings, &answers);
    let mut names = Names::default();
    let rows = store::tree(state.db(), target.id, lang).await?;
    let answered: HashMap<&NodeRef, Status> = answers.iter().map(|(n, s)| (n, *s)).collect();
    let mut results = Vec::new();
    let mut summary = Summary::default();
    for r in rows.iter().filter(|r| !store::is_heading(r) && !r.withdrawn) {
        let node = NodeRef::new(target.id.to_string(), r.key.clone());
        let derived = inference.derived(&node);
        let status =
            answered.get(&node).copied().or(derived.as_ref().map(|d| d.status)).filter(|s| *s != Status::Unknown);
        count(&mut summary, status, answered.contains_key(&node), derived.as_ref());
        let row = match derived {
            Some(d) => explain(state, &mut names, r, d).await?,
            None => ResultRow {
                key: r.key.clone(),
                label: r.label.clone(),
                title: r.title.clone(),
                status,
                inferred: false,
                strength: None,
                steps: 0,
                via: None,
                answers: vec![],
                contested: false,
            },
        };
        results.push(row);
    }
    let mut conflicts = Vec::new();
    for c in inference.conflicts() {
        conflicts.push(ConflictRow {
            a: names.name(state, &c.a, None).await?,
            b: names.name(state, &c.b, None).await?,
            claims: c.claims.iter().map(|(id, r)| (id.clone(), r.as_str().to_owned())).collect(),
        });
    }
    Ok(InferenceReport { target_catalog_id: target.id, target_title: target.title, summary, results, conflicts })
}

async fn resolve_answers(state: &AppState, answers: &[Answer]) -> Result<Vec<(NodeRef, Status)>, InferenceError> {
    let mut resolvers = HashMap::new();
    let mut out = Vec::with_capacity(answers.len());
    for a in answers {
        if let std::collections::hash_map::Entry::Vacant(e) = resolvers.entry(a.catalog_id) {
            store::get(state.db(), a.catalog_id).await?.ok_or(InferenceError::UnknownCatalog(a.catalog_id))?;
            e.insert(resolver(state.db(), a.catalog_id).await?);
        }
        let key = resolve(&resolvers[&a.catalog_id], a.control.trim())
            .ok_or_else(|| InferenceError::UnknownControl { catalog: a.catalog_id, control: a.control.clone() })?;
        out.push((NodeRef::new(a.catalog_id.to_string(), key), a.status));
    }
    Ok(out)
}

fn count(summary: &mut Summary, status: Option<Status>, answered: bool, derived: Option<&Derived>) {
    summary.controls += 1;
    if answered {
        summary.answered += 1;
    }
    let slot = match status {
        Some(Status::Implemented) => Some(0),
        Some(Status::Partly) => Some(1),
        Some(Status::NotImplemented) => Some(2),
        _ => None,
    };
    match slot {
        Some(0) => summary.implemented += 1,
        Some(1) => summary.partly += 1,
        Some(_) => summary.not_implemented += 1,
        None => summary.unknown += 1,
    }
    if let (Some(d), Some(slot), false) = (derived, slot, answered) {
        let kind = if d.step.group { "group".to_owned() } else { d.step.relation.as_str().to_owned() };
        summary.by_relation.entry(kind).or_default()[slot] += 1;
    }
}

async fn explain(
    state: &AppState,
    names: &mut Names,
    r: &store::ControlRow,
    d: Derived,
) -> Result<ResultRow, sqlx::Error> {
    let mut from = Vec::new();
    for (n, s) in &d.step.from {
        from.push(names.name(state, n, Some(*s)).await?);
    }
    let mut answers = Vec::new();
    for n in &d.answers {
        answers.push(names.name(state, n, None).await?);
    }
    Ok(ResultRow {
        key: r.key.clone(),
        label: r.label.clone(),
        title: r.title.clone(),
        status: Some(d.status),
        inferred: true,
        strength: d.strength,
        steps: d.hops,
        via: Some(Via {
            mapping_id: d.step.mapping_id,
            relation: d.step.relation.as_str().to_owned(),
            reversed: d.step.reversed,
            group: d.step.group,
            from,
        }),
        answers,
        contested: d.contested,
    })
}

/// Labels of controls of any catalog, loaded a catalog at a time.
#[derive(Default)]
struct Names {
    labels: HashMap<String, HashMap<String, String>>,
}

impl Names {
    async fn name(
        &mut self,
        state: &AppState,
        n: &NodeRef,
        status: Option<Status>,
    ) -> Result<ControlName, sqlx::Error> {
        let catalog_id = n.catalog.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        if !self.labels.contains_key(&n.catalog) {
            let outline = crate::catalog::store::outline(state.db(), catalog_id).await?;
            self.labels.insert(n.catalog.clone(), outline.into_iter().map(|r| (r.key, r.label)).collect());
        }
        let label = self.labels[&n.catalog].get(&n.key).cloned().unwrap_or_else(|| n.key.clone());
        Ok(ControlName { catalog_id, key: n.key.clone(), label, status })
    }
}
