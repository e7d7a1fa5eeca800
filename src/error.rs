//! The one error type of the core: every failure names the file, record or value it concerns.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Where an error happened, as a user would name it: `corpus/a.txt`, `feed.jsonl:12`, `text`.
pub type Location = String;

#[derive(Debug, Error, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Error {
    #[error("{location}: cannot read: {message}")]
    Io { location: Location, message: String },
    #[error("{location}: not valid {encoding} (first invalid byte at offset {offset})")]
    Encoding {
        location: Location,
        encoding: String,
        offset: usize,
    },
    #[error("{location}: looks like a binary file (NUL byte at offset {offset})")]
    Binary { location: Location, offset: usize },
    #[error("{location}: empty text")]
    EmptyText { location: Location },
    #[error("{location}: missing column {column:?}")]
    MissingColumn { location: Location, column: String },
    #[error("{location}: {message}")]
    Format { location: Location, message: String },
    #[error("{location}: invalid {field}: {message}")]
    InvalidValue {
        location: Location,
        field: String,
        message: String,
    },
    #[error("{location}: unsupported input: {message}")]
    Unsupported { location: Location, message: String },
    #[error("internal error (please report it): {0}")]
    Internal(String),
}

impl Error {
    /// The file, record or value the error is about, if it has one.
    pub fn location(&self) -> Option<&str> {
        match self {
            Error::Io { location, .. }
            | Error::Encoding { location, .. }
            | Error::Binary { location, .. }
            | Error::EmptyText { location }
            | Error::MissingColumn { location, .. }
            | Error::Format { location, .. }
            | Error::InvalidValue { location, .. }
            | Error::Unsupported { location, .. } => Some(location),
            Error::Internal(_) => None,
        }
    }

    /// A short stable name of the kind of failure, as Python sees it in `corpus.errors`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::Encoding { .. } => "encoding",
            Error::Binary { .. } => "binary",
            Error::EmptyText { .. } => "empty_text",
            Error::MissingColumn { .. } => "missing_column",
            Error::Format { .. } => "format",
            Error::InvalidValue { .. } => "invalid_value",
            Error::Unsupported { .. } => "unsupported",
            Error::Internal(_) => "internal",
        }
    }

    /// The same error, said of another location (a corpus reader knows the file and row that a
    /// parser only knew as a text).
    pub fn at(mut self, new_location: impl Into<Location>) -> Self {
        let new_location = new_location.into();
        match &mut self {
            Error::Io { location, .. }
            | Error::Encoding { location, .. }
            | Error::Binary { location, .. }
            | Error::EmptyText { location }
            | Error::MissingColumn { location, .. }
            | Error::Format { location, .. }
            | Error::InvalidValue { location, .. }
            | Error::Unsupported { location, .. } => *location = new_location,
            Error::Internal(_) => {}
        }
        self
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_location() {
        let err = Error::EmptyText {
            location: "feed.jsonl:3".into(),
        };
        assert_eq!(err.to_string(), "feed.jsonl:3: empty text");
        let moved = err.at("other.txt");
        assert_eq!(moved.location(), Some("other.txt"));
    }
}
