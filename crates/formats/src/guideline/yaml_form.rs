//! The simple form in YAML: the catalog's title, version and issuer, then its items.
//!
//! ```yaml
//! title: 取引先向けセキュリティ基準（例）
//! version: "2026"
//! language: ja            # the language of texts written without one (default ja)
//! items:
//!   - id: org
//!     kind: group
//!     title: {ja: 組織的対策, en: Organisational measures}
//!   - id: org-1
//!     parent: org
//!     label: "1-1"
//!     title: 責任者を決める
//!     statement: 情報セキュリティの責任者を決め、社内に知らせている。
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{GuidelineMeta, Item, build, is_language, set_text, truthy};
use crate::error::{ImportError, Location};
use kakehashi_domain::catalog::{Catalog, Text};

/// A scalar people may write unquoted: `id: 1`, `version: 2026`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Whole(i64),
    Decimal(f64),
    Flag(bool),
}

impl Scalar {
    fn text(self) -> String {
        match self {
            Scalar::Text(s) => s,
            Scalar::Whole(n) => n.to_string(),
            Scalar::Decimal(n) => n.to_string(),
            Scalar::Flag(b) => b.to_string(),
        }
    }
}

/// A text in the document's language, or one per language.
#[derive(Deserialize)]
#[serde(untagged)]
enum Texts {
    One(String),
    ByLanguage(BTreeMap<String, String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    title: Scalar,
    version: Scalar,
    issuer: Option<String>,
    licence: Option<String>,
    language: Option<String>,
    items: Vec<YamlItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YamlItem {
    id: Spanned<Scalar>,
    label: Option<Scalar>,
    parent: Option<Scalar>,
    kind: Option<String>,
    class: Option<String>,
    withdrawn: Option<Scalar>,
    title: Option<Texts>,
    statement: Option<Texts>,
    guidance: Option<Texts>,
    first_step: Option<Texts>,
    evidence: Option<Texts>,
}

pub fn read_yaml(file: &str, bytes: &[u8]) -> Result<Catalog, ImportError> {
    if bytes.len() > crate::MAX_IMPORT_BYTES {
        return Err(ImportError::whole(file, "the file is larger than 50 MB"));
    }
    let text = crate::text::decode(file, bytes)?;
    let doc: Document = crate::yaml::read(file, &text, "the guideline form")?;
    let language = doc.language.unwrap_or_else(|| "ja".into());
    if !is_language(&language) {
        return Err(ImportError::whole(file, format!("language {language:?} is not a language tag such as ja or en")));
    }
    let items = doc.items.into_iter().map(|i| item(file, &language, i)).collect::<Result<Vec<_>, _>>()?;
    let meta = GuidelineMeta {
        title: doc.title.text(),
        version: doc.version.text(),
        issuer: doc.issuer,
        licence_note: doc.licence,
    };
    build(file, meta, items)
}

fn item(file: &str, language: &str, i: YamlItem) -> Result<Item, ImportError> {
    let at = Location::Line { line: i.id.defined.line() as usize, column: i.id.defined.column() as usize };
    let withdrawn = match i.withdrawn.map(Scalar::text) {
        None => false,
        Some(w) => truthy(&w)
            .ok_or_else(|| ImportError::new(file, at.clone(), format!("withdrawn: {w:?} is neither yes nor no")))?,
    };
    let mut texts: Vec<Text> = Vec::new();
    let fields = [
        ("title", i.title),
        ("statement", i.statement),
        ("guidance", i.guidance),
        ("first_step", i.first_step),
        ("evidence", i.evidence),
    ];
    for (field, value) in fields {
        let by_language = match value {
            None => continue,
            Some(Texts::One(s)) => BTreeMap::from([(language.to_owned(), s)]),
            Some(Texts::ByLanguage(m)) => m,
        };
        for (lang, value) in by_language {
            if !is_language(&lang) {
                return Err(ImportError::new(
                    file,
                    at.clone(),
                    format!("{field}: {lang:?} is not a language tag such as ja or en"),
                ));
            }
            set_text(&mut texts, &lang, field, &value);
        }
    }
    // The document's own language first, as a catalog lists its primary language first.
    texts.sort_by_key(|t| t.lang != language);
    Ok(Item {
        id: i.id.value.text(),
        label: i.label.map(Scalar::text),
        parent: i.parent.map(Scalar::text),
        kind: i.kind,
        class: i.class,
        withdrawn,
        texts,
        at,
    })
}
