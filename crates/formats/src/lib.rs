//! Outside formats, read into domain types and written back. Every reader takes bytes and a
//! name (for messages) and either returns a complete value or an [`ImportError`] that says
//! where the problem is: a line and column, or a JSON pointer. Nothing here does I/O, so the
//! readers can be fuzzed.

pub mod baseline;
pub mod crosswalk_csv;
pub mod error;
pub mod guideline;
pub mod oscal;
pub mod status;
pub mod text;
mod yaml;

pub use error::{ImportError, Location};

/// The largest file an import accepts. NIST's largest catalog (SP 800-53 5.2.0) is about 10 MB.
pub const MAX_IMPORT_BYTES: usize = 50 * 1024 * 1024;
