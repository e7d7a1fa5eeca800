//! One mention of an entity: where it is, its label and the canonical name of its referent.

use crate::article::SegmentKind;
use crate::places::PlaceId;

use super::tags::Label;

/// One mention of an entity in an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Byte offsets into `article.text`.
    pub start: usize,
    pub end: usize,
    pub label: Label,
    /// The name that all mentions of this referent share (`Putin` → `Vladimir Putin`).
    pub canonical: String,
    /// Index into `article.sentences`; `None` outside the body (bylines, set-aside text).
    pub sentence: Option<usize>,
    /// The kind of segment the mention is in.
    pub segment: SegmentKind,
    /// The gazetteer record of a place (LOC), or of a state or capital tagged ORG.
    pub place: Option<PlaceId>,
}

impl Entity {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// In text that is not the article (a paywall prompt, a `Leggi anche` line).
    pub fn is_set_aside(&self) -> bool {
        self.segment.is_set_aside()
    }
}
