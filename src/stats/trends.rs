//! Trends: how often chosen terms and entities (by canonical name) are mentioned per day,
//! week, month or year, raw and per 10,000 tokens, one row per period and name (zeros
//! included, so a plot has no gaps between periods that have articles).
//!
//! Tokens are the body tokens that are not punctuation, quotes or symbols. An article counts
//! only in periods its date can place: an article dated `2024-10` is in month and year trends,
//! not in day or week ones; undated articles are in none. Weeks are ISO weeks, named by their
//! Monday (`2024-06-17`).

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::vocabulary::{render, Role, Units, Vocabulary};
use crate::article::Article;
use crate::entities::Entity;
use crate::error::{Error, Result};
use crate::text::{tokenize, TokenKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
    Year,
}

impl Period {
    pub fn from_name(name: &str) -> Result<Self> {
        match name {
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            "year" => Ok(Period::Year),
            other => Err(Error::InvalidValue {
                location: "period".into(),
                field: "period".into(),
                message: format!("{other:?}: expected 'day', 'week', 'month' or 'year'"),
            }),
        }
    }

    /// The period an ISO date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) falls in, if its precision
    /// allows.
    pub fn of(self, date: &str) -> Option<String> {
        let parts: Vec<u32> = date
            .split('-')
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        match (self, parts.as_slice()) {
            (Period::Year, [y, ..]) => Some(format!("{y:04}")),
            (Period::Month, [y, m, ..]) => Some(format!("{y:04}-{m:02}")),
            (Period::Day, [y, m, d]) => Some(format!("{y:04}-{m:02}-{d:02}")),
            (Period::Week, [y, m, d]) => {
                let days = days_from_civil(i64::from(*y), *m, *d);
                // 1970-01-01 was a Thursday: Monday is 3 days before.
                let monday = days - (days + 3).rem_euclid(7);
                let (y, m, d) = civil_from_days(monday);
                Some(format!("{y:04}-{m:02}-{d:02}"))
            }
            _ => None,
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrendRow {
    pub period: String,
    /// `term` or `entity`.
    pub kind: &'static str,
    pub name: String,
    pub count: u64,
    pub articles: u64,
    pub tokens: u64,
    pub per_10k: f64,
}

/// A query term as the vocabulary writes it (`Corea del Nord` → `corea del nord`), and its
/// size in units; `None` when it holds no term (a stop-word alone, punctuation).
pub fn normalize_term(vocabulary: &Vocabulary, term: &str) -> Option<(String, usize)> {
    let mut units = Units::default();
    vocabulary.units(term, &tokenize(term), &[], &mut units);
    let all = &units.units;
    let (first, last) = (all.first()?, all.last()?);
    if first.role != Role::Term
        || last.role != Role::Term
        || all.iter().any(|u| u.role == Role::Break)
    {
        return None;
    }
    let mut out = String::new();
    render(&units, all, &mut out);
    Some((out, all.len()))
}

/// Mentions of some names per period: what [`TrendTally::rows`] turns into the trends
/// table. Tallies of consecutive parts of a corpus, merged, equal the tally of the whole.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrendTally {
    /// The query terms (as the vocabulary writes them), then the entity names.
    terms: Vec<String>,
    entity_names: Vec<String>,
    /// Per period: its tokens, and per name its mentions and the articles mentioning it.
    periods: BTreeMap<String, PeriodCounts>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct PeriodCounts {
    tokens: u64,
    counts: Vec<u64>,
    articles: Vec<u64>,
}

impl TrendTally {
    /// Mentions of `terms` (as the vocabulary writes them; see [`normalize_term`]) and of
    /// `entity_names` (canonical names) per period. `vocabulary` must reach the longest term.
    pub fn of(
        articles: &[Arc<Article>],
        entities: Option<&[Vec<Entity>]>,
        vocabulary: &Vocabulary,
        terms: &[String],
        entity_names: &[String],
        period: Period,
    ) -> TrendTally {
        let term_index: FxHashMap<&str, usize> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str(), i))
            .collect();
        let entity_index: FxHashMap<&str, usize> = entity_names
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str(), terms.len() + i))
            .collect();
        let names = terms.len() + entity_names.len();
        // Per article: its period, its tokens, and the count of each name.
        let per_article: Vec<Option<(String, u64, Vec<u64>)>> = articles
            .par_iter()
            .enumerate()
            .map_init(
                || (Units::default(), String::new()),
                |(units, buf), (k, article)| {
                    let key = period.of(&article.date.as_ref()?.value)?;
                    let tokens = article.tokens();
                    let words = tokens
                        .iter()
                        .filter(|t| {
                            !matches!(
                                t.kind,
                                TokenKind::Punct | TokenKind::Quote | TokenKind::Symbol
                            )
                        })
                        .count() as u64;
                    let mut counts = vec![0u64; names];
                    let found = entities
                        .and_then(|e| e.get(k))
                        .map_or(&[][..], Vec::as_slice);
                    if !terms.is_empty() {
                        vocabulary.units(&article.text, &tokens, found, units);
                        vocabulary.for_each_term(units, buf, |t| {
                            if let Some(&i) = term_index.get(t) {
                                counts[i] += 1;
                            }
                        });
                    }
                    for entity in found.iter().filter(|e| e.sentence.is_some()) {
                        if let Some(&i) = entity_index.get(entity.canonical.as_str()) {
                            counts[i] += 1;
                        }
                    }
                    Some((key, words, counts))
                },
            )
            .collect();
        let mut tally = TrendTally {
            terms: terms.to_vec(),
            entity_names: entity_names.to_vec(),
            periods: BTreeMap::new(),
        };
        for (key, tokens, counts) in per_article.into_iter().flatten() {
            let articles = counts.iter().map(|&c| u64::from(c > 0)).collect();
            tally.add(
                key,
                PeriodCounts {
                    tokens,
                    counts,
                    articles,
                },
            );
        }
        tally
    }

    fn add(&mut self, period: String, more: PeriodCounts) {
        let names = self.terms.len() + self.entity_names.len();
        let entry = self.periods.entry(period).or_insert_with(|| PeriodCounts {
            tokens: 0,
            counts: vec![0; names],
            articles: vec![0; names],
        });
        entry.tokens += more.tokens;
        for (sum, c) in entry.counts.iter_mut().zip(more.counts) {
            *sum += c;
        }
        for (sum, c) in entry.articles.iter_mut().zip(more.articles) {
            *sum += c;
        }
    }

    /// Adds the tally of other articles, of the same query.
    pub fn merge(&mut self, other: TrendTally) -> Result<()> {
        if (&other.terms, &other.entity_names) != (&self.terms, &self.entity_names) {
            return Err(Error::InvalidValue {
                location: "trends".into(),
                field: "parts".into(),
                message: "tallies of different terms or names cannot be merged".into(),
            });
        }
        for (period, counts) in other.periods {
            self.add(period, counts);
        }
        Ok(())
    }

    /// One row per period (in order) and name (terms, then entities, as asked), zeros
    /// included.
    pub fn rows(&self) -> Vec<TrendRow> {
        let names = self.terms.len() + self.entity_names.len();
        let mut out = Vec::with_capacity(self.periods.len() * names);
        for (key, period) in &self.periods {
            for i in 0..names {
                let (kind, name) = match self.terms.get(i) {
                    Some(t) => ("term", t.clone()),
                    None => ("entity", self.entity_names[i - self.terms.len()].clone()),
                };
                let count = period.counts.get(i).copied().unwrap_or(0);
                let tokens = period.tokens;
                out.push(TrendRow {
                    period: key.clone(),
                    kind,
                    name,
                    count,
                    articles: period.articles.get(i).copied().unwrap_or(0),
                    tokens,
                    per_10k: if tokens == 0 {
                        0.0
                    } else {
                        count as f64 * 10_000.0 / tokens as f64
                    },
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse, Overrides};
    use crate::stats::TermOptions;

    fn dated(text: &str, date: &str) -> Arc<Article> {
        let overrides = Overrides {
            date: Some(date.into()),
            ..Overrides::default()
        };
        Arc::new(parse(text.to_owned(), overrides).unwrap())
    }

    #[test]
    fn periods_follow_date_precision() {
        assert_eq!(Period::Week.of("2024-06-18").as_deref(), Some("2024-06-17"));
        assert_eq!(Period::Week.of("2024-06-17").as_deref(), Some("2024-06-17"));
        assert_eq!(Period::Week.of("2024-01-01").as_deref(), Some("2024-01-01"));
        assert_eq!(Period::Week.of("2023-01-01").as_deref(), Some("2022-12-26"));
        assert_eq!(Period::Month.of("2024-06-18").as_deref(), Some("2024-06"));
        assert_eq!(Period::Day.of("2024-06"), None);
        assert_eq!(Period::Year.of("2024-06").as_deref(), Some("2024"));
        assert!(Period::from_name("fortnight").is_err());
    }

    #[test]
    fn mentions_per_month_with_zeros() {
        let articles = vec![
            dated("La Corea del Nord e la Corea del Nord.", "2023-09-05"),
            dated("Kursk, ancora Kursk.", "2024-11-02"),
            dated("Senza data per Kursk.", "2024"),
        ];
        let vocabulary = Vocabulary::new(TermOptions {
            ngram_range: (1, 3),
            ..TermOptions::default()
        })
        .unwrap();
        let (korea, size) = normalize_term(&vocabulary, "Corea del Nord").unwrap();
        assert_eq!((korea.as_str(), size), ("corea del nord", 3));
        assert_eq!(normalize_term(&vocabulary, "della"), None);
        let terms = vec![korea, "kursk".to_owned()];
        let rows = TrendTally::of(&articles, None, &vocabulary, &terms, &[], Period::Month).rows();
        let got: Vec<(&str, &str, u64, u64)> = rows
            .iter()
            .map(|r| (r.period.as_str(), r.name.as_str(), r.count, r.tokens))
            .collect();
        assert_eq!(
            got,
            [
                ("2023-09", "corea del nord", 2, 9),
                ("2023-09", "kursk", 0, 9),
                ("2024-11", "corea del nord", 0, 3),
                ("2024-11", "kursk", 2, 3),
            ]
        );
        assert!((rows[3].per_10k - 2.0 * 10_000.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn tallies_of_parts_merge_into_the_whole() {
        let articles = vec![
            dated("Kursk e ancora Kursk.", "2024-11-02"),
            dated("La Corea manda soldati a Kursk.", "2024-11-20"),
            dated("Nessuna notizia.", "2023-09"),
        ];
        let vocabulary = Vocabulary::new(TermOptions::default()).unwrap();
        let terms = vec!["kursk".to_owned(), "corea".to_owned()];
        let of = |part: &[Arc<Article>]| {
            TrendTally::of(part, None, &vocabulary, &terms, &[], Period::Month)
        };
        let whole = of(&articles);
        let mut merged = of(&articles[..1]);
        merged.merge(of(&articles[1..])).unwrap();
        assert_eq!(merged, whole);
        assert_eq!(whole.rows()[2].articles, 2);
        let other = TrendTally::of(
            &articles,
            None,
            &vocabulary,
            &terms[..1],
            &[],
            Period::Month,
        );
        assert!(merged.merge(other).is_err());
    }
}
