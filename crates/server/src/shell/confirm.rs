//! The confirmation step every destructive action goes through on the pages: what will happen,
//! what will stop working, and a button that does it (or a way back). The action itself stays a
//! POST to the same path, so a form that skips this page still needs the person's own session.

use askama::Template;
use askama_web::WebTemplate;

use super::Page;

#[derive(Debug, Template, WebTemplate)]
#[template(path = "confirm.html")]
pub struct ConfirmTemplate {
    pub page: Page,
    /// The question, already in the page's language ("東和電子 とのつながりを解消しますか").
    pub title: String,
    /// What will stop working, one line each.
    pub consequences: Vec<String>,
    /// Where the form posts.
    pub action: String,
    /// The button's message key.
    pub button: &'static str,
    /// Where "back" goes.
    pub back: String,
}
