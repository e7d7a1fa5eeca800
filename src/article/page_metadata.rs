//! What a web page says of its article beyond the text and the common fields (id, source,
//! date, title, url): read by `crate::page`, carried by `Overrides`, exposed on `Article`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PageMetadata {
    /// ISO date of the last change (`2024-06-19`).
    pub modified: Option<String>,
    /// Authors the page names; they win over a byline found in the text.
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub section: Option<String>,
    pub keywords: Vec<String>,
    /// Primary language subtag (`it`).
    pub language: Option<String>,
    pub canonical_url: Option<String>,
    /// Where each value was read, as (field, origin) pairs: origins are `json-ld`,
    /// `opengraph`, `twitter`, `meta`, `time`, `html`, `text`, `url`, `given`.
    pub sources: Vec<(String, String)>,
}

impl PageMetadata {
    /// The origin of `field`, if the page gave it.
    pub fn source_of(&self, field: &str) -> Option<&str> {
        self.sources
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, origin)| origin.as_str())
    }
}
