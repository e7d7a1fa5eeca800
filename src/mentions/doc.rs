//! The view every extractor works on: the tokens of the article's prose (body, dateline and
//! byline), lowercased once, each tied to its sentence, segment and entity.

use std::borrow::Cow;
use std::ops::Range;

use crate::article::{Article, SegmentKind};
use crate::entities::Entity;
use crate::text::{tokenize_into, Token, TokenKind};

pub struct Doc<'a> {
    pub article: &'a Article,
    pub text: &'a str,
    pub tokens: Vec<Token>,
    lower: Vec<Cow<'a, str>>,
    /// Per token: the unit it belongs to (a body sentence, or a whole dateline or byline).
    pub unit: Vec<u32>,
    /// Token range of each unit.
    pub units: Vec<Range<usize>>,
    /// Per unit: the body sentence it is, if it is one.
    pub unit_sentence: Vec<Option<usize>>,
    /// Per unit: the kind of segment it is in and that segment's index.
    pub unit_segment: Vec<(SegmentKind, usize)>,
    pub entities: &'a [Entity],
    /// Per token: the entity that covers it.
    pub entity_at: Vec<Option<usize>>,
}

impl<'a> Doc<'a> {
    pub fn new(article: &'a Article, entities: &'a [Entity]) -> Self {
        let text = article.text.as_str();
        let mut tokens = Vec::with_capacity(article.token_count + 32);
        let mut unit = Vec::with_capacity(article.token_count + 32);
        let mut units = Vec::new();
        let mut unit_sentence = Vec::new();
        let mut unit_segment = Vec::new();
        let mut body_seen = 0usize;
        let mut sentences = article.sentences.iter().enumerate().peekable();
        for (index, segment) in article.segments.iter().enumerate() {
            let kind = segment.kind;
            let wanted =
                kind.is_body() || matches!(kind, SegmentKind::Dateline | SegmentKind::Byline);
            if !wanted {
                continue;
            }
            let first = tokens.len();
            for range in segment.text_ranges() {
                tokenize_into(text, range, &mut tokens);
            }
            if kind.is_body() {
                // Body tokens are the article's tokens in the same order: follow its sentences.
                let count = tokens.len() - first;
                let body_end = body_seen + count;
                while let Some((number, sentence)) =
                    sentences.next_if(|(_, s)| s.tokens.start < body_end)
                {
                    let start = first + sentence.tokens.start.saturating_sub(body_seen);
                    let end =
                        (first + sentence.tokens.end.saturating_sub(body_seen)).min(tokens.len());
                    if start >= end {
                        continue;
                    }
                    let id = units.len() as u32;
                    unit.resize(start, id.saturating_sub(1));
                    unit.resize(end, id);
                    units.push(start..end);
                    unit_sentence.push(Some(number));
                    unit_segment.push((kind, index));
                }
                body_seen = body_end;
                // Tokens a sentence did not cover (none expected) join the last unit.
                if unit.len() < tokens.len() {
                    let id = units.len().saturating_sub(1) as u32;
                    if let Some(last) = units.last_mut() {
                        last.end = tokens.len();
                    }
                    unit.resize(tokens.len(), id);
                }
            } else if tokens.len() > first {
                let id = units.len() as u32;
                unit.resize(tokens.len(), id);
                units.push(first..tokens.len());
                unit_sentence.push(None);
                unit_segment.push((kind, index));
            }
        }
        if units.is_empty() {
            tokens.clear();
            unit.clear();
        }
        let lower = tokens
            .iter()
            .map(|t| {
                let s = t.text(text);
                if s.chars().any(char::is_uppercase) {
                    Cow::Owned(s.to_lowercase())
                } else {
                    Cow::Borrowed(s)
                }
            })
            .collect();
        let entity_at = map_entities(&tokens, entities);
        Doc {
            article,
            text,
            tokens,
            lower,
            unit,
            units,
            unit_sentence,
            unit_segment,
            entities,
            entity_at,
        }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// The token's text as written.
    pub fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.text(self.text))
    }

    /// The token's text, lowercase; empty past the end.
    pub fn lower(&self, i: usize) -> &str {
        self.lower.get(i).map_or("", |s| s.as_ref())
    }

    pub fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    pub fn is(&self, i: usize, words: &[&str]) -> bool {
        let w = self.lower(i);
        !w.is_empty() && words.contains(&w)
    }

    pub fn is_capitalized(&self, i: usize) -> bool {
        self.word(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Both tokens exist and are in the same sentence (or dateline, byline).
    pub fn same_unit(&self, a: usize, b: usize) -> bool {
        match (self.unit.get(a), self.unit.get(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
    }

    /// The token range of the unit of token `i`.
    pub fn unit_range(&self, i: usize) -> Range<usize> {
        self.unit
            .get(i)
            .and_then(|&u| self.units.get(u as usize))
            .cloned()
            .unwrap_or(i..i)
    }

    pub fn sentence_of(&self, i: usize) -> Option<usize> {
        self.unit
            .get(i)
            .and_then(|&u| self.unit_sentence.get(u as usize).copied().flatten())
    }

    /// The segment (index into `article.segments`) of token `i`.
    pub fn segment_of(&self, i: usize) -> Option<usize> {
        self.unit
            .get(i)
            .and_then(|&u| self.unit_segment.get(u as usize))
            .map(|&(_, index)| index)
    }

    pub fn segment_kind(&self, i: usize) -> Option<SegmentKind> {
        self.unit
            .get(i)
            .and_then(|&u| self.unit_segment.get(u as usize))
            .map(|&(kind, _)| kind)
    }

    /// Byte offsets of tokens `first..=last`.
    pub fn bytes(&self, first: usize, last: usize) -> (usize, usize) {
        let start = self.tokens.get(first).map_or(0, |t| t.start);
        let end = self.tokens.get(last).map_or(start, |t| t.end);
        (start, end.max(start))
    }

    /// The text of tokens `first..=last` as written, spaces included.
    pub fn slice(&self, first: usize, last: usize) -> &'a str {
        let (start, end) = self.bytes(first, last);
        self.text.get(start..end).unwrap_or("")
    }

    /// The first token at or after byte `offset`.
    pub fn token_at_byte(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.end <= offset)
    }

    /// Token range `[first, last]` of entity `e`.
    pub fn entity_tokens(&self, e: usize) -> Option<(usize, usize)> {
        let entity = self.entities.get(e)?;
        let first = self.token_at_byte(entity.start);
        let last = self
            .tokens
            .partition_point(|t| t.start < entity.end)
            .checked_sub(1)?;
        (first <= last && self.entity_at.get(first) == Some(&Some(e))).then_some((first, last))
    }
}

/// Which entity covers each token (entities are in text order; a token covered by none gets
/// `None`).
fn map_entities(tokens: &[Token], entities: &[Entity]) -> Vec<Option<usize>> {
    let mut at = vec![None; tokens.len()];
    for (index, entity) in entities.iter().enumerate() {
        if entity.segment == SegmentKind::Header || entity.segment.is_set_aside() {
            continue;
        }
        let first = tokens.partition_point(|t| t.end <= entity.start);
        for slot in tokens
            .iter()
            .zip(at.iter_mut())
            .skip(first)
            .take_while(|(t, _)| t.start < entity.end)
            .map(|(_, slot)| slot)
        {
            slot.get_or_insert(index);
        }
    }
    at
}
