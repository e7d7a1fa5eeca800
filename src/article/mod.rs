//! Article layer: the parts of a news file (title, dateline, byline, headings, paragraphs,
//! captions, boilerplate), its metadata, and its sentences.

mod blocks;
mod boilerplate;
mod captions;
mod dates;
mod metadata;
mod segments;

use crate::error::{Error, Result};
use crate::text::{Sentence, Token};

pub use dates::PartialDate;
pub use segments::{layout, Layout};

/// A byte span into the article's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// What a block of the file is. Body kinds make `content`; the others are kept, not counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SegmentKind {
    /// A metadata line the file format adds, such as ` date 2024-10`.
    Header,
    Title,
    /// `Roma, 18 giugno 2024 –`
    Dateline,
    /// `5 Set 2023 10:01 - di Sara De Vico`
    Byline,
    Heading,
    Paragraph,
    Caption,
    /// Paywall prompts, `Fine`, `Riproduzione riservata`, `Leggi anche …`, share/cookie lines.
    Boilerplate,
}

impl SegmentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SegmentKind::Header => "header",
            SegmentKind::Title => "title",
            SegmentKind::Dateline => "dateline",
            SegmentKind::Byline => "byline",
            SegmentKind::Heading => "heading",
            SegmentKind::Paragraph => "paragraph",
            SegmentKind::Caption => "caption",
            SegmentKind::Boilerplate => "boilerplate",
        }
    }

    /// Text that is the article itself: what sentences, tokens and `content` are made of.
    pub fn is_body(self) -> bool {
        matches!(
            self,
            SegmentKind::Title
                | SegmentKind::Heading
                | SegmentKind::Paragraph
                | SegmentKind::Caption
        )
    }

    /// Text that is not the article (paywall prompts and the like): set aside, never deleted.
    pub fn is_set_aside(self) -> bool {
        matches!(self, SegmentKind::Boilerplate)
    }
}

/// One block of the article, in text order. A caption carries the span of its credit, and so
/// does a dateline that names an agency (`ROMA, 5 SET (ANSA) -` → `ANSA`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub kind: SegmentKind,
    pub start: usize,
    pub end: usize,
    pub credit: Option<Span>,
}

/// A metadata value and, when it was read from the text, where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub value: String,
    pub span: Option<Span>,
}

/// Values a caller knows better than parsing can find (columns of a CSV, JSONL or Parquet file).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    pub id: Option<String>,
    pub source: Option<String>,
    /// ISO date: `2024`, `2024-06`, `2024-06-18` (a time part is dropped).
    pub date: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Article {
    pub text: String,
    pub id: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// ISO date with the precision the text gives: `2024-10`, `2024-06-18`.
    pub date: Option<Field>,
    /// `10:01` when a byline gives it.
    pub time: Option<Field>,
    pub title: Option<Field>,
    pub author: Option<Field>,
    /// Photo and agency credits in text order: captions' (`KEYSTONE`, `(Ansa, credit: Epa)`)
    /// and datelines' (`ANSA`).
    pub credits: Vec<Field>,
    pub segments: Vec<Segment>,
    /// Sentences of the body segments; their token ranges index `tokens()`.
    pub sentences: Vec<Sentence>,
    pub token_count: usize,
}

/// Parses one article. `text` is kept as given; every span points into it.
pub fn parse(text: String, overrides: Overrides) -> Result<Article> {
    let mut article = parse_structure(text, overrides)?;
    attach_sentences(&mut article);
    Ok(article)
}

/// Everything `parse` does but cutting tokens and sentences: segments and metadata.
pub fn parse_structure(text: String, overrides: Overrides) -> Result<Article> {
    let location = || overrides.id.clone().unwrap_or_else(|| "text".to_owned());
    if text.trim().is_empty() {
        return Err(Error::EmptyText {
            location: location(),
        });
    }
    let found = layout(&text);
    let field_at = |span: Span| Field {
        value: text[span.start..span.end].to_owned(),
        span: Some(span),
    };
    let found_date = found.date().map(|(date, span)| Field {
        value: date.to_string(),
        span: Some(span),
    });
    let date = match &overrides.date {
        Some(given) => {
            let date = dates::parse_iso_with_time(given).ok_or_else(|| Error::InvalidValue {
                location: location(),
                field: "date".to_owned(),
                message: format!("{given:?} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"),
            })?;
            let value = date.to_string();
            // The text gave the same date: keep pointing at it.
            let span = found_date
                .as_ref()
                .filter(|f| f.value == value)
                .and_then(|f| f.span);
            Some(Field { value, span })
        }
        None => found_date,
    };
    let found_title = found
        .segments
        .iter()
        .find(|s| s.kind == SegmentKind::Title)
        .map(|s| {
            field_at(Span {
                start: s.start,
                end: s.end,
            })
        });
    let title = match &overrides.title {
        Some(given) => {
            let span = found
                .segments
                .iter()
                .find(|s| text.get(s.start..s.end) == Some(given.as_str()))
                .map(|s| Span {
                    start: s.start,
                    end: s.end,
                });
            Some(Field {
                value: given.clone(),
                span,
            })
        }
        None => found_title,
    };
    let time = found.time.clone().map(|(value, span)| Field {
        value,
        span: Some(span),
    });
    let author = found.author.map(field_at);
    let credits = found.credits().map(field_at).collect();
    Ok(Article {
        id: overrides.id,
        source: overrides.source,
        url: overrides.url,
        date,
        time,
        title,
        author,
        credits,
        segments: found.segments,
        sentences: Vec::new(),
        token_count: 0,
        text,
    })
}

/// Cuts the body segments into tokens and sentences, in the order `Article::tokens` repeats.
fn attach_sentences(article: &mut Article) {
    let mut tokens = Vec::new();
    let mut sentences = Vec::new();
    for segment in article.segments.iter().filter(|s| s.kind.is_body()) {
        let first = tokens.len();
        crate::text::tokenize_into(&article.text, segment.start..segment.end, &mut tokens);
        crate::text::split_sentences(&article.text, &tokens, first..tokens.len(), &mut sentences);
    }
    article.sentences = sentences;
    article.token_count = tokens.len();
}

impl Article {
    /// Tokens of the body segments, in order. Recomputed on demand rather than stored: they
    /// take more memory than the text and cost a few microseconds an article to cut again.
    pub fn tokens(&self) -> Vec<Token> {
        let mut out = Vec::with_capacity(self.token_count);
        for segment in self.segments.iter().filter(|s| s.kind.is_body()) {
            crate::text::tokenize_into(&self.text, segment.start..segment.end, &mut out);
        }
        out
    }

    pub fn paragraphs(&self) -> impl Iterator<Item = &Segment> {
        self.segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Paragraph)
    }

    pub fn set_aside(&self) -> impl Iterator<Item = &Segment> {
        self.segments.iter().filter(|s| s.kind.is_set_aside())
    }

    /// The article without what is set aside or is metadata: body segments joined by blank lines.
    pub fn content(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        for segment in self.segments.iter().filter(|s| s.kind.is_body()) {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&self.text[segment.start..segment.end]);
        }
        out
    }
}
