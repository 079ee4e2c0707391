//! Import errors that say which file and where.

use std::fmt;

/// Where in the file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// 1-based line and column.
    Line { line: usize, column: usize },
    /// An RFC 6901 JSON pointer, e.g. `/catalog/groups/0/controls/3`.
    Pointer(String),
    /// The file as a whole.
    File,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line { line, column } => write!(f, "line {line}, column {column}"),
            Location::Pointer(p) => write!(f, "at {p}"),
            Location::File => f.write_str("the file"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {location}: {problem}")]
pub struct ImportError {
    pub file: String,
    pub location: Location,
    pub problem: String,
}

impl ImportError {
    pub fn new(file: &str, location: Location, problem: impl Into<String>) -> Self {
        Self { file: file.to_owned(), location, problem: problem.into() }
    }

    pub fn whole(file: &str, problem: impl Into<String>) -> Self {
        Self::new(file, Location::File, problem)
    }
}
