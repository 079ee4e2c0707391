//! OSCAL catalogs in JSON.

use std::collections::HashSet;

use kakehashi_domain::catalog::{Catalog, CatalogMeta, Control, ControlKind, Text};
use serde::Deserialize;

use super::prose::{Params, fill_json_inserts, param_text};
use super::{choose_label, supported_version};
use crate::error::{ImportError, Location};

#[derive(Deserialize)]
struct Document {
    catalog: Option<JCatalog>,
    profile: Option<serde_json::Value>,
    #[serde(rename = "mapping-collection")]
    mapping_collection: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct JCatalog {
    uuid: Option<String>,
    metadata: Metadata,
    #[serde(default)]
    groups: Vec<Node>,
    #[serde(default)]
    controls: Vec<Node>,
}

#[derive(Deserialize)]
struct Metadata {
    title: String,
    version: String,
    #[serde(rename = "oscal-version")]
    oscal_version: String,
    #[serde(default)]
    parties: Vec<Party>,
}

#[derive(Deserialize)]
struct Party {
    #[serde(rename = "type")]
    kind: Option<String>,
    name: Option<String>,
}

/// A group or a control (the same shape for what we read).
#[derive(Deserialize)]
struct Node {
    id: Option<String>,
    class: Option<String>,
    title: Option<String>,
    #[serde(default)]
    params: Vec<Param>,
    #[serde(default)]
    props: Vec<Prop>,
    #[serde(default)]
    parts: Vec<Part>,
    #[serde(default)]
    groups: Vec<Node>,
    #[serde(default)]
    controls: Vec<Node>,
}

#[derive(Deserialize)]
struct Param {
    id: String,
    label: Option<String>,
    select: Option<Select>,
    #[serde(default)]
    values: Vec<String>,
}

#[derive(Deserialize)]
struct Select {
    #[serde(rename = "how-many")]
    how_many: Option<String>,
    #[serde(default)]
    choice: Vec<String>,
}

#[derive(Deserialize)]
struct Prop {
    name: String,
    value: String,
}

#[derive(Deserialize)]
struct Part {
    name: String,
    prose: Option<String>,
    #[serde(default)]
    props: Vec<Prop>,
    #[serde(default)]
    parts: Vec<Part>,
}

fn prop<'a>(props: &'a [Prop], name: &str) -> Option<&'a str> {
    props.iter().find(|p| p.name == name).map(|p| p.value.as_str())
}

pub(super) fn read_catalog(file: &str, text: &str) -> Result<Catalog, ImportError> {
    let doc: Document = serde_json::from_str(text).map_err(|e| {
        let location =
            if e.line() > 0 { Location::Line { line: e.line(), column: e.column() } } else { Location::File };
        ImportError::new(file, location, format!("not a readable OSCAL JSON document: {e}"))
    })?;
    let catalog = match (doc.catalog, doc.profile, doc.mapping_collection) {
        (Some(c), _, _) => c,
        (None, Some(_), _) => return Err(ImportError::whole(file, "this is an OSCAL profile, not a catalog")),
        (None, None, Some(_)) => {
            return Err(ImportError::whole(file, "this is an OSCAL mapping collection, not a catalog"));
        }
        _ => {
            return Err(ImportError::new(
                file,
                Location::Pointer("/".into()),
                "no `catalog` object: not an OSCAL catalog",
            ));
        }
    };
    if !supported_version(&catalog.metadata.oscal_version) {
        return Err(ImportError::new(
            file,
            Location::Pointer("/catalog/metadata/oscal-version".into()),
            format!("OSCAL version {:?} is not supported (1.0 to 1.2 are)", catalog.metadata.oscal_version),
        ));
    }
    let issuer = catalog
        .metadata
        .parties
        .iter()
        .find(|p| p.kind.as_deref() == Some("organization"))
        .and_then(|p| p.name.clone());
    let mut walk = Walk { file, out: Vec::new(), seen: HashSet::new() };
    walk.nodes(&catalog.groups, "/catalog/groups", None, ControlKind::Group)?;
    walk.nodes(&catalog.controls, "/catalog/controls", None, ControlKind::Control)?;
    let controls = walk.out;
    Ok(Catalog {
        meta: CatalogMeta {
            title: catalog.metadata.title,
            version: catalog.metadata.version,
            issuer,
            licence_note: None,
            oscal_uuid: catalog.uuid,
            oscal_version: Some(catalog.metadata.oscal_version),
            languages: vec!["en".into()],
        },
        controls,
    })
}

struct Walk<'a> {
    file: &'a str,
    out: Vec<Control>,
    seen: HashSet<String>,
}

impl Walk<'_> {
    fn nodes(
        &mut self,
        nodes: &[Node],
        pointer: &str,
        parent: Option<&str>,
        kind: ControlKind,
    ) -> Result<(), ImportError> {
        for (i, node) in nodes.iter().enumerate() {
            let here = format!("{pointer}/{i}");
            let id = node.id.as_deref().filter(|id| !id.trim().is_empty()).ok_or_else(|| {
                ImportError::new(self.file, Location::Pointer(here.clone()), "a group or control without an id")
            })?;
            if !self.seen.insert(id.to_owned()) {
                let at = Location::Pointer(format!("{here}/id"));
                return Err(ImportError::new(self.file, at, format!("the id {id:?} is used twice")));
            }
            self.out.push(control(node, id, parent, kind));
            self.nodes(&node.groups, &format!("{here}/groups"), Some(id), ControlKind::Group)?;
            self.nodes(&node.controls, &format!("{here}/controls"), Some(id), ControlKind::Control)?;
        }
        Ok(())
    }
}

fn control(node: &Node, id: &str, parent: Option<&str>, kind: ControlKind) -> Control {
    let params: Params = node
        .params
        .iter()
        .map(|p| {
            let (choices, how_many) =
                p.select.as_ref().map(|s| (s.choice.clone(), s.how_many.as_deref())).unwrap_or_default();
            (p.id.clone(), param_text(p.label.as_deref(), &choices, how_many, &p.values))
        })
        .collect();
    let text_of = |name: &str| {
        node.parts.iter().find(|p| p.name == name).map(|p| render(p, &params, 0)).filter(|s| !s.is_empty())
    };
    Control {
        key: id.to_owned(),
        label: choose_label(id, prop(&node.props, "label"), prop(&node.props, "sort-id")),
        kind,
        parent: parent.map(str::to_owned),
        class: node.class.clone(),
        withdrawn: prop(&node.props, "status") == Some("withdrawn"),
        texts: vec![Text {
            lang: "en".into(),
            title: node.title.clone(),
            statement: text_of("statement"),
            guidance: text_of("guidance"),
            first_step: text_of(super::FIRST_STEP_PART),
            evidence: text_of(super::EVIDENCE_PART),
        }],
    }
}

/// A part and its sub-parts as indented lines: `a. Define …`, `  1. Authorized users …`.
fn render(part: &Part, params: &Params, depth: usize) -> String {
    let mut lines = Vec::new();
    if let Some(prose) = &part.prose {
        let label = prop(&part.props, "label").map(|l| format!("{l} ")).unwrap_or_default();
        lines.push(format!(
            "{}{label}{}",
            "  ".repeat(depth.saturating_sub(1)),
            fill_json_inserts(prose.trim(), params)
        ));
    }
    for child in &part.parts {
        let text = render(child, params, depth + 1);
        if !text.is_empty() {
            lines.push(text);
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"{"catalog": {"uuid": "u", "metadata": {"title": "Mini", "version": "1", "oscal-version": "1.1.2"},
      "groups": [{"id": "ac", "class": "family", "title": "Access Control", "controls": [
        {"id": "ac-2", "title": "Account Management", "params": [{"id": "p1", "label": "frequency"}],
         "props": [{"name": "label", "value": "AC-2"}],
         "parts": [{"name": "statement", "parts": [{"name": "item", "props": [{"name": "label", "value": "a."}], "prose": "Review {{ insert: param, p1 }}."}]}],
         "controls": [{"id": "ac-2.1", "title": "Automated", "props": [{"name": "label", "value": "AC-2(1)"}, {"name": "status", "value": "withdrawn"}]}]}
      ]}]}}"#;

    #[test]
    fn reads_groups_controls_enhancements_and_statements() {
        let c = read_catalog("mini.json", MINI).expect("reads");
        let keys: Vec<&str> = c.controls.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["ac", "ac-2", "ac-2.1"]);
        assert_eq!(c.controls[1].texts[0].statement.as_deref(), Some("a. Review [frequency]."));
        assert_eq!(c.controls[2].parent.as_deref(), Some("ac-2"));
        assert!(c.controls[2].withdrawn);
        assert_eq!(c.controls[2].label, "AC-2(1)");
    }

    #[test]
    fn errors_say_where() {
        let e = read_catalog("bad.json", "{\"catalog\": {\"metadata\": }").expect_err("refused");
        assert!(matches!(e.location, Location::Line { line: 1, .. }), "{e}");
        let e = read_catalog("v.json", &MINI.replace("1.1.2", "2.0.0")).expect_err("refused");
        assert_eq!(e.location, Location::Pointer("/catalog/metadata/oscal-version".into()));
        let dup = MINI.replace("\"id\": \"ac-2.1\"", "\"id\": \"ac-2\"");
        let e = read_catalog("dup.json", &dup).expect_err("refused");
        assert_eq!(e.location, Location::Pointer("/catalog/groups/0/controls/0/controls/0/id".into()));
    }
}
