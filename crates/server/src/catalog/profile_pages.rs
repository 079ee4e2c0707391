//! Profile pages: the list with the operator's import form, and one profile with its controls.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::ids::{CatalogId, ProfileId};
use tower_sessions::Session;

use super::profile_store::{self as store, ProfileControl, ProfileSummary, StoreError};
use super::profiles::{self, ProfileImportError};
use super::store::{self as catalogs, CatalogSummary};
use crate::platform::auth::Operator;
use crate::platform::error::AppError;
use crate::platform::routes::IdPath;
use crate::platform::state::AppState;
use crate::platform::tenancy::own_if_acting;
use crate::shell::{ImportProblem, Page};

#[derive(Template, WebTemplate)]
#[template(path = "catalog/profiles.html")]
pub struct ListTemplate {
    page: Page,
    profiles: Vec<ProfileSummary>,
    catalogs: Vec<CatalogSummary>,
    problem: Option<ImportProblem>,
}

async fn list_page(state: &AppState, page: Page, problem: Option<ImportProblem>) -> Result<ListTemplate, AppError> {
    let profiles = store::list(state.db(), own_if_acting(page.acting.as_ref()).as_ref()).await?;
    Ok(ListTemplate { page, profiles, catalogs: catalogs::list(state.db()).await?, problem })
}

pub async fn list(State(state): State<AppState>, page: Page) -> Result<ListTemplate, AppError> {
    list_page(&state, page, None).await
}

/// The operator's import: a profile file and, optionally, the catalog it draws from (when the
/// file's own reference does not name an imported catalog).
pub async fn upload(
    State(state): State<AppState>,
    Operator(op): Operator,
    page: Page,
    session: Session,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let (mut file, mut catalog) = (None, String::new());
    while let Some(field) = form.next_field().await.map_err(|e| AppError::BadRequest(e.body_text()))? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().unwrap_or("upload").to_owned();
        let bytes = field.bytes().await.map_err(|e| AppError::BadRequest(e.body_text()))?;
        match name.as_str() {
            "file" if !bytes.is_empty() => file = Some((file_name, bytes.to_vec())),
            "catalog" => catalog = String::from_utf8_lossy(&bytes).trim().to_owned(),
            _ => {}
        }
    }
    let named: Vec<CatalogId> = catalog.parse().into_iter().collect();
    let problem = match file {
        None => ImportProblem::key("catalog-file-missing"),
        Some((name, bytes)) => match profiles::import(&state, &name, &bytes, &named, Some(op.id)).await {
            Ok(imported) => {
                return Page::done(&session, "profile-imported", &format!("/profiles/{}", imported.id)).await;
            }
            Err(ProfileImportError::Store { source: StoreError::Db(e), .. }) => return Err(e.into()),
            Err(ProfileImportError::Format(e)) => ImportProblem::unreadable(&e),
            Err(ProfileImportError::Store { source: StoreError::AlreadyImported { title, version, .. }, .. }) => {
                ImportProblem::key("import-already-there").with_args(&[("name", title), ("id", version)])
            }
            Err(ProfileImportError::UnknownCatalog(_)) => ImportProblem::key("import-unknown-catalog"),
            Err(e) => ImportProblem::refused(&name, e),
        },
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, list_page(&state, page, Some(problem)).await?).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/profile.html")]
pub struct DetailTemplate {
    page: Page,
    profile: ProfileSummary,
    controls: Vec<ProfileControl>,
    unresolved: Vec<String>,
}

impl DetailTemplate {
    /// Whether a control starts a new catalog's section (profiles may draw from several).
    fn starts_catalog(&self, index: &usize) -> bool {
        let i = *index;
        i == 0 || self.controls.get(i - 1).map(|c| c.catalog_id) != self.controls.get(i).map(|c| c.catalog_id)
    }
}

pub async fn detail(
    State(state): State<AppState>,
    page: Page,
    IdPath(id): IdPath<ProfileId>,
) -> Result<DetailTemplate, AppError> {
    let viewer = own_if_acting(page.acting.as_ref());
    let profile = store::get(state.db(), viewer.as_ref(), id).await?.ok_or(AppError::NotFound)?;
    let controls = store::controls(state.db(), id, page.lang()).await?;
    Ok(DetailTemplate { page, profile, controls, unresolved: store::unresolved(state.db(), id).await? })
}
