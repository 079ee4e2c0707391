//! Writing catalogs as OSCAL 1.2 JSON. The tree is rebuilt from parent keys: groups hold groups
//! and controls, controls hold controls (enhancements, subcategories).

use std::collections::HashMap;

use kakehashi_domain::catalog::{Catalog, Control, ControlKind};
use serde::Serialize;

/// The OSCAL version exports declare.
pub const OSCAL_VERSION: &str = "1.2.1";

#[derive(Serialize)]
struct Document<'a> {
    catalog: OCatalog<'a>,
}

#[derive(Serialize)]
struct OCatalog<'a> {
    uuid: String,
    metadata: Metadata<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    groups: Vec<Node<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    controls: Vec<Node<'a>>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    title: &'a str,
    #[serde(rename = "last-modified")]
    last_modified: &'a str,
    version: &'a str,
    #[serde(rename = "oscal-version")]
    oscal_version: &'static str,
}

#[derive(Serialize)]
struct Node<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    class: Option<&'a str>,
    title: &'a str,
    props: Vec<Prop<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    parts: Vec<Part<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    groups: Vec<Node<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    controls: Vec<Node<'a>>,
}

#[derive(Serialize)]
struct Prop<'a> {
    name: &'static str,
    value: &'a str,
}

#[derive(Serialize)]
struct Part<'a> {
    id: String,
    name: &'static str,
    /// Set for our own part names, which OSCAL requires to be namespaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    ns: Option<&'static str>,
    prose: &'a str,
}

/// The catalog as an OSCAL 1.2 JSON document. `uuid` must be a version 4 or 5 UUID (OSCAL's
/// rule); `last_modified` an RFC 3339 time with an offset.
pub fn write_catalog(catalog: &Catalog, uuid: &str, last_modified: &str, lang: &str) -> String {
    let mut children: HashMap<Option<&str>, Vec<&Control>> = HashMap::new();
    for c in &catalog.controls {
        children.entry(c.parent.as_deref()).or_default().push(c);
    }
    let (groups, controls) = nodes(&children, None, lang);
    let doc = Document {
        catalog: OCatalog {
            uuid: uuid.to_owned(),
            metadata: Metadata {
                title: &catalog.meta.title,
                last_modified,
                version: &catalog.meta.version,
                oscal_version: OSCAL_VERSION,
            },
            groups,
            controls,
        },
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// The groups and the controls directly under `parent`, in document order.
fn nodes<'a>(
    children: &HashMap<Option<&'a str>, Vec<&'a Control>>,
    parent: Option<&'a str>,
    lang: &str,
) -> (Vec<Node<'a>>, Vec<Node<'a>>) {
    let mut groups = Vec::new();
    let mut controls = Vec::new();
    for c in children.get(&parent).map(Vec::as_slice).unwrap_or_default() {
        let (sub_groups, sub_controls) = nodes(children, Some(c.key.as_str()), lang);
        let text = c.text(lang);
        let mut props = vec![Prop { name: "label", value: &c.label }];
        if c.withdrawn {
            props.push(Prop { name: "status", value: "withdrawn" });
        }
        let mut parts = Vec::new();
        let fields = [
            ("smt", "statement", None, text.and_then(|t| t.statement.as_deref())),
            ("gdn", "guidance", None, text.and_then(|t| t.guidance.as_deref())),
            ("start", super::FIRST_STEP_PART, Some(super::KAKEHASHI_NS), text.and_then(|t| t.first_step.as_deref())),
            ("evd", super::EVIDENCE_PART, Some(super::KAKEHASHI_NS), text.and_then(|t| t.evidence.as_deref())),
        ];
        for (suffix, name, ns, prose) in fields {
            if let Some(prose) = prose {
                parts.push(Part { id: format!("{}_{suffix}", c.key), name, ns, prose });
            }
        }
        let node = Node {
            id: &c.key,
            class: c.class.as_deref(),
            title: text.and_then(|t| t.title.as_deref()).unwrap_or(&c.label),
            props,
            parts,
            groups: if c.kind == ControlKind::Group { sub_groups } else { vec![] },
            controls: sub_controls,
        };
        match c.kind {
            ControlKind::Group => groups.push(node),
            ControlKind::Control => controls.push(node),
        }
    }
    (groups, controls)
}
