//! Search for Python: the corpus's index (built on first use and kept on the corpus, saved
//! and reopened), ranked articles, hits, concordance lines, and the masks `filter` needs.
//! A distributed corpus calls these on each partition; statistics travel as bytes.

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::builder::{Float64Builder, StringBuilder, UInt32Builder, UInt64Builder};
use arrow_array::ArrayRef;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rayon::prelude::*;

use super::arrow::PyArrowTable;
use super::corpus::PyCorpus;
use super::run::run;
use crate::article::Article;
use crate::columns::count;
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::search::{
    concordance, fold, hits, left, one_line, parse, right, sentence_of, sort_key, Found, Pattern,
    Query, SearchIndex, Statistics,
};
use crate::text::CharOffsets;

fn parsed(query: &str) -> Result<Query> {
    parse(query)
}

fn statistics_from(parts: &[Vec<u8>]) -> Result<Statistics> {
    let mut total = Statistics::default();
    for bytes in parts {
        let part: Statistics = postcard::from_bytes(bytes)
            .map_err(|e| Error::Internal(format!("search statistics: {e}")))?;
        total.merge(&part);
    }
    Ok(total)
}

/// Builds (or rebuilds with entities) the part's index now; whether it has entities.
#[pyfunction]
#[pyo3(signature = (corpus, *, entities=false, threads=None))]
pub fn _search_index(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    entities: bool,
    threads: Option<usize>,
) -> PyResult<bool> {
    let (inner, cache) = (corpus.inner.clone(), corpus.search.clone());
    run(py, threads, move || {
        Ok(cache.of(&inner, entities)?.has_entities())
    })
}

/// Whether the part holds an index now (built, opened or joined), without building one.
#[pyfunction]
pub fn _search_indexed(corpus: PyRef<'_, PyCorpus>) -> bool {
    corpus.search.get().is_some()
}

/// Saves the part's index (built now if needed) under `folder`.
#[pyfunction]
#[pyo3(signature = (corpus, folder, *, threads=None))]
pub fn _search_save(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    folder: PathBuf,
    threads: Option<usize>,
) -> PyResult<()> {
    let (inner, cache) = (corpus.inner.clone(), corpus.search.clone());
    run(py, threads, move || cache.of(&inner, false)?.save(&folder))
}

/// Opens the index saved under `folder` as the part's own; it must cover as many articles.
#[pyfunction]
pub fn _search_open(py: Python<'_>, corpus: PyRef<'_, PyCorpus>, folder: PathBuf) -> PyResult<()> {
    let articles = corpus.inner.len();
    let index = run(py, None, move || {
        let index = SearchIndex::open(&folder)?;
        if index.len() != articles {
            return Err(Error::Format {
                location: folder.display().to_string(),
                message: format!(
                    "the search index covers {} articles, the corpus has {articles}",
                    index.len()
                ),
            });
        }
        Ok(index)
    })?;
    corpus.search.set(Arc::new(index));
    Ok(())
}

/// Checks a query; raises `QueryError` saying where it is malformed.
#[pyfunction]
pub fn _check_query(query: &str) -> PyResult<bool> {
    Ok(parsed(query)?.uses_entities())
}

/// This part's share of the statistics `query` is ranked by (postcard bytes).
#[pyfunction]
#[pyo3(signature = (corpus, query, *, stem=false, threads=None))]
pub fn _search_statistics<'py>(
    py: Python<'py>,
    corpus: PyRef<'_, PyCorpus>,
    query: &str,
    stem: bool,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyBytes>> {
    let (inner, cache, query) = (corpus.inner.clone(), corpus.search.clone(), parsed(query)?);
    let bytes = run(py, threads, move || {
        let index = cache.of(&inner, query.uses_entities())?;
        let statistics = crate::search::statistics(&index, &query, stem)?;
        postcard::to_stdvec(&statistics).map_err(|e| Error::Internal(e.to_string()))
    })?;
    Ok(PyBytes::new(py, &bytes))
}

/// The part's articles matching `query`, best first (BM25, by the merged `statistics` of
/// every part, or this part's own): position, id, date, source, title, score, and the number
/// of hits in the body (0 without `count_hits`); only the best `top` when given.
#[pyfunction]
#[pyo3(signature = (corpus, query, *, stem=false, statistics=None, top=None, count_hits=true,
    threads=None))]
#[allow(clippy::too_many_arguments)]
pub fn _search(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    query: &str,
    stem: bool,
    statistics: Option<Vec<Vec<u8>>>,
    top: Option<usize>,
    count_hits: bool,
    threads: Option<usize>,
) -> PyResult<PyArrowTable> {
    let (inner, cache, query) = (corpus.inner.clone(), corpus.search.clone(), parsed(query)?);
    let columns = run(py, threads, move || {
        let index = cache.of(&inner, query.uses_entities())?;
        let mut found = match statistics {
            Some(parts) => {
                crate::search::find_with(&index, &query, stem, &statistics_from(&parts)?)?
            }
            None => crate::search::find(&index, &query, stem)?,
        };
        if let Some(top) = top {
            found.truncate(top);
        }
        found_columns(
            &inner.articles,
            &found,
            count_hits.then_some((&query, stem)),
        )
    })?;
    PyArrowTable::from_columns(columns)
}

fn found_columns(
    articles: &[Arc<Article>],
    found: &[Found],
    counted: Option<(&Query, bool)>,
) -> Result<Vec<(&'static str, ArrayRef)>> {
    let counts: Vec<usize> = found
        .par_iter()
        .map(|f| match (articles.get(f.article), counted) {
            (Some(article), Some((query, stem))) => hits(article, query, stem).len(),
            _ => 0,
        })
        .collect();
    let n = found.len();
    let mut position = UInt64Builder::with_capacity(n);
    let [mut id, mut date, mut source, mut title] =
        std::array::from_fn(|_| StringBuilder::with_capacity(n, n * 16));
    let mut score = Float64Builder::with_capacity(n);
    let mut hit_count = UInt32Builder::with_capacity(n);
    for (f, hits) in found.iter().zip(counts) {
        let article = articles
            .get(f.article)
            .ok_or_else(|| Error::Internal("the index and the corpus disagree".into()))?;
        position.append_value(f.article as u64);
        id.append_option(article.id.as_deref());
        date.append_option(article.date.as_ref().map(|d| d.value.as_str()));
        source.append_option(article.source.as_deref());
        title.append_option(article.title.as_ref().map(|t| t.value.as_str()));
        score.append_value(f64::from(f.score));
        hit_count.append_value(count(hits));
    }
    Ok(vec![
        ("position", Arc::new(position.finish())),
        ("id", Arc::new(id.finish())),
        ("date", Arc::new(date.finish())),
        ("source", Arc::new(source.finish())),
        ("title", Arc::new(title.finish())),
        ("score", Arc::new(score.finish())),
        ("hits", Arc::new(hit_count.finish())),
    ])
}

/// One row per place `query` matched in the articles at `positions` (in that order):
/// position, article id, sentence, start, end (`str` offsets), left, match, right, and the
/// sentence's text.
#[pyfunction]
#[pyo3(signature = (corpus, query, positions, *, stem=false, window=5, threads=None))]
#[allow(clippy::too_many_arguments)]
pub fn _search_hits(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    query: &str,
    positions: Vec<usize>,
    stem: bool,
    window: usize,
    threads: Option<usize>,
) -> PyResult<PyArrowTable> {
    let (inner, query) = (corpus.inner.clone(), parsed(query)?);
    let columns = run(py, threads, move || {
        let rows: Vec<Row> = positions
            .par_iter()
            .flat_map_iter(|&position| {
                let article = inner.articles.get(position).cloned();
                let found = article
                    .as_deref()
                    .map(|a| hits(a, &query, stem))
                    .unwrap_or_default();
                found.into_iter().filter_map(move |range| {
                    let article = article.clone()?;
                    let text = article.text.as_str();
                    Some(Row {
                        position,
                        start: range.start,
                        end: range.end,
                        sentence: sentence_of(&article, range.start),
                        left: one_line(left(text, range.start, window)),
                        matched: text.get(range.clone())?.to_owned(),
                        right: one_line(right(text, range.end, window)),
                        article,
                    })
                })
            })
            .collect();
        Ok(row_columns(&rows, true))
    })?;
    PyArrowTable::from_columns(columns)
}

/// Keyword in context: every occurrence of `pattern` (words, or with `regex`, a regular
/// expression) in the part's article bodies, in corpus order, with `window` words either
/// side, and the keys that sort lines by their left and right context.
#[pyfunction]
#[pyo3(signature = (corpus, pattern, *, regex=false, window=5, threads=None))]
pub fn _concordance(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    pattern: &str,
    regex: bool,
    window: usize,
    threads: Option<usize>,
) -> PyResult<PyArrowTable> {
    let inner = corpus.inner.clone();
    let pattern = Pattern::new(pattern, regex)?;
    let columns = run(py, threads, move || {
        let lines = concordance(&inner.articles, &pattern, window)?;
        let keys: Vec<(String, String)> = lines
            .par_iter()
            .map(|line| (sort_key(line, true), sort_key(line, false)))
            .collect();
        let rows: Vec<Row> = lines
            .into_iter()
            .filter_map(|line| {
                Some(Row {
                    article: inner.articles.get(line.article)?.clone(),
                    position: line.article,
                    start: line.start,
                    end: line.end,
                    sentence: line.sentence,
                    left: line.left,
                    matched: line.matched,
                    right: line.right,
                })
            })
            .collect();
        let mut columns = row_columns(&rows, false);
        let (by_left, by_right): (Vec<String>, Vec<String>) = keys.into_iter().unzip();
        columns.push((
            "left_key",
            super::arrow::strings(by_left.iter().map(String::as_str)),
        ));
        columns.push((
            "right_key",
            super::arrow::strings(by_right.iter().map(String::as_str)),
        ));
        Ok(columns)
    })?;
    PyArrowTable::from_columns(columns)
}

/// A hit or concordance line, before it becomes a row.
struct Row {
    article: Arc<Article>,
    position: usize,
    start: usize,
    end: usize,
    sentence: Option<usize>,
    left: String,
    matched: String,
    right: String,
}

fn row_columns(rows: &[Row], sentence_text: bool) -> Vec<(&'static str, ArrayRef)> {
    let n = rows.len();
    let mut position = UInt64Builder::with_capacity(n);
    let mut article_id = StringBuilder::with_capacity(n, n * 16);
    let [mut sentence, mut start, mut end] =
        std::array::from_fn(|_| UInt32Builder::with_capacity(n));
    let [mut left_text, mut matched, mut right_text, mut sentence_texts] =
        std::array::from_fn(|_| StringBuilder::with_capacity(n, n * 32));
    // Offsets of one article are converted with one table, built once per article.
    let mut offsets: Option<(usize, CharOffsets)> = None;
    for row in rows {
        if offsets.as_ref().is_none_or(|(at, _)| *at != row.position) {
            offsets = Some((row.position, CharOffsets::new(&row.article.text)));
        }
        let chars = offsets.as_ref().map(|(_, c)| c);
        let (s, e) = chars.map_or((0, 0), |c| c.char_span(row.start, row.end));
        position.append_value(row.position as u64);
        article_id.append_option(row.article.id.as_deref());
        sentence.append_option(row.sentence.map(count));
        start.append_value(count(s));
        end.append_value(count(e));
        left_text.append_value(&row.left);
        matched.append_value(&row.matched);
        right_text.append_value(&row.right);
        let text = row
            .sentence
            .and_then(|i| row.article.sentences.get(i))
            .and_then(|s| row.article.text.get(s.start..s.end));
        sentence_texts.append_option(text.map(one_line));
    }
    let mut columns: Vec<(&'static str, ArrayRef)> = vec![
        ("position", Arc::new(position.finish())),
        ("article", Arc::new(article_id.finish())),
        ("sentence", Arc::new(sentence.finish())),
        ("start", Arc::new(start.finish())),
        ("end", Arc::new(end.finish())),
        ("left", Arc::new(left_text.finish())),
        ("match", Arc::new(matched.finish())),
        ("right", Arc::new(right_text.finish())),
    ];
    if sentence_text {
        columns.push(("sentence_text", Arc::new(sentence_texts.finish())));
    }
    columns
}

/// Which articles name the entities `names` (canonical names, case and accents aside): any
/// of them, or with `every`, all of them.
#[pyfunction]
#[pyo3(signature = (corpus, names, *, every=false, threads=None))]
pub fn _entity_mask(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    names: Vec<String>,
    every: bool,
    threads: Option<usize>,
) -> PyResult<Vec<bool>> {
    let inner = corpus.inner.clone();
    run(py, threads, move || {
        let wanted: Vec<String> = names.iter().map(|n| fold(n.trim())).collect();
        let entities = inner.entities();
        Ok(entities
            .par_iter()
            .map(|found| {
                let has = |name: &String| found.iter().any(|e| fold(&e.canonical) == *name);
                if every {
                    wanted.iter().all(has)
                } else {
                    wanted.iter().any(has)
                }
            })
            .collect())
    })
}

/// The part's articles at `positions`, in that order, with the part's errors.
#[pyfunction]
pub fn _take(corpus: PyRef<'_, PyCorpus>, positions: Vec<usize>) -> PyResult<PyCorpus> {
    let mut taken = Corpus::default();
    for position in positions {
        let article = corpus.inner.articles.get(position).ok_or_else(|| {
            Error::Internal(format!("article {position} of {}", corpus.inner.len()))
        })?;
        taken.articles.push(article.clone());
    }
    taken.errors = corpus.inner.errors.clone();
    taken.skipped = corpus.inner.skipped.clone();
    Ok(PyCorpus::wrap(taken))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_search_index, m)?)?;
    m.add_function(wrap_pyfunction!(_search_indexed, m)?)?;
    m.add_function(wrap_pyfunction!(_search_save, m)?)?;
    m.add_function(wrap_pyfunction!(_search_open, m)?)?;
    m.add_function(wrap_pyfunction!(_check_query, m)?)?;
    m.add_function(wrap_pyfunction!(_search_statistics, m)?)?;
    m.add_function(wrap_pyfunction!(_search, m)?)?;
    m.add_function(wrap_pyfunction!(_search_hits, m)?)?;
    m.add_function(wrap_pyfunction!(_concordance, m)?)?;
    m.add_function(wrap_pyfunction!(_entity_mask, m)?)?;
    m.add_function(wrap_pyfunction!(_take, m)?)?;
    Ok(())
}
