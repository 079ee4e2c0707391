//! YAML documents of ours (the guideline form, the baseline), read with serde-saphyr: one way
//! to turn its errors into ours, with the line and column it gives.

use serde::de::DeserializeOwned;

use crate::error::{ImportError, Location};

/// Reads `text` as a `T`, or says where and why it is not `form`.
pub(crate) fn read<T: DeserializeOwned>(file: &str, text: &str, form: &str) -> Result<T, ImportError> {
    serde_saphyr::from_str(text).map_err(|e| {
        let location = e
            .location()
            .map(|l| Location::Line { line: l.line() as usize, column: l.column() as usize })
            .unwrap_or(Location::File);
        // Parser messages can run to several lines with a source excerpt; the first says what is wrong.
        let message = e.to_string();
        let first = message.lines().next().unwrap_or(&message);
        ImportError::new(file, location, format!("not {form}: {first}"))
    })
}
