//! Evidence as people and programs send it: the fields of a form or JSON body checked into a
//! [`NewEvidence`], and a file received piece by piece into the file store.

use kakehashi_domain::assess::evidence::{self as rules, CertificateScheme, EvidenceKind, Validity, served_name};
use kakehashi_domain::message::{Explain, Message};
use serde::Deserialize;
use time::Date;

use super::evidence_store::{Certificate, NewEvidence};
use crate::baseline::items::{self, Filter};
use crate::platform::error::AppError;
use crate::platform::files::{FileError, StoredFile};
use crate::platform::state::AppState;

/// Evidence fields, as text (a form, JSON, or the query of a file upload).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EvidenceInput {
    /// file, link, statement or certificate.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    pub link: Option<String>,
    pub statement: Option<String>,
    /// For a certificate: isms, pmark, security-action-1, security-action-2, support-service or other.
    pub scheme: Option<String>,
    pub number: Option<String>,
    pub issuer: Option<String>,
    /// YYYY-MM-DD.
    pub issued_on: Option<String>,
    /// YYYY-MM-DD; the evidence no longer counts after this day.
    pub expires_on: Option<String>,
    /// For a certificate: keys of the baseline items it covers.
    #[serde(default)]
    pub covers: Vec<String>,
}

impl From<FileError> for AppError {
    fn from(e: FileError) -> Self {
        match e {
            FileError::TooLarge(mb) => AppError::Explained(
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                Message::new("evidence-error-file-too-large").with("mb", mb),
            ),
            // 507 would say the server's disk is full; the limit is the organisation's own.
            FileError::OverQuota { used_mb, quota_mb } => AppError::Explained(
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                Message::new("evidence-error-over-quota").with("mb", quota_mb).with("used", used_mb),
            ),
            FileError::Io(e) => AppError::Internal(e.into()),
            FileError::Empty => AppError::bad(Message::new("evidence-error-no-file")),
            FileError::Refused(e) => AppError::bad(e.message()),
        }
    }
}

impl EvidenceInput {
    /// Checks every field; `file` is the uploaded file, if any, with its original name.
    pub async fn check(self, state: &AppState, file: Option<(StoredFile, String)>) -> Result<NewEvidence, AppError> {
        let bad = |e: rules::EvidenceError| AppError::bad(e.message());
        let kind: EvidenceKind = match self.kind.trim() {
            "" if file.is_some() => EvidenceKind::File,
            k => k.parse().map_err(bad)?,
        };
        let title = match (self.title.trim(), &file) {
            ("", Some((_, name))) => name.clone(),
            (t, _) => rules::short_text("the title", t).map_err(bad)?,
        };
        let validity =
            Validity::new(date(self.issued_on.as_deref())?, date(self.expires_on.as_deref())?).map_err(bad)?;
        let mut new = NewEvidence { kind, title, file: None, link: None, statement: None, certificate: None, validity };
        match kind {
            EvidenceKind::File => {
                new.file = Some(file.ok_or_else(|| AppError::bad(Message::new("evidence-error-no-file")))?);
            }
            EvidenceKind::Link => new.link = Some(rules::link(self.link.as_deref().unwrap_or_default()).map_err(bad)?),
            EvidenceKind::Statement => {
                new.statement = Some(rules::statement(self.statement.as_deref().unwrap_or_default()).map_err(bad)?);
            }
            EvidenceKind::Certificate => {
                let scheme: CertificateScheme = self.scheme.as_deref().unwrap_or_default().parse().map_err(bad)?;
                new.file = file;
                new.certificate = Some(Certificate {
                    scheme,
                    number: optional_text("the certificate number", self.number.as_deref())?,
                    issuer: optional_text("the issuer", self.issuer.as_deref())?,
                    covers: baseline_items(state, &self.covers).await?,
                });
            }
        }
        Ok(new)
    }
}

fn optional_text(what: &'static str, input: Option<&str>) -> Result<Option<String>, AppError> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => rules::short_text(what, s).map(Some).map_err(|e| AppError::bad(e.message())),
    }
}

fn date(input: Option<&str>) -> Result<Option<Date>, AppError> {
    match input.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Date::parse(s, rules::DATE_FORMAT)
            .map(Some)
            .map_err(|_| AppError::bad(Message::new("evidence-error-date").with("text", s))),
    }
}

/// The baseline items named by `keys`, each checked to exist.
async fn baseline_items(
    state: &AppState,
    keys: &[String],
) -> Result<Vec<(kakehashi_domain::ids::CatalogId, String)>, AppError> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let baseline = items::browse(state, "en", &Filter::default())
        .await?
        .ok_or_else(|| AppError::Unavailable("the baseline is not installed".into()))?;
    let mut covers = Vec::new();
    for key in keys.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        if !baseline.items.iter().any(|i| i.key == key) {
            return Err(AppError::bad(Message::new("evidence-error-unknown-item").with("key", key)));
        }
        if !covers.iter().any(|(_, k)| k == key) {
            covers.push((baseline.catalog_id, key.to_owned()));
        }
    }
    Ok(covers)
}

/// A request body that stopped early: over the route's size limit, or cut off.
pub fn interrupted(e: impl std::fmt::Display) -> AppError {
    let text = e.to_string();
    if text.contains("length limit") {
        let mb = crate::platform::routes::UPLOAD_LIMIT >> 20;
        AppError::Explained(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            Message::new("upload-error-too-large").with("mb", mb),
        )
    } else {
        tracing::info!(%text, "an upload was interrupted");
        AppError::Explained(axum::http::StatusCode::BAD_REQUEST, Message::new("upload-error-interrupted"))
    }
}

/// What RFC 8187 (`filename*`) needs escaped: everything but its `attr-char`s.
const ATTR_CHAR_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// A stored file as a download: never shown inline, never sniffed into something a browser
/// would run, never cached by a shared cache. The owner's files are reached through the scope
/// that found the evidence (its own, or a grant of the self-check it supports).
pub async fn download<T>(
    state: &AppState,
    scope: &impl crate::platform::tenancy::Scope<T>,
    evidence: &super::evidence_store::EvidenceView,
) -> Result<axum::response::Response, AppError> {
    use axum::http::header;
    let owner = scope.owner();
    let (Some(sha), Some(file_type)) = (&evidence.sha256, evidence.file_type) else { return Err(AppError::NotFound) };
    let file = state.files().open(owner, sha).await.map_err(|e| AppError::Internal(e.into()))?;
    let file =
        file.ok_or_else(|| AppError::Internal(anyhow::anyhow!("evidence file {sha} is missing from the store")))?;
    let name = served_name(evidence.original_name.as_deref().unwrap_or("evidence"), file_type);
    let name = name.as_str();
    let encoded = percent_encoding::utf8_percent_encode(name, ATTR_CHAR_ESCAPES);
    let ascii: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
    let headers = [
        (header::CONTENT_TYPE, file_type.served_as().to_owned()),
        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        (header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'".to_owned()),
        (header::CACHE_CONTROL, "private, no-store".to_owned()),
    ];
    let body = axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(file));
    Ok(axum::response::IntoResponse::into_response((headers, body)))
}
