//! Carrying answers from an earlier self-check into a new one, so that a supplier does not
//! answer the same thing twice: the same item is carried as it was, an item of another
//! framework through the stored mappings (baseline inference). Carried answers are marked
//! `inferred` and never count until the supplier confirms them.

use std::collections::{BTreeSet, HashMap};

use kakehashi_domain::assess::Answer;
use kakehashi_domain::ids::AssessmentId;
use kakehashi_domain::inference::Status;

use super::assessment_store::{self as store, Carried, SelfCheck};
use super::assessments;
use crate::baseline::inference::{self, InferenceError, InferenceRequest, ResultRow};
use crate::platform::error::AppError;
use crate::platform::state::AppState;
use crate::platform::unit::Unit;

/// Fills the unanswered questions of `into` from the answers of `from` (both the acting
/// organisation's, both committed), in the unit. Returns how many answers were carried.
pub async fn carry(
    state: &AppState,
    unit: &mut Unit,
    into: AssessmentId,
    from: AssessmentId,
) -> Result<usize, AppError> {
    let own = unit.own::<SelfCheck>();
    if into == from {
        return Err(AppError::BadRequest("choose another self-check to carry answers from".into()));
    }
    let source = assessments::view(state, &own, from, "ja", None).await?.ok_or(AppError::NotFound)?;
    let target = assessments::view(state, &own, into, "ja", None).await?.ok_or(AppError::NotFound)?;
    let answers: Vec<inference::Answer> = source
        .questions
        .iter()
        .filter_map(|q| {
            let a = q.answer.as_ref().filter(|a| a.origin.counts())?;
            let status = match a.answer {
                Answer::Implemented => Status::Implemented,
                Answer::Partly => Status::Partly,
                Answer::NotImplemented => Status::NotImplemented,
                // "Does not apply here" says nothing about another framework's item.
                Answer::NotApplicable { .. } => return None,
            };
            Some(inference::Answer { catalog_id: q.question.catalog_id, control: q.question.key.clone(), status })
        })
        .collect();
    if answers.is_empty() {
        return Ok(0);
    }
    let catalogs: BTreeSet<_> = target.questions.iter().map(|q| q.question.catalog_id).collect();
    let mut derived: HashMap<(String, String), ResultRow> = HashMap::new();
    for catalog in catalogs {
        let request = InferenceRequest { answers: answers.clone(), target_catalog_id: catalog };
        let report = inference::run(state, &request, "ja").await.map_err(|e| match e {
            InferenceError::Db(e) => AppError::from(e),
            e => AppError::BadRequest(e.to_string()),
        })?;
        for row in report.results {
            derived.insert((catalog.to_string(), row.key.clone()), row);
        }
    }
    let carried: Vec<Carried> = target
        .questions
        .iter()
        .filter(|q| q.answer.is_none())
        .filter_map(|q| {
            let row = derived.get(&(q.question.catalog_id.to_string(), q.question.key.clone()))?;
            let answer = match row.status? {
                Status::Implemented => Answer::Implemented,
                Status::Partly => Answer::Partly,
                Status::NotImplemented => Answer::NotImplemented,
                Status::Unknown => return None,
            };
            Some(Carried { position: q.question.position, answer, note: why(row, &source.assessment.title) })
        })
        .collect();
    store::carry(unit, into, from, &carried).await?;
    Ok(carried.len())
}

/// The note that says where a carried answer came from, in both languages.
fn why(row: &ResultRow, source: &str) -> String {
    match &row.via {
        Some(via) => {
            let from: Vec<&str> = via.from.iter().map(|c| c.label.as_str()).collect();
            format!(
                "推定 / inferred: 「{source}」の {} から（{}） / from {} ({})",
                from.join(", "),
                via.relation,
                from.join(", "),
                via.relation
            )
        }
        None => format!("引き継ぎ / carried: 「{source}」の同じ項目 / the same item in \"{source}\""),
    }
}
