//! Crosswalks as CSV: our own columns (`source`, `target`, `relation`, `strength`, `rationale`),
//! and NIST's re-tabulated crosswalks (`csf_id` or `sp800_171r3_id` to `sp800_53_id`), which state
//! no relation type: their rows become `intersects`, and the provenance says the type is unstated.
//!
//! Several source ids in one cell, separated by `+` or `;`, jointly cover the target (a group).

use kakehashi_domain::catalog::{Crosswalk, MappingRecord, Relation, parse_strength};

use crate::error::{ImportError, Location};
use crate::text;

const SOURCE_COLUMNS: [&str; 4] = ["source", "source_id", "csf_id", "sp800_171r3_id"];
const TARGET_COLUMNS: [&str; 3] = ["target", "target_id", "sp800_53_id"];
const RATIONALE_COLUMNS: [&str; 2] = ["rationale", "comments"];
/// Where the target is as written in the source document, used when the cleaned id is empty
/// (NIST's family-level references such as `PT`).
const TARGET_RAW_COLUMNS: [&str; 1] = ["sp800_53_ref_raw"];

/// What NIST's crosswalks say about themselves, for their provenance.
pub const NIST_UNSTATED: &str = "NIST, relation type unstated";

pub fn read(file: &str, bytes: &[u8], provenance: Option<&str>) -> Result<Crosswalk, ImportError> {
    if bytes.len() > crate::MAX_IMPORT_BYTES {
        return Err(ImportError::whole(file, "the file is larger than 50 MB"));
    }
    let text = text::decode(file, bytes)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ImportError::whole(file, format!("no header row: {e}")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let find = |names: &[&str]| names.iter().find_map(|n| headers.iter().position(|h| h == n));
    let header_error = |what: &str, names: &[&str]| {
        ImportError::new(
            file,
            Location::Line { line: 1, column: 1 },
            format!("no {what} column (one of: {})", names.join(", ")),
        )
    };
    let source = find(&SOURCE_COLUMNS).ok_or_else(|| header_error("source", &SOURCE_COLUMNS))?;
    let target = find(&TARGET_COLUMNS).ok_or_else(|| header_error("target", &TARGET_COLUMNS))?;
    let relation = find(&["relation", "relationship"]);
    let strength = find(&["strength"]);
    let rationale = find(&RATIONALE_COLUMNS);
    let kind = find(&["ref_kind"]);
    let target_raw = find(&TARGET_RAW_COLUMNS);
    let mut records = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let at = |column: usize| Location::Line { line, column: column + 1 };
        let row = row.map_err(|e| ImportError::new(file, at(0), e.to_string()))?;
        let cell = |c: usize| row.get(c).unwrap_or_default().trim();
        let sources: Vec<String> =
            cell(source).split(['+', ';']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
        let target_ref = match cell(target) {
            "" => target_raw.map(cell).unwrap_or_default(),
            t => t,
        };
        if sources.is_empty() && target_ref.is_empty() {
            continue;
        }
        if sources.is_empty() || target_ref.is_empty() {
            let column = if sources.is_empty() { source } else { target };
            return Err(ImportError::new(file, at(column), "a row needs both a source and a target"));
        }
        let relation = match relation.map(cell).filter(|r| !r.is_empty()) {
            Some(r) => Relation::parse(r).ok_or_else(|| {
                ImportError::new(
                    file,
                    at(relation.unwrap_or(0)),
                    format!("unknown relation {r:?}: use equal, subset, superset, intersects or no-relation"),
                )
            })?,
            None => Relation::Intersects,
        };
        let strength = match strength {
            Some(c) => parse_strength(cell(c)).map_err(|e| ImportError::new(file, at(c), e))?,
            None => None,
        };
        let mut rationale = rationale.map(cell).filter(|r| !r.is_empty()).map(str::to_owned);
        if kind.map(cell) == Some("family") {
            rationale =
                Some(format!("{}(family-level reference)", rationale.map(|r| format!("{r} ")).unwrap_or_default()));
        }
        records.push(MappingRecord {
            sources,
            target: target_ref.to_owned(),
            relation,
            strength,
            rationale,
            origin: format!("{file} line {line}"),
        });
    }
    if records.is_empty() {
        return Err(ImportError::whole(file, "the file has no mapping rows"));
    }
    let stated = relation.is_some();
    let provenance = provenance.map(str::to_owned).unwrap_or_else(|| {
        if stated { format!("imported from {file}") } else { format!("{NIST_UNSTATED} (from {file})") }
    });
    let crosswalk = Crosswalk { title: file.to_owned(), provenance, records };
    crosswalk.check_text().map_err(|e| ImportError::whole(file, e.to_string()))?;
    Ok(crosswalk)
}

/// The mappings as CSV in our own columns (sources of a group joined with ` + `).
pub fn write(records: &[MappingRecord]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(["source", "target", "relation", "strength", "rationale"]);
    for r in records {
        let strength = r.strength.map(|s| s.to_string()).unwrap_or_default();
        let _ = out.write_record([
            r.sources.join(" + ").as_str(),
            r.target.as_str(),
            r.relation.as_str(),
            strength.as_str(),
            r.rationale.as_deref().unwrap_or_default(),
        ]);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_our_columns_with_groups() {
        let csv = "source,target,relation,strength,rationale\nAC-2 + IA-2,PR.AA-01,superset,8,together they cover it\nAC-3,PR.AA-05,subset,,\n";
        let c = read("ours.csv", csv.as_bytes(), Some("Kakehashi team")).expect("reads");
        assert_eq!(c.records[0].sources, vec!["AC-2".to_string(), "IA-2".to_string()]);
        assert_eq!(c.records[0].relation, Relation::Superset);
        assert_eq!(c.records[0].strength, Some(8));
        assert_eq!(c.records[1].relation, Relation::Subset);
        assert_eq!(c.provenance, "Kakehashi team");
        let again = read("again.csv", write(&c.records).as_bytes(), Some("x")).expect("round trip");
        assert_eq!(
            again.records.iter().map(|r| (&r.sources, &r.target, r.relation, r.strength)).collect::<Vec<_>>(),
            c.records.iter().map(|r| (&r.sources, &r.target, r.relation, r.strength)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn nist_files_become_intersects_with_unstated_provenance() {
        let csv = "csf_id,sp800_53_ref_raw,sp800_53_id,ref_kind,comments,strength\nGV.OC-01,PM-11,PM-11,control,,\nGV.OC-03,PT,,family,,\n";
        let c = read("olir.csv", csv.as_bytes(), None).expect("reads");
        assert!(c.records.iter().all(|r| r.relation == Relation::Intersects));
        assert!(c.provenance.starts_with(NIST_UNSTATED));
        assert!(c.records[1].rationale.as_deref().unwrap_or_default().contains("family"));
        assert_eq!(c.records[1].target, "PT", "family references use the raw column");
    }

    #[test]
    fn bad_rows_say_where() {
        let e = read("x.csv", b"source,target,relation\nA,B,maybe\n", None).expect_err("refused");
        assert_eq!(e.location, Location::Line { line: 2, column: 3 });
        let e = read("x.csv", b"source,target,strength\nA,B,11\n", None).expect_err("refused");
        assert_eq!(e.location, Location::Line { line: 2, column: 3 });
        assert!(read("x.csv", b"from,to\nA,B\n", None).is_err());
        let e = read("x.csv", b"source,target\nA,\n", None).expect_err("refused");
        assert_eq!(e.location, Location::Line { line: 2, column: 2 });
    }
}
