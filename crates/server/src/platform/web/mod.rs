//! What every page stands on, beneath the capabilities: the page context ([`Page`]: the
//! person, the organisation acted for, the language, the CSRF token, notices), the error page
//! in the person's language, how times and dates are written, and the check that a return
//! address stays on this site. Capabilities' pages and the UI shell use it; it names neither.

mod error_page;
mod local_path;
mod page;

pub use error_page::error_page;
pub use local_path::is_local_path;
pub use page::{Page, format_date, format_time, format_until};
