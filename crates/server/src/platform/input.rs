//! Control characters are refused at the edge, before any handler sees them, so that every
//! field behaves the same on both databases (PostgreSQL cannot store U+0000; SQLite would) and
//! no stored text hides what it says. The registry screens every route's path, query string and
//! form or JSON body ([`screen`]; on upload routes the body is a file, left to its reader);
//! multipart forms check each text field where they read it ([`check_field`]); imported files
//! are checked by their importers.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::message::Message;
use kakehashi_domain::text::{code_point, first_refused_control};
use percent_encoding::percent_decode_str;
use serde_json::Value;
use url::form_urlencoded;

use super::error::AppError;

/// Middleware: refuses a request whose path, query or (with `body`) form/JSON body holds a
/// control character (400, naming the field and the character).
pub async fn screen(body: bool, request: Request, next: Next) -> Response {
    let screened = if body { screened(request).await } else { check_uri(request.uri()).map(|()| request) };
    match screened {
        Ok(request) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}

/// A text field of a multipart form, checked as [`screen`] checks the others.
pub fn check_field(name: &str, value: &str) -> Result<(), AppError> {
    match first_refused_control(value) {
        Some(c) => Err(refused(name, c)),
        None => Ok(()),
    }
}

fn refused(field: &str, c: char) -> AppError {
    // Field names come from the client: keep them short in what is echoed back.
    let field: String = field.chars().filter(|c| !c.is_control()).take(80).collect();
    AppError::bad(Message::new("input-control-character").with("field", field).with("character", code_point(c)))
}

async fn screened(request: Request) -> Result<Request, AppError> {
    check_uri(request.uri())?;
    let Some(kind) = BodyKind::of(request.headers()) else {
        return Ok(request);
    };
    let (parts, body) = request.into_parts();
    // The route's size limit wraps this body, so reading it whole is bounded; a read that
    // fails is a body over that limit (or a client that went away, which reads no answer).
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(|_| AppError::TooLarge("the request body is larger than this route accepts".into()))?;
    match kind {
        BodyKind::Form => check_pairs(&bytes)?,
        // A body that is not JSON is left to the handler, which says so in its own words.
        BodyKind::Json => {
            if let Ok(value) = serde_json::from_slice::<Value>(&bytes) {
                check_json(&value, &mut String::new())?;
            }
        }
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

fn check_uri(uri: &Uri) -> Result<(), AppError> {
    let path = percent_decode_str(uri.path()).decode_utf8_lossy();
    check_field("path", &path)?;
    check_pairs(uri.query().unwrap_or_default().as_bytes())
}

fn check_pairs(encoded: &[u8]) -> Result<(), AppError> {
    for (name, value) in form_urlencoded::parse(encoded) {
        check_field(&name, &name)?;
        check_field(&name, &value)?;
    }
    Ok(())
}

/// Walks a JSON value; `at` is the JSON pointer of `value`, to name the field.
fn check_json(value: &Value, at: &mut String) -> Result<(), AppError> {
    match value {
        Value::String(text) => check_field(at, text),
        Value::Array(items) => items.iter().enumerate().try_for_each(|(i, item)| within(at, &i.to_string(), item)),
        Value::Object(fields) => fields.iter().try_for_each(|(name, item)| {
            check_field(at, name)?;
            within(at, name, item)
        }),
        _ => Ok(()),
    }
}

fn within(at: &mut String, step: &str, value: &Value) -> Result<(), AppError> {
    let len = at.len();
    at.push('/');
    at.push_str(step);
    let result = check_json(value, at);
    at.truncate(len);
    result
}

#[derive(Debug, Clone, Copy)]
enum BodyKind {
    Form,
    Json,
}

impl BodyKind {
    fn of(headers: &HeaderMap) -> Option<BodyKind> {
        let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
        let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if essence == "application/x-www-form-urlencoded" {
            Some(BodyKind::Form)
        } else if essence == "application/json" || essence.ends_with("+json") {
            Some(BodyKind::Json)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(e: AppError) -> String {
        match e {
            AppError::Explained(_, m) => m.args[0].1.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_names_the_field_by_its_pointer() {
        let value = serde_json::json!({"answers": [{"note": "ok"}, {"note": "bad\u{0}"}]});
        let e = check_json(&value, &mut String::new()).expect_err("refused");
        assert_eq!(field_of(e), "/answers/1/note");
        assert!(check_json(&serde_json::json!({"note": "一行目\n二行目\t"}), &mut String::new()).is_ok());
    }

    #[test]
    fn forms_queries_and_paths_are_decoded_before_the_check() {
        assert_eq!(field_of(check_pairs(b"title=a%00b").expect_err("NUL")), "title");
        assert!(check_pairs(b"note=%E4%B8%80%0D%0A%E4%BA%8C").is_ok());
        let uri: Uri = "/catalogs/c1/controls/ac-1%1B?x=1".parse().expect("uri");
        assert_eq!(field_of(check_uri(&uri).expect_err("ESC")), "path");
        let uri: Uri = "/search?q=%7F".parse().expect("uri");
        assert_eq!(field_of(check_uri(&uri).expect_err("DEL")), "q");
    }
}
