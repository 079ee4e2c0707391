//! The catalog pages: the list (with the operator's upload form), a searchable tree, a control.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::catalog::ControlRef;
use kakehashi_domain::ids::{CatalogId, ProfileId};
use serde::Deserialize;
use tower_sessions::Session;

use super::crosswalk_store::ControlMapping;
use super::import::{self, CatalogImportError, Options, SheetDetails, Upload};
use super::store::{self, CatalogSummary, ControlRow};
use crate::platform::auth::Operator;
use crate::platform::error::AppError;
use crate::platform::routes::IdPath;
use crate::platform::state::AppState;
use crate::shell::{ImportProblem, Page, format_time};

#[derive(Template, WebTemplate)]
#[template(path = "catalog/list.html")]
pub struct ListTemplate {
    page: Page,
    catalogs: Vec<CatalogSummary>,
    problem: Option<ImportProblem>,
}

impl ListTemplate {
    fn imported(&self, c: &CatalogSummary) -> String {
        format_time(c.imported_at)
    }
}

async fn list_page(state: &AppState, page: Page, problem: Option<ImportProblem>) -> Result<ListTemplate, AppError> {
    Ok(ListTemplate { page, catalogs: store::list(state.db()).await?, problem })
}

pub async fn list(State(state): State<AppState>, page: Page) -> Result<ListTemplate, AppError> {
    list_page(&state, page, None).await
}

/// The operator's upload: a catalog file and, optionally, a status list (CSV).
pub async fn upload(
    State(state): State<AppState>,
    Operator(op): Operator,
    page: Page,
    session: Session,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let mut catalog: Option<(String, Vec<u8>)> = None;
    let mut statuses: Option<(String, Vec<u8>)> = None;
    let mut sheet = SheetDetails::default();
    while let Some(field) = form.next_field().await.map_err(|e| AppError::BadRequest(e.body_text()))? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().unwrap_or("upload").to_owned();
        let bytes = field.bytes().await.map_err(|e| AppError::BadRequest(e.body_text()))?.to_vec();
        match name.as_str() {
            "catalog" if !bytes.is_empty() => catalog = Some((file_name, bytes)),
            "statuses" if !bytes.is_empty() => statuses = Some((file_name, bytes)),
            "title" => sheet.title = String::from_utf8_lossy(&bytes).trim().to_owned(),
            "version" => sheet.version = String::from_utf8_lossy(&bytes).trim().to_owned(),
            "issuer" => {
                sheet.issuer = Some(String::from_utf8_lossy(&bytes).trim().to_owned()).filter(|i| !i.is_empty())
            }
            _ => {}
        }
    }
    let Some((name, bytes)) = catalog else {
        let t = list_page(&state, page, Some(ImportProblem::key("catalog-file-missing"))).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, t).into_response());
    };
    let options = Options {
        statuses: statuses.as_ref().map(|(n, b)| Upload { name: n, bytes: b }),
        sheet: Some(sheet),
        ..Options::default()
    };
    match import::import(&state, Upload { name: &name, bytes: &bytes }, options, Some(op.id)).await {
        Ok(_) => Page::done(&session, "catalog-imported-notice", "/catalogs").await,
        Err(CatalogImportError::Db(e)) => Err(e.into()),
        Err(e) => {
            let t = list_page(&state, page, Some(import_problem(&e))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, t).into_response())
        }
    }
}

/// What the page says about a refused catalog file.
fn import_problem(e: &CatalogImportError) -> ImportProblem {
    match e {
        CatalogImportError::Format(e) => ImportProblem::unreadable(e),
        CatalogImportError::SheetNeedsDetails { file } => {
            ImportProblem::key("catalog-sheet-needs-details").with_args(&[("file", file.clone())])
        }
        CatalogImportError::AlreadyImported { title, version, .. } => {
            ImportProblem::key("import-already-there").with_args(&[("name", title.clone()), ("id", version.clone())])
        }
        CatalogImportError::Db(_) => ImportProblem::key("error-500-body"),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/tree.html")]
pub struct TreeTemplate {
    page: Page,
    catalog: CatalogSummary,
    rows: Vec<ControlRow>,
    q: String,
    total: usize,
}

impl TreeTemplate {
    fn indent(&self, r: &ControlRow) -> String {
        format!("depth-{}", r.depth.min(4))
    }
}

#[derive(Deserialize)]
pub struct Search {
    #[serde(default)]
    q: String,
}

pub async fn tree(
    State(state): State<AppState>,
    page: Page,
    IdPath(id): IdPath<CatalogId>,
    Query(s): Query<Search>,
) -> Result<TreeTemplate, AppError> {
    let catalog = store::get(state.db(), id).await?.ok_or(AppError::NotFound)?;
    let all = store::tree(state.db(), id, page.lang()).await?;
    let total = all.len();
    let q = s.q.trim().chars().take(100).collect::<String>();
    let rows = if q.is_empty() { all } else { matching_with_ancestors(all, &q) };
    Ok(TreeTemplate { page, catalog, rows, q, total })
}

/// The rows that mention `q` (label, title or statement), with the groups above them.
fn matching_with_ancestors(rows: Vec<ControlRow>, q: &str) -> Vec<ControlRow> {
    let needle = q.to_lowercase();
    let hit = |r: &ControlRow| {
        [Some(&r.label), r.title.as_ref(), r.statement.as_ref()]
            .into_iter()
            .flatten()
            .any(|t| t.to_lowercase().contains(&needle))
    };
    let parent_of: std::collections::HashMap<&str, Option<&str>> =
        rows.iter().map(|r| (r.key.as_str(), r.parent.as_deref())).collect();
    let mut keep: std::collections::HashSet<String> = std::collections::HashSet::new();
    for r in rows.iter().filter(|r| hit(r)) {
        let mut key = Some(r.key.as_str());
        while let Some(k) = key {
            if !keep.insert(k.to_owned()) {
                break;
            }
            key = parent_of.get(k).copied().flatten();
        }
    }
    rows.into_iter().filter(|r| keep.contains(&r.key)).collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/control.html")]
pub struct ControlTemplate {
    page: Page,
    catalog: CatalogSummary,
    control: ControlRow,
    /// The enclosing group or control, shown by its label and title.
    parent: Option<ControlRow>,
    mappings: Vec<ControlMapping>,
    /// The profiles (baselines) that select this control.
    profiles: Vec<(ProfileId, String)>,
}

impl ControlTemplate {
    fn others(&self, m: &ControlMapping) -> String {
        m.others.iter().map(|o| o.label.as_str()).collect::<Vec<_>>().join(" + ")
    }
}

pub async fn control(
    State(state): State<AppState>,
    page: Page,
    Path((id, control)): Path<(String, String)>,
) -> Result<ControlTemplate, AppError> {
    let id: CatalogId = id.parse().map_err(|_| AppError::NotFound)?;
    let control: ControlRef = control.parse().map_err(|_| AppError::NotFound)?;
    let catalog = store::get(state.db(), id).await?.ok_or(AppError::NotFound)?;
    let control = store::control(state.db(), id, control.as_str(), page.lang()).await?.ok_or(AppError::NotFound)?;
    let parent = match &control.parent {
        Some(key) => store::control(state.db(), id, key, page.lang()).await?,
        None => None,
    };
    let mappings = super::crosswalk_store::for_control(state.db(), id, &control.key).await?;
    let profiles = super::profile_store::containing(state.db(), id, &control.key).await?;
    Ok(ControlTemplate { page, catalog, control, parent, mappings, profiles })
}
