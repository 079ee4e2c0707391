//! OSCAL catalogs in XML. DTDs are refused outright (OSCAL never uses them), which closes the
//! door on entity expansion ("billion laughs") and external entities.

use std::collections::HashSet;

use kakehashi_domain::catalog::{Catalog, CatalogMeta, Control, ControlKind, Text};
use roxmltree::{Document, Node, ParsingOptions};

use super::prose::{Params, param_text, squash};
use super::{choose_label, supported_version};
use crate::error::{ImportError, Location};

pub(super) fn at(doc: &Document, node: Node) -> Location {
    let pos = doc.text_pos_at(node.range().start);
    Location::Line { line: pos.row as usize, column: pos.col as usize }
}

pub(super) fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| c.is_element() && c.tag_name().name() == name)
}

pub(super) fn children<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn prop<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    children(node, "prop").find(|p| p.attribute("name") == Some(name)).and_then(|p| p.attribute("value"))
}

/// Parses an OSCAL XML document, refusing DTDs.
pub(super) fn parse<'i>(file: &str, text: &'i str) -> Result<Document<'i>, ImportError> {
    let options = ParsingOptions { allow_dtd: false, ..ParsingOptions::default() };
    Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        let problem = match e {
            roxmltree::Error::DtdDetected => {
                "the file declares a DTD, which OSCAL never does; refused for safety".to_owned()
            }
            other => format!("not well-formed XML: {other}"),
        };
        ImportError::new(file, Location::Line { line: pos.row as usize, column: pos.col as usize }, problem)
    })
}

pub(super) fn read_catalog(file: &str, text: &str) -> Result<Catalog, ImportError> {
    let doc = parse(file, text)?;
    let root = doc.root_element();
    match root.tag_name().name() {
        "catalog" => {}
        "profile" => return Err(ImportError::whole(file, "this is an OSCAL profile, not a catalog")),
        other => return Err(ImportError::new(file, at(&doc, root), format!("<{other}> is not an OSCAL catalog"))),
    }
    let metadata = child(root, "metadata")
        .ok_or_else(|| ImportError::new(file, at(&doc, root), "the catalog has no <metadata>"))?;
    let field = |name: &str| child(metadata, name).map(|n| squash(&text_of(n, &Params::new())));
    let oscal_version = field("oscal-version").unwrap_or_default();
    if !supported_version(&oscal_version) {
        return Err(ImportError::new(
            file,
            at(&doc, metadata),
            format!("OSCAL version {oscal_version:?} is not supported (1.0 to 1.2 are)"),
        ));
    }
    let issuer = children(metadata, "party")
        .find(|p| p.attribute("type") == Some("organization"))
        .and_then(|p| child(p, "name"))
        .map(|n| squash(&text_of(n, &Params::new())));
    let mut walk = Walk { file, doc: &doc, out: Vec::new(), seen: HashSet::new() };
    walk.nodes(root, None)?;
    Ok(Catalog {
        meta: CatalogMeta {
            title: field("title").unwrap_or_default(),
            version: field("version").unwrap_or_default(),
            issuer,
            licence_note: None,
            oscal_uuid: root.attribute("uuid").map(str::to_owned),
            oscal_version: Some(oscal_version),
            languages: vec!["en".into()],
        },
        controls: walk.out,
    })
}

struct Walk<'d, 'i> {
    file: &'d str,
    doc: &'d Document<'i>,
    out: Vec<Control>,
    seen: HashSet<String>,
}

impl Walk<'_, '_> {
    /// The groups and controls directly inside `parent_node`, in document order.
    fn nodes(&mut self, parent_node: Node, parent: Option<&str>) -> Result<(), ImportError> {
        let mut kids: Vec<Node> = parent_node
            .children()
            .filter(|c| c.is_element() && matches!(c.tag_name().name(), "group" | "control"))
            .collect();
        // NIST's CPRT exports list some families out of order (03.09 before 03.01); when every
        // sibling has a sort-id, that is the order the publisher means.
        if kids.iter().all(|k| prop(*k, "sort-id").is_some()) {
            kids.sort_by(|a, b| prop(*a, "sort-id").cmp(&prop(*b, "sort-id")));
        }
        for node in kids {
            let kind = if node.tag_name().name() == "group" { ControlKind::Group } else { ControlKind::Control };
            let id = node
                .attribute("id")
                .filter(|id| !id.trim().is_empty())
                .ok_or_else(|| ImportError::new(self.file, at(self.doc, node), "a group or control without an id"))?;
            if !self.seen.insert(id.to_owned()) {
                return Err(ImportError::new(self.file, at(self.doc, node), format!("the id {id:?} is used twice")));
            }
            self.out.push(control(node, id, parent, kind));
            self.nodes(node, Some(id))?;
        }
        Ok(())
    }
}

fn control(node: Node, id: &str, parent: Option<&str>, kind: ControlKind) -> Control {
    let params: Params = children(node, "param")
        .filter_map(|p| {
            let pid = p.attribute("id")?;
            let label = child(p, "label").map(|l| squash(&text_of(l, &Params::new())));
            let select = child(p, "select");
            let choices: Vec<String> = select
                .map(|s| children(s, "choice").map(|c| squash(&text_of(c, &Params::new()))).collect())
                .unwrap_or_default();
            let values: Vec<String> = children(p, "value").map(|v| squash(&text_of(v, &Params::new()))).collect();
            let how_many = select.and_then(|s| s.attribute("how-many"));
            Some((pid.to_owned(), param_text(label.as_deref(), &choices, how_many, &values)))
        })
        .collect();
    let part_text = |name: &str| {
        children(node, "part")
            .find(|p| p.attribute("name") == Some(name))
            .map(|p| render(p, &params, 0))
            .filter(|s| !s.is_empty())
    };
    Control {
        key: id.to_owned(),
        label: choose_label(id, prop(node, "label"), prop(node, "sort-id")),
        kind,
        parent: parent.map(str::to_owned),
        class: node.attribute("class").map(str::to_owned),
        withdrawn: prop(node, "status") == Some("withdrawn"),
        texts: vec![Text {
            lang: "en".into(),
            title: child(node, "title").map(|t| squash(&text_of(t, &params))),
            statement: part_text("statement"),
            guidance: part_text("guidance"),
            first_step: part_text(super::FIRST_STEP_PART),
            evidence: part_text(super::EVIDENCE_PART),
        }],
    }
}

/// The text inside an element, with `<insert type="param">` replaced by the parameter's text.
pub(super) fn text_of(node: Node, params: &Params) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if d.is_text() {
            out.push_str(d.text().unwrap_or_default());
        } else if d.is_element() && d.tag_name().name() == "insert" {
            let id = d.attribute("id-ref").unwrap_or_default();
            out.push_str(params.get(id).map(String::as_str).unwrap_or(id));
        }
    }
    out
}

/// A part's paragraphs, then its sub-parts on their own lines.
fn render(part: Node, params: &Params, depth: usize) -> String {
    let mut lines = Vec::new();
    let prose: Vec<String> =
        children(part, "p").map(|p| squash(&text_of(p, params))).filter(|p| !p.is_empty()).collect();
    if !prose.is_empty() {
        let label = prop(part, "label").map(|l| format!("{l} ")).unwrap_or_default();
        lines.push(format!("{}{label}{}", "  ".repeat(depth.saturating_sub(1)), prose.join(" ")));
    }
    for sub in children(part, "part") {
        let text = render(sub, params, depth + 1);
        if !text.is_empty() {
            lines.push(text);
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"<?xml version="1.0"?>
<catalog xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="u1">
  <metadata><title>Mini CSF</title><version>1.0.0</version><oscal-version>v1.1.3</oscal-version>
    <party type="organization"><name>NIST</name></party></metadata>
  <group id="GV" class="function"><title>GOVERN</title>
    <control id="GV.OC" class="category"><title>Organizational Context</title>
      <control id="GV.OC-01" class="subcategory"><title>GV.OC-01</title>
        <param id="p1"><label>time
           period</label></param>
        <prop name="label" value="GV.OC-01"/>
        <part id="s" name="statement"><p>The mission is understood
            within <insert type="param" id-ref="p1"/>.</p></part>
      </control>
    </control>
  </group>
</catalog>"#;

    #[test]
    fn reads_nested_controls_with_their_text() {
        let c = read_catalog("mini.xml", MINI).expect("reads");
        let keys: Vec<&str> = c.controls.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["GV", "GV.OC", "GV.OC-01"]);
        assert_eq!(
            c.controls[2].texts[0].statement.as_deref(),
            Some("The mission is understood within [time period].")
        );
        assert_eq!(c.controls[2].parent.as_deref(), Some("GV.OC"));
        assert_eq!(c.meta.issuer.as_deref(), Some("NIST"));
        assert_eq!(c.controls[0].kind, ControlKind::Group);
    }

    #[test]
    fn entity_expansion_and_external_entities_are_refused() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><catalog>&lol2;</catalog>"#;
        let e = read_catalog("lol.xml", laughs).expect_err("refused");
        assert!(e.problem.contains("DTD"), "{e}");
        let external =
            r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><catalog>&xxe;</catalog>"#;
        assert!(read_catalog("xxe.xml", external).expect_err("refused").problem.contains("DTD"));
    }

    #[test]
    fn truncated_files_say_the_line() {
        let cut = &MINI[..MINI.len() / 2];
        let e = read_catalog("cut.xml", cut).expect_err("refused");
        assert!(matches!(e.location, Location::Line { .. }), "{e}");
    }
}
