//! The catalogs Kakehashi ships (`content/catalogs/`): our common baseline and the id-only
//! lists of the Japanese documents it maps to. Installed by the server at start.

/// A built-in catalog file: the name it is installed under, its path for messages, its bytes.
#[derive(Debug, Clone, Copy)]
pub struct BuiltIn {
    pub name: &'static str,
    pub path: &'static str,
    pub bytes: &'static [u8],
}

macro_rules! built_in {
    ($name:literal, $file:literal) => {
        BuiltIn {
            name: $name,
            path: concat!("content/catalogs/", $file),
            bytes: include_bytes!(concat!("../../../content/catalogs/", $file)),
        }
    };
}

/// Our baseline (its own form, read by `kakehashi_formats::baseline`).
pub const BASELINE: BuiltIn = built_in!("kakehashi-baseline", "baseline.yaml");

/// The reference lists, in the simple guideline form. The baseline names them by `name`.
pub const REFERENCE_LISTS: [BuiltIn; 3] = [
    built_in!("ipa-self-check", "ipa-self-check.yaml"),
    built_in!("ipa-five-measures", "ipa-five-measures.yaml"),
    built_in!("meti-cmg-directives", "meti-cmg-directives.yaml"),
];
