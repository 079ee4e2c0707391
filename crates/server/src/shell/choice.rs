//! One option of a `<select>`, with its label in the person's language.

use super::Page;

#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn new(page: &Page, value: &str, label_key: &str, current: &str) -> Self {
        Choice { value: value.to_owned(), label: page.t(label_key), selected: value == current }
    }
}
