//! Metadata written into the text itself: the ` date 2024-10` header some files start with,
//! datelines (`Roma, 18 giugno 2024 –`, `ROMA, 5 SET (ANSA) -`) and bylines
//! (`5 Set 2023 10:01 - di Sara De Vico`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::blocks::{has_line_break, has_more_chars_than};
use super::dates::{month_number, month_pattern, parse_iso, parse_time, PartialDate};

/// Patterns anchored at a block's start only need its first bytes; looking no further keeps a
/// 100 MB block from costing more than a short one.
const PREFIX_WINDOW: usize = 256;

/// A byline is a short line of its own: longer blocks are text that happens to start with `di`.
pub const MAX_BYLINE_CHARS: usize = 120;

/// What a header, dateline or byline says, with byte ranges relative to the text it was read from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// The whole metadata prefix (or line).
    pub span: Range<usize>,
    /// A checked date and where it was written.
    pub date: Option<(PartialDate, Range<usize>)>,
    /// A dateline's day and month when it gives no year (`5 SET`): the header can complete it.
    pub day_month: Option<(u8, u8, Range<usize>)>,
    pub time: Option<(String, Range<usize>)>,
    pub author: Option<Range<usize>>,
    /// An agency credit inside a dateline, such as `ANSA`.
    pub agency: Option<Range<usize>>,
    /// The place a dateline gives: `ROMA`, `Castelbellino` (a province after it left out).
    pub place: Option<Range<usize>>,
}

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    // A date that does not exist still makes the line a header (it is metadata, not prose);
    // only the date is refused, by `parse_iso`.
    Regex::new(r"^(?i:date)[ \t]*:?[ \t]*(?P<date>\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?:\s|$)")
        .expect("header pattern")
});

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let months = month_pattern();
    Regex::new(&format!(
        r"^(?P<city>\p{{Lu}}[\p{{L}}'’.]*(?:[ \-](?:(?:di|del|della|dei|sul|sull'|nell'|in|al|d'|dell')[ ]?)?\p{{Lu}}[\p{{L}}'’.]*){{0,3}})(?:[ \t]*\([\p{{Lu}}][\p{{L}} ]{{0,24}}\))?[ \t]*,[ \t]*(?P<date>(?P<day>\d{{1,2}})[ \t]+(?P<month>(?i:{months}))\.?(?:[ \t]+(?P<year>\d{{4}}))?)(?:[ \t]*\((?P<agency>[\p{{L}}][\p{{L}} .&]{{0,24}})\))?[ \t]*(?:[–—-]|(?m:$))"
    ))
    .expect("dateline pattern")
});

/// A name: capitalised words, with the particles Italian surnames carry and `e` between authors.
const NAME: &str = r"\p{Lu}[\p{L}'’.\-]*(?:[ \t]+(?:(?:de|di|del|della|dei|degli|da|dal|dalla|la|lo|van|von|e)[ \t]+)?\p{Lu}[\p{L}'’.\-]*){0,6}";

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    let months = month_pattern();
    Regex::new(&format!(
        r"^(?:(?P<date>(?P<day>\d{{1,2}})[ \t]+(?P<month>(?i:{months}))\.?[ \t]+(?P<year>\d{{4}}))(?:[ \t]*,?[ \t]*(?:(?i:ore)[ \t]+)?(?P<time>\d{{1,2}}[:.]\d{{2}}))?[ \t]*(?:[–—|-][ \t]*)?)?(?:(?i:di|a cura di|dal nostro corrispondente|dalla nostra corrispondente|dal nostro inviato|dalla nostra inviata)[ \t]+(?P<author>{NAME}))?[ \t]*$"
    ))
    .expect("byline pattern")
});

/// The ` date 2024-10` header at the very start of a text, if there is one. `text` is the first
/// block, already trimmed.
pub fn find_header(text: &str) -> Option<Found> {
    let caps = HEADER.captures(prefix(text, PREFIX_WINDOW))?;
    let date = caps.name("date")?;
    Some(Found {
        span: 0..date.end(),
        date: parse_iso(date.as_str()).map(|d| (d, date.range())),
        ..Found::default()
    })
}

/// A dateline at the start of `text`, up to and including its dash, or a whole line of its own
/// (`Mosca, 3 settembre 2023` above the first paragraph).
pub fn find_dateline(text: &str) -> Option<Found> {
    let head = prefix(text, PREFIX_WINDOW);
    if !day_follows_first_comma(head) {
        return None;
    }
    let caps = DATELINE.captures(head)?;
    let whole = caps.get(0)?;
    let (date, day_month) = read_day_month_year(&caps);
    Some(Found {
        span: whole.range(),
        date,
        day_month,
        agency: caps.name("agency").map(|m| m.range()),
        place: caps.name("city").map(|m| m.range()),
        ..Found::default()
    })
}

/// Whether the first comma of `text` is followed, past spaces and tabs, by a digit: a
/// dateline's place has no comma and its date starts with the day, so a paragraph that fails
/// this is settled without running the pattern. (`char::is_numeric` holds for every digit
/// the pattern's `\d` takes, and more.)
fn day_follows_first_comma(text: &str) -> bool {
    memchr::memchr(b',', text.as_bytes()).is_some_and(|comma| {
        text[comma + 1..]
            .chars()
            .find(|&c| c != ' ' && c != '\t')
            .is_some_and(char::is_numeric)
    })
}

/// A byline filling the whole of `text` (one short line): a date, a time, an author, or a mix,
/// but at least a date or an author.
pub fn find_byline(text: &str) -> Option<Found> {
    if has_more_chars_than(text, MAX_BYLINE_CHARS) || has_line_break(text) {
        return None;
    }
    let caps = BYLINE.captures(text)?;
    let author = caps.name("author").map(|m| m.range());
    let (date, _) = read_day_month_year(&caps);
    let has_date = caps.name("date").is_some();
    if author.is_none() && !has_date {
        return None;
    }
    // A day that does not exist makes the line something else than a byline.
    if has_date && date.is_none() {
        return None;
    }
    let time = caps
        .name("time")
        .and_then(|m| parse_time(m.as_str()).map(|value| (value, m.range())));
    Some(Found {
        span: 0..text.len(),
        date,
        time,
        author,
        ..Found::default()
    })
}

type DayMonth = Option<(u8, u8, Range<usize>)>;

fn read_day_month_year(caps: &Captures<'_>) -> (Option<(PartialDate, Range<usize>)>, DayMonth) {
    let (Some(day), Some(month), Some(span)) =
        (caps.name("day"), caps.name("month"), caps.name("date"))
    else {
        return (None, None);
    };
    let day: Option<u8> = day.as_str().parse().ok();
    let month = month_number(month.as_str());
    let (Some(day), Some(month)) = (day, month) else {
        return (None, None);
    };
    match caps
        .name("year")
        .and_then(|y| y.as_str().parse::<u16>().ok())
    {
        Some(year) => (
            PartialDate::new(year, Some(month), Some(day)).map(|d| (d, span.range())),
            None,
        ),
        // Checked against a leap year so 29 febbraio survives until the year is known.
        None => (
            None,
            PartialDate::new(2000, Some(month), Some(day)).map(|_| (day, month, span.range())),
        ),
    }
}

/// At most `max` bytes of `text`, cut back to a char boundary.
pub fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, range: Option<Range<usize>>) -> Option<&str> {
        range.map(|r| &text[r])
    }

    #[test]
    fn header_with_month_precision() {
        let text = "date 2024-10 Il presidente russo";
        let found = find_header(text).unwrap();
        assert_eq!(&text[found.span.clone()], "date 2024-10");
        let (date, span) = found.date.unwrap();
        assert_eq!(date.to_string(), "2024-10");
        assert_eq!(&text[span], "2024-10");
    }

    #[test]
    fn header_variants() {
        for (text, date) in [
            ("date: 2024", "2024"),
            ("DATE 2024-06-18", "2024-06-18"),
            ("Date:2023-09-05 Testo", "2023-09-05"),
        ] {
            let found = find_header(text).unwrap();
            assert_eq!(found.date.unwrap().0.to_string(), date, "{text}");
        }
    }

    #[test]
    fn header_with_an_impossible_date_has_no_date() {
        let found = find_header("date 2024-13 Testo").unwrap();
        assert_eq!(found.span, 0..12);
        assert_eq!(found.date, None);
        assert!(find_header("date 2024-02-30").unwrap().date.is_none());
    }

    #[test]
    fn not_headers() {
        assert!(find_header("Date le circostanze, il governo").is_none());
        assert!(find_header("date 20245 testo").is_none());
        assert!(find_header("Il date 2024").is_none());
    }

    #[test]
    fn dateline_with_year() {
        let text = "Roma, 18 giugno 2024 – Asse Mosca-Pyongyang";
        let found = find_dateline(text).unwrap();
        assert_eq!(&text[found.span.clone()], "Roma, 18 giugno 2024 –");
        let (date, span) = found.date.unwrap();
        assert_eq!(date.to_string(), "2024-06-18");
        assert_eq!(&text[span], "18 giugno 2024");
    }

    #[test]
    fn dateline_with_a_province() {
        let text = "CASTELBELLINO (ANCONA), 3 OTT - Due persone";
        let found = find_dateline(text).unwrap();
        assert_eq!(&text[found.span.clone()], "CASTELBELLINO (ANCONA), 3 OTT -");
        assert_eq!(slice(text, found.place), Some("CASTELBELLINO"));
    }

    #[test]
    fn agency_dateline_without_year() {
        let text = "ROMA, 5 SET (ANSA) - Il governo";
        let found = find_dateline(text).unwrap();
        assert_eq!(slice(text, found.place), Some("ROMA"));
        assert_eq!(&text[found.span.clone()], "ROMA, 5 SET (ANSA) -");
        assert_eq!(found.date, None);
        assert_eq!(
            found.day_month.as_ref().map(|(d, m, _)| (*d, *m)),
            Some((5, 9))
        );
        assert_eq!(slice(text, found.agency), Some("ANSA"));
    }

    #[test]
    fn dateline_variants() {
        for text in [
            "Reggio Calabria, 3 mar. 2023 — testo",
            "NEW YORK, 12 Dicembre 2022 - testo",
            "L'Aquila, 1 sett 2021 - testo",
        ] {
            assert!(find_dateline(text).is_some(), "{text}");
        }
    }

    #[test]
    fn dateline_on_a_line_of_its_own() {
        for text in [
            "Mosca, 3 settembre 2023",
            "Mosca, 3 settembre 2023\nIeri Putin ha parlato",
        ] {
            let found = find_dateline(text).unwrap();
            assert_eq!(
                &text[found.span.clone()],
                "Mosca, 3 settembre 2023",
                "{text}"
            );
            assert_eq!(found.date.unwrap().0.to_string(), "2023-09-03");
        }
        // Prose after the date on the same line is not a dateline.
        assert!(find_dateline("Mosca, 3 settembre 2023 Putin ha parlato").is_none());
    }

    #[test]
    fn the_comma_check_lets_every_dateline_through() {
        for text in [
            "Mosca, 3 settembre 2023",
            "Reggio Calabria,\t3 mar. 2023 — testo",
            "NEW YORK,12 Dicembre 2022 - testo",
            "Mosca, ٣ settembre 2023 - testo",
            "Il vertice, 18 giugno 2024 – disse Putin",
            "Roma, 31 aprile 2024 – testo",
            "Putin, ieri, 3 settembre 2023 - testo",
            "Mosca 3 settembre 2023, testo",
            "Mosca,",
        ] {
            let matches = DATELINE.is_match(prefix(text, PREFIX_WINDOW));
            assert!(!matches || day_follows_first_comma(text), "{text}");
        }
        assert!(find_dateline("Mosca, ٣ settembre 2023 - testo").is_some());
        assert!(!day_follows_first_comma("Putin, ieri, 3 settembre"));
    }

    #[test]
    fn not_datelines() {
        for text in [
            "Il vertice, 18 giugno 2024 – disse Putin",
            "Roma, 18 giugno 2024 è una data importante",
            "Roma, 31 aprile 2024 – testo",
            "roma, 18 giugno 2024 – testo",
        ] {
            let found = find_dateline(text);
            assert!(
                found.as_ref().and_then(|f| f.date.clone()).is_none(),
                "{text}: {found:?}"
            );
        }
        assert!(find_dateline("Il vertice, 18 giugno 2024 – disse Putin").is_none());
    }

    #[test]
    fn byline_with_date_time_and_author() {
        let text = "5 Set 2023 10:01 - di Sara De Vico";
        let found = find_byline(text).unwrap();
        assert_eq!(
            found.date.as_ref().map(|d| d.0.to_string()).as_deref(),
            Some("2023-09-05")
        );
        assert_eq!(found.time.as_ref().map(|t| t.0.as_str()), Some("10:01"));
        assert_eq!(slice(text, found.author), Some("Sara De Vico"));
    }

    #[test]
    fn byline_with_author_only() {
        for (text, author) in [
            ("di Mario Rossi", "Mario Rossi"),
            ("Di MARIO ROSSI", "MARIO ROSSI"),
            ("a cura di Anna Maria de Luca", "Anna Maria de Luca"),
            (
                "dal nostro corrispondente Paolo Valentino",
                "Paolo Valentino",
            ),
            (
                "di Mario Rossi e Luca Bianchi",
                "Mario Rossi e Luca Bianchi",
            ),
        ] {
            let found = find_byline(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(slice(text, found.author), Some(author), "{text}");
        }
    }

    #[test]
    fn not_bylines() {
        for text in [
            "di fronte alla crisi il governo ha deciso",
            "Di Maio ha parlato ieri a Napoli con i sindacati.",
            "31 Feb 2023 - di Mario Rossi",
            "Il vertice",
            "",
        ] {
            assert!(find_byline(text).is_none(), "{text}");
        }
        let long = format!("di Mario Rossi {}", "Bianchi ".repeat(30));
        assert!(find_byline(&long).is_none());
    }

    #[test]
    fn prefix_cuts_at_char_boundaries() {
        assert_eq!(prefix("città", 4), "citt");
        assert_eq!(prefix("città", 5), "citt");
        assert_eq!(prefix("città", 6), "città");
    }
}
