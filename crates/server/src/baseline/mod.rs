//! The common baseline (共通項): our built-in tiered baseline, installed at start with the
//! id-only lists of Japanese documents it maps to, and linked to NIST's catalogs as soon as
//! they are imported.

pub mod install;
