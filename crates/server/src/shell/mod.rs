//! The UI shell: the tools page, the language switch, static files, and the page parts many
//! capabilities share (confirmation pages, choices, import problems). The page context and the
//! error page are in `platform::web`.

mod choice;
mod confirm;
mod import_problem;
mod pages;

pub use choice::Choice;
pub use confirm::ConfirmTemplate;
pub use import_problem::ImportProblem;
// The page context and formatting live in the platform (beneath every capability); pages
// keep naming them through the shell.
pub use crate::platform::web::{Page, format_date, format_time, format_until};

/// Small helpers shared by page handlers.
pub mod pages_util {
    pub use crate::platform::web::is_local_path;
}

use axum::http::Method;

use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/tools", Access::SignedIn, pages::tools)
        .page(Method::GET, "/lang", Access::Public, pages::switch_language)
        .page(Method::GET, "/static/app.css", Access::Public, pages::stylesheet)
        .page(Method::GET, "/static/app.js", Access::Public, pages::script)
}
