//! Crosswalk pages: the list with the operator's import form, one crosswalk with its unresolved
//! references, and the matrix between two catalogs.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::ids::{CatalogId, CrosswalkId};
use serde::Deserialize;
use tower_sessions::Session;

use super::crosswalk_store::{self as store, CrosswalkError, CrosswalkSummary, Matrix, Unresolved};
use super::crosswalks::{self, ImportError};
use super::store::{self as catalogs, CatalogSummary};
use crate::platform::auth::Operator;
use crate::platform::error::AppError;
use crate::platform::routes::IdPath;
use crate::platform::state::AppState;
use crate::shell::{ImportProblem, Page};

#[derive(Template, WebTemplate)]
#[template(path = "catalog/crosswalks.html")]
pub struct ListTemplate {
    page: Page,
    crosswalks: Vec<CrosswalkSummary>,
    catalogs: Vec<CatalogSummary>,
    problem: Option<ImportProblem>,
}

async fn list_page(state: &AppState, page: Page, problem: Option<ImportProblem>) -> Result<ListTemplate, AppError> {
    Ok(ListTemplate {
        page,
        crosswalks: store::list(state.db()).await?,
        catalogs: catalogs::list(state.db()).await?,
        problem,
    })
}

pub async fn list(State(state): State<AppState>, page: Page) -> Result<ListTemplate, AppError> {
    list_page(&state, page, None).await
}

/// The operator's import: a file, the two catalogs, and optionally who made the mappings.
pub async fn upload(
    State(state): State<AppState>,
    Operator(op): Operator,
    page: Page,
    session: Session,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let (mut file, mut source, mut target, mut provenance) = (None, String::new(), String::new(), String::new());
    while let Some(field) = form.next_field().await.map_err(|e| AppError::BadRequest(e.body_text()))? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().unwrap_or("upload").to_owned();
        let bytes = field.bytes().await.map_err(|e| AppError::BadRequest(e.body_text()))?;
        let text = || String::from_utf8_lossy(&bytes).trim().to_owned();
        match name.as_str() {
            "file" if !bytes.is_empty() => file = Some((file_name, bytes.to_vec())),
            "source" => source = text(),
            "target" => target = text(),
            "provenance" => provenance = text(),
            _ => {}
        }
    }
    let problem = match (file, source.parse::<CatalogId>(), target.parse::<CatalogId>()) {
        (None, _, _) => ImportProblem::key("catalog-file-missing"),
        (_, Err(_), _) | (_, _, Err(_)) => ImportProblem::key("crosswalk-choose-catalogs"),
        (Some((name, bytes)), Ok(s), Ok(t)) => {
            let provenance = Some(provenance.as_str()).filter(|p| !p.is_empty());
            match crosswalks::import(&state, s, t, &name, &bytes, provenance, Some(op.id)).await {
                Ok(imported) => {
                    return Page::done(&session, "crosswalk-imported", &format!("/crosswalks/{}", imported.id)).await;
                }
                Err(ImportError::Format(e)) => ImportProblem::unreadable(&e),
                Err(ImportError::Store(CrosswalkError::UnknownCatalog(_))) => {
                    ImportProblem::key("import-unknown-catalog")
                }
                Err(ImportError::Store(CrosswalkError::Db(e))) => return Err(e.into()),
            }
        }
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, list_page(&state, page, Some(problem)).await?).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/crosswalk.html")]
pub struct DetailTemplate {
    page: Page,
    crosswalk: CrosswalkSummary,
    unresolved: Vec<Unresolved>,
}

pub async fn detail(
    State(state): State<AppState>,
    page: Page,
    IdPath(id): IdPath<CrosswalkId>,
) -> Result<DetailTemplate, AppError> {
    let key = id.to_string();
    let crosswalk = store::get(state.db(), &key).await?.ok_or(AppError::NotFound)?;
    Ok(DetailTemplate { page, crosswalk, unresolved: store::unresolved(state.db(), &key).await? })
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/matrix.html")]
pub struct MatrixTemplate {
    page: Page,
    catalogs: Vec<CatalogSummary>,
    from: Option<CatalogSummary>,
    to: Option<CatalogSummary>,
    matrix: Option<Matrix>,
}

impl MatrixTemplate {
    fn percent(&self, part: &usize, whole: &usize) -> String {
        if *whole == 0 { "—".into() } else { format!("{:.0}%", *part as f64 * 100.0 / *whole as f64) }
    }
}

#[derive(Deserialize)]
pub struct Pair {
    from: Option<String>,
    to: Option<String>,
}

pub async fn matrix(
    State(state): State<AppState>,
    page: Page,
    Query(p): Query<Pair>,
) -> Result<MatrixTemplate, AppError> {
    let catalogs = catalogs::list(state.db()).await?;
    let pick = |id: &Option<String>| {
        id.as_deref()
            .and_then(|s| s.parse::<CatalogId>().ok())
            .and_then(|id| catalogs.iter().find(|c| c.id == id).cloned())
    };
    let (from, to) = (pick(&p.from), pick(&p.to));
    let matrix = match (&from, &to) {
        (Some(a), Some(b)) => Some(store::matrix(state.db(), a.id, b.id).await?),
        _ => None,
    };
    Ok(MatrixTemplate { page, catalogs, from, to, matrix })
}
