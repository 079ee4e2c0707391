//! The simple form as CSV, as saved from Excel (UTF-8, UTF-8 with BOM, or Shift_JIS): one row
//! per item. Columns, in any order, named in the header row:
//!
//! - `id` (required), `label`, `parent`, `kind` (`control` or `group`), `class`, `withdrawn`;
//! - `title`, `statement`, `guidance` in the file's language, or per language with a suffix:
//!   `title_ja`, `title_en`, `statement_en`, …
//!
//! The catalog's title and version come with the upload, as a CSV has no place for them.

use kakehashi_domain::catalog::Catalog;

use super::{GuidelineMeta, Item, build, is_language, set_text, truthy};
use crate::error::{ImportError, Location};

const TEXT_FIELDS: [&str; 5] = ["title", "statement", "guidance", "first_step", "evidence"];
const PLAIN_COLUMNS: [&str; 6] = ["id", "label", "parent", "kind", "class", "withdrawn"];

/// What a header cell means.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Plain(&'static str),
    Text { field: &'static str, lang: String },
}

fn column(header: &str, language: &str) -> Option<Column> {
    let h = header.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
    if let Some(p) = PLAIN_COLUMNS.iter().find(|p| **p == h) {
        return Some(Column::Plain(p));
    }
    let (name, lang) = h.split_once('_').unwrap_or((h.as_str(), language));
    let field = TEXT_FIELDS.iter().find(|f| **f == name)?;
    is_language(lang).then(|| Column::Text { field, lang: lang.to_owned() })
}

pub fn read_csv(file: &str, bytes: &[u8], meta: GuidelineMeta, language: &str) -> Result<Catalog, ImportError> {
    if bytes.len() > crate::MAX_IMPORT_BYTES {
        return Err(ImportError::whole(file, "the file is larger than 50 MB"));
    }
    if !is_language(language) {
        return Err(ImportError::whole(file, format!("language {language:?} is not a language tag such as ja or en")));
    }
    let text = crate::text::decode(file, bytes)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| ImportError::whole(file, format!("no header row: {e}")))?.clone();
    let columns: Vec<Option<Column>> = headers.iter().map(|h| column(h, language)).collect();
    if let Some((i, h)) = headers.iter().enumerate().find(|(i, h)| columns[*i].is_none() && !h.trim().is_empty()) {
        return Err(ImportError::new(
            file,
            Location::Line { line: 1, column: i + 1 },
            format!("unknown column {h:?}: see docs/guideline-form.md for the columns"),
        ));
    }
    if !columns.contains(&Some(Column::Plain("id"))) {
        return Err(ImportError::new(file, Location::Line { line: 1, column: 1 }, "no id column"));
    }
    let mut items = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
            ImportError::new(file, Location::Line { line, column: 1 }, e.to_string())
        })?;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = row.position().map(|p| p.line() as usize).unwrap_or(0);
        items.push(item(file, line, &columns, &row)?);
    }
    build(file, meta, items)
}

fn item(file: &str, line: usize, columns: &[Option<Column>], row: &csv::StringRecord) -> Result<Item, ImportError> {
    let mut item = Item {
        id: String::new(),
        label: None,
        parent: None,
        kind: None,
        class: None,
        withdrawn: false,
        texts: Vec::new(),
        at: Location::Line { line, column: 1 },
    };
    for (i, cell) in row.iter().enumerate() {
        let value = cell.trim().to_owned();
        match columns.get(i).cloned().flatten() {
            None => {}
            Some(Column::Plain("id")) => item.id = value,
            Some(Column::Plain("label")) => item.label = Some(value),
            Some(Column::Plain("parent")) => item.parent = Some(value),
            Some(Column::Plain("kind")) => item.kind = Some(value),
            Some(Column::Plain("class")) => item.class = Some(value),
            Some(Column::Plain(_)) => {
                item.withdrawn = truthy(&value).ok_or_else(|| {
                    let at = Location::Line { line, column: i + 1 };
                    ImportError::new(file, at, format!("withdrawn: {value:?} is neither yes nor no"))
                })?;
            }
            Some(Column::Text { field, lang }) => set_text(&mut item.texts, &lang, field, &value),
        }
    }
    Ok(item)
}
