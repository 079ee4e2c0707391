//! OSCAL 1.2 mapping collections (JSON): the crosswalk format NIST and OSCAL tools exchange.
//! Strength has no OSCAL field: it travels as a `strength` prop in our namespace.

use kakehashi_domain::catalog::{Crosswalk, MappingRecord, Relation, parse_strength};
use serde::{Deserialize, Serialize};

use super::supported_version;
use crate::error::{ImportError, Location};

/// Our namespace for props OSCAL has no field for.
pub const NS: &str = "https://kakehashi.dev/ns/oscal";

#[derive(Deserialize)]
struct Document {
    #[serde(rename = "mapping-collection")]
    collection: Option<Collection>,
}

#[derive(Deserialize)]
struct Collection {
    metadata: Metadata,
    provenance: Option<Provenance>,
    mappings: OneOrMany,
}

#[derive(Deserialize)]
struct Metadata {
    title: String,
    #[serde(rename = "oscal-version")]
    oscal_version: String,
}

#[derive(Deserialize)]
struct Provenance {
    method: Option<String>,
    #[serde(rename = "mapping-description")]
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Mapping),
    Many(Vec<Mapping>),
}

#[derive(Deserialize)]
struct Mapping {
    maps: Vec<Map>,
}

#[derive(Deserialize)]
struct Map {
    relationship: String,
    sources: Vec<Item>,
    targets: Vec<Item>,
    #[serde(default)]
    props: Vec<Prop>,
    remarks: Option<String>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(rename = "id-ref")]
    id_ref: String,
}

#[derive(Deserialize)]
struct Prop {
    name: String,
    value: String,
}

pub fn read_mapping_collection(file: &str, bytes: &[u8]) -> Result<Crosswalk, ImportError> {
    let (syntax, text) = super::open(file, bytes)?;
    if syntax == super::Syntax::Xml {
        return Err(ImportError::whole(file, "an OSCAL mapping collection is read in JSON only"));
    }
    let doc: Document = serde_json::from_str(&text).map_err(|e| {
        let location =
            if e.line() > 0 { Location::Line { line: e.line(), column: e.column() } } else { Location::File };
        ImportError::new(file, location, format!("not a readable OSCAL mapping collection: {e}"))
    })?;
    let collection = doc
        .collection
        .ok_or_else(|| ImportError::new(file, Location::Pointer("/".into()), "no `mapping-collection` object"))?;
    if !supported_version(&collection.metadata.oscal_version) {
        return Err(ImportError::new(
            file,
            Location::Pointer("/mapping-collection/metadata/oscal-version".into()),
            format!("OSCAL version {:?} is not supported (1.0 to 1.2 are)", collection.metadata.oscal_version),
        ));
    }
    let mappings = match collection.mappings {
        OneOrMany::One(m) => vec![m],
        OneOrMany::Many(m) => m,
    };
    let mut records = Vec::new();
    for (mi, mapping) in mappings.iter().enumerate() {
        for (pi, map) in mapping.maps.iter().enumerate() {
            let pointer = format!("/mapping-collection/mappings/{mi}/maps/{pi}");
            let relation = Relation::parse(&map.relationship).ok_or_else(|| {
                ImportError::new(
                    file,
                    Location::Pointer(format!("{pointer}/relationship")),
                    format!("unknown relationship {:?}", map.relationship),
                )
            })?;
            let strength = match map.props.iter().find(|p| p.name == "strength") {
                Some(p) => parse_strength(&p.value)
                    .map_err(|e| ImportError::new(file, Location::Pointer(format!("{pointer}/props")), e))?,
                None => None,
            };
            let sources: Vec<String> = map.sources.iter().map(|s| s.id_ref.clone()).collect();
            for target in &map.targets {
                records.push(MappingRecord {
                    sources: sources.clone(),
                    target: target.id_ref.clone(),
                    relation,
                    strength,
                    rationale: map.remarks.clone(),
                    origin: format!("{file} {pointer}"),
                });
            }
        }
    }
    let provenance = collection
        .provenance
        .map(|p| [p.description, p.method].into_iter().flatten().collect::<Vec<_>>().join(" — "))
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| format!("imported from {file}"));
    let crosswalk = Crosswalk { title: collection.metadata.title, provenance, records };
    crosswalk.check_text().map_err(|e| ImportError::whole(file, e.to_string()))?;
    Ok(crosswalk)
}

#[derive(Serialize)]
struct OutDocument<'a> {
    #[serde(rename = "mapping-collection")]
    collection: OutCollection<'a>,
}

#[derive(Serialize)]
struct OutCollection<'a> {
    uuid: String,
    metadata: OutMetadata<'a>,
    provenance: OutProvenance<'a>,
    mappings: Vec<OutMapping<'a>>,
}

#[derive(Serialize)]
struct OutMetadata<'a> {
    title: &'a str,
    #[serde(rename = "last-modified")]
    last_modified: &'a str,
    version: &'static str,
    #[serde(rename = "oscal-version")]
    oscal_version: &'static str,
}

#[derive(Serialize)]
struct OutProvenance<'a> {
    method: &'static str,
    #[serde(rename = "matching-rationale")]
    matching_rationale: &'static str,
    status: &'static str,
    #[serde(rename = "mapping-description")]
    description: &'a str,
}

#[derive(Serialize)]
struct OutMapping<'a> {
    uuid: String,
    #[serde(rename = "source-resource")]
    source: Resource,
    #[serde(rename = "target-resource")]
    target: Resource,
    maps: Vec<OutMap<'a>>,
}

#[derive(Serialize)]
struct Resource {
    #[serde(rename = "type")]
    kind: &'static str,
    href: String,
}

#[derive(Serialize)]
struct OutMap<'a> {
    uuid: String,
    relationship: &'static str,
    sources: Vec<OutItem<'a>>,
    targets: Vec<OutItem<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    props: Vec<OutProp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remarks: Option<&'a str>,
}

#[derive(Serialize)]
struct OutItem<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "id-ref")]
    id_ref: &'a str,
}

#[derive(Serialize)]
struct OutProp {
    name: &'static str,
    ns: &'static str,
    value: String,
}

/// What an export needs besides the mappings.
#[derive(Debug, Clone)]
pub struct MappingExport<'a> {
    pub title: &'a str,
    pub provenance: &'a str,
    pub last_modified: &'a str,
    pub source_href: String,
    pub target_href: String,
}

/// A crosswalk as an OSCAL 1.2 mapping collection. `uuid` makes the version 4 UUIDs OSCAL wants.
pub fn write_mapping_collection(
    export: &MappingExport,
    records: &[MappingRecord],
    mut uuid: impl FnMut() -> String,
) -> String {
    let maps = records
        .iter()
        .map(|r| OutMap {
            uuid: uuid(),
            relationship: r.relation.oscal(),
            sources: r.sources.iter().map(|s| OutItem { kind: "control", id_ref: s }).collect(),
            targets: vec![OutItem { kind: "control", id_ref: &r.target }],
            props: r.strength.map(|s| OutProp { name: "strength", ns: NS, value: s.to_string() }).into_iter().collect(),
            remarks: r.rationale.as_deref(),
        })
        .collect();
    let doc = OutDocument {
        collection: OutCollection {
            uuid: uuid(),
            metadata: OutMetadata {
                title: export.title,
                last_modified: export.last_modified,
                version: "1",
                oscal_version: super::OSCAL_VERSION,
            },
            provenance: OutProvenance {
                method: "human",
                matching_rationale: "semantic",
                status: "complete",
                description: export.provenance,
            },
            mappings: vec![OutMapping {
                uuid: uuid(),
                source: Resource { kind: "catalog", href: export.source_href.clone() },
                target: Resource { kind: "catalog", href: export.target_href.clone() },
                maps,
            }],
        },
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records() -> Vec<MappingRecord> {
        vec![
            MappingRecord {
                sources: vec!["ac-2".into(), "ia-2".into()],
                target: "PR.AA-01".into(),
                relation: Relation::Superset,
                strength: Some(8),
                rationale: Some("together".into()),
                origin: String::new(),
            },
            MappingRecord {
                sources: vec!["ac-3".into()],
                target: "PR.AA-05".into(),
                relation: Relation::Intersects,
                strength: None,
                rationale: None,
                origin: String::new(),
            },
        ]
    }

    #[test]
    fn written_collections_read_back_the_same() {
        let export = MappingExport {
            title: "t",
            provenance: "p",
            last_modified: "2026-04-01T00:00:00Z",
            source_href: "urn:a".into(),
            target_href: "urn:b".into(),
        };
        let mut n = 0;
        let json = write_mapping_collection(&export, &records(), || {
            n += 1;
            format!("00000000-0000-4000-8000-{n:012}")
        });
        let back = read_mapping_collection("m.json", json.as_bytes()).expect("reads");
        let key =
            |r: &MappingRecord| (r.sources.clone(), r.target.clone(), r.relation, r.strength, r.rationale.clone());
        assert_eq!(back.records.iter().map(key).collect::<Vec<_>>(), records().iter().map(key).collect::<Vec<_>>());
        assert_eq!(back.provenance, "p — human");
    }

    #[test]
    fn unknown_relationships_say_where() {
        let json = r#"{"mapping-collection": {"metadata": {"title": "t", "oscal-version": "1.2.1"}, "mappings": [{"maps": [{"relationship": "kinda", "sources": [{"id-ref": "a"}], "targets": [{"id-ref": "b"}]}]}]}}"#;
        let e = read_mapping_collection("m.json", json.as_bytes()).expect_err("refused");
        assert_eq!(e.location, Location::Pointer("/mapping-collection/mappings/0/maps/0/relationship".into()));
    }
}
