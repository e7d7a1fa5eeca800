//! Dates as pages write them in their metadata and addresses, made ISO (`2024-06-18`) and
//! checked against the calendar, so the article parser accepts every date this gives.

use crate::article::{month_number, PartialDate};

const ENGLISH_MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(name: &str) -> Option<u8> {
    let name = name.trim_end_matches(['.', ',']).to_lowercase();
    if name.len() >= 3 {
        if let Some(i) = ENGLISH_MONTHS.iter().position(|m| m.starts_with(&name)) {
            return u8::try_from(i + 1).ok();
        }
    }
    month_number(&name)
}

fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    let text = text.trim_end_matches([',', '.']);
    text.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse().ok())
        .flatten()
}

/// The ISO day, when it exists and its year has the four digits ISO dates are written with.
fn day_of(year: u16, month: u8, day: u8) -> Option<String> {
    if !(1000..=9999).contains(&year) {
        return None;
    }
    PartialDate::new(year, Some(month), Some(day)).map(|d| d.to_string())
}

/// `2024-06-18T10:00:00+02:00`, `2024/06/18`, `20240618`, `June 18, 2024`, `18 June 2024`,
/// `18 giugno 2024`, `Tue, 18 Jun 2024 10:00:00 GMT` → `2024-06-18`; anything else, or a
/// day that does not exist, → `None`.
pub fn iso_date(text: &str) -> Option<String> {
    let text = text.trim();
    let head: String = text.chars().take(10).collect();
    let digits: Vec<&str> = head.split(['-', '/', '.']).collect();
    if let [year, month, day] = digits.as_slice() {
        if year.len() == 4 {
            return day_of(number(year)?, number(month)?, number(day)?);
        }
    }
    if text.len() >= 8 && text.as_bytes()[..8].iter().all(u8::is_ascii_digit) {
        let (year, rest) = text.split_at(4);
        return day_of(number(year)?, number(&rest[..2])?, number(&rest[2..4])?);
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for window in words.windows(3) {
        let found = match window {
            [month, day, year] if month_of(month).is_some() => {
                day_of(number(year)?, month_of(month)?, number(day)?)
            }
            [day, month, year] if month_of(month).is_some() => {
                day_of(number(year)?, month_of(month)?, number(day)?)
            }
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// The date an address gives, as news sites write it: `/2024/06/18/`.
pub fn date_in_url(url: &str) -> Option<String> {
    let parts: Vec<&str> = url.split('/').collect();
    parts.windows(3).find_map(|w| {
        let year: u16 = number(w[0]).filter(|_| w[0].len() == 4)?;
        let month: u8 = number(w[1]).filter(|_| w[1].len() == 2)?;
        let day: u8 = number(w[2]).filter(|_| w[2].len() == 2)?;
        (1990..=2100)
            .contains(&year)
            .then(|| day_of(year, month, day))?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_pages_use() {
        for (text, iso) in [
            ("2024-06-18T10:00:00+02:00", Some("2024-06-18")),
            ("2024/06/18", Some("2024-06-18")),
            ("20240618", Some("2024-06-18")),
            ("June 18, 2024", Some("2024-06-18")),
            ("18 Jun 2024", Some("2024-06-18")),
            ("Tue, 18 Jun 2024 10:00:00 GMT", Some("2024-06-18")),
            ("18 giugno 2024", Some("2024-06-18")),
            ("2023-02-30", None),
            ("ieri", None),
            ("", None),
            ("2024", None),
            // found by the fuzzer: a five-digit year the article parser would refuse
            ("Tue, 18 Jun 20224 10:00", None),
            ("18 Jun 999", None),
        ] {
            assert_eq!(iso_date(text).as_deref(), iso, "{text}");
        }
    }

    #[test]
    fn dates_in_addresses() {
        assert_eq!(
            date_in_url("https://x.it/2019/03/12/titolo").as_deref(),
            Some("2019-03-12")
        );
        assert_eq!(date_in_url("https://x.it/2019/13/12/titolo"), None);
        assert_eq!(date_in_url("https://x.it/a/b"), None);
    }
}
