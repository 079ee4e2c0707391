//! Project-authored content, embedded in the binary and reviewed like code.
//!
//! The UI strings (`content/i18n/{ja,en}/*.ftl`, Fluent) and the built-in catalogs
//! //! (`content/catalogs/`: our common baseline and id-only lists it maps to). Later capabilities add
//! guidance and contract clauses under `content/`, embedded here so that the server never reads
//! loose files at run time.

pub mod catalogs;
pub mod i18n;
