//! Project-authored content, embedded in the binary and reviewed like code.
//!
//! Today this is the UI strings (`content/i18n/{ja,en}/*.ftl`, Fluent). Later capabilities add
//! the common baseline, guidance and contract clauses under `content/`, parsed here into domain
//! types so that the server never reads loose files at run time.

pub mod i18n;
