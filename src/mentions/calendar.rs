//! Calendar arithmetic for resolving dates: days, months and years as ISO values with their
//! precision, weekdays, and day counts (proleptic Gregorian, days counted from 1970-01-01).

use std::fmt;

/// A calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    /// The day, if it exists (`2023-02-30` does not).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Day { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn number(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_number(z: i64) -> Day {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    pub fn plus(self, days: i64) -> Day {
        Day::from_number(self.number() + days)
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.number() + 3).rem_euclid(7) as u32
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// How precise a resolved date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

/// A resolved date: a day, a month, a year, or an interval between two of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateValue {
    Day(Day),
    Month(i32, u32),
    Year(i32),
    Interval(Box<DateValue>, Box<DateValue>),
}

impl DateValue {
    /// Parses `2024`, `2024-06`, `2024-06-18` (the article date's forms).
    pub fn parse_iso(s: &str) -> Option<DateValue> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let number = |p: &str, len: usize| -> Option<u32> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        match parts.as_slice() {
            [y] => Some(DateValue::Year(number(y, 4)? as i32)),
            [y, m] => {
                let m = number(m, 2)?;
                (1..=12)
                    .contains(&m)
                    .then_some(DateValue::Month(number(y, 4)? as i32, m))
            }
            [y, m, d] => {
                Day::new(number(y, 4)? as i32, number(m, 2)?, number(d, 2)?).map(DateValue::Day)
            }
            _ => None,
        }
    }

    /// ISO 8601: `2024-06-18`, `2024-06`, `2024`, or `start/end` for an interval.
    pub fn iso(&self) -> String {
        match self {
            DateValue::Day(d) => d.to_string(),
            DateValue::Month(y, m) => format!("{y:04}-{m:02}"),
            DateValue::Year(y) => format!("{y:04}"),
            DateValue::Interval(a, b) => format!("{}/{}", a.iso(), b.iso()),
        }
    }

    /// The precision of the value (of its coarser end, for an interval).
    pub fn precision(&self) -> Precision {
        match self {
            DateValue::Day(_) => Precision::Day,
            DateValue::Month(..) => Precision::Month,
            DateValue::Year(_) => Precision::Year,
            DateValue::Interval(a, b) => a.precision().min(b.precision()),
        }
    }

    /// The first day the value covers.
    pub fn first_day(&self) -> Day {
        match self {
            DateValue::Day(d) => *d,
            DateValue::Month(y, m) => Day {
                year: *y,
                month: *m,
                day: 1,
            },
            DateValue::Year(y) => Day {
                year: *y,
                month: 1,
                day: 1,
            },
            DateValue::Interval(a, _) => a.first_day(),
        }
    }

    /// The last day the value covers.
    pub fn last_day(&self) -> Day {
        match self {
            DateValue::Day(d) => *d,
            DateValue::Month(y, m) => Day {
                year: *y,
                month: *m,
                day: days_in_month(*y, *m),
            },
            DateValue::Year(y) => Day {
                year: *y,
                month: 12,
                day: 31,
            },
            DateValue::Interval(_, b) => b.last_day(),
        }
    }

    pub fn year(&self) -> i32 {
        self.first_day().year
    }

    /// The month, when the value is at least that precise.
    pub fn month(&self) -> Option<(i32, u32)> {
        match self {
            DateValue::Day(d) => Some((d.year, d.month)),
            DateValue::Month(y, m) => Some((*y, *m)),
            _ => None,
        }
    }

    pub fn day(&self) -> Option<Day> {
        match self {
            DateValue::Day(d) => Some(*d),
            _ => None,
        }
    }
}

/// The month `delta` months after `(year, month)`.
pub fn add_months(year: i32, month: u32, delta: i32) -> (i32, u32) {
    let index = year * 12 + month as i32 - 1 + delta;
    (index.div_euclid(12), (index.rem_euclid(12) + 1) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_weekdays() {
        let day = Day::new(2024, 6, 18).unwrap();
        assert_eq!(Day::from_number(day.number()), day);
        assert_eq!(day.weekday(), 1, "2024-06-18 was a Tuesday");
        assert_eq!(Day::new(2023, 9, 5).unwrap().weekday(), 1);
        assert_eq!(
            Day::new(2024, 3, 1).unwrap().plus(-1).to_string(),
            "2024-02-29"
        );
        assert_eq!(
            Day::new(2000, 1, 1).unwrap().plus(-1).to_string(),
            "1999-12-31"
        );
        assert!(Day::new(2023, 2, 29).is_none());
        for n in -800_000..-799_000 {
            assert_eq!(Day::from_number(n).number(), n);
        }
    }

    #[test]
    fn iso_values_and_bounds() {
        let month = DateValue::parse_iso("2024-02").unwrap();
        assert_eq!(month.iso(), "2024-02");
        assert_eq!(month.precision(), Precision::Month);
        assert_eq!(month.last_day().to_string(), "2024-02-29");
        assert_eq!(DateValue::parse_iso("2024-13"), None);
        assert_eq!(DateValue::parse_iso("ieri"), None);
        let range = DateValue::Interval(
            Box::new(DateValue::parse_iso("2023-09-10").unwrap()),
            Box::new(DateValue::parse_iso("2023-09-13").unwrap()),
        );
        assert_eq!(range.iso(), "2023-09-10/2023-09-13");
        assert_eq!(add_months(2024, 1, -1), (2023, 12));
        assert_eq!(add_months(2024, 12, 1), (2025, 1));
    }
}
