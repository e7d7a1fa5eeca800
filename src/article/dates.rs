//! Calendar dates as news files write them: ISO prefixes (`2024-10`), Italian month names
//! (`18 giugno 2024`, `5 Set`), and the validation both need.

use std::fmt;

/// A date known to the year, the month or the day. Always valid for the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    /// A checked date: month 1–12, day within the month (leap years counted); a day needs a month.
    pub fn new(year: u16, month: Option<u8>, day: Option<u8>) -> Option<Self> {
        if year == 0 {
            return None;
        }
        match (month, day) {
            (None, Some(_)) => return None,
            (Some(m), _) if !(1..=12).contains(&m) => return None,
            (Some(m), Some(d)) if d == 0 || d > days_in_month(year, m) => return None,
            _ => {}
        }
        Some(Self { year, month, day })
    }

    /// Whether `other` says nothing that contradicts `self` (same year, and same month when
    /// both give one): a header's `2024-06` agrees with a dateline's `2024-06-18`.
    pub fn agrees_with(&self, other: &PartialDate) -> bool {
        self.year == other.year
            && match (self.month, other.month) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }

    fn precision(&self) -> u8 {
        match (self.month, self.day) {
            (_, Some(_)) => 3,
            (Some(_), None) => 2,
            _ => 1,
        }
    }

    /// Whether `self` gives more of the date than `other`.
    pub fn is_more_precise_than(&self, other: &PartialDate) -> bool {
        self.precision() > other.precision()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// Italian month names and their usual abbreviations, lower case, with the month number.
/// `sett` is listed because agencies write it beside `set`.
const MONTHS: &[(&str, u8)] = &[
    ("gennaio", 1),
    ("gen", 1),
    ("febbraio", 2),
    ("feb", 2),
    ("marzo", 3),
    ("mar", 3),
    ("aprile", 4),
    ("apr", 4),
    ("maggio", 5),
    ("mag", 5),
    ("giugno", 6),
    ("giu", 6),
    ("luglio", 7),
    ("lug", 7),
    ("agosto", 8),
    ("ago", 8),
    ("settembre", 9),
    ("sett", 9),
    ("set", 9),
    ("ottobre", 10),
    ("ott", 10),
    ("novembre", 11),
    ("nov", 11),
    ("dicembre", 12),
    ("dic", 12),
];

/// A regex alternation of the month names, longest first so `settembre` beats `set`.
pub fn month_pattern() -> String {
    let mut names: Vec<&str> = MONTHS.iter().map(|(name, _)| *name).collect();
    names.sort_by_key(|name| std::cmp::Reverse(name.len()));
    names.join("|")
}

/// The number of an Italian month name or abbreviation, in any case, with or without a final dot.
pub fn month_number(name: &str) -> Option<u8> {
    let name = name.trim_end_matches('.').to_lowercase();
    MONTHS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, number)| *number)
}

/// `2024`, `2024-06`, `2024-06-18` (one-digit month and day accepted), checked for the calendar.
pub fn parse_iso(text: &str) -> Option<PartialDate> {
    let mut parts = text.split('-');
    let year = parse_digits(parts.next()?, 4, 4)?;
    let mut small = |max_len| match parts.next() {
        Some(part) => parse_digits(part, 1, max_len)
            .and_then(|n| u8::try_from(n).ok())
            .map(Some),
        None => Some(None),
    };
    let month = small(2)?;
    let day = small(2)?;
    if parts.next().is_some() {
        return None;
    }
    PartialDate::new(u16::try_from(year).ok()?, month, day)
}

/// An ISO date from a caller's metadata. A time part (`T10:00:00Z` or ` 10:00`) is dropped,
/// which only makes sense after a full date.
pub fn parse_iso_with_time(text: &str) -> Option<PartialDate> {
    let text = text.trim();
    let date_part = match text.find(['T', 't', ' ']) {
        Some(at) => {
            let date = parse_iso(&text[..at])?;
            return date.day.map(|_| date);
        }
        None => text,
    };
    parse_iso(date_part)
}

/// `HH:MM` or `HH.MM` as `HH:MM`, checked for the clock.
pub fn parse_time(text: &str) -> Option<String> {
    let (hours, minutes) = text.split_once([':', '.'])?;
    let hours = parse_digits(hours, 1, 2)?;
    let minutes = parse_digits(minutes, 2, 2)?;
    (hours < 24 && minutes < 60).then(|| format!("{hours:02}:{minutes:02}"))
}

fn parse_digits(text: &str, min_len: usize, max_len: usize) -> Option<u32> {
    let ok = (min_len..=max_len).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    if ok {
        text.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_keep_their_precision() {
        assert_eq!(
            parse_iso("2024").map(|d| d.to_string()).as_deref(),
            Some("2024")
        );
        assert_eq!(
            parse_iso("2024-10").map(|d| d.to_string()).as_deref(),
            Some("2024-10")
        );
        assert_eq!(
            parse_iso("2024-6-8").map(|d| d.to_string()).as_deref(),
            Some("2024-06-08")
        );
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for bad in [
            "2024-13",
            "2024-00",
            "2024-02-30",
            "2023-02-29",
            "2024-04-31",
            "0000",
            "24-10",
            "2024-10-05-01",
            "2024-1x",
            "",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
        assert!(parse_iso("2024-02-29").is_some());
        assert!(parse_iso("2000-02-29").is_some());
        assert!(parse_iso("1900-02-29").is_none());
    }

    #[test]
    fn a_time_part_is_dropped_after_a_full_date() {
        let date = parse_iso_with_time("2024-06-18T10:00:00Z").map(|d| d.to_string());
        assert_eq!(date.as_deref(), Some("2024-06-18"));
        let date = parse_iso_with_time("2024-06-18 10:00").map(|d| d.to_string());
        assert_eq!(date.as_deref(), Some("2024-06-18"));
        assert_eq!(parse_iso_with_time("2024-06T10:00"), None);
        assert_eq!(parse_iso_with_time("18/06/2024"), None);
    }

    #[test]
    fn month_names_in_any_case() {
        assert_eq!(month_number("Giugno"), Some(6));
        assert_eq!(month_number("SET"), Some(9));
        assert_eq!(month_number("sett."), Some(9));
        assert_eq!(month_number("dic"), Some(12));
        assert_eq!(month_number("june"), None);
    }

    #[test]
    fn times_are_checked() {
        assert_eq!(parse_time("10:01").as_deref(), Some("10:01"));
        assert_eq!(parse_time("9.05").as_deref(), Some("09:05"));
        assert_eq!(parse_time("24:00"), None);
        assert_eq!(parse_time("10:7"), None);
    }

    #[test]
    fn agreement_between_header_and_dateline() {
        let header = parse_iso("2024-06").unwrap();
        assert!(header.agrees_with(&parse_iso("2024-06-18").unwrap()));
        assert!(!header.agrees_with(&parse_iso("2024-07-18").unwrap()));
        assert!(parse_iso("2024-06-18")
            .unwrap()
            .is_more_precise_than(&header));
    }
}
