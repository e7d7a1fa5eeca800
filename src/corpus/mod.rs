//! A corpus: articles parsed in parallel from files, folders, JSON Lines or CSV, and the
//! records that could not be used, each with its location and reason.

mod batches;
mod entities;
mod mentions;
mod parts;
mod sources;
pub mod tables;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rayon::prelude::*;

use crate::article::{self, Article, Overrides};
use crate::entities::Entity;
use crate::error::{Error, Result};

pub use batches::Batches;
pub use parts::NamedRole;
pub use sources::{
    file_kind, listed_files, read_folder_files, read_records, FileKind, ReadOptions, Record,
    CHUNK_RECORDS,
};

/// A record that did not become an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordError {
    pub location: String,
    pub error: Error,
}

#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub articles: Vec<Arc<Article>>,
    pub errors: Vec<RecordError>,
    /// Records that are not articles (files of other kinds in a folder, WARC records that
    /// are not pages), each with why: seen, counted, not parsed.
    pub skipped: Vec<RecordError>,
    /// `entities()`, computed on first use; a changed corpus is a new `Corpus`.
    entities: OnceLock<Arc<Vec<Vec<Entity>>>>,
    /// `mentions()`, computed on first use, like `entities`.
    mentions: OnceLock<Arc<Vec<crate::mentions::Mentions>>>,
}

impl Corpus {
    /// Parses texts in parallel; record locations are `text N` (N from 0).
    pub fn from_texts(texts: Vec<String>, ids: Option<Vec<String>>, strict: bool) -> Result<Self> {
        let records = text_records(texts, ids)?;
        let mut corpus = Corpus::default();
        corpus.extend_parsed(records, strict)?;
        Ok(corpus)
    }

    /// Reads a file or folder, streaming records in chunks and parsing each chunk in parallel.
    pub fn read(path: &Path, options: &ReadOptions) -> Result<Self> {
        let mut corpus = Corpus::default();
        read_records(path, options, &mut |chunk| {
            corpus.extend_parsed(chunk, options.strict)
        })?;
        Ok(corpus)
    }

    /// Parses a chunk of records in parallel and appends them, keeping record order.
    pub fn extend_parsed(&mut self, records: Vec<Record>, strict: bool) -> Result<()> {
        self.push_parsed(parse_records(records), strict)
    }

    /// Appends parsed records in order: articles to `articles`, failures to `errors` (or,
    /// when `strict`, the first failure is returned).
    pub fn push_parsed(&mut self, parsed: Vec<Parsed>, strict: bool) -> Result<()> {
        self.entities = OnceLock::new();
        self.mentions = OnceLock::new();
        for (location, result) in parsed {
            match result {
                Ok(article) => self.articles.push(Arc::new(article)),
                Err(error @ Error::Skipped { .. }) => {
                    self.skipped.push(RecordError { location, error })
                }
                Err(error) if strict => return Err(error),
                Err(error) => self.errors.push(RecordError { location, error }),
            }
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// Records seen: articles, plus the records reported in `errors` and in `skipped`.
    pub fn records_seen(&self) -> usize {
        self.articles.len() + self.errors.len() + self.skipped.len()
    }

    /// The articles whose date overlaps `[start, end]` (ISO dates of any precision) and whose
    /// source is one of `sources`. Articles are shared, not copied; errors are kept.
    pub fn filter(
        &self,
        start: Option<&str>,
        end: Option<&str>,
        sources: Option<&[String]>,
    ) -> Result<Self> {
        let lower = start
            .map(|s| date_bounds(s, "start"))
            .transpose()?
            .map(|b| b.0);
        let upper = end.map(|s| date_bounds(s, "end")).transpose()?.map(|b| b.1);
        let articles = self
            .articles
            .iter()
            .filter(|article| {
                if let Some(sources) = sources {
                    match &article.source {
                        Some(source) if sources.iter().any(|s| s == source) => {}
                        _ => return false,
                    }
                }
                if lower.is_none() && upper.is_none() {
                    return true;
                }
                let Some(date) = &article.date else {
                    return false;
                };
                let Ok((first, last)) = date_bounds(&date.value, "date") else {
                    return false;
                };
                lower.as_ref().is_none_or(|lower| &last >= lower)
                    && upper.as_ref().is_none_or(|upper| &first <= upper)
            })
            .cloned()
            .collect();
        Ok(Corpus {
            articles,
            errors: self.errors.clone(),
            skipped: self.skipped.clone(),
            ..Corpus::default()
        })
    }

    pub fn concat(parts: Vec<Corpus>) -> Corpus {
        let mut out = Corpus::default();
        for part in parts {
            out.articles.extend(part.articles);
            out.errors.extend(part.errors);
            out.skipped.extend(part.skipped);
        }
        out
    }
}

/// First and last day (as `YYYY-MM-DD`) that an ISO date of year, month or day precision covers.
pub(crate) fn date_bounds(iso: &str, field: &str) -> Result<(String, String)> {
    let invalid = || Error::InvalidValue {
        location: iso.to_string(),
        field: field.to_string(),
        message: "expected an ISO date: YYYY, YYYY-MM or YYYY-MM-DD".into(),
    };
    let parts: Vec<&str> = iso.trim().split('-').collect();
    let number = |s: &str, digits: usize| -> Result<u32> {
        if s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| invalid())
        } else {
            Err(invalid())
        }
    };
    match parts.as_slice() {
        [y] => {
            let y = number(y, 4)?;
            Ok((format!("{y:04}-01-01"), format!("{y:04}-12-31")))
        }
        [y, m] => {
            let (y, m) = (number(y, 4)?, number(m, 2)?);
            if !(1..=12).contains(&m) {
                return Err(invalid());
            }
            Ok((
                format!("{y:04}-{m:02}-01"),
                format!("{y:04}-{m:02}-{:02}", days_in_month(y, m)),
            ))
        }
        [y, m, d] => {
            let (y, m, d) = (number(y, 4)?, number(m, 2)?, number(d, 2)?);
            if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
                return Err(invalid());
            }
            let day = format!("{y:04}-{m:02}-{d:02}");
            Ok((day.clone(), day))
        }
        _ => Err(invalid()),
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// A record after parsing: its location, and the article or why there is none.
pub type Parsed = (String, Result<Article>);

/// The record of text `index` (location `text N`), with an id if given.
pub fn text_record(index: usize, text: String, id: Option<String>) -> Record {
    Record {
        location: format!("text {index}"),
        content: Ok((
            text,
            Overrides {
                id,
                ..Default::default()
            },
        )),
    }
}

fn text_records(texts: Vec<String>, ids: Option<Vec<String>>) -> Result<Vec<Record>> {
    let ids: Vec<Option<String>> = match ids {
        None => vec![None; texts.len()],
        Some(ids) if ids.len() == texts.len() => ids.into_iter().map(Some).collect(),
        Some(ids) => {
            return Err(Error::InvalidValue {
                location: "ids".into(),
                field: "ids".into(),
                message: format!("{} ids for {} texts", ids.len(), texts.len()),
            })
        }
    };
    Ok(texts
        .into_iter()
        .zip(ids)
        .enumerate()
        .map(|(index, (text, id))| text_record(index, text, id))
        .collect())
}

/// Parses records in parallel, keeping their order; a parse error is said of the record.
pub fn parse_records(records: Vec<Record>) -> Vec<Parsed> {
    records
        .into_par_iter()
        .map(|record| {
            let location = record.location;
            let result = record.content.and_then(|(text, overrides)| {
                article::parse(text, overrides).map_err(|e| e.at(location.clone()))
            });
            (location, result)
        })
        .collect()
}

/// Runs `work` on a pool of `threads` threads, or on rayon's global pool (all cores, or
/// `RAYON_NUM_THREADS`) when `threads` is None.
pub fn with_threads<T: Send>(threads: Option<usize>, work: impl FnOnce() -> T + Send) -> Result<T> {
    match threads {
        None => Ok(work()),
        Some(n) => thread_pool(n).map(|pool| pool.install(work)),
    }
}

/// A pool of `threads` threads; zero is refused. Pools are started once per size and kept
/// for the process, so that calls with `threads=n` do not start threads each time (a handful
/// of sizes is all a program uses).
pub fn thread_pool(threads: usize) -> Result<Arc<rayon::ThreadPool>> {
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    if threads == 0 {
        return Err(Error::InvalidValue {
            location: "threads".into(),
            field: "threads".into(),
            message: "must be at least 1".into(),
        });
    }
    let mut pools = POOLS
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(pool) = pools.get(&threads) {
        return Ok(pool.clone());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map(Arc::new)
        .map_err(|e| Error::Internal(format!("cannot start {threads} threads: {e}")))?;
    pools.insert(threads, pool.clone());
    Ok(pool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds_follow_precision() {
        assert_eq!(
            date_bounds("2024", "d").unwrap(),
            ("2024-01-01".into(), "2024-12-31".into())
        );
        assert_eq!(
            date_bounds("2024-02", "d").unwrap(),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        assert_eq!(date_bounds("2023-02", "d").unwrap().1, "2023-02-28");
        assert!(date_bounds("2024-13", "d").is_err());
        assert!(date_bounds("2024-02-30", "d").is_err());
        assert!(date_bounds("ieri", "d").is_err());
    }

    #[test]
    fn zero_threads_is_refused() {
        assert!(with_threads(Some(0), || 1).is_err());
        assert_eq!(
            with_threads(Some(2), rayon::current_num_threads).unwrap(),
            2
        );
    }

    #[test]
    fn a_pool_of_one_size_is_started_once() {
        let (a, b) = (thread_pool(3).unwrap(), thread_pool(3).unwrap());
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(a.current_num_threads(), 3);
        assert!(!Arc::ptr_eq(&a, &thread_pool(1).unwrap()));
    }
}
