//! Dates: absolute (`18 giugno 2024`, `5 Set 2023`, `settembre del 2014`, `5/9/2023`),
//! partial (`5 settembre`, `giovedì`), ranges (`dal 10 al 13 settembre`) and relative
//! (`oggi`, `stasera`, `la settimana scorsa`, `lo scorso settembre`), each resolved against
//! the article's date when the text allows, and left unresolved when it does not.

use crate::article::Article;
use crate::entities::Entity;
use crate::text::TokenKind;

use super::calendar::{add_months, DateValue, Day};
use super::doc::Doc;

/// What kind of expression a date mention is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateKind {
    /// Gives its year: `18 giugno 2024`, `giugno 2024`, `2022`.
    Absolute,
    /// Needs the article's date: `5 settembre`, `a luglio`, `giovedì`.
    Partial,
    /// Counted from the article's date: `oggi`, `ieri`, `la settimana scorsa`.
    Relative,
    /// `dal 10 al 13 settembre`.
    Range,
}

impl DateKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DateKind::Absolute => "absolute",
            DateKind::Partial => "partial",
            DateKind::Relative => "relative",
            DateKind::Range => "range",
        }
    }
}

/// A date mentioned in an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Byte offsets into `article.text`.
    pub start: usize,
    pub end: usize,
    pub kind: DateKind,
    /// The resolved value, or `None` when the text and the article's date do not settle it.
    pub value: Option<DateValue>,
    /// Index into `article.sentences`; `None` in a dateline or byline.
    pub sentence: Option<usize>,
}

impl DateMention {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The dates of `article` in text order.
pub fn find_dates(article: &Article, entities: &[Entity]) -> Vec<DateMention> {
    dates_in(&Doc::new(article, entities))
}

pub(super) fn dates_in(doc: &Doc<'_>) -> Vec<DateMention> {
    let anchor = doc
        .article
        .date
        .as_ref()
        .and_then(|f| DateValue::parse_iso(&f.value));
    let mut found = Vec::new();
    let mut i = 0;
    while i < doc.len() {
        match match_at(doc, i, anchor.as_ref()) {
            Some((last, kind, value)) => {
                let (start, end) = doc.bytes(i, last);
                found.push(DateMention {
                    start,
                    end,
                    kind,
                    value,
                    sentence: doc.sentence_of(i),
                });
                i = last + 1;
            }
            None => i += 1,
        }
    }
    found
}

type Match = (usize, DateKind, Option<DateValue>);

fn match_at(doc: &Doc<'_>, i: usize, anchor: Option<&DateValue>) -> Option<Match> {
    let w = doc.lower(i);
    if w.is_empty() {
        return None;
    }
    let first = w.as_bytes()[0];
    if first.is_ascii_digit() {
        return range_at(doc, i, anchor)
            .or_else(|| day_month_at(doc, i, anchor))
            .or_else(|| numeric_at(doc, i))
            .or_else(|| year_at(doc, i));
    }
    if matches!(w, "dal" | "dall'" | "dall’" | "tra" | "fra") {
        return range_at(doc, i, anchor);
    }
    if let Some(weekday) = weekday(w) {
        return weekday_at(doc, i, weekday, anchor);
    }
    if w == "primo" {
        return day_month_at(doc, i, anchor);
    }
    if let Some(found) = relative_at(doc, i, anchor) {
        return Some(found);
    }
    if month_name(w).is_some() {
        return month_at(doc, i, anchor);
    }
    None
}

const MONTHS: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

const MONTH_ABBREVIATIONS: [&str; 12] = [
    "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
];

fn month_name(w: &str) -> Option<u32> {
    MONTHS.iter().position(|m| *m == w).map(|p| p as u32 + 1)
}

/// A month by name, or by its abbreviation (`Set`, `sett.`), which only counts after a day.
fn month_after_day(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    month_name(w).or_else(|| {
        let w = if w == "sett" { "set" } else { w };
        MONTH_ABBREVIATIONS
            .iter()
            .position(|m| *m == w)
            .map(|p| p as u32 + 1)
    })
}

fn weekday(w: &str) -> Option<u32> {
    Some(match w {
        "lunedì" | "lunedi" => 0,
        "martedì" | "martedi" => 1,
        "mercoledì" | "mercoledi" => 2,
        "giovedì" | "giovedi" => 3,
        "venerdì" | "venerdi" => 4,
        "sabato" => 5,
        "domenica" => 6,
        _ => return None,
    })
}

/// A day of the month: `5`, `05`, `1°`, `primo`. Returns the day and the last token used.
fn day_at(doc: &Doc<'_>, i: usize) -> Option<(u32, usize)> {
    let w = doc.lower(i);
    if w == "primo" {
        return Some((1, i));
    }
    if doc.kind(i) != Some(TokenKind::Number)
        || w.len() > 2
        || !w.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let day: u32 = w.parse().ok()?;
    if !(1..=31).contains(&day) {
        return None;
    }
    let glued_degree = doc.is(i + 1, &["°", "º"])
        && doc.tokens.get(i + 1).map(|t| t.start) == doc.tokens.get(i).map(|t| t.end);
    Some((day, if glued_degree { i + 1 } else { i }))
}

/// A year written in full, 1800–2100.
fn year_value(doc: &Doc<'_>, i: usize) -> Option<i32> {
    let w = doc.lower(i);
    if doc.kind(i) != Some(TokenKind::Number)
        || w.len() != 4
        || !w.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let year: i32 = w.parse().ok()?;
    (1800..=2100).contains(&year).then_some(year)
}

/// An optional year after a month: `2024`, `del 2014`. Returns the year and last token.
fn year_after(doc: &Doc<'_>, i: usize) -> Option<(i32, usize)> {
    if !doc.same_unit(i - 1, i) {
        return None;
    }
    if let Some(y) = year_value(doc, i) {
        return Some((y, i));
    }
    if doc.is(i, &["del"]) && doc.same_unit(i, i + 1) {
        return year_value(doc, i + 1).map(|y| (y, i + 1));
    }
    None
}

/// `18 giugno 2024`, `5 Set 2023`, `5 settembre`, `l'8 marzo`.
fn day_month_at(doc: &Doc<'_>, i: usize, anchor: Option<&DateValue>) -> Option<Match> {
    let (day, last) = day_at(doc, i)?;
    let month = month_after_day(doc.lower(last + 1))?;
    if !doc.same_unit(i, last + 1) {
        return None;
    }
    let mut end = last + 1;
    // `Set.` may come as `Set` + `.`; the dot goes with the month only before a year.
    if doc.is(end + 1, &["."]) && year_value(doc, end + 2).is_some() {
        end += 1;
    }
    match year_after(doc, end + 1) {
        Some((year, y_end)) => Some((
            y_end,
            DateKind::Absolute,
            Day::new(year, month, day).map(DateValue::Day),
        )),
        None => {
            let value = anchor
                .and_then(|a| nearest_year(a, month, Some(day)))
                .and_then(|year| Day::new(year, month, day))
                .map(DateValue::Day);
            Some((end, DateKind::Partial, value))
        }
    }
}

/// `giugno 2024`, `settembre del 2014`, or a month alone (`a luglio`).
fn month_at(doc: &Doc<'_>, i: usize, anchor: Option<&DateValue>) -> Option<Match> {
    let month = month_name(doc.lower(i))?;
    if let Some((year, end)) = year_after(doc, i + 1) {
        return Some((end, DateKind::Absolute, Some(DateValue::Month(year, month))));
    }
    // `Maggio`, `Settembre` in the middle of a sentence are more often names than months.
    if doc.is_capitalized(i) && i > doc.unit_range(i).start {
        return None;
    }
    // `settembre scorso`
    if let Some(found) = month_with_direction(doc, i, i + 1, month, anchor) {
        return Some(found);
    }
    let value = anchor
        .and_then(|a| nearest_year(a, month, None))
        .map(|year| DateValue::Month(year, month));
    Some((i, DateKind::Partial, value))
}

/// `dal 10 al 13 settembre`, `dal 10 settembre al 13 ottobre 2024`, `tra il 10 e il 13
/// settembre`, `dal 2022 al 2024`, `10-13 settembre`.
fn range_at(doc: &Doc<'_>, i: usize, anchor: Option<&DateValue>) -> Option<Match> {
    let w = doc.lower(i);
    // `10-13 settembre` comes as one number token.
    if let Some((a, b)) = w.split_once('-') {
        let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
        let month = month_name(doc.lower(i + 1))?;
        if !(1..=31).contains(&a) || !(a..=31).contains(&b) {
            return None;
        }
        let (end, year) = match year_after(doc, i + 2) {
            Some((y, e)) => (e, Some(y)),
            None => (i + 1, None),
        };
        return Some((
            end,
            DateKind::Range,
            interval(anchor, (a, month), (b, month), year),
        ));
    }
    let (from, to_words, article): (usize, &[&str], bool) = match w {
        "dal" | "dall'" | "dall’" => (i + 1, &["al", "all'", "all’"], false),
        "tra" | "fra" if doc.is(i + 1, &["il", "l'", "l’"]) => (i + 2, &["e"], true),
        _ => return None,
    };
    if !doc.same_unit(i, from) {
        return None;
    }
    // Years: `dal 2022 al 2024`.
    if let Some(y1) = year_value(doc, from) {
        let to = from + 1;
        if doc.is(to, to_words) {
            let next = if article && doc.is(to + 1, &["il", "l'", "l’"]) {
                to + 2
            } else {
                to + 1
            };
            if let Some(y2) = year_value(doc, next).filter(|y2| *y2 >= y1) {
                let value = DateValue::Interval(
                    Box::new(DateValue::Year(y1)),
                    Box::new(DateValue::Year(y2)),
                );
                return Some((next, DateKind::Range, Some(value)));
            }
        }
        return None;
    }
    let (d1, d1_end) = day_at(doc, from)?;
    let mut k = d1_end + 1;
    let m1 = month_after_day(doc.lower(k)).filter(|_| month_name(doc.lower(k)).is_some());
    if m1.is_some() {
        k += 1;
    }
    let y1 = year_value(doc, k).inspect(|_| k += 1);
    if !doc.is(k, to_words) {
        return None;
    }
    k += 1;
    if article && doc.is(k, &["il", "l'", "l’"]) {
        k += 1;
    }
    let (d2, d2_end) = day_at(doc, k)?;
    let m2 = month_name(doc.lower(d2_end + 1))?;
    let mut end = d2_end + 1;
    let y2 = year_after(doc, end + 1).map(|(y, e)| {
        end = e;
        y
    });
    if !doc.same_unit(i, end) {
        return None;
    }
    let m1 = m1.unwrap_or(m2);
    let year = y2.or(y1);
    let value = match (y1, y2) {
        (Some(a), Some(b)) => match (Day::new(a, m1, d1), Day::new(b, m2, d2)) {
            (Some(x), Some(y)) if x <= y => Some(DateValue::Interval(
                Box::new(DateValue::Day(x)),
                Box::new(DateValue::Day(y)),
            )),
            _ => None,
        },
        _ => interval(anchor, (d1, m1), (d2, m2), year),
    };
    Some((end, DateKind::Range, value))
}

/// Two days of a range in the given year, or in the year nearest the article's date.
fn interval(
    anchor: Option<&DateValue>,
    a: (u32, u32),
    b: (u32, u32),
    year: Option<i32>,
) -> Option<DateValue> {
    let y2 = year.or_else(|| anchor.and_then(|an| nearest_year(an, b.1, Some(b.0))))?;
    // `dal 20 dicembre al 5 gennaio`: the start is in the year before.
    let y1 = if a.1 > b.1 { y2 - 1 } else { y2 };
    let (x, y) = (Day::new(y1, a.1, a.0)?, Day::new(y2, b.1, b.0)?);
    (x <= y).then(|| DateValue::Interval(Box::new(DateValue::Day(x)), Box::new(DateValue::Day(y))))
}

/// `5/9/2023`, `05.09.2023`, `2023-09-05`.
fn numeric_at(doc: &Doc<'_>, i: usize) -> Option<Match> {
    let w = doc.lower(i);
    let parts: Vec<&str> = w.split(['/', '.', '-']).collect();
    if parts.len() != 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let day = if parts[0].len() == 4 && w.contains('-') {
        Day::new(n[0] as i32, n[1], n[2])
    } else if parts[2].len() == 4 {
        Day::new(n[2] as i32, n[1], n[0])
    } else {
        None
    }?;
    (1800..=2100)
        .contains(&day.year)
        .then_some((i, DateKind::Absolute, Some(DateValue::Day(day))))
}

const YEAR_PREPOSITIONS: &[&str] = &[
    "nel", "del", "dal", "al", "il", "nell'", "nell’", "dell'", "dell’", "dall'", "dall’", "all'",
    "all’", "entro", "anno", "l'", "l’", "fino", "prima", "dopo", "e", "o", "-", "–", "(",
];

/// A year alone: `nel 2019`, `(2022)`.
fn year_at(doc: &Doc<'_>, i: usize) -> Option<Match> {
    let year = year_value(doc, i)?;
    let after = doc.kind(i + 1);
    let preceded = i > 0 && doc.same_unit(i - 1, i) && doc.is(i - 1, YEAR_PREPOSITIONS);
    let followed =
        !doc.same_unit(i, i + 1) || matches!(after, Some(TokenKind::Punct | TokenKind::Quote));
    (preceded || followed).then_some((i, DateKind::Absolute, Some(DateValue::Year(year))))
}

/// `giovedì`, `giovedì 5 settembre`, `lunedì scorso`.
fn weekday_at(doc: &Doc<'_>, i: usize, weekday: u32, anchor: Option<&DateValue>) -> Option<Match> {
    if doc.is_capitalized(i) && doc.lower(i) == "domenica" && i > doc.unit_range(i).start {
        return None; // a name
    }
    if doc.same_unit(i, i + 1) {
        if let Some((end, kind, value)) = day_month_at(doc, i + 1, anchor) {
            return Some((end, kind, value));
        }
    }
    let direction = if doc.is(i + 1, &["scorso", "scorsa"]) && doc.same_unit(i, i + 1) {
        Some((-1, i + 1))
    } else if doc.is(i + 1, &["prossimo", "prossima"]) && doc.same_unit(i, i + 1) {
        Some((1, i + 1))
    } else {
        None
    };
    let end = direction.map_or(i, |(_, e)| e);
    let step = direction.map_or_else(|| if future_tense(doc, i) { 1 } else { -1 }, |(s, _)| s);
    let value = anchor.and_then(DateValue::day).map(|today| {
        let delta = (weekday as i64 - today.weekday() as i64).rem_euclid(7);
        let days = match (step, delta) {
            (_, 0) if direction.is_none() => 0,
            (1, 0) => 7,
            (1, d) => d,
            (_, 0) => -7,
            (_, d) => d - 7,
        };
        DateValue::Day(today.plus(days))
    });
    Some((end, DateKind::Partial, value))
}

/// Whether the sentence around token `i` speaks of the future (`incontrerà`, `si terrà`).
fn future_tense(doc: &Doc<'_>, i: usize) -> bool {
    doc.unit_range(i).any(|k| {
        let w = doc.lower(k);
        w.chars().count() > 4
            && (w.ends_with("rà")
                || w.ends_with("ranno")
                || w.ends_with("remo")
                || w.ends_with("rò"))
            || w.starts_with("prossim")
    })
}

/// Relative expressions: `oggi`, `ieri sera`, `stasera`, `questa mattina`, `la settimana
/// scorsa`, `il mese scorso`, `l'anno prossimo`, `lo scorso settembre`, `quest'anno`.
fn relative_at(doc: &Doc<'_>, i: usize, anchor: Option<&DateValue>) -> Option<Match> {
    let w = doc.lower(i);
    let same = |k: usize| doc.same_unit(i, k);
    let day_offset = |days: i64| {
        anchor
            .and_then(DateValue::day)
            .map(|d| DateValue::Day(d.plus(days)))
    };
    let parts_of_day = ["mattina", "sera", "pomeriggio", "notte", "mattino"];
    match w {
        "oggi" | "stasera" | "stamattina" | "stamani" | "stamane" | "stanotte" | "stanotti" => {
            return Some((i, DateKind::Relative, anchor.cloned()));
        }
        "ieri" | "domani" | "dopodomani" | "altroieri" => {
            let offset = match w {
                "ieri" => -1,
                "domani" => 1,
                "dopodomani" => 2,
                _ => -2,
            };
            let mut end = i;
            let mut offset = offset;
            if same(i + 1) && doc.is(i + 1, &parts_of_day) {
                end = i + 1;
            } else if w == "ieri"
                && same(i + 2)
                && doc.is(i + 1, &["l'", "l’"])
                && doc.is(i + 2, &["altro"])
            {
                end = i + 2;
                offset = -2;
            }
            return Some((end, DateKind::Relative, day_offset(offset)));
        }
        "questa" | "questo" if same(i + 1) && doc.is(i + 1, &parts_of_day) => {
            return Some((i + 1, DateKind::Relative, anchor.cloned()));
        }
        "questa" if same(i + 1) && doc.is(i + 1, &["settimana"]) => {
            return Some((i + 1, DateKind::Relative, week(anchor, 0)));
        }
        "questo" if same(i + 1) && doc.is(i + 1, &["mese"]) => {
            return Some((i + 1, DateKind::Relative, month_offset(anchor, 0)));
        }
        "quest'" | "quest’" if same(i + 1) && doc.is(i + 1, &["anno"]) => {
            return Some((
                i + 1,
                DateKind::Relative,
                anchor.map(|a| DateValue::Year(a.year())),
            ));
        }
        "l'" | "l’" if same(i + 2) && doc.is(i + 1, &["altro"]) && doc.is(i + 2, &["ieri"]) => {
            return Some((i + 2, DateKind::Relative, day_offset(-2)));
        }
        _ => {}
    }
    if let Some(end) = vague_period(doc, i) {
        return Some((end, DateKind::Relative, None));
    }
    // `la settimana scorsa`, `la scorsa settimana`, `il mese prossimo`, `lo scorso settembre`.
    let articles = ["la", "il", "lo", "l'", "l’"];
    let start_noun = if doc.is(i, &articles) { i + 1 } else { i };
    let (noun_at, direction, end) =
        if doc.is(start_noun, &["scorso", "scorsa", "prossimo", "prossima"]) {
            (start_noun + 1, doc.lower(start_noun), start_noun + 1)
        } else if doc.is(
            start_noun + 1,
            &["scorso", "scorsa", "prossimo", "prossima"],
        ) {
            (start_noun, doc.lower(start_noun + 1), start_noun + 1)
        } else {
            return None;
        };
    if !same(end) || !same(noun_at) {
        return None;
    }
    let step = if direction.starts_with("scors") {
        -1
    } else {
        1
    };
    let noun = doc.lower(noun_at);
    let value = match noun {
        "settimana" => week(anchor, step),
        "mese" => month_offset(anchor, step as i32),
        "anno" => anchor.map(|a| DateValue::Year(a.year() + step as i32)),
        _ => {
            let month = month_name(noun)?;
            return month_with_direction(doc, noun_at, end, month, anchor)
                .map(|(_, kind, value)| (end, kind, value));
        }
    };
    Some((end, DateKind::Relative, value))
}

/// Periods without bounds: `nei giorni scorsi`, `negli ultimi giorni`, `nelle ultime
/// settimane`, `in questi anni`. A date mention, but one no date can be given for.
fn vague_period(doc: &Doc<'_>, i: usize) -> Option<usize> {
    const PERIODS: &[&str] = &["giorni", "settimane", "mesi", "anni", "ore", "decenni"];
    const BEFORE: &[&str] = &[
        "ultimi", "ultime", "questi", "queste", "prossimi", "prossime",
    ];
    const AFTER: &[&str] = &["scorsi", "scorse", "precedenti", "successivi", "successive"];
    let lead = doc.is(i, &["nei", "negli", "nelle", "in", "degli", "delle", "dei"]);
    if !lead {
        return None;
    }
    let before = doc.is(i + 1, BEFORE) && doc.is(i + 2, PERIODS);
    let after = doc.is(i + 1, PERIODS) && doc.is(i + 2, AFTER) && !doc.is(i, &["in"]);
    if !before && !after {
        return None;
    }
    let end = i + 2;
    doc.same_unit(i, end).then_some(end)
}

/// `lo scorso settembre`, `settembre scorso`, `il prossimo maggio`: the month before or after
/// the article's month.
fn month_with_direction(
    doc: &Doc<'_>,
    month_at: usize,
    word_at: usize,
    month: u32,
    anchor: Option<&DateValue>,
) -> Option<Match> {
    let (direction, end) =
        if doc.is(word_at, &["scorso", "prossimo"]) && doc.same_unit(month_at, word_at) {
            (doc.lower(word_at), word_at.max(month_at))
        } else if month_at > 0 && doc.is(month_at - 1, &["scorso", "prossimo"]) {
            (doc.lower(month_at - 1), month_at)
        } else {
            return None;
        };
    let value = anchor.and_then(DateValue::month).map(|(y, m)| {
        let year = if direction == "scorso" {
            if month < m {
                y
            } else {
                y - 1
            }
        } else if month > m {
            y
        } else {
            y + 1
        };
        DateValue::Month(year, month)
    });
    Some((end, DateKind::Relative, value))
}

/// The week (Monday to Sunday) `step` weeks from the article's, when its day is known.
fn week(anchor: Option<&DateValue>, step: i64) -> Option<DateValue> {
    let today = anchor.and_then(DateValue::day)?;
    let monday = today.plus(-(today.weekday() as i64) + 7 * step);
    Some(DateValue::Interval(
        Box::new(DateValue::Day(monday)),
        Box::new(DateValue::Day(monday.plus(6))),
    ))
}

fn month_offset(anchor: Option<&DateValue>, step: i32) -> Option<DateValue> {
    let (y, m) = anchor.and_then(DateValue::month)?;
    let (y, m) = add_months(y, m, step);
    Some(DateValue::Month(y, m))
}

/// The year that puts `month` (and `day`) nearest the article's date: `a dicembre` in a
/// November article is the coming December, `a luglio` in a September article the last July.
fn nearest_year(anchor: &DateValue, month: u32, day: Option<u32>) -> Option<i32> {
    let Some((y, m)) = anchor.month() else {
        // Only the year is known: the mention is taken to be in it.
        return Some(anchor.year());
    };
    let reference = anchor
        .day()
        .unwrap_or(Day {
            year: y,
            month: m,
            day: 15,
        })
        .number();
    (y - 1..=y + 1).min_by_key(|&year| {
        let d = day
            .unwrap_or(15)
            .min(super::calendar::days_in_month(year, month));
        let candidate = Day {
            year,
            month,
            day: d,
        }
        .number();
        (candidate - reference).abs()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};

    fn dates(text: &str, date: Option<&str>) -> Vec<(String, &'static str, Option<String>)> {
        let overrides = Overrides {
            date: date.map(str::to_owned),
            ..Overrides::default()
        };
        let article = parse(text.to_owned(), overrides).unwrap();
        find_dates(&article, &[])
            .into_iter()
            .map(|d| {
                (
                    d.text(&article.text).to_owned(),
                    d.kind.as_str(),
                    d.value.map(|v| v.iso()),
                )
            })
            .collect()
    }

    fn one(text: &str, date: Option<&str>) -> (String, &'static str, Option<String>) {
        let found = dates(text, date);
        assert_eq!(found.len(), 1, "{text:?}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn absolute_dates() {
        let cases = [
            (
                "Roma, 18 giugno 2024 – Putin arriva.",
                "18 giugno 2024",
                "2024-06-18",
            ),
            (
                "Lo ha detto il 5 Set 2023 a Roma.",
                "5 Set 2023",
                "2023-09-05",
            ),
            ("Accadde a giugno 2024 in Corea.", "giugno 2024", "2024-06"),
            (
                "Dopo quello dell'aprile 2022 non ci furono incontri.",
                "aprile 2022",
                "2022-04",
            ),
            (
                "Risaliva al settembre del 2014.",
                "settembre del 2014",
                "2014-09",
            ),
            (
                "Sanzioni in vigore dal 2006 per i programmi.",
                "2006",
                "2006",
            ),
            ("La firma è del 5/9/2023.", "5/9/2023", "2023-09-05"),
            ("Festa il 1° maggio 2024.", "1° maggio 2024", "2024-05-01"),
        ];
        for (text, span, iso) in cases {
            let (found, kind, value) = one(text, None);
            assert_eq!(found, span, "{text}");
            assert_eq!(kind, "absolute", "{text}");
            assert_eq!(value.as_deref(), Some(iso), "{text}");
        }
    }

    #[test]
    fn partial_dates_take_the_nearest_year() {
        assert_eq!(
            one(
                "Alle presidenziali del 5 novembre voteranno.",
                Some("2024-11")
            ),
            ("5 novembre".into(), "partial", Some("2024-11-05".into()))
        );
        assert_eq!(
            one("Ci andrà a dicembre.", Some("2024-11")).2.as_deref(),
            Some("2024-12")
        );
        assert_eq!(
            one("L'accordo saltato a luglio.", Some("2023-09-05"))
                .2
                .as_deref(),
            Some("2023-07")
        );
        assert_eq!(
            one("Ci vediamo a gennaio.", Some("2023-12-20"))
                .2
                .as_deref(),
            Some("2024-01")
        );
        assert_eq!(one("Arriverà il 5 settembre.", None).2, None);
    }

    #[test]
    fn weekdays_follow_the_tense() {
        // 2023-09-05 was a Tuesday.
        assert_eq!(
            one(
                "Mercoledì la Casa Bianca aveva avvertito.",
                Some("2023-09-05")
            )
            .2
            .as_deref(),
            Some("2023-08-30")
        );
        assert_eq!(
            one("Giovedì incontrerà il presidente.", Some("2023-09-05"))
                .2
                .as_deref(),
            Some("2023-09-07")
        );
        assert_eq!(
            one("Lunedì scorso ha parlato.", Some("2023-09-05"))
                .2
                .as_deref(),
            Some("2023-09-04")
        );
        assert_eq!(one("Un incontro giovedì.", Some("2024-10")).2, None);
        assert_eq!(
            one("Ci sarà giovedì 7 settembre.", Some("2023-09-05")),
            (
                "giovedì 7 settembre".into(),
                "partial",
                Some("2023-09-07".into())
            )
        );
    }

    #[test]
    fn ranges() {
        assert_eq!(
            one(
                "Il Forum (dal 10 al 13 settembre) a Vladivostok.",
                Some("2023-09-05")
            ),
            (
                "dal 10 al 13 settembre".into(),
                "range",
                Some("2023-09-10/2023-09-13".into())
            )
        );
        assert_eq!(
            one("Dal 10 settembre al 2 ottobre 2024 si vota.", None)
                .2
                .as_deref(),
            Some("2024-09-10/2024-10-02")
        );
        assert_eq!(
            one("Tra il 2022 e il 2024 crebbe.", None).2.as_deref(),
            Some("2022/2024")
        );
        assert_eq!(
            one("Si terrà il 10-13 settembre.", Some("2023-09"))
                .2
                .as_deref(),
            Some("2023-09-10/2023-09-13")
        );
        assert_eq!(one("Dal 10 al 13 settembre si vota.", None).2, None);
    }

    #[test]
    fn relative_dates() {
        let day = Some("2024-06-18"); // a Tuesday
        assert_eq!(
            one("L'atterraggio è previsto stasera.", day).2.as_deref(),
            Some("2024-06-18")
        );
        assert_eq!(
            one("Lo ha detto ieri sera.", day),
            ("ieri sera".into(), "relative", Some("2024-06-17".into()))
        );
        assert_eq!(one("Lo farà domani.", day).2.as_deref(), Some("2024-06-19"));
        assert_eq!(
            one("La settimana scorsa il presidente.", day).2.as_deref(),
            Some("2024-06-10/2024-06-16")
        );
        assert_eq!(
            one("Il mese scorso.", Some("2023-09")).2.as_deref(),
            Some("2023-08")
        );
        assert_eq!(one("L'anno scorso.", day).2.as_deref(), Some("2023"));
        assert_eq!(
            one("La visita in Russia lo scorso settembre.", day),
            (
                "lo scorso settembre".into(),
                "relative",
                Some("2023-09".into())
            )
        );
        assert_eq!(
            one("Il vertice di settembre scorso.", Some("2024-10"))
                .2
                .as_deref(),
            Some("2024-09")
        );
        assert_eq!(one("Ha detto questa mattina.", day).0, "questa mattina");
        // Without the article's day, what depends on it stays unresolved.
        assert_eq!(one("Lo ha detto ieri.", Some("2024-06")).2, None);
        assert_eq!(
            one("Pubblicata oggi.", Some("2024-11")).2.as_deref(),
            Some("2024-11")
        );
        assert_eq!(one("La settimana scorsa.", Some("2024-11")).2, None);
        assert_eq!(
            one("Nei giorni scorsi era a Mosca.", day),
            ("Nei giorni scorsi".into(), "relative", None)
        );
        assert_eq!(
            one("Si è visto negli ultimi giorni.", day).0,
            "negli ultimi giorni"
        );
    }

    #[test]
    fn numbers_that_are_not_dates() {
        for text in [
            "Alle 10:01 è arrivato.",
            "Il 75/o anniversario.",
            "Sono arrivati 13mila container.",
            "Ha 2500 soldati.",
            "Il molo 33 del porto.",
        ] {
            assert_eq!(dates(text, None), vec![], "{text}");
        }
    }
}
