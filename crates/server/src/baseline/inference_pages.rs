//! The inference page: answers against one catalog (typed or pasted, or "every baseline item up
//! to a tier is done"), carried to another catalog, each result with what it rests on.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::baseline::Tier;
use kakehashi_domain::ids::CatalogId;
use kakehashi_domain::inference::Status;
use kakehashi_domain::message::{Explain, Message};
use serde::Deserialize;

use super::inference::{self, Answer, InferenceError, InferenceReport, InferenceRequest, ResultRow};
use crate::catalog::store::{self, CatalogSummary};
use crate::platform::error::AppError;
use crate::platform::state::AppState;
use crate::shell::Page;

#[derive(Debug, Default, Deserialize)]
pub struct InferenceForm {
    #[serde(default)]
    source: String,
    #[serde(default)]
    answers: String,
    /// "" to use the typed answers; 1–4 for every baseline item up to that tier, implemented.
    #[serde(default)]
    tier: String,
    #[serde(default)]
    target: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "baseline/inference.html")]
pub struct InferenceTemplate {
    page: Page,
    catalogs: Vec<CatalogSummary>,
    form: InferenceForm,
    problem: Option<Message>,
    report: Option<InferenceReport>,
}

impl InferenceTemplate {
    fn status_key(&self, r: &ResultRow) -> &'static str {
        r.status.map_or("status-none", Status::label_key)
    }
    fn relation_key(&self, relation: &str) -> String {
        format!("relation-{relation}")
    }
    fn source_labels(&self, r: &ResultRow) -> String {
        r.via
            .as_ref()
            .map(|v| v.from.iter().map(|f| f.label.clone()).collect::<Vec<_>>().join(" + "))
            .unwrap_or_default()
    }
    fn answer_labels(&self, r: &ResultRow) -> String {
        r.answers.iter().map(|a| a.label.clone()).collect::<Vec<_>>().join(", ")
    }
    fn selected(&self, field: &str, id: &CatalogId) -> bool {
        let chosen = if field == "source" { &self.form.source } else { &self.form.target };
        *chosen == id.to_string()
    }
}

pub async fn form(State(state): State<AppState>, page: Page) -> Result<InferenceTemplate, AppError> {
    let catalogs = store::list(state.db()).await?;
    let mut form = InferenceForm::default();
    if let Some(id) = inference::baseline_id(&state).await? {
        form.source = id.to_string();
    }
    Ok(InferenceTemplate { page, catalogs, form, problem: None, report: None })
}

pub async fn run(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<InferenceForm>,
) -> Result<Response, AppError> {
    let catalogs = store::list(state.db()).await?;
    let outcome = match request(&state, &form).await {
        Ok(request) => inference::run(&state, &request, page.lang()).await.map_err(|e| match e {
            InferenceError::Db(e) => Err(AppError::from(e)),
            e => Ok(e.message()),
        }),
        Err(problem) => Err(problem),
    };
    match outcome {
        Ok(report) => {
            Ok(InferenceTemplate { page, catalogs, form, problem: None, report: Some(report) }.into_response())
        }
        Err(Err(e)) => Err(e),
        Err(Ok(problem)) => {
            let t = InferenceTemplate { page, catalogs, form, problem: Some(problem), report: None };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, t).into_response())
        }
    }
}

/// The request the form describes, or what is wrong with it.
async fn request(state: &AppState, form: &InferenceForm) -> Result<InferenceRequest, Result<Message, AppError>> {
    let target: CatalogId = form.target.parse().map_err(|_| Ok(Message::new("inference-choose-target")))?;
    let answers = if let Ok(n) = form.tier.trim().parse::<u8>() {
        let tier = Tier::try_from(n).map_err(|_| Ok(Message::new("inference-no-such-tier")))?;
        inference::baseline_answers(state, tier, Status::Implemented).await.map_err(|e| Err(AppError::from(e)))?
    } else {
        let source: CatalogId = form.source.parse().map_err(|_| Ok(Message::new("inference-choose-source")))?;
        parse_answers(&form.answers, source).map_err(Ok)?
    };
    Ok(InferenceRequest { answers, target_catalog_id: target })
}

/// Lines of `id,status` (or tab-separated), a header line allowed; statuses in English or
/// Japanese (`implemented`, `実施している`, …).
fn parse_answers(text: &str, catalog: CatalogId) -> Result<Vec<Answer>, Message> {
    let mut answers = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || (i == 0 && line.to_ascii_lowercase().starts_with("id")) {
            continue;
        }
        let line_no = i + 1;
        let (id, status) =
            line.split_once([',', '\t']).ok_or_else(|| Message::new("inference-line-form").with("line", line_no))?;
        let status: Status = status
            .trim()
            .parse()
            .map_err(|_| Message::new("inference-line-status").with("line", line_no).with("text", status.trim()))?;
        answers.push(Answer { catalog_id: catalog, control: id.trim().to_owned(), status });
    }
    Ok(answers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_from_pasted_lines_in_either_language() {
        let id = CatalogId::new();
        let a = parse_answers("id,status\nB1-01,implemented\nB1-02\t一部実施している\n\n", id).expect("valid");
        assert_eq!(a.len(), 2);
        assert_eq!(a[1].status, Status::Partly);
        let no_comma = parse_answers("B1-01 implemented", id).expect_err("no comma");
        assert_eq!((no_comma.key, no_comma.args), ("inference-line-form", vec![("line", "1".to_owned())]));
        let unknown = parse_answers("B1-01,maybe", id).expect_err("unknown status");
        assert_eq!(unknown.key, "inference-line-status");
    }
}
