//! The evidence pages: everything the organisation keeps as evidence, and forms to add a
//! file, a link, a statement or a certificate (with the baseline items it covers). Evidence is
//! kept once here and attached to answers on the self-check screens.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};
use kakehashi_domain::assess::evidence::{CertificateScheme, original_name};
use kakehashi_domain::ids::EvidenceId;
use kakehashi_domain::message::Message;
use kakehashi_domain::tenancy::Permission;
use tower_sessions::Session;

use super::evidence::{self, EvidenceInput};
use super::evidence_store::{self as store, Evidence, EvidenceView};
use crate::baseline::items::{self, Filter, Item};
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppError;
use crate::platform::files::{Incoming, StoredFile};
use crate::platform::routes::IdPath;
use crate::platform::state::AppState;
use crate::platform::tenancy::Acting;
use crate::shell::Page;

#[derive(Template, WebTemplate)]
#[template(path = "assess/evidence.html")]
pub struct EvidenceTemplate {
    page: Page,
    list: Vec<EvidenceView>,
    items: Vec<Item>,
    typed: EvidenceInput,
    problem: Option<Message>,
    max_mb: usize,
    today: time::Date,
}

impl EvidenceTemplate {
    fn schemes(&self) -> Vec<(&'static str, String)> {
        CertificateScheme::ALL.iter().map(|s| (s.as_str(), self.page.t(&s.label_key()))).collect()
    }
    fn kind_name(&self, e: &EvidenceView) -> String {
        match e.scheme {
            Some(s) => self.page.t(&s.label_key()),
            None => self.page.t(&format!("evidence-kind-{}", e.kind.as_str())),
        }
    }
    fn is_typed(&self, kind: &str) -> bool {
        self.typed.kind == kind
    }
    fn covers(&self, key: &str) -> bool {
        self.typed.covers.iter().any(|k| k == key)
    }
    fn size(&self, e: &EvidenceView) -> String {
        e.size.map(|s| format!("{:.1} KB", s as f64 / 1024.0)).unwrap_or_default()
    }
    fn expired(&self, e: &EvidenceView) -> bool {
        !e.withdrawn && !e.holds_on(self.today)
    }
}

async fn render(
    state: &AppState,
    page: Page,
    acting: &Acting,
    typed: EvidenceInput,
    problem: Option<Message>,
) -> Result<EvidenceTemplate, AppError> {
    let list = store::list(state.db(), &acting.own::<Evidence>()).await?;
    let items = items::browse(state, page.lang(), &Filter::default()).await?.map(|b| b.items).unwrap_or_default();
    let max_mb = state.files().max_bytes() >> 20;
    let today = state.now().date();
    Ok(EvidenceTemplate { page, list, items, typed, problem, max_mb, today })
}

pub async fn list(State(state): State<AppState>, page: Page, acting: Acting) -> Result<EvidenceTemplate, AppError> {
    render(&state, page, &acting, EvidenceInput::default(), None).await
}

/// Adds evidence of any kind from one multipart form; a problem brings the page back with
/// what was typed (a chosen file must be chosen again: browsers never refill file fields).
pub async fn add(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    form: Multipart,
) -> Result<Response, AppError> {
    let (typed, file) = match read_form(&state, acting.org_id(), form).await {
        Ok(read) => read,
        Err(e) => return problem_page(&state, page, &acting, EvidenceInput::default(), e).await,
    };
    let new = match typed.clone().check(&state, file).await {
        Ok(new) => new,
        Err(e) => return problem_page(&state, page, &acting, typed, e).await,
    };
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    store::create(&mut unit, &new).await?;
    unit.commit().await?;
    Page::done(&session, "evidence-added", "/evidence").await
}

async fn problem_page(
    state: &AppState,
    page: Page,
    acting: &Acting,
    typed: EvidenceInput,
    e: AppError,
) -> Result<Response, AppError> {
    let (status, text) = match e {
        // The form comes back to be corrected: "unprocessable", whatever the API would say.
        AppError::Explained(status, m) if status == axum::http::StatusCode::BAD_REQUEST => {
            (axum::http::StatusCode::UNPROCESSABLE_ENTITY, m)
        }
        AppError::Explained(status, m) => (status, m),
        e => return Err(e),
    };
    Ok((status, render(state, page, acting, typed, Some(text)).await?).into_response())
}

/// The form's text fields, and its file streamed into the store.
async fn read_form(
    state: &AppState,
    org: kakehashi_domain::ids::OrgId,
    mut form: Multipart,
) -> Result<(EvidenceInput, Option<(StoredFile, String)>), AppError> {
    let mut typed = EvidenceInput::default();
    let mut upload: Option<(Incoming, String)> = None;
    while let Some(mut field) = form.next_field().await.map_err(evidence::interrupted)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let mut incoming = state.files().receive_for(state.db(), org).await?;
            let mut any = false;
            while let Some(chunk) = field.chunk().await.map_err(evidence::interrupted)? {
                any |= !chunk.is_empty();
                incoming.write(&chunk).await?;
            }
            if any {
                upload = Some((incoming, original_name(&file_name)));
            }
            continue;
        }
        let value = field.text().await.map_err(evidence::interrupted)?;
        crate::platform::input::check_field(&name, &value)?;
        let value = value.trim().to_owned();
        let optional = Some(value.clone()).filter(|v| !v.is_empty());
        match name.as_str() {
            "kind" => typed.kind = value,
            "title" => typed.title = value,
            "link" => typed.link = optional,
            "statement" => typed.statement = optional,
            "scheme" => typed.scheme = optional,
            "number" => typed.number = optional,
            "issuer" => typed.issuer = optional,
            "issued_on" => typed.issued_on = optional,
            "expires_on" => typed.expires_on = optional,
            "covers" => typed.covers.push(value),
            _ => {}
        }
    }
    let file = match upload {
        Some((incoming, name)) => Some((incoming.finish(org).await?, name)),
        None => None,
    };
    Ok((typed, file))
}

pub async fn download(
    State(state): State<AppState>,
    acting: Acting,
    IdPath(id): IdPath<EvidenceId>,
) -> Result<Response, AppError> {
    let own = acting.own::<Evidence>();
    let view = store::get(state.db(), &own, id).await?.ok_or(AppError::NotFound)?;
    evidence::download(&state, &own, &view).await
}

pub async fn withdraw(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    IdPath(id): IdPath<EvidenceId>,
) -> Result<Response, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    if !store::withdraw(&mut unit, id).await? {
        return Err(AppError::NotFound);
    }
    unit.commit().await?;
    Page::done(&session, "evidence-withdrawn", "/evidence").await
}
