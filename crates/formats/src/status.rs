//! A list of control statuses (id → active or withdrawn) as CSV, for catalogs whose source does
//! not say which controls are withdrawn. The file needs an `id` column and a `status` column
//! (`active` or `withdrawn`); other columns are ignored. NIST's CSF 2.0 core export has both.

use crate::error::{ImportError, Location};

pub fn read(file: &str, bytes: &[u8]) -> Result<Vec<(String, bool)>, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::whole(file, format!("not UTF-8 text ({e})")))?;
    let mut reader =
        csv::ReaderBuilder::new().flexible(false).from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().map_err(|e| ImportError::whole(file, format!("no header row: {e}")))?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| ImportError::new(file, Location::Line { line: 1, column: 1 }, format!("no {name:?} column")))
    };
    let (id, status) = (column("id")?, column("status")?);
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|e| ImportError::new(file, Location::Line { line, column: 1 }, e.to_string()))?;
        let key = record.get(id).unwrap_or_default().trim();
        let withdrawn = match record.get(status).unwrap_or_default().trim().to_ascii_lowercase().as_str() {
            "withdrawn" => true,
            "active" | "" => false,
            other => {
                return Err(ImportError::new(
                    file,
                    Location::Line { line, column: status + 1 },
                    format!("unknown status {other:?}"),
                ));
            }
        };
        if !key.is_empty() {
            out.push((key.to_owned(), withdrawn));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_and_statuses_by_column_name() {
        let csv =
            "element_type,id,status,withdrawal_reason\nsubcategory,ID.AM-06,withdrawn,moved\ncategory,GV.OC,active,\n";
        assert_eq!(
            read("s.csv", csv.as_bytes()).expect("reads"),
            vec![("ID.AM-06".to_string(), true), ("GV.OC".to_string(), false)]
        );
    }

    #[test]
    fn bad_rows_say_their_line() {
        let e = read("s.csv", b"id,status\nA,active\nB,retired\n").expect_err("refused");
        assert_eq!(e.location, Location::Line { line: 3, column: 2 });
        assert!(read("s.csv", b"name,state\n").is_err());
    }
}
