//! Handlers of the shell's pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Query;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use kakehashi_domain::locale::Locale;
use serde::Deserialize;

use super::Page;
use super::pages_util::is_local_path;
use crate::platform::i18n::LANG_COOKIE;
use crate::platform::state::AppState;

#[derive(Template, WebTemplate)]
#[template(path = "tools.html")]
pub struct ToolsTemplate {
    pub page: Page,
}

/// The specialists' tools, one level below the everyday menu.
pub async fn tools(page: Page) -> ToolsTemplate {
    ToolsTemplate { page }
}

#[derive(Debug, Deserialize)]
pub struct SwitchQuery {
    to: String,
    next: Option<String>,
}

/// Remembers the chosen language in a cookie for a year and goes back where the person was.
pub async fn switch_language(
    axum::extract::State(state): axum::extract::State<AppState>,
    Query(query): Query<SwitchQuery>,
) -> Response {
    let locale: Locale = query.to.parse().unwrap_or_default();
    let next = query.next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/".to_owned());
    let secure = if state.settings().secure_cookies() { "; Secure" } else { "" };
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}", locale.tag());
    let mut response = Redirect::to(&next).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

const STYLESHEET: &str = include_str!("../../static/app.css");
const SCRIPT: &str = include_str!("../../static/app.js");

pub async fn stylesheet() -> impl IntoResponse {
    static_file("text/css; charset=utf-8", STYLESHEET)
}

pub async fn script() -> impl IntoResponse {
    static_file("text/javascript; charset=utf-8", SCRIPT)
}

fn static_file(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body)
}
