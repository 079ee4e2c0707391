//! What the import pages (catalogs, profiles, crosswalks) say when a file is refused: a sentence
//! in the person's language, and the parser's own technical detail beside it, shown as code
//! (it names fields and positions of the file, which the operator may need to fix it).

use kakehashi_domain::message::Message;
use kakehashi_formats::{ImportError, Location};

#[derive(Debug)]
pub struct ImportProblem {
    pub message: Message,
    pub detail: Option<String>,
}

impl ImportProblem {
    /// A problem told by a message key alone ("choose a file").
    pub fn key(key: &'static str) -> Self {
        Self { message: Message::new(key), detail: None }
    }

    /// The same, with arguments for the message.
    pub fn with_args(mut self, args: &[(&'static str, String)]) -> Self {
        for (name, value) in args {
            self.message = self.message.with(name, value);
        }
        self
    }

    /// A message with the technical detail shown beside it.
    pub fn with_detail(message: Message, detail: impl ToString) -> Self {
        Self { message, detail: Some(detail.to_string()) }
    }

    /// The file could not be read: which file, where, and the parser's words.
    pub fn unreadable(e: &ImportError) -> Self {
        let message = match &e.location {
            Location::Line { line, column } => {
                Message::new("import-unreadable-at-line").with("line", line).with("column", column)
            }
            // A pointer to the document itself ("" or "/") says no more than "the file".
            Location::Pointer(p) if p.trim_matches('/').is_empty() => Message::new("import-unreadable"),
            Location::Pointer(p) => Message::new("import-unreadable-at").with("where", p),
            Location::File => Message::new("import-unreadable"),
        };
        Self::with_detail(message.with("file", &e.file), &e.problem)
    }

    /// The file was read but refused for another reason, told in the detail.
    pub fn refused(file: &str, detail: impl ToString) -> Self {
        Self::with_detail(Message::new("import-refused").with("file", file), detail)
    }
}
