//! Classifying the blocks of a text into segments: first what a block is by itself (header,
//! dateline, byline, boilerplate, caption), then, from its neighbours, whether a short line is
//! a title or a heading.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::blocks::{has_line_break, has_more_chars_than, split_blocks, trimmed_range};
use super::boilerplate::{is_boilerplate, MAX_BOILERPLATE_CHARS};
use super::captions::{caption_credit, MAX_CAPTION_CHARS};
use super::dates::PartialDate;
use super::metadata::{find_byline, find_dateline, find_header, Found, MAX_BYLINE_CHARS};
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
    /// The first dateline's place and agency (`ROMA`, `ANSA`).
    pub place: Option<Span>,
    pub agency: Option<Span>,
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

/// The longest byline, chrome or caption, in characters.
const MAX_SHORT_BLOCK_CHARS: usize = max(
    MAX_BYLINE_CHARS,
    max(MAX_BOILERPLATE_CHARS, MAX_CAPTION_CHARS),
);

const fn max(a: usize, b: usize) -> usize {
    if a > b {
        a
    } else {
        b
    }
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
        if layout.place.is_none() {
            layout.place = found.place.clone().map(span);
            layout.agency = found.agency.clone().map(span);
        }
        units.push(known(
            SegmentKind::Dateline,
            found.span.clone(),
            found.agency.clone(),
        ));
        rest = found.span.end..rest.end;
        after_prefix = true;
    }
    let Some(mut rest) = trim_within(text, rest) else {
        return;
    };
    // An agency's sign-off ending the block (`… a Mosca. (ANSA).`) is a credit, set aside.
    let mut sign_off = None;
    if let Some((whole, agency)) = agency_sign_off(&text[rest.clone()]) {
        let tail = rest.start + agency.start..rest.start + agency.end;
        let whole = rest.start + whole.start..rest.end;
        let body = trim_within(text, rest.start..whole.start);
        match body {
            Some(body) => {
                sign_off = Some(known(SegmentKind::Boilerplate, whole, Some(tail)));
                rest = body;
            }
            None => {
                units.push(known(SegmentKind::Boilerplate, whole, Some(tail)));
                return;
            }
        }
    }
    let piece = &text[rest.clone()];
    let mut unit = known(SegmentKind::Paragraph, rest.clone(), None);
    unit.after_prefix = after_prefix;
    // Bylines, chrome and captions are short: a longer piece is prose, its characters
    // counted once here rather than by each of the three.
    let short = !has_more_chars_than(piece, MAX_SHORT_BLOCK_CHARS);
    unit.shape = if let Some(found) = short
        .then(|| find_byline(piece))
        .flatten()
        .filter(|_| !after_prefix)
    {
        let found = shift(found, rest.start);
        record_date(layout, &found);
        if layout.time.is_none() {
            layout.time = found.time.clone().map(|(t, r)| (t, span(r)));
        }
        if layout.author.is_none() {
            layout.author = found.author.clone().map(span);
        }
        Shape::Known(SegmentKind::Byline)
    } else if short && is_boilerplate(piece) {
        Shape::Known(SegmentKind::Boilerplate)
    } else if let Some(credit) = short.then(|| caption_credit(piece)).flatten() {
        unit.credit = Some(span(credit.start + rest.start..credit.end + rest.start));
        Shape::Known(SegmentKind::Caption)
    } else {
        text_shape(piece)
    };
    units.push(unit);
    units.extend(sign_off);
}

/// Agencies whose name in brackets closes a wire story (`(ANSA)`, `(ANSA-AFP)`, `(AGI)`).
static SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\((?P<agency>(?i:ansa|agi|adnkronos|askanews|lapresse|dire|italpress|nova|reuters|afp|ap|dpa|efe|tass|ria novosti|xinhua|yonhap|kcna|bloomberg)(?:[-/][\p{L}]{2,12})?)\)[ \t]*\.?[ \t]*$",
    )
    .expect("sign-off pattern")
});

/// Where an agency's sign-off at the end of `piece` starts, and the agency's name inside it.
fn agency_sign_off(piece: &str) -> Option<(Range<usize>, Range<usize>)> {
    // Every block passes here: most do not end with a bracket, and need no pattern.
    if !piece
        .trim_end()
        .trim_end_matches('.')
        .trim_end()
        .ends_with(')')
    {
        return None;
    }
    let from = piece.len().saturating_sub(48);
    let from = (0..=from)
        .rev()
        .find(|&i| piece.is_char_boundary(i))
        .unwrap_or(0);
    let caps = SIGN_OFF.captures(&piece[from..])?;
    let whole = caps.get(0)?;
    let agency = caps.name("agency")?;
    Some((
        from + whole.start()..from + whole.end(),
        from + agency.start()..from + agency.end(),
    ))
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
    let one_line = short && !has_line_break(piece);
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

/// A line ending with `.`, `;`, `:` or `,` continues or closes prose, also inside closing
/// quotes (`«Non cederemo.»` is a quoted sentence); a heading ends otherwise (`?`, `!`, a
/// closing quote after a word, or a word).
fn ends_like_sentence(piece: &str) -> bool {
    piece
        .trim_end()
        .trim_end_matches(['»', '”', '"', '’', '\'', ')'])
        .ends_with(['.', ';', ':', ',', '…'])
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
    // Site chrome above the title (`Pubblicità`) does not stop it being the first piece.
    let first_piece = units.iter().position(|u| {
        !matches!(
            u.shape,
            Shape::Known(SegmentKind::Header | SegmentKind::Boilerplate)
        )
    });
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
        place: found.place.map(move_range),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(SegmentKind, &str)> {
        layout(text)
            .segments
            .iter()
            .map(|s| (s.kind, &text[s.start..s.end]))
            .collect()
    }

    const LONG: &str = "Il governo ha approvato ieri sera la manovra economica dopo una lunga riunione del consiglio dei ministri, tra le proteste delle opposizioni che chiedevano più tempo.";

    #[test]
    fn title_followed_by_byline() {
        let text = format!("Vertice a Roma\n\ndi Mario Rossi\n\n{LONG}");
        assert_eq!(
            kinds(&text),
            [
                (SegmentKind::Title, "Vertice a Roma"),
                (SegmentKind::Byline, "di Mario Rossi"),
                (SegmentKind::Paragraph, LONG),
            ]
        );
        assert_eq!(
            layout(&text).author.map(|s| &text[s.start..s.end]),
            Some("Mario Rossi")
        );
    }

    #[test]
    fn title_without_period_before_longer_text() {
        let text = format!("La manovra passa in consiglio dei ministri\n\n{LONG}");
        assert_eq!(kinds(&text)[0].0, SegmentKind::Title);
    }

    #[test]
    fn chrome_above_the_title_is_skipped() {
        let text = format!("Pubblicità\n\nVertice a Roma\n\n5 Set 2023 - di Mario Rossi\n\n{LONG}");
        assert_eq!(kinds(&text)[1], (SegmentKind::Title, "Vertice a Roma"));
    }

    #[test]
    fn one_sentence_first_block_is_a_paragraph() {
        let text = format!("La manovra passa in consiglio dei ministri.\n\n{LONG}");
        assert_eq!(kinds(&text)[0].0, SegmentKind::Paragraph);
        // Nothing follows: a lone short line is no title.
        assert_eq!(kinds("La manovra passa")[0].0, SegmentKind::Paragraph);
    }

    #[test]
    fn headings_sit_between_body_blocks() {
        let text = format!(
            "{LONG}\n\nLe reazioni dell’opposizione\n\n{LONG}\n\nUn’altra riga senza punto"
        );
        assert_eq!(
            kinds(&text).iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            [
                SegmentKind::Paragraph,
                SegmentKind::Heading,
                SegmentKind::Paragraph,
                SegmentKind::Paragraph
            ]
        );
    }

    #[test]
    fn sentence_final_short_line_is_a_paragraph() {
        for line in [
            "Il governo ha approvato la manovra.",
            "Ecco le reazioni:",
            "e poi ancora",
            "«Non cederemo mai.»",
            "Lo ha detto il ministro (in conferenza stampa.)",
        ] {
            let text = format!("{LONG}\n\n{line}\n\n{LONG}");
            assert_eq!(kinds(&text)[1], (SegmentKind::Paragraph, line), "{line}");
        }
        for line in ["Chi paga la manovra?", "«Non cederemo»", "Tasse: 10 punti"] {
            let text = format!("{LONG}\n\n{line}\n\n{LONG}");
            assert_eq!(kinds(&text)[1], (SegmentKind::Heading, line), "{line}");
        }
    }

    #[test]
    fn long_lines_are_never_headings() {
        let line = "Parola ".repeat(17);
        let text = format!("{LONG}\n\n{}\n\n{LONG}", line.trim());
        assert_eq!(kinds(&text)[1].0, SegmentKind::Paragraph);
    }

    #[test]
    fn header_then_prose_on_the_same_line() {
        let text = format!(" date 2024-10 {LONG}\n\n{LONG}");
        let found = layout(&text);
        assert_eq!(kinds(&text)[0], (SegmentKind::Header, "date 2024-10"));
        assert_eq!(kinds(&text)[1], (SegmentKind::Paragraph, LONG));
        let (date, span) = found.date().unwrap();
        assert_eq!(
            (date.to_string().as_str(), &text[span.start..span.end]),
            ("2024-10", "2024-10")
        );
    }

    #[test]
    fn only_a_header() {
        assert_eq!(
            kinds(" date 2024-10\n"),
            [(SegmentKind::Header, "date 2024-10")]
        );
    }

    #[test]
    fn invalid_header_date_is_a_header_without_date() {
        let text = format!("date 2024-13 {LONG}");
        assert_eq!(kinds(&text)[0], (SegmentKind::Header, "date 2024-13"));
        assert_eq!(layout(&text).date(), None);
    }

    #[test]
    fn dateline_gives_the_day_when_it_agrees_with_the_header() {
        let text = format!(" date 2024-06 Roma, 18 giugno 2024 – {LONG}");
        assert_eq!(
            kinds(&text),
            [
                (SegmentKind::Header, "date 2024-06"),
                (SegmentKind::Dateline, "Roma, 18 giugno 2024 –"),
                (SegmentKind::Paragraph, LONG),
            ]
        );
        assert_eq!(
            layout(&text).date().map(|d| d.0.to_string()).as_deref(),
            Some("2024-06-18")
        );
        let text = format!(" date 2024-07 Roma, 18 giugno 2024 – {LONG}");
        assert_eq!(
            layout(&text).date().map(|d| d.0.to_string()).as_deref(),
            Some("2024-07")
        );
    }

    #[test]
    fn agency_dateline_takes_the_header_year_and_credits_the_agency() {
        let text = format!("date 2023-09 ROMA, 5 SET (ANSA) - {LONG}");
        let found = layout(&text);
        assert_eq!(
            found.date().map(|d| d.0.to_string()).as_deref(),
            Some("2023-09-05")
        );
        let credits: Vec<&str> = found.credits().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(credits, ["ANSA"]);
    }

    #[test]
    fn dateline_phrase_mid_paragraph_is_prose() {
        let text = format!("{LONG} Roma, 18 giugno 2024 – riprendono i lavori.");
        assert_eq!(kinds(&text), [(SegmentKind::Paragraph, text.as_str())]);
        assert_eq!(layout(&text).date(), None);
    }

    #[test]
    fn crlf_text() {
        let text = "Vertice a Roma\r\n\r\ndi Mario Rossi\r\n\r\nIl governo ha approvato la manovra, dopo una lunga riunione.\r\n\r\nFine\r\n";
        assert_eq!(
            kinds(text),
            [
                (SegmentKind::Title, "Vertice a Roma"),
                (SegmentKind::Byline, "di Mario Rossi"),
                (
                    SegmentKind::Paragraph,
                    "Il governo ha approvato la manovra, dopo una lunga riunione."
                ),
                (SegmentKind::Boilerplate, "Fine"),
            ]
        );
    }

    #[test]
    fn text_without_blank_lines() {
        let text = format!("Vertice a Roma\n{LONG}\n{LONG}");
        assert_eq!(kinds(&text), [(SegmentKind::Paragraph, text.as_str())]);
    }

    #[test]
    fn only_boilerplate() {
        let text = "Per continuare a leggere l’articolo sostienici oppure accedi\n\nFine";
        assert!(kinds(text)
            .iter()
            .all(|(k, _)| *k == SegmentKind::Boilerplate));
    }

    #[test]
    fn long_paragraph_with_fine_inside_is_prose() {
        let text = format!("{LONG}\n\nFine di una lunga stagione politica: {LONG}\n\nFine");
        let kinds = kinds(&text);
        assert_eq!(kinds[1].0, SegmentKind::Paragraph);
        assert_eq!(kinds[2], (SegmentKind::Boilerplate, "Fine"));
    }

    #[test]
    fn caption_credit_is_recorded() {
        let text = format!("Putin e Kim a Vladivostok. KEYSTONE\n\n{LONG}");
        let found = layout(&text);
        assert_eq!(found.segments[0].kind, SegmentKind::Caption);
        let credits: Vec<&str> = found.credits().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(credits, ["KEYSTONE"]);
    }

    #[test]
    fn a_huge_block_is_one_paragraph() {
        let text = "Una frase qualsiasi, ancora e ancora. ".repeat(500_000);
        let found = layout(&text);
        assert_eq!(found.segments.len(), 1);
        assert_eq!(found.segments[0].kind, SegmentKind::Paragraph);
    }
}
