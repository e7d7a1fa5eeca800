//! Corpus statistics for Python, each as a pair: what one part of a corpus contributes (a
//! `Partial`) and the merge of the parts' contributions, in corpus order, into the result of
//! the whole. A corpus on one machine is one part; `rassegna.Corpus` calls both halves, on
//! whatever engine holds its parts. Per-article tables (top terms, keyphrases) are one
//! call per part, joined in Python.

use std::sync::Arc;

use arrow_array::ArrayRef;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rayon::prelude::*;

use super::arrow::{f64s, opt_strings, strings, u64s, PyArrowTable};
use super::corpus::PyCorpus;
use super::partial::{take_all, take_term_counts, Partial, PyPartial, TermCountsPart};
use super::run::run;
use super::stats::{
    invalid, keyphrase_setup, term_options, tfidf_options, vocabulary, weigh, weigh_counted,
    PyTfidf,
};
use crate::article::Article;
use crate::corpus::Corpus;
use crate::entities::{Entity, Label};
use crate::error::Result;
use crate::stats::collocations::{collocations_of, Collocation, GramTally};
use crate::stats::cooccurrence::{Context, Items, Pair, Tally};
use crate::stats::keyness::{keyness, KeynessRow};
use crate::stats::keyphrases::keyphrases;
use crate::stats::partial::{keyness_counts, merge_keyness_counts, merge_term_counts};
use crate::stats::text_counts::{count_articles, JoinedCounts};
use crate::stats::trends::{normalize_term, Period, TrendTally};
use crate::stats::vocabulary::MAX_NGRAM;
use crate::stats::{TermCounts, TermOptions, Vocabulary};

/// Each article's entities when the vocabulary asks for entity-aware terms: the part's
/// entities, named as the engine named them (across the whole corpus).
fn corpus_entities(corpus: &Corpus, needed: bool) -> Option<Arc<Vec<Vec<Entity>>>> {
    needed.then(|| corpus.entities())
}

/// The term counts of a part's articles, rows not yet renumbered.
fn counts_of(corpus: &Corpus, vocabulary: &Vocabulary) -> JoinedCounts {
    let entities = corpus_entities(corpus, vocabulary.options().entities);
    count_articles(
        &corpus.articles,
        entities.as_deref().map(Vec::as_slice),
        vocabulary,
    )
}

/// The term counts of each article of this part (terms in code point order).
#[pyfunction]
#[pyo3(signature = (corpus, *, threads=None, **options))]
pub fn _term_counts(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    threads: Option<usize>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyPartial> {
    let vocab = vocabulary(options)?;
    let corpus = corpus.inner.clone();
    run(py, threads, move || {
        Ok(PyPartial::joined(counts_of(&corpus, &vocab)))
    })
}

/// The term counts of a corpus's parts: one part as it was counted, or several, renumbered.
enum Counted {
    One(JoinedCounts),
    Parts(Vec<TermCounts>),
}

impl Counted {
    fn of(parts: &[PyRef<'_, PyPartial>]) -> Result<Counted> {
        let mut parts = take_term_counts(parts)?;
        if let [TermCountsPart::Joined(_)] = parts.as_slice() {
            if let Some(TermCountsPart::Joined(joined)) = parts.pop() {
                return Ok(Counted::One(joined));
            }
        }
        let parts = parts
            .into_iter()
            .map(|part| match part {
                TermCountsPart::Joined(joined) => joined.renumber(),
                TermCountsPart::Counted(counts) => counts,
            })
            .collect();
        Ok(Counted::Parts(parts))
    }

    /// The counts of the whole corpus.
    fn merged(self) -> TermCounts {
        match self {
            Counted::One(joined) => joined.renumber(),
            Counted::Parts(parts) => merge_term_counts(parts),
        }
    }
}

/// TF-IDF of the whole corpus from the term counts of its parts, in order.
#[pyfunction]
#[pyo3(signature = (parts, ids, *, smooth_idf=true, sublinear_tf=false, use_idf=true,
    norm=Some("l2"), min_df=None, max_df=None, max_features=None, threads=None))]
#[allow(clippy::too_many_arguments)]
pub fn _tfidf_of_parts(
    py: Python<'_>,
    parts: Vec<PyRef<'_, PyPartial>>,
    ids: Vec<Option<String>>,
    smooth_idf: bool,
    sublinear_tf: bool,
    use_idf: bool,
    norm: Option<&str>,
    min_df: Option<&Bound<'_, PyAny>>,
    max_df: Option<&Bound<'_, PyAny>>,
    max_features: Option<usize>,
    threads: Option<usize>,
) -> PyResult<PyTfidf> {
    let options = tfidf_options(
        smooth_idf,
        sublinear_tf,
        use_idf,
        norm,
        min_df,
        max_df,
        max_features,
    )?;
    let counted = Counted::of(&parts)?;
    let documents = ids.len();
    let check = |found: usize| {
        if found == documents {
            Ok(())
        } else {
            Err(invalid(
                "ids",
                format!("{documents} ids for {found} documents"),
            ))
        }
    };
    match counted {
        // One part, as on one machine: its rows are renumbered beside the vocabulary's strings.
        Counted::One(joined) => {
            check(joined.documents())?;
            let (terms, renumber) = joined.into_renumbering();
            weigh_counted(py, threads, terms, renumber, options, ids)
        }
        counted => {
            let counts = run(py, threads, move || Ok(counted.merged()))?;
            check(counts.documents())?;
            weigh(py, threads, counts, options, ids)
        }
    }
}

/// Term frequencies of the whole corpus (term, count, df), most frequent first, from the
/// counts of its parts.
#[pyfunction]
#[pyo3(signature = (parts, *, top=None, threads=None))]
pub fn _frequencies_of_parts(
    py: Python<'_>,
    parts: Vec<PyRef<'_, PyPartial>>,
    top: Option<usize>,
    threads: Option<usize>,
) -> PyResult<PyArrowTable> {
    let counted = Counted::of(&parts)?;
    let columns = run(py, threads, move || {
        Ok(frequency_columns(&counted.merged(), top))
    })?;
    PyArrowTable::from_columns(columns)
}

/// The `top` terms of each article of this part: article, term, count, rank.
#[pyfunction]
#[pyo3(signature = (corpus, *, top=None, threads=None, **options))]
pub fn _top_terms(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    top: Option<usize>,
    threads: Option<usize>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyArrowTable> {
    let vocab = vocabulary(options)?;
    let corpus = corpus.inner.clone();
    let columns = run(py, threads, move || {
        let counts = counts_of(&corpus, &vocab).renumber();
        let (mut article, mut term, mut count, mut rank) = (vec![], vec![], vec![], vec![]);
        for doc in 0..counts.documents() {
            let (idx, cnt) = counts.row(doc);
            let mut row: Vec<(u32, u64)> = idx
                .iter()
                .zip(cnt)
                .map(|(&i, &c)| (i, u64::from(c)))
                .collect();
            // Most frequent first; the columns are in code point order, so on a tie the
            // column decides as the term would.
            row.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            for (r, (i, c)) in row.into_iter().take(top.unwrap_or(usize::MAX)).enumerate() {
                article.push(corpus.articles[doc].id.as_deref());
                term.push(&counts.terms[i as usize]);
                count.push(c);
                rank.push(r as u64 + 1);
            }
        }
        Ok(vec![
            ("article", opt_strings(article)),
            ("term", strings(term)),
            ("count", u64s(count)),
            ("rank", u64s(rank)),
        ])
    })?;
    PyArrowTable::from_columns(columns)
}

/// A mask must say of every article whether it is in.
fn check_mask(mask: &[bool], articles: usize) -> Result<()> {
    if mask.len() != articles {
        return Err(invalid(
            "mask",
            format!("{} values for {articles} articles", mask.len()),
        ));
    }
    Ok(())
}

/// This part's term totals in its target and reference articles (two masks of the part).
/// Only the articles of either part are counted.
#[pyfunction]
#[pyo3(signature = (corpus, target, reference, *, threads=None, **options))]
pub fn _keyness_counts(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    target: Vec<bool>,
    reference: Vec<bool>,
    threads: Option<usize>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyPartial> {
    let vocab = vocabulary(options)?;
    let corpus = corpus.inner.clone();
    run(py, threads, move || {
        check_mask(&target, corpus.len())?;
        check_mask(&reference, corpus.len())?;
        let chosen: Vec<usize> = (0..corpus.len())
            .filter(|&i| target[i] || reference[i])
            .collect();
        let articles: Vec<Arc<Article>> =
            chosen.iter().map(|&i| corpus.articles[i].clone()).collect();
        let entities = corpus_entities(&corpus, vocab.options().entities)
            .map(|e| chosen.iter().map(|&i| e[i].clone()).collect::<Vec<_>>());
        let counts = count_articles(&articles, entities.as_deref(), &vocab).renumber();
        let positions = |mask: &[bool]| -> Vec<usize> {
            (0..chosen.len()).filter(|&k| mask[chosen[k]]).collect()
        };
        let totals = keyness_counts(&counts, &positions(&target), &positions(&reference));
        Ok(PyPartial::new(Partial::Keyness(totals)))
    })
}

/// Keyness of the whole corpus from the totals of its parts.
#[pyfunction]
#[pyo3(signature = (parts, *, min_count=3))]
pub fn _keyness_of_parts(
    py: Python<'_>,
    parts: Vec<PyRef<'_, PyPartial>>,
    min_count: u64,
) -> PyResult<PyArrowTable> {
    let parts = take_all(&parts, "keyness totals", |p| match p {
        Partial::Keyness(k) => Some(k),
        _ => None,
    })?;
    let columns = run(py, None, move || {
        for (terms, a, b) in &parts {
            if terms.len() != a.len() || terms.len() != b.len() {
                return Err(invalid("keyness", "inconsistent totals"));
            }
        }
        let (terms, a, b) = merge_keyness_counts(parts);
        let (rows, size_a, size_b) = keyness(terms, &a, &b, min_count);
        Ok(keyness_columns(&rows, size_a, size_b))
    })?;
    PyArrowTable::from_columns(columns)
}

/// What a co-occurrence counts: the context, the entity labels, the vocabulary, whether the
/// corpus's entities are needed, and whether the items are entities.
fn cooccurrence_args(
    of: &str,
    within: &str,
    window: usize,
    labels: Option<Vec<String>>,
    options: Option<&Bound<'_, PyDict>>,
) -> Result<(Context, Vec<Label>, Vocabulary, bool, bool)> {
    let context = match within {
        "sentence" => Context::Sentence,
        "article" => Context::Article,
        "window" if window > 0 => Context::Window(window),
        "window" => return Err(invalid("window", "must be at least 1")),
        other => {
            return Err(invalid(
                "within",
                format!("{other:?}: expected 'sentence', 'article' or 'window'"),
            ))
        }
    };
    let labels: Vec<Label> = labels
        .unwrap_or_default()
        .iter()
        .map(|l| {
            Label::from_name(&l.to_uppercase())
                .ok_or_else(|| invalid("labels", format!("{l:?}: expected PER, LOC or ORG")))
        })
        .collect::<Result<_>>()?;
    let vocab = vocabulary(options)?;
    let entities_needed = match of {
        "entities" => true,
        "terms" => vocab.options().entities,
        other => {
            return Err(invalid(
                "of",
                format!("{other:?}: expected 'entities' or 'terms'"),
            ))
        }
    };
    let of_entities = of == "entities";
    Ok((context, labels, vocab, entities_needed, of_entities))
}

/// This part's co-occurrence counts.
#[pyfunction]
#[pyo3(signature = (corpus, *, of="entities", within="sentence", window=5, labels=None,
    places=false, threads=None, **options))]
#[allow(clippy::too_many_arguments)]
pub fn _cooccurrence_tally(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    of: &str,
    within: &str,
    window: usize,
    labels: Option<Vec<String>>,
    places: bool,
    threads: Option<usize>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyPartial> {
    let (context, labels, vocab, entities_needed, of_entities) =
        cooccurrence_args(of, within, window, labels, options)?;
    let corpus = corpus.inner.clone();
    run(py, threads, move || {
        let entities = corpus_entities(&corpus, entities_needed);
        let items = if of_entities {
            Items::Entities {
                labels: &labels,
                places,
            }
        } else {
            Items::Terms(&vocab)
        };
        let tally = Tally::of(
            &corpus.articles,
            entities.as_deref().map(Vec::as_slice),
            items,
            context,
        );
        Ok(PyPartial::new(Partial::Cooccurrence(tally)))
    })
}

/// Co-occurrence of the whole corpus from the counts of its parts.
#[pyfunction]
#[pyo3(signature = (parts, *, min_count=1))]
pub fn _cooccurrence_of_parts(
    py: Python<'_>,
    parts: Vec<PyRef<'_, PyPartial>>,
    min_count: u64,
) -> PyResult<PyArrowTable> {
    let parts = take_all(&parts, "a co-occurrence tally", |p| match p {
        Partial::Cooccurrence(t) => Some(t),
        _ => None,
    })?;
    let columns = run(py, None, move || {
        let mut all = Tally::default();
        for part in parts {
            all.merge(part);
        }
        Ok(pair_columns(&all.pairs(min_count)))
    })?;
    PyArrowTable::from_columns(columns)
}

fn check_collocation_sizes(sizes: (usize, usize)) -> Result<()> {
    if sizes.0 < 2 || sizes.0 > sizes.1 || sizes.1 > 3 {
        return Err(invalid(
            "sizes",
            format!("{sizes:?}: expected (2, 2), (2, 3) or (3, 3)"),
        ));
    }
    Ok(())
}

/// This part's unit and n-gram counts, for collocations of `sizes`.
#[pyfunction]
#[pyo3(signature = (corpus, *, sizes=(2, 3), threads=None, **options))]
pub fn _collocation_tally(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    sizes: (usize, usize),
    threads: Option<usize>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyPartial> {
    check_collocation_sizes(sizes)?;
    let vocab = vocabulary(options)?;
    let corpus = corpus.inner.clone();
    run(py, threads, move || {
        let entities = corpus_entities(&corpus, vocab.options().entities);
        let tally = GramTally::of(
            &corpus.articles,
            entities.as_deref().map(Vec::as_slice),
            &vocab,
            sizes,
        );
        Ok(PyPartial::new(Partial::Collocations(tally)))
    })
}

/// Collocations of the whole corpus from the counts of its parts, best NPMI first.
#[pyfunction]
#[pyo3(signature = (parts, *, sizes=(2, 3), min_count=3))]
pub fn _collocations_of_parts(
    py: Python<'_>,
    parts: Vec<PyRef<'_, PyPartial>>,
    sizes: (usize, usize),
    min_count: u64,
) -> PyResult<PyArrowTable> {
    check_collocation_sizes(sizes)?;
    let parts = take_all(&parts, "a collocation tally", |p| match p {
        Partial::Collocations(t) => Some(t),
        _ => None,
    })?;
    let columns = run(py, None, move || {
        let mut all = GramTally::default();
        for part in parts {
            all.merge(part);
        }
        Ok(collocation_columns(&collocations_of(
            &all, sizes, min_count,
        )))
    })?;
    PyArrowTable::from_columns(columns)
}

/// The vocabulary that finds `terms` (written as a user writes them) and the terms as it
/// writes them.
fn trend_query(terms: &[String], options: TermOptions) -> Result<(Vocabulary, Vec<String>)> {
    // Normalise the queries as terms are written, then reach the longest of them.
    let probe = Vocabulary::new(TermOptions {
        ngram_range: (1, MAX_NGRAM),
        ..options.clone()
    })?;
    let mut normalized = Vec::with_capacity(terms.len());
    let mut longest = 1;
    for term in terms {
        let (written, size) = normalize_term(&probe, term).ok_or_else(|| {
            invalid(
                "terms",
                format!("{term:?} holds no term under these options (a stop-word?)"),
            )
        })?;
        if size > MAX_NGRAM {
            return Err(invalid(
                "terms",
                format!("{term:?} is longer than {MAX_NGRAM} words"),
            ));
        }
        longest = longest.max(size);
        normalized.push(written);
    }
    let vocabulary = Vocabulary::new(TermOptions {
        ngram_range: (1, longest),
        ..options
    })?;
    Ok((vocabulary, normalized))
}

/// This part's mentions of `terms` and `entity_names` per `period`.
#[pyfunction]
#[pyo3(signature = (corpus, terms=None, entity_names=None, *, period="month", threads=None,
    **options))]
pub fn _trend_tally(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    terms: Option<Vec<String>>,
    entity_names: Option<Vec<String>>,
    period: &str,
    threads: Option<usize>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyPartial> {
    let period = Period::from_name(period)?;
    let (terms, names) = (terms.unwrap_or_default(), entity_names.unwrap_or_default());
    if terms.is_empty() && names.is_empty() {
        return Err(invalid("terms", "give terms=[...] or entity_names=[...] to follow").into());
    }
    let (vocab, normalized) = trend_query(&terms, term_options(options)?)?;
    let corpus = corpus.inner.clone();
    run(py, threads, move || {
        let found = corpus_entities(&corpus, !names.is_empty() || vocab.options().entities);
        let tally = TrendTally::of(
            &corpus.articles,
            found.as_deref().map(Vec::as_slice),
            &vocab,
            &normalized,
            &names,
            period,
        );
        Ok(PyPartial::new(Partial::Trends(tally)))
    })
}

/// Trends of the whole corpus from the tallies of its parts: period, kind, name, count,
/// articles, tokens, per_10k.
#[pyfunction]
pub fn _trends_of_parts(
    py: Python<'_>,
    parts: Vec<PyRef<'_, PyPartial>>,
) -> PyResult<PyArrowTable> {
    let parts = take_all(&parts, "a trend tally", |p| match p {
        Partial::Trends(t) => Some(t),
        _ => None,
    })?;
    let columns = run(py, None, move || {
        let mut parts = parts.into_iter();
        let mut all = parts.next().unwrap_or_default();
        for part in parts {
            all.merge(part)?;
        }
        let rows = all.rows();
        Ok(vec![
            ("period", strings(rows.iter().map(|r| r.period.as_str()))),
            ("kind", strings(rows.iter().map(|r| r.kind))),
            ("name", strings(rows.iter().map(|r| r.name.as_str()))),
            ("count", u64s(rows.iter().map(|r| r.count).collect())),
            ("articles", u64s(rows.iter().map(|r| r.articles).collect())),
            ("tokens", u64s(rows.iter().map(|r| r.tokens).collect())),
            ("per_10k", f64s(rows.iter().map(|r| r.per_10k).collect())),
        ])
    })?;
    PyArrowTable::from_columns(columns)
}

#[pymethods]
impl PyCorpus {
    /// Keyphrases of every article: article, rank, phrase, score.
    #[pyo3(signature = (top=10, *, n=3, window=1, dedup=0.9, stopwords=true, extra_stopwords=None,
        threads=None))]
    #[allow(clippy::too_many_arguments)]
    fn keyphrases(
        &self,
        py: Python<'_>,
        top: usize,
        n: usize,
        window: usize,
        dedup: f64,
        stopwords: bool,
        extra_stopwords: Option<Vec<String>>,
        threads: Option<usize>,
    ) -> PyResult<PyArrowTable> {
        let (vocabulary, options) =
            keyphrase_setup(top, n, window, dedup, stopwords, extra_stopwords)?;
        let corpus = self.inner.clone();
        let columns = run(py, threads, move || {
            let found: Vec<Vec<(String, f64)>> = corpus
                .articles
                .par_iter()
                .map(|a| keyphrases(a, &vocabulary, &options))
                .collect();
            let (mut article, mut rank, mut phrase, mut score) = (vec![], vec![], vec![], vec![]);
            for (a, phrases) in corpus.articles.iter().zip(&found) {
                for (r, (p, s)) in phrases.iter().enumerate() {
                    article.push(a.id.as_deref());
                    rank.push(r as u64 + 1);
                    phrase.push(p.as_str());
                    score.push(*s);
                }
            }
            Ok(vec![
                ("article", opt_strings(article)),
                ("rank", u64s(rank)),
                ("phrase", strings(phrase)),
                ("score", f64s(score)),
            ])
        })?;
        PyArrowTable::from_columns(columns)
    }

    /// Which articles of this corpus are in `part` (a corpus filtered from it).
    fn _mask_of(&self, part: PyRef<'_, PyCorpus>) -> Vec<bool> {
        let theirs: std::collections::HashSet<*const Article> =
            part.inner.articles.iter().map(Arc::as_ptr).collect();
        self.inner
            .articles
            .iter()
            .map(|a| theirs.contains(&Arc::as_ptr(a)))
            .collect()
    }
}

/// The columns of a keyness table.
fn keyness_columns(rows: &[KeynessRow], size_a: u64, size_b: u64) -> Vec<(&'static str, ArrayRef)> {
    let per_10k = |c: u64, size: u64| {
        if size == 0 {
            0.0
        } else {
            c as f64 * 10_000.0 / size as f64
        }
    };
    vec![
        ("term", strings(rows.iter().map(|r| &*r.term))),
        (
            "count_target",
            u64s(rows.iter().map(|r| r.count_a).collect()),
        ),
        (
            "count_reference",
            u64s(rows.iter().map(|r| r.count_b).collect()),
        ),
        (
            "per_10k_target",
            f64s(rows.iter().map(|r| per_10k(r.count_a, size_a)).collect()),
        ),
        (
            "per_10k_reference",
            f64s(rows.iter().map(|r| per_10k(r.count_b, size_b)).collect()),
        ),
        ("g2", f64s(rows.iter().map(|r| r.g2).collect())),
        ("p_value", f64s(rows.iter().map(|r| r.p_value).collect())),
        (
            "log_ratio",
            f64s(rows.iter().map(|r| r.log_ratio).collect()),
        ),
        (
            "percent_diff",
            f64s(rows.iter().map(|r| r.percent_diff).collect()),
        ),
        ("size_target", u64s(vec![size_a; rows.len()])),
        ("size_reference", u64s(vec![size_b; rows.len()])),
    ]
}

/// The columns of a co-occurrence table.
fn pair_columns(rows: &[Pair]) -> Vec<(&'static str, ArrayRef)> {
    vec![
        ("source", strings(rows.iter().map(|r| r.source.as_str()))),
        ("target", strings(rows.iter().map(|r| r.target.as_str()))),
        ("count", u64s(rows.iter().map(|r| r.count).collect())),
        (
            "source_count",
            u64s(rows.iter().map(|r| r.source_count).collect()),
        ),
        (
            "target_count",
            u64s(rows.iter().map(|r| r.target_count).collect()),
        ),
        ("pmi", f64s(rows.iter().map(|r| r.pmi).collect())),
    ]
}

/// The columns of a corpus's term frequencies (term, count, df), most frequent first, the
/// `top` of them.
fn frequency_columns(counts: &TermCounts, top: Option<usize>) -> Vec<(&'static str, ArrayRef)> {
    let totals = counts.totals();
    let df = counts.document_frequencies();
    let mut order: Vec<(u32, u64)> = totals
        .iter()
        .enumerate()
        .map(|(i, &t)| (i as u32, t))
        .collect();
    order.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| counts.terms[a.0 as usize].cmp(&counts.terms[b.0 as usize]))
    });
    order.truncate(top.unwrap_or(usize::MAX));
    vec![
        (
            "term",
            strings(order.iter().map(|&(i, _)| &counts.terms[i as usize])),
        ),
        ("count", u64s(order.iter().map(|&(_, t)| t).collect())),
        (
            "df",
            u64s(
                order
                    .iter()
                    .map(|&(i, _)| u64::from(df[i as usize]))
                    .collect(),
            ),
        ),
    ]
}

fn collocation_columns(rows: &[Collocation]) -> Vec<(&'static str, ArrayRef)> {
    vec![
        ("ngram", strings(rows.iter().map(|r| r.ngram.as_str()))),
        ("n", u64s(rows.iter().map(|r| r.n as u64).collect())),
        ("count", u64s(rows.iter().map(|r| r.count).collect())),
        ("pmi", f64s(rows.iter().map(|r| r.pmi).collect())),
        ("npmi", f64s(rows.iter().map(|r| r.npmi).collect())),
        (
            "log_likelihood",
            f64s(rows.iter().map(|r| r.log_likelihood).collect()),
        ),
        ("t_score", f64s(rows.iter().map(|r| r.t_score).collect())),
    ]
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPartial>()?;
    m.add_function(wrap_pyfunction!(_term_counts, m)?)?;
    m.add_function(wrap_pyfunction!(_tfidf_of_parts, m)?)?;
    m.add_function(wrap_pyfunction!(_frequencies_of_parts, m)?)?;
    m.add_function(wrap_pyfunction!(_top_terms, m)?)?;
    m.add_function(wrap_pyfunction!(_keyness_counts, m)?)?;
    m.add_function(wrap_pyfunction!(_keyness_of_parts, m)?)?;
    m.add_function(wrap_pyfunction!(_cooccurrence_tally, m)?)?;
    m.add_function(wrap_pyfunction!(_cooccurrence_of_parts, m)?)?;
    m.add_function(wrap_pyfunction!(_collocation_tally, m)?)?;
    m.add_function(wrap_pyfunction!(_collocations_of_parts, m)?)?;
    m.add_function(wrap_pyfunction!(_trend_tally, m)?)?;
    m.add_function(wrap_pyfunction!(_trends_of_parts, m)?)?;
    Ok(())
}
