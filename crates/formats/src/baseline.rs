//! Our common baseline's own file (`content/catalogs/baseline.yaml`): themes, tiered items with
//! what to do, why, the cheapest start and evidence in each language, and each item's mappings
//! to other frameworks, named by a short key the document declares. Read into a catalog (themes
//! as groups, items as controls), the tier of each item, and one crosswalk per framework.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_saphyr::Spanned;

use kakehashi_domain::baseline::Tier;
use kakehashi_domain::catalog::{Catalog, CatalogMeta, Control, ControlKind, Crosswalk, MappingRecord, Relation, Text};

use crate::error::{ImportError, Location};

/// The languages every item must be written in.
pub const BASELINE_LANGUAGES: [&str; 2] = ["ja", "en"];

/// The catalog a framework key names: an imported one by title, or one of our built-in lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetCatalog {
    Title(String),
    BuiltIn(String),
}

/// The mappings of the baseline to one framework.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkMappings {
    pub key: String,
    pub target: TargetCatalog,
    pub crosswalk: Crosswalk,
}

/// The baseline as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baseline {
    pub catalog: Catalog,
    /// Each item's key and tier, in document order.
    pub tiers: Vec<(String, Tier)>,
    pub frameworks: Vec<FrameworkMappings>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    title: String,
    version: String,
    issuer: Option<String>,
    licence: Option<String>,
    frameworks: BTreeMap<String, Framework>,
    themes: Vec<Theme>,
    items: Vec<Spanned<Item>>,
    #[serde(default)]
    groups: Vec<Spanned<Group>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Framework {
    title: Option<String>,
    built_in: Option<String>,
    /// The relation of entries written as a bare id.
    relation: Option<Relation>,
    rationale: Option<String>,
    provenance: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Theme {
    id: String,
    ja: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    title: String,
    #[serde(rename = "do")]
    what: String,
    why: String,
    start: String,
    evidence: String,
}

#[derive(Deserialize)]
struct Item {
    id: String,
    tier: u8,
    theme: String,
    ja: Words,
    en: Words,
    /// Every other key is a framework: a list of entries.
    #[serde(flatten)]
    mappings: BTreeMap<String, Vec<Entry>>,
}

/// An id, or `[id, relation, rationale]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Entry {
    Full(Vec<Scalar>),
    Bare(Scalar),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Whole(i64),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(s) => s.clone(),
            Scalar::Whole(n) => n.to_string(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    framework: String,
    target: String,
    items: Vec<String>,
    relation: Relation,
    rationale: String,
}

pub fn read_baseline(file: &str, bytes: &[u8]) -> Result<Baseline, ImportError> {
    let text = crate::text::decode(file, bytes)?;
    let doc: Document = crate::yaml::read(file, &text, "the baseline form")?;
    let mut controls = Vec::new();
    for t in &doc.themes {
        controls.push(Control {
            key: t.id.clone(),
            label: t.id.clone(),
            kind: ControlKind::Group,
            parent: None,
            class: Some("theme".into()),
            withdrawn: false,
            texts: vec![titled("ja", &t.ja), titled("en", &t.en)],
        });
    }
    let themes: BTreeSet<&str> = doc.themes.iter().map(|t| t.id.as_str()).collect();
    let mut records: BTreeMap<String, Vec<MappingRecord>> = BTreeMap::new();
    let mut tiers = Vec::new();
    for spanned in &doc.items {
        let (item, at) = (&spanned.value, line_of(&spanned.defined));
        let fail = |message: String| ImportError::new(file, at.clone(), format!("item {}: {message}", item.id));
        if !themes.contains(item.theme.as_str()) {
            return Err(fail(format!("theme {:?} is not among the themes", item.theme)));
        }
        tiers.push((item.id.clone(), Tier::try_from(item.tier).map_err(fail)?));
        controls.push(Control {
            key: item.id.clone(),
            label: item.id.clone(),
            kind: ControlKind::Control,
            parent: Some(item.theme.clone()),
            class: Some(format!("tier-{}", item.tier)),
            withdrawn: false,
            texts: vec![words("ja", &item.ja), words("en", &item.en)],
        });
        for (key, entries) in &item.mappings {
            let framework =
                doc.frameworks.get(key).ok_or_else(|| fail(format!("{key:?} is not a declared framework")))?;
            for entry in entries {
                let record = mapping(framework, entry, &item.id).map_err(fail)?;
                records
                    .entry(key.clone())
                    .or_default()
                    .push(MappingRecord { origin: format!("{file}:{}", at), ..record });
            }
        }
    }
    let keys: BTreeSet<String> = doc.items.iter().map(|i| i.value.id.clone()).collect();
    for spanned in &doc.groups {
        let (g, at) = (&spanned.value, line_of(&spanned.defined));
        let fail = |message: String| ImportError::new(file, at.clone(), format!("group for {}: {message}", g.target));
        if !doc.frameworks.contains_key(&g.framework) {
            return Err(fail(format!("{:?} is not a declared framework", g.framework)));
        }
        if let Some(unknown) = g.items.iter().find(|i| !keys.contains(*i)) {
            return Err(fail(format!("{unknown:?} is not an item")));
        }
        if g.items.len() < 2 {
            return Err(fail("a group needs at least two items".into()));
        }
        records.entry(g.framework.clone()).or_default().push(MappingRecord {
            sources: g.items.clone(),
            target: g.target.clone(),
            relation: g.relation,
            strength: None,
            rationale: Some(g.rationale.clone()),
            origin: format!("{file}:{at}"),
        });
    }
    let mut frameworks = Vec::new();
    for (key, f) in doc.frameworks {
        let target = match (f.title, f.built_in) {
            (Some(title), None) => TargetCatalog::Title(title),
            (None, Some(name)) => TargetCatalog::BuiltIn(name),
            _ => return Err(ImportError::whole(file, format!("framework {key}: give either a title or built_in"))),
        };
        let crosswalk = Crosswalk {
            title: format!("{} → {key}", doc.title),
            provenance: f.provenance,
            records: records.remove(&key).unwrap_or_default(),
        };
        frameworks.push(FrameworkMappings { key, target, crosswalk });
    }
    let catalog = Catalog {
        meta: CatalogMeta {
            title: doc.title,
            version: doc.version,
            issuer: doc.issuer,
            licence_note: doc.licence,
            oscal_uuid: None,
            oscal_version: None,
            languages: BASELINE_LANGUAGES.map(String::from).to_vec(),
        },
        controls,
    };
    catalog.validate().map_err(|e| ImportError::whole(file, e.to_string()))?;
    Ok(Baseline { catalog, tiers, frameworks })
}

fn line_of(at: &serde_saphyr::Location) -> Location {
    Location::Line { line: at.line() as usize, column: at.column() as usize }
}

fn titled(lang: &str, title: &str) -> Text {
    Text { lang: lang.into(), title: Some(title.into()), ..Text::default() }
}

fn words(lang: &str, w: &Words) -> Text {
    Text {
        lang: lang.into(),
        title: Some(w.title.clone()),
        statement: Some(w.what.clone()),
        guidance: Some(w.why.clone()),
        first_step: Some(w.start.clone()),
        evidence: Some(w.evidence.clone()),
    }
}

/// One entry: a bare id takes the framework's relation and rationale.
fn mapping(framework: &Framework, entry: &Entry, item: &str) -> Result<MappingRecord, String> {
    let (target, relation, rationale) = match entry {
        Entry::Bare(id) => (
            id.text(),
            framework.relation.ok_or("this framework has no default relation: write [id, relation, rationale]")?,
            framework.rationale.clone().ok_or("this framework has no default rationale")?,
        ),
        Entry::Full(parts) => match parts.as_slice() {
            [id, relation, rationale] => (id.text(), relation.text().parse::<Relation>()?, rationale.text()),
            _ => return Err("write a mapping as [id, relation, rationale]".into()),
        },
    };
    if rationale.trim().is_empty() {
        return Err(format!("the mapping to {target} has no rationale"));
    }
    Ok(MappingRecord {
        sources: vec![item.to_owned()],
        target,
        relation,
        strength: None,
        rationale: Some(rationale),
        origin: String::new(),
    })
}
