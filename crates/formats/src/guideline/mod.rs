//! Our simple form for guidelines that exist only as documents or Excel sheets (most Japanese
//! ones): a flat list of items, each with an id, the label people write, an optional parent,
//! and texts in one or more languages. The same rows come as YAML (with the catalog's title
//! and version in the file) or as CSV (title and version given with the upload). The form is
//! documented, with an example, in `docs/guideline-form.md`.

mod csv_form;
mod yaml_form;

pub use csv_form::read_csv;
pub use yaml_form::read_yaml;

use kakehashi_domain::catalog::{Catalog, CatalogMeta, Control, ControlKind, Text};

use crate::error::{ImportError, Location};

/// What describes the catalog as a whole; in the YAML file itself, given alongside a CSV.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GuidelineMeta {
    pub title: String,
    pub version: String,
    pub issuer: Option<String>,
    pub licence_note: Option<String>,
}

/// One item as read, before it is checked.
#[derive(Debug, Clone)]
struct Item {
    id: String,
    label: Option<String>,
    parent: Option<String>,
    kind: Option<String>,
    class: Option<String>,
    withdrawn: bool,
    /// One per language, in the order the languages first appear.
    texts: Vec<Text>,
    /// Where the item is, for messages.
    at: Location,
}

/// Checks the items and makes the catalog. Every problem names the item's place in the file.
fn build(file: &str, meta: GuidelineMeta, items: Vec<Item>) -> Result<Catalog, ImportError> {
    if meta.title.trim().is_empty() {
        return Err(ImportError::whole(file, "the guideline needs a title"));
    }
    if meta.version.trim().is_empty() {
        return Err(ImportError::whole(file, "the guideline needs a version (e.g. the edition or year)"));
    }
    if items.is_empty() {
        return Err(ImportError::whole(file, "the file lists no items"));
    }
    let mut languages: Vec<String> = Vec::new();
    let mut controls = Vec::with_capacity(items.len());
    for mut item in items {
        item.texts.retain(|t| {
            t.title.is_some()
                || t.statement.is_some()
                || t.guidance.is_some()
                || t.first_step.is_some()
                || t.evidence.is_some()
        });
        let id = item.id.trim();
        if id.is_empty() || id.chars().any(|c| c == '/' || c.is_control()) || id.chars().count() > 200 {
            return Err(ImportError::new(
                file,
                item.at,
                "each item needs an id of 1 to 200 characters, without slashes",
            ));
        }
        let kind = match item.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
            None => ControlKind::Control,
            Some(k) => k.parse().map_err(|_| {
                ImportError::new(file, item.at.clone(), format!("unknown kind {k:?}: use control or group"))
            })?,
        };
        for t in &item.texts {
            if !languages.contains(&t.lang) {
                languages.push(t.lang.clone());
            }
        }
        controls.push(Control {
            key: id.to_owned(),
            label: item.label.map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()).unwrap_or_else(|| id.to_owned()),
            kind,
            parent: item.parent.map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()),
            class: item.class.filter(|c| !c.trim().is_empty()),
            withdrawn: item.withdrawn,
            texts: item.texts,
        });
    }
    let catalog = Catalog {
        meta: CatalogMeta {
            title: meta.title.trim().to_owned(),
            version: meta.version.trim().to_owned(),
            issuer: meta.issuer.filter(|i| !i.trim().is_empty()),
            licence_note: meta.licence_note.filter(|l| !l.trim().is_empty()),
            oscal_uuid: None,
            oscal_version: None,
            languages,
        },
        controls,
    };
    catalog.validate().map_err(|e| ImportError::whole(file, e.to_string()))?;
    Ok(catalog)
}

/// Sets one field (`title`, `statement` or `guidance`) of the text in `lang`, adding that text
/// if the item has none in it yet. Blank values leave the field empty.
fn set_text(texts: &mut Vec<Text>, lang: &str, field: &str, value: &str) {
    let index = match texts.iter().position(|t| t.lang == lang) {
        Some(i) => i,
        None => {
            texts.push(Text { lang: lang.to_owned(), ..Text::default() });
            texts.len() - 1
        }
    };
    let value = Some(value.trim().to_owned()).filter(|v| !v.is_empty());
    let text = &mut texts[index];
    match field {
        "title" => text.title = value,
        "statement" => text.statement = value,
        "first_step" => text.first_step = value,
        "evidence" => text.evidence = value,
        _ => text.guidance = value,
    }
}

/// A language tag as the form allows: two or three lowercase letters, optionally a region.
fn is_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// "yes", "true", "1", "廃止", "withdrawn" and the like, for the withdrawn column.
fn truthy(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "" | "no" | "false" | "0" | "active" | "いいえ" | "有効" => Some(false),
        "yes" | "true" | "1" | "withdrawn" | "はい" | "廃止" => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
