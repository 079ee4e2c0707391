//! The UI shell: the layout every page shares (header, menu), the tools page, the language
//! switch, static files and error pages.

mod choice;
mod confirm;
mod error_page;
mod import_problem;
mod page;
mod pages;
pub mod pages_util;

pub use choice::Choice;
pub use confirm::ConfirmTemplate;
pub use error_page::error_page;
pub use import_problem::ImportProblem;
pub use page::{Page, format_date, format_time};

use axum::http::Method;

use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/tools", Access::SignedIn, pages::tools)
        .page(Method::GET, "/lang", Access::Public, pages::switch_language)
        .page(Method::GET, "/static/app.css", Access::Public, pages::stylesheet)
        .page(Method::GET, "/static/app.js", Access::Public, pages::script)
}
