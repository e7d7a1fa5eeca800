//! Classifying the blocks of a text into segments: first what a block is by itself (header,
//! dateline, byline, boilerplate, caption), then, from its neighbours, whether a short line is
//! a title or a heading.

use std::ops::Range;

use super::blocks::{split_blocks, trimmed_range};
use super::boilerplate::is_boilerplate;
use super::captions::caption_credit;
use super::dates::PartialDate;
use super::metadata::{find_byline, find_dateline, find_header, Found};
use super::{Segment, SegmentKind, Span};

/// A title is one line of at most this many characters.
pub const MAX_TITLE_CHARS: usize = 250;
/// A heading is one line of at most this many characters and words.
pub const MAX_HEADING_CHARS: usize = 120;
pub const MAX_HEADING_WORDS: usize = 16;

/// A date read from the text, with where it was written.
pub type Dated = (PartialDate, Span);

/// The segments of a text and the metadata its header, datelines and bylines give.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    pub segments: Vec<Segment>,
    pub header_date: Option<Dated>,
    /// The first full date a dateline or byline gives.
    pub text_date: Option<Dated>,
    /// The first dateline that gives a day and month but no year (`ROMA, 5 SET (ANSA) -`).
    pub day_month: Option<(u8, u8, Span)>,
    pub time: Option<(String, Span)>,
    pub author: Option<Span>,
}

impl Layout {
    /// The date of the article: a dateline's or byline's day when it agrees with the header
    /// (or there is no header), else the header's. A yearless dateline takes the header's year.
    pub fn date(&self) -> Option<Dated> {
        let from_day_month = || {
            let (header, _) = self.header_date?;
            let (day, month, span) = self.day_month?;
            let date = PartialDate::new(header.year, Some(month), Some(day))?;
            header.agrees_with(&date).then_some((date, span))
        };
        let from_text = self.text_date.or_else(from_day_month);
        match (self.header_date, from_text) {
            (Some(header), Some(text)) => {
                let better =
                    header.0.agrees_with(&text.0) && text.0.is_more_precise_than(&header.0);
                Some(if better { text } else { header })
            }
            (header, text) => header.or(text),
        }
    }

    pub fn credits(&self) -> impl Iterator<Item = Span> + '_ {
        self.segments.iter().filter_map(|s| s.credit)
    }
}

/// What a piece of a block is before its neighbours are looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Known(SegmentKind),
    /// Prose: a paragraph unless its length, ending and place make it a title or heading.
    Text {
        could_be_title: bool,
        could_be_heading: bool,
        ends_sentence: bool,
        chars: usize,
    },
}

#[derive(Clone, Copy, Debug)]
struct Unit {
    shape: Shape,
    span: Span,
    credit: Option<Span>,
    /// Set for the text following a dateline or header in the same block.
    after_prefix: bool,
}

/// Segments and metadata of `text`.
pub fn layout(text: &str) -> Layout {
    let mut layout = Layout::default();
    let mut units = Vec::new();
    for (index, block) in split_blocks(text).into_iter().enumerate() {
        read_block(text, block, index == 0, &mut units, &mut layout);
    }
    layout.segments = resolve(&units);
    layout
}

/// Cuts a header and a dateline off the start of a block, then shapes what is left.
fn read_block(
    text: &str,
    block: Range<usize>,
    first: bool,
    units: &mut Vec<Unit>,
    layout: &mut Layout,
) {
    let mut rest = block;
    let mut after_prefix = false;
    if first {
        if let Some(found) = find_header(&text[rest.clone()]) {
            let found = shift(found, rest.start);
            layout.header_date = found.date.clone().map(|(d, r)| (d, span(r)));
            units.push(known(SegmentKind::Header, found.span.clone(), None));
            rest = found.span.end..rest.end;
            after_prefix = true;
        }
    }
    let Some(inner) = trim_within(text, rest) else {
        return;
    };
    rest = inner;
    if let Some(found) = find_dateline(&text[rest.clone()]) {
        let found = shift(found, rest.start);
        record_date(layout, &found);
        if layout.day_month.is_none() {
            layout.day_month = found.day_month.clone().map(|(d, m, r)| (d, m, span(r)));
        }
        units.push(known(
            SegmentKind::Dateline,
            found.span.clone(),
            found.agency.clone(),
        ));
        rest = found.span.end..rest.end;
        after_prefix = true;
    }
    let Some(rest) = trim_within(text, rest) else {
        return;
    };
    let piece = &text[rest.clone()];
    let mut unit = known(SegmentKind::Paragraph, rest.clone(), None);
    unit.after_prefix = after_prefix;
    unit.shape = if let Some(found) = find_byline(piece).filter(|_| !after_prefix) {
        let found = shift(found, rest.start);
        record_date(layout, &found);
        if layout.time.is_none() {
            layout.time = found.time.clone().map(|(t, r)| (t, span(r)));
        }
        if layout.author.is_none() {
            layout.author = found.author.clone().map(span);
        }
        Shape::Known(SegmentKind::Byline)
    } else if is_boilerplate(piece) {
        Shape::Known(SegmentKind::Boilerplate)
    } else if let Some(credit) = caption_credit(piece) {
        unit.credit = Some(span(credit.start + rest.start..credit.end + rest.start));
        Shape::Known(SegmentKind::Caption)
    } else {
        text_shape(piece)
    };
    units.push(unit);
}

fn record_date(layout: &mut Layout, found: &Found) {
    if layout.text_date.is_none() {
        layout.text_date = found.date.clone().map(|(d, r)| (d, span(r)));
    }
}

/// Length and ending of a prose piece; only a short one is measured, so a huge block costs
/// nothing here.
fn text_shape(piece: &str) -> Shape {
    let short = piece.len() <= MAX_TITLE_CHARS * 4;
    let chars = if short {
        piece.chars().count()
    } else {
        piece.len()
    };
    let one_line = short && !piece.contains(['\n', '\r']);
    let ends_sentence = ends_like_sentence(piece);
    let could_be_title = one_line && chars <= MAX_TITLE_CHARS;
    let could_be_heading = one_line
        && chars <= MAX_HEADING_CHARS
        && piece.split_whitespace().count() <= MAX_HEADING_WORDS
        && !ends_sentence
        && starts_like_heading(piece);
    Shape::Text {
        could_be_title,
        could_be_heading,
        ends_sentence,
        chars,
    }
}

/// A line ending with `.`, `;`, `:` or `,` continues or closes prose; a heading ends otherwise
/// (`?`, `!`, a closing quote, or a word).
fn ends_like_sentence(piece: &str) -> bool {
    piece.trim_end().ends_with(['.', ';', ':', ',', '…'])
}

/// Headings start with a capital, a digit or an opening quote, never mid-sentence.
fn starts_like_heading(piece: &str) -> bool {
    piece
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// Decides titles and headings, which depend on the units around them.
fn resolve(units: &[Unit]) -> Vec<Segment> {
    let has_body_after = body_after(units);
    let mut has_body_before = false;
    let first_piece = units
        .iter()
        .position(|u| u.shape != Shape::Known(SegmentKind::Header));
    let mut segments = Vec::with_capacity(units.len());
    for (index, unit) in units.iter().enumerate() {
        let kind = match unit.shape {
            Shape::Known(kind) => kind,
            Shape::Text {
                could_be_title,
                could_be_heading,
                ends_sentence,
                chars,
            } => {
                let next = next_unit(units, index);
                if Some(index) == first_piece
                    && could_be_title
                    && is_title(next, ends_sentence, chars)
                {
                    SegmentKind::Title
                } else if could_be_heading
                    && !unit.after_prefix
                    && has_body_before
                    && has_body_after[index]
                {
                    SegmentKind::Heading
                } else {
                    SegmentKind::Paragraph
                }
            }
        };
        has_body_before |= kind.is_body();
        segments.push(Segment {
            kind,
            start: unit.span.start,
            end: unit.span.end,
            credit: unit.credit,
        });
    }
    segments
}

/// A title is followed by its byline or dateline, or, when it does not read as a sentence, by
/// longer text.
fn is_title(next: Option<&Unit>, ends_sentence: bool, chars: usize) -> bool {
    match next.map(|u| u.shape) {
        Some(Shape::Known(SegmentKind::Byline | SegmentKind::Dateline)) => true,
        Some(Shape::Text {
            chars: next_chars, ..
        }) => !ends_sentence && next_chars > chars,
        Some(Shape::Known(SegmentKind::Caption)) => !ends_sentence,
        _ => false,
    }
}

/// The next unit that is not set aside.
fn next_unit(units: &[Unit], index: usize) -> Option<&Unit> {
    units
        .iter()
        .skip(index + 1)
        .find(|u| u.shape != Shape::Known(SegmentKind::Boilerplate))
}

/// For each unit, whether some later unit is prose or a caption.
fn body_after(units: &[Unit]) -> Vec<bool> {
    let mut out = vec![false; units.len()];
    let mut seen = false;
    for (index, unit) in units.iter().enumerate().rev() {
        out[index] = seen;
        seen |= matches!(
            unit.shape,
            Shape::Text { .. } | Shape::Known(SegmentKind::Caption)
        );
    }
    out
}

fn known(kind: SegmentKind, range: Range<usize>, credit: Option<Range<usize>>) -> Unit {
    Unit {
        shape: Shape::Known(kind),
        span: span(range),
        credit: credit.map(span),
        after_prefix: false,
    }
}

fn span(range: Range<usize>) -> Span {
    Span {
        start: range.start,
        end: range.end,
    }
}

/// `range` without surrounding whitespace, or `None` when nothing is left.
fn trim_within(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let inner = trimmed_range(text.get(range.clone())?)?;
    Some(range.start + inner.start..range.start + inner.end)
}

/// Makes the ranges of `found`, read from a piece starting at `offset`, absolute.
fn shift(found: Found, offset: usize) -> Found {
    let move_range = |r: Range<usize>| r.start + offset..r.end + offset;
    Found {
        span: move_range(found.span),
        date: found.date.map(|(d, r)| (d, move_range(r))),
        day_month: found.day_month.map(|(d, m, r)| (d, m, move_range(r))),
        time: found.time.map(|(t, r)| (t, move_range(r))),
        author: found.author.map(move_range),
        agency: found.agency.map(move_range),
    }
}
