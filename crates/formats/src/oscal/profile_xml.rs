//! OSCAL profiles in XML: the same selection as the JSON reader, through the same DTD-refusing
//! parser as XML catalogs.

use kakehashi_domain::catalog::{Profile, ProfileImport};
use roxmltree::Node;

use super::profile::{MATCHING_UNSUPPORTED, SELECTS_NOTHING};
use super::prose::{Params, squash};
use super::supported_version;
use super::xml::{at, child, children, parse, text_of};
use crate::error::ImportError;

pub(super) fn read(file: &str, text: &str) -> Result<Profile, ImportError> {
    let doc = parse(file, text)?;
    let root = doc.root_element();
    match root.tag_name().name() {
        "profile" => {}
        "catalog" => return Err(ImportError::whole(file, "this is an OSCAL catalog, not a profile")),
        other => return Err(ImportError::new(file, at(&doc, root), format!("<{other}> is not an OSCAL profile"))),
    }
    let metadata = child(root, "metadata")
        .ok_or_else(|| ImportError::new(file, at(&doc, root), "the profile has no <metadata>"))?;
    let field = |node: Node, name: &str| child(node, name).map(|n| squash(&text_of(n, &Params::new())));
    let oscal_version = field(metadata, "oscal-version").unwrap_or_default();
    if !supported_version(&oscal_version) {
        return Err(ImportError::new(
            file,
            at(&doc, metadata),
            format!("OSCAL version {oscal_version:?} is not supported (1.0 to 1.2 are)"),
        ));
    }
    let resources: Vec<(String, Option<String>)> = child(root, "back-matter")
        .map(|b| {
            children(b, "resource")
                .map(|r| {
                    let title = field(r, "title").or_else(|| field(r, "description"));
                    (r.attribute("uuid").unwrap_or_default().to_owned(), title)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut imports = Vec::new();
    for node in children(root, "import") {
        let href = node.attribute("href").unwrap_or_default().to_owned();
        let includes: Vec<Node> = children(node, "include-controls").collect();
        let excludes: Vec<Node> = children(node, "exclude-controls").collect();
        if includes.iter().chain(&excludes).any(|s| child(*s, "matching").is_some()) {
            return Err(ImportError::new(file, at(&doc, node), MATCHING_UNSUPPORTED));
        }
        let include_all = child(node, "include-all").is_some();
        if !include_all && includes.is_empty() {
            return Err(ImportError::new(file, at(&doc, node), SELECTS_NOTHING));
        }
        let ids = |selections: &[Node], children_wanted: Option<bool>| -> Vec<String> {
            selections
                .iter()
                .filter(|s| children_wanted.is_none_or(|w| (s.attribute("with-child-controls") == Some("yes")) == w))
                .flat_map(|s| children(*s, "with-id").map(|w| squash(w.text().unwrap_or_default())))
                .collect()
        };
        let resource_title = href
            .strip_prefix('#')
            .and_then(|uuid| resources.iter().find(|(u, _)| u == uuid))
            .and_then(|(_, t)| t.clone());
        imports.push(ProfileImport {
            resource_title,
            include_all,
            with_ids: ids(&includes, Some(false)),
            with_children: ids(&includes, Some(true)),
            exclude_ids: ids(&excludes, None),
            href,
        });
    }
    Ok(Profile {
        title: field(metadata, "title").unwrap_or_default(),
        version: field(metadata, "version").unwrap_or_default(),
        oscal_uuid: root.attribute("uuid").map(str::to_owned),
        oscal_version: Some(oscal_version),
        imports,
    })
}

#[cfg(test)]
mod tests {
    use super::super::read_profile;

    const LOW: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<profile xmlns="http://csrc.nist.gov/ns/oscal/1.0" uuid="p1">
  <metadata><title>Mini LOW</title><version>1.0</version><oscal-version>1.1.2</oscal-version></metadata>
  <import href="#r1">
    <include-controls><with-id>ac-1</with-id><with-id>ac-2</with-id></include-controls>
    <include-controls with-child-controls="yes"><with-id>au-2</with-id></include-controls>
    <exclude-controls><with-id>ac-2.1</with-id></exclude-controls>
  </import>
  <merge><as-is>true</as-is></merge>
  <back-matter><resource uuid="r1"><description><p>Mini
     catalog</p></description></resource></back-matter>
</profile>"##;

    #[test]
    fn reads_selections_and_resolves_the_resource_title() {
        let p = read_profile("low.xml", LOW.as_bytes()).expect("reads");
        assert_eq!(p.title, "Mini LOW");
        let i = &p.imports[0];
        assert_eq!(i.resource_title.as_deref(), Some("Mini catalog"));
        assert_eq!(i.with_ids, vec!["ac-1", "ac-2"]);
        assert_eq!(i.with_children, vec!["au-2"]);
        assert_eq!(i.exclude_ids, vec!["ac-2.1"]);
    }

    #[test]
    fn dtds_and_matching_patterns_are_refused() {
        let dtd = r#"<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaa">]><profile/>"#;
        assert!(read_profile("p.xml", dtd.as_bytes()).expect_err("refused").problem.contains("DTD"));
        let matching = LOW.replace("<with-id>ac-1</with-id>", r#"<matching pattern="ac-*"/>"#);
        assert!(read_profile("p.xml", matching.as_bytes()).expect_err("refused").problem.contains("matching"));
    }
}
