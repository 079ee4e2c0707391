//! OSCAL profiles, read (JSON here, XML in `profile_xml`) and written (JSON). Only selection is modelled (imports with
//! include-all / include-controls / exclude-controls); `modify` (parameter settings, alters) is
//! ignored on import and never written.

use kakehashi_domain::catalog::{Profile, ProfileImport};
use serde::{Deserialize, Serialize};

use super::supported_version;
use crate::error::{ImportError, Location};

#[derive(Deserialize)]
struct Document {
    profile: Option<JProfile>,
    catalog: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct JProfile {
    uuid: Option<String>,
    metadata: Metadata,
    imports: Vec<Import>,
    #[serde(rename = "back-matter")]
    back_matter: Option<BackMatter>,
}

#[derive(Deserialize)]
struct Metadata {
    title: String,
    version: String,
    #[serde(rename = "oscal-version")]
    oscal_version: String,
}

#[derive(Deserialize)]
struct Import {
    href: String,
    #[serde(rename = "include-all")]
    include_all: Option<serde_json::Value>,
    #[serde(rename = "include-controls", default)]
    include_controls: Vec<Selection>,
    #[serde(rename = "exclude-controls", default)]
    exclude_controls: Vec<Selection>,
}

#[derive(Deserialize)]
struct Selection {
    #[serde(rename = "with-child-controls")]
    with_child_controls: Option<String>,
    #[serde(rename = "with-ids", default)]
    with_ids: Vec<String>,
    #[serde(default)]
    matching: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct BackMatter {
    #[serde(default)]
    resources: Vec<Resource>,
}

#[derive(Deserialize)]
struct Resource {
    uuid: String,
    title: Option<String>,
    description: Option<String>,
}

/// Reads an OSCAL profile in JSON or XML.
pub fn read_profile(file: &str, bytes: &[u8]) -> Result<Profile, ImportError> {
    let (syntax, text) = super::open(file, bytes)?;
    let profile = match syntax {
        super::Syntax::Json => read_json(file, &text)?,
        super::Syntax::Xml => super::profile_xml::read(file, &text)?,
    };
    check(file, &profile)?;
    Ok(profile)
}

fn read_json(file: &str, text: &str) -> Result<Profile, ImportError> {
    let doc: Document = serde_json::from_str(text).map_err(|e| {
        let location =
            if e.line() > 0 { Location::Line { line: e.line(), column: e.column() } } else { Location::File };
        ImportError::new(file, location, format!("not a readable OSCAL profile: {e}"))
    })?;
    let profile = match (doc.profile, doc.catalog) {
        (Some(p), _) => p,
        (None, Some(_)) => return Err(ImportError::whole(file, "this is an OSCAL catalog, not a profile")),
        _ => {
            return Err(ImportError::new(
                file,
                Location::Pointer("/".into()),
                "no `profile` object: not an OSCAL profile",
            ));
        }
    };
    if !supported_version(&profile.metadata.oscal_version) {
        return Err(ImportError::new(
            file,
            Location::Pointer("/profile/metadata/oscal-version".into()),
            format!("OSCAL version {:?} is not supported (1.0 to 1.2 are)", profile.metadata.oscal_version),
        ));
    }
    let resources = profile.back_matter.map(|b| b.resources).unwrap_or_default();
    let imports = profile
        .imports
        .into_iter()
        .enumerate()
        .map(|(i, imp)| {
            let at = || Location::Pointer(format!("/profile/imports/{i}"));
            if imp.include_controls.iter().chain(&imp.exclude_controls).any(|s| !s.matching.is_empty()) {
                return Err(ImportError::new(file, at(), MATCHING_UNSUPPORTED));
            }
            if imp.include_all.is_none() && imp.include_controls.is_empty() {
                return Err(ImportError::new(file, at(), SELECTS_NOTHING));
            }
            let resource_title = imp.href.strip_prefix('#').and_then(|uuid| {
                resources
                    .iter()
                    .find(|r| r.uuid == uuid)
                    .and_then(|r| r.title.clone().or_else(|| r.description.clone()))
            });
            let (children, plain): (Vec<Selection>, Vec<Selection>) =
                imp.include_controls.into_iter().partition(|s| s.with_child_controls.as_deref() == Some("yes"));
            Ok(ProfileImport {
                href: imp.href,
                resource_title,
                include_all: imp.include_all.is_some(),
                with_ids: plain.into_iter().flat_map(|s| s.with_ids).collect(),
                with_children: children.into_iter().flat_map(|s| s.with_ids).collect(),
                exclude_ids: imp.exclude_controls.into_iter().flat_map(|s| s.with_ids).collect(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Profile {
        title: profile.metadata.title,
        version: profile.metadata.version,
        oscal_uuid: profile.uuid,
        oscal_version: Some(profile.metadata.oscal_version),
        imports,
    })
}

pub(super) const MATCHING_UNSUPPORTED: &str =
    "selection by `matching` patterns is not supported; list the controls with `with-ids`";
pub(super) const SELECTS_NOTHING: &str = "an import selects nothing (no include-all, no include-controls)";

/// What both forms must satisfy.
fn check(file: &str, profile: &Profile) -> Result<(), ImportError> {
    if profile.title.trim().is_empty() {
        return Err(ImportError::whole(file, "the profile has no title"));
    }
    if profile.imports.is_empty() {
        return Err(ImportError::whole(file, "a profile imports at least one catalog"));
    }
    profile.check_text().map_err(|e| ImportError::whole(file, e.to_string()))?;
    if profile.imports_itself() {
        return Err(ImportError::whole(file, format!("the profile {:?} imports itself: a cycle", profile.title)));
    }
    Ok(())
}

/// One resolved import, for writing: the catalog's title and the keys it selects.
#[derive(Debug, Clone)]
pub struct ResolvedImport<'a> {
    pub catalog_title: &'a str,
    pub keys: Vec<&'a str>,
}

#[derive(Serialize)]
struct Out<'a> {
    profile: OutProfile<'a>,
}

#[derive(Serialize)]
struct OutProfile<'a> {
    uuid: String,
    metadata: OutMetadata<'a>,
    imports: Vec<OutImport<'a>>,
    merge: serde_json::Value,
    #[serde(rename = "back-matter")]
    back_matter: OutBackMatter<'a>,
}

#[derive(Serialize)]
struct OutMetadata<'a> {
    title: &'a str,
    #[serde(rename = "last-modified")]
    last_modified: &'a str,
    version: &'a str,
    #[serde(rename = "oscal-version")]
    oscal_version: &'static str,
}

#[derive(Serialize)]
struct OutImport<'a> {
    href: String,
    #[serde(rename = "include-controls")]
    include_controls: Vec<OutSelection<'a>>,
}

#[derive(Serialize)]
struct OutSelection<'a> {
    #[serde(rename = "with-ids")]
    with_ids: &'a [&'a str],
}

#[derive(Serialize)]
struct OutBackMatter<'a> {
    resources: Vec<OutResource<'a>>,
}

#[derive(Serialize)]
struct OutResource<'a> {
    uuid: String,
    title: &'a str,
}

/// A profile as OSCAL 1.2 JSON: one import per catalog, each naming a back-matter resource
/// titled with the catalog's title (so that it resolves again on import).
pub fn write_profile(
    title: &str,
    version: &str,
    last_modified: &str,
    imports: &[ResolvedImport],
    mut uuid: impl FnMut() -> String,
) -> String {
    let resources: Vec<OutResource> =
        imports.iter().map(|i| OutResource { uuid: uuid(), title: i.catalog_title }).collect();
    let out_imports = imports
        .iter()
        .zip(&resources)
        .filter(|(i, _)| !i.keys.is_empty())
        .map(|(i, r)| OutImport {
            href: format!("#{}", r.uuid),
            include_controls: vec![OutSelection { with_ids: &i.keys }],
        })
        .collect();
    let doc = Out {
        profile: OutProfile {
            uuid: uuid(),
            metadata: OutMetadata { title, last_modified, version, oscal_version: super::OSCAL_VERSION },
            imports: out_imports,
            merge: serde_json::json!({ "as-is": true }),
            back_matter: OutBackMatter { resources },
        },
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_profiles_read_back() {
        let imports = [ResolvedImport { catalog_title: "Cat", keys: vec!["ac-1", "ac-2.3"] }];
        let mut n = 0;
        let json = write_profile("Mine", "1", "2026-04-01T00:00:00Z", &imports, || {
            n += 1;
            format!("00000000-0000-4000-8000-{n:012}")
        });
        let p = read_profile("p.json", json.as_bytes()).expect("reads");
        assert_eq!(p.imports[0].resource_title.as_deref(), Some("Cat"));
        assert_eq!(p.imports[0].with_ids, vec!["ac-1".to_string(), "ac-2.3".to_string()]);
    }

    #[test]
    fn empty_selections_and_catalogs_are_refused() {
        let json = r##"{"profile": {"metadata": {"title": "t", "version": "1", "oscal-version": "1.1.2"}, "imports": [{"href": "#x"}]}}"##;
        let e = read_profile("p.json", json.as_bytes()).expect_err("refused");
        assert_eq!(e.location, Location::Pointer("/profile/imports/0".into()));
        let cycle = r##"{"profile": {"metadata": {"title": "t", "version": "1", "oscal-version": "1.1.2"}, "imports": [{"href": "#r", "include-all": {}}], "back-matter": {"resources": [{"uuid": "r", "title": "t"}]}}}"##;
        assert!(read_profile("p.json", cycle.as_bytes()).expect_err("refused").problem.contains("cycle"));
        let cat = r#"{"catalog": {}}"#;
        assert!(read_profile("c.json", cat.as_bytes()).expect_err("refused").problem.contains("catalog"));
    }
}
