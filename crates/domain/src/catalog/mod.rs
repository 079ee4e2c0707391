//! Catalogs of controls (NIST OSCAL, Japanese guidelines in our simple form, our own baseline):
//! one model so that guidelines can be compared and mapped to each other.
//!
//! A catalog is a tree of groups and controls, each with a stable key (the OSCAL id) and the
//! label people use (`AC-2(3)`, `03.09.01`, `GV.PO-01`). Texts come in one or more languages.

mod label;
mod mapping;
mod model;
mod profile;

pub use label::{ControlRef, id_to_label, normalise_label};
pub use mapping::{Crosswalk, MappingRecord, Relation, parse_strength};
pub use model::{Catalog, CatalogMeta, Control, ControlKind, ModelError, Text};
pub use profile::{Profile, ProfileImport, Selection, SourceControl};
