//! Parts of a corpus for Python (`rassegna.dask`): what each part contributes to the names,
//! roles and statistics of the whole, as plain values that pickle, and the merge of those
//! contributions into the tables of the whole corpus.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::arrow::PyArrowTable;
use super::corpus::{read_options, table as batches_table, PyCorpus};
use super::entities::{aliases_with, chosen, PyNerModel};
use super::run::run;
use super::stats::{
    check_collocation_sizes, collocation_columns, cooccurrence_args, corpus_entities,
    frequency_columns, keyness_columns, pair_columns, select, table, tfidf_options, vocabulary,
    weigh, PyTfidf,
};
use crate::corpus::{text_files, Corpus, NamedRole};
use crate::entities::{
    entity_tallies_table, Aliases, EntityTallies, EntityTally, Label, NameTally,
};
use crate::error::{Error, Result};
use crate::stats::collocations::{collocations_of, GramTally, GramTallyParts};
use crate::stats::cooccurrence::{Items, Tally, TallyParts};
use crate::stats::keyness::keyness;
use crate::stats::partial::{keyness_counts, merge_keyness_counts, merge_term_counts};
use crate::stats::TermCounts;

/// A name tally row: label, key, spellings with their counts.
type NameRow = (String, String, Vec<(String, usize)>);
/// Term counts: terms, indptr, indices, counts (a CSR matrix with its own vocabulary).
type CountsParts = (Vec<String>, Vec<u64>, Vec<u32>, Vec<u32>);
/// Keyness totals: terms, target counts, reference counts.
type KeynessParts = (Vec<String>, Vec<u64>, Vec<u64>);
/// An entity tally row: name, mentions, per, loc, org, articles, forms, first and last date.
type EntityRow = (
    String,
    usize,
    usize,
    usize,
    usize,
    usize,
    Vec<(String, usize)>,
    Option<String>,
    Option<String>,
);

fn corrupt(what: &str, message: String) -> Error {
    Error::InvalidValue {
        location: what.to_owned(),
        field: what.to_owned(),
        message,
    }
}

fn name_rows(tally: &NameTally) -> Vec<NameRow> {
    tally
        .rows()
        .into_iter()
        .map(|(label, key, spellings)| (label.as_str().to_owned(), key, spellings))
        .collect()
}

fn name_tally(rows: Vec<NameRow>) -> Result<NameTally> {
    let rows = rows
        .into_iter()
        .map(|(label, key, spellings)| {
            Label::from_name(&label)
                .map(|label| (label, key, spellings))
                .ok_or_else(|| corrupt("names", format!("{label:?}: not a label")))
        })
        .collect::<Result<_>>()?;
    Ok(NameTally::from_rows(rows))
}

/// The part with each article's entities found and named within the article only, held as
/// its entities: the input of `_name_tally` and `_with_names` with `found=True`. Not a
/// corpus to show: its names are not yet the whole corpus's.
#[pyfunction]
#[pyo3(signature = (corpus, *, model=None, aliases=None, threads=None))]
pub fn _find_entities(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    model: Option<PyRef<'_, PyNerModel>>,
    aliases: Option<HashMap<String, String>>,
    threads: Option<usize>,
) -> PyResult<PyCorpus> {
    let corpus = corpus.inner.clone();
    let model = model.and_then(|m| m.inner.clone());
    let aliases = aliases_with(aliases);
    run(py, threads, move || {
        let aliases = aliases.as_ref().unwrap_or(Aliases::bundled());
        let found = corpus.article_entities(chosen(&model), aliases);
        Ok(PyCorpus {
            inner: Arc::new(corpus.with_entities(found)),
        })
    })
}

/// The spellings of the names this part settles within each article; with `found`, of the
/// entities `_find_entities` left on it.
#[pyfunction]
#[pyo3(signature = (corpus, *, model=None, aliases=None, threads=None, found=false))]
pub fn _name_tally(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    model: Option<PyRef<'_, PyNerModel>>,
    aliases: Option<HashMap<String, String>>,
    threads: Option<usize>,
    found: bool,
) -> PyResult<Vec<NameRow>> {
    let corpus = corpus.inner.clone();
    let model = model.and_then(|m| m.inner.clone());
    let aliases = aliases_with(aliases);
    run(py, threads, move || {
        if found {
            return Ok(name_rows(&NameTally::of(&corpus.entities())));
        }
        let aliases = aliases.as_ref().unwrap_or(Aliases::bundled());
        let found = corpus.article_entities(chosen(&model), aliases);
        Ok(name_rows(&NameTally::of(&found)))
    })
}

/// The tallies of consecutive parts merged in order: the tally of the whole.
#[pyfunction]
pub fn _merge_name_tallies(tallies: Vec<Vec<NameRow>>) -> PyResult<Vec<NameRow>> {
    let mut all = NameTally::default();
    for rows in tallies {
        all.merge(&name_tally(rows)?);
    }
    Ok(name_rows(&all))
}

/// The part with its entities named as the whole corpus's tally settles them; with `found`,
/// the entities `_find_entities` left on it are renamed (the model does not run again).
#[pyfunction]
#[pyo3(signature = (corpus, names, *, model=None, aliases=None, threads=None, found=false))]
#[allow(clippy::too_many_arguments)]
pub fn _with_names(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    names: Vec<NameRow>,
    model: Option<PyRef<'_, PyNerModel>>,
    aliases: Option<HashMap<String, String>>,
    threads: Option<usize>,
    found: bool,
) -> PyResult<PyCorpus> {
    let corpus = corpus.inner.clone();
    let model = model.and_then(|m| m.inner.clone());
    let aliases = aliases_with(aliases);
    let tally = name_tally(names)?;
    run(py, threads, move || {
        let aliases = aliases.as_ref().unwrap_or(Aliases::bundled());
        let names = tally.resolve(aliases);
        let named = if found {
            let mut entities = (*corpus.entities()).clone();
            names.apply(&mut entities);
            corpus.with_entities(entities)
        } else {
            corpus.with_names(chosen(&model), aliases, &names)
        };
        Ok(PyCorpus {
            inner: Arc::new(named),
        })
    })
}

/// The roles this part names next to their holders.
#[pyfunction]
#[pyo3(signature = (corpus, *, threads=None))]
pub fn _named_roles(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    threads: Option<usize>,
) -> PyResult<Vec<NamedRole>> {
    let corpus = corpus.inner.clone();
    run(py, threads, move || Ok(corpus.named_roles()))
}

/// The part with its mentions found under the roles the whole corpus names.
#[pyfunction]
#[pyo3(signature = (corpus, roles, *, threads=None))]
pub fn _with_roles(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    roles: Vec<NamedRole>,
    threads: Option<usize>,
) -> PyResult<PyCorpus> {
    let corpus = corpus.inner.clone();
    run(py, threads, move || {
        Ok(PyCorpus {
            inner: Arc::new(corpus.with_roles(&roles)),
        })
    })
}

fn counts_parts(counts: TermCounts) -> CountsParts {
    (
        counts.terms.iter().map(|t| t.to_string()).collect(),
        counts.indptr.iter().map(|&p| p as u64).collect(),
        counts.indices,
        counts.counts,
    )
}

fn term_counts(parts: CountsParts) -> Result<TermCounts> {
    let (terms, indptr, indices, counts) = parts;
    let indptr: Vec<usize> = indptr.into_iter().map(|p| p as usize).collect();
    let sound = indptr.first() == Some(&0)
        && indptr.windows(2).all(|w| w[0] <= w[1])
        && indptr.last() == Some(&indices.len())
        && counts.len() == indices.len()
        && indices.iter().all(|&i| (i as usize) < terms.len());
    if !sound {
        return Err(corrupt("counts", "inconsistent term counts".into()));
    }
    Ok(TermCounts {
        terms: terms.into_iter().map(Box::from).collect(),
        indptr,
        indices,
        counts,
    })
}

fn merged(parts: Vec<CountsParts>) -> Result<TermCounts> {
    let parts = parts.into_iter().map(term_counts).collect::<Result<_>>()?;
    Ok(merge_term_counts(parts))
}

/// The term counts of each article of this part, with the part's own vocabulary.
#[pyfunction]
#[pyo3(signature = (corpus, *, threads=None, **options))]
pub fn _term_counts(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    threads: Option<usize>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<CountsParts> {
    let vocab = vocabulary(options)?;
    let corpus = corpus.inner.clone();
    run(py, threads, move || {
        let entities = corpus_entities(&corpus, vocab.options().entities);
        let counts = TermCounts::of_articles(
            &corpus.articles,
            entities.as_deref().map(Vec::as_slice),
            &vocab,
        );
        Ok(counts_parts(counts))
    })
}

/// TF-IDF of the whole corpus from the term counts of its parts, in order.
#[pyfunction]
#[pyo3(signature = (parts, ids, *, smooth_idf=true, sublinear_tf=false, use_idf=true,
    norm=Some("l2"), min_df=None, max_df=None, max_features=None, threads=None))]
#[allow(clippy::too_many_arguments)]
pub fn _tfidf_of_parts(
    py: Python<'_>,
    parts: Vec<CountsParts>,
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
    let documents = ids.len();
    let counts = run(py, threads, move || {
        let mut counts = merged(parts)?;
        counts.sort_terms();
        if counts.documents() != documents {
            return Err(corrupt(
                "ids",
                format!("{documents} ids for {} documents", counts.documents()),
            ));
        }
        Ok(counts)
    })?;
    weigh(py, threads, counts, options, ids)
}

/// Term frequencies of the whole corpus (term, count, df) from the counts of its parts.
#[pyfunction]
#[pyo3(signature = (parts, *, top=None, threads=None))]
pub fn _frequencies_of_parts(
    py: Python<'_>,
    parts: Vec<CountsParts>,
    top: Option<usize>,
    threads: Option<usize>,
) -> PyResult<PyArrowTable> {
    let columns = run(py, threads, move || {
        Ok(frequency_columns(&merged(parts)?, top))
    })?;
    table(columns)
}

/// This part's term totals in the target and reference articles (two masks of the part).
#[pyfunction]
#[pyo3(signature = (corpus, target, reference, *, threads=None, **options))]
pub fn _keyness_counts(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    target: Vec<bool>,
    reference: Vec<bool>,
    threads: Option<usize>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<KeynessParts> {
    let vocab = vocabulary(options)?;
    let corpus = corpus.inner.clone();
    run(py, threads, move || {
        let a = select(&corpus.articles, &target)?;
        let b = select(&corpus.articles, &reference)?;
        let entities = corpus_entities(&corpus, vocab.options().entities);
        let counts = TermCounts::of_articles(
            &corpus.articles,
            entities.as_deref().map(Vec::as_slice),
            &vocab,
        );
        let (terms, a, b) = keyness_counts(&counts, &a, &b);
        Ok((terms.iter().map(|t| t.to_string()).collect(), a, b))
    })
}

/// Keyness of the whole corpus from the totals of its parts.
#[pyfunction]
#[pyo3(signature = (parts, *, min_count=3))]
pub fn _keyness_of_parts(
    py: Python<'_>,
    parts: Vec<KeynessParts>,
    min_count: u64,
) -> PyResult<PyArrowTable> {
    let columns = run(py, None, move || {
        let parts = parts
            .into_iter()
            .map(|(terms, a, b)| {
                if terms.len() != a.len() || terms.len() != b.len() {
                    return Err(corrupt("keyness", "inconsistent totals".into()));
                }
                Ok((terms.into_iter().map(Box::from).collect(), a, b))
            })
            .collect::<Result<_>>()?;
        let (terms, a, b) = merge_keyness_counts(parts);
        let (rows, size_a, size_b) = keyness(terms, &a, &b, min_count);
        Ok(keyness_columns(&rows, size_a, size_b))
    })?;
    table(columns)
}

/// This part's co-occurrence counts.
#[pyfunction]
#[pyo3(signature = (corpus, *, of="entities", within="sentence", window=5, labels=None,
    threads=None, **options))]
#[allow(clippy::too_many_arguments)]
pub fn _cooccurrence_tally(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    of: &str,
    within: &str,
    window: usize,
    labels: Option<Vec<String>>,
    threads: Option<usize>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<TallyParts> {
    let (context, labels, vocab, entities_needed, of_entities) =
        cooccurrence_args(of, within, window, labels, options)?;
    let corpus = corpus.inner.clone();
    run(py, threads, move || {
        let entities = corpus_entities(&corpus, entities_needed);
        let items = if of_entities {
            Items::Entities(&labels)
        } else {
            Items::Terms(&vocab)
        };
        let tally = Tally::of(
            &corpus.articles,
            entities.as_deref().map(Vec::as_slice),
            items,
            context,
        );
        Ok(tally.into_parts())
    })
}

/// Co-occurrence of the whole corpus from the counts of its parts.
#[pyfunction]
#[pyo3(signature = (parts, *, min_count=1))]
pub fn _cooccurrence_of_parts(
    py: Python<'_>,
    parts: Vec<TallyParts>,
    min_count: u64,
) -> PyResult<PyArrowTable> {
    let columns = run(py, None, move || {
        let mut all = Tally::default();
        for part in parts {
            all.merge(Tally::from_parts(part));
        }
        Ok(pair_columns(&all.pairs(min_count)))
    })?;
    table(columns)
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
) -> PyResult<GramTallyParts> {
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
        Ok(tally.into_parts())
    })
}

/// Collocations of the whole corpus from the counts of its parts.
#[pyfunction]
#[pyo3(signature = (parts, *, sizes=(2, 3), min_count=3))]
pub fn _collocations_of_parts(
    py: Python<'_>,
    parts: Vec<GramTallyParts>,
    sizes: (usize, usize),
    min_count: u64,
) -> PyResult<PyArrowTable> {
    check_collocation_sizes(sizes)?;
    let columns = run(py, None, move || {
        let mut all = GramTally::default();
        for part in parts {
            all.merge(GramTally::from_parts(part));
        }
        Ok(collocation_columns(&collocations_of(
            &all, sizes, min_count,
        )))
    })?;
    table(columns)
}

/// What this part says of each canonical name (its entities as the corpus names them).
#[pyfunction]
#[pyo3(signature = (corpus, *, threads=None))]
pub fn _entity_tallies(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    threads: Option<usize>,
) -> PyResult<Vec<EntityRow>> {
    let corpus = corpus.inner.clone();
    run(py, threads, move || {
        let tallies = EntityTallies::of(&corpus.articles, &corpus.entities());
        Ok(tallies
            .into_rows()
            .into_iter()
            .map(|(name, t)| {
                let [per, loc, org] = t.labels;
                let (forms, first, last) = (t.forms, t.first_date, t.last_date);
                (
                    name, t.mentions, per, loc, org, t.articles, forms, first, last,
                )
            })
            .collect())
    })
}

/// The entity counts table of the whole corpus from the tallies of its parts, in order.
#[pyfunction]
pub fn _entity_counts_of_parts(
    py: Python<'_>,
    parts: Vec<Vec<EntityRow>>,
) -> PyResult<PyArrowTable> {
    let batch = run(py, None, move || {
        let mut all = EntityTallies::default();
        for rows in parts {
            let rows = rows
                .into_iter()
                .map(
                    |(name, mentions, per, loc, org, articles, forms, first_date, last_date)| {
                        let tally = EntityTally {
                            labels: [per, loc, org],
                            mentions,
                            articles,
                            forms,
                            first_date,
                            last_date,
                        };
                        (name, tally)
                    },
                )
                .collect();
            all.merge(EntityTallies::from_rows(rows));
        }
        entity_tallies_table(all)
    })?;
    batches_table(vec![batch])
}

/// The .txt/.md files below a folder, in the order reading the folder reads them.
#[pyfunction]
pub fn _text_files(root: PathBuf) -> Vec<String> {
    text_files(&root)
        .0
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect()
}

/// Some of the files of a folder read as reading the whole folder reads them.
#[pyfunction]
#[pyo3(signature = (root, files, *, listing_errors=false, strict=false, threads=None, source=None,
    text_column=None, id_column=None, date_column=None, source_column=None, title_column=None,
    url_column=None))]
#[allow(clippy::too_many_arguments)]
pub fn _read_text_files(
    py: Python<'_>,
    root: PathBuf,
    files: Vec<PathBuf>,
    listing_errors: bool,
    strict: bool,
    threads: Option<usize>,
    source: Option<String>,
    text_column: Option<String>,
    id_column: Option<String>,
    date_column: Option<String>,
    source_column: Option<String>,
    title_column: Option<String>,
    url_column: Option<String>,
) -> PyResult<PyCorpus> {
    let options = read_options(
        strict,
        source,
        [
            text_column,
            id_column,
            date_column,
            source_column,
            title_column,
            url_column,
        ],
    );
    run(py, threads, move || {
        Corpus::read_folder_part(&root, &files, listing_errors, &options)
    })
    .map(|corpus| PyCorpus {
        inner: Arc::new(corpus),
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_text_files, m)?)?;
    m.add_function(wrap_pyfunction!(_read_text_files, m)?)?;
    m.add_function(wrap_pyfunction!(_find_entities, m)?)?;
    m.add_function(wrap_pyfunction!(_name_tally, m)?)?;
    m.add_function(wrap_pyfunction!(_merge_name_tallies, m)?)?;
    m.add_function(wrap_pyfunction!(_with_names, m)?)?;
    m.add_function(wrap_pyfunction!(_named_roles, m)?)?;
    m.add_function(wrap_pyfunction!(_with_roles, m)?)?;
    m.add_function(wrap_pyfunction!(_term_counts, m)?)?;
    m.add_function(wrap_pyfunction!(_tfidf_of_parts, m)?)?;
    m.add_function(wrap_pyfunction!(_frequencies_of_parts, m)?)?;
    m.add_function(wrap_pyfunction!(_keyness_counts, m)?)?;
    m.add_function(wrap_pyfunction!(_keyness_of_parts, m)?)?;
    m.add_function(wrap_pyfunction!(_cooccurrence_tally, m)?)?;
    m.add_function(wrap_pyfunction!(_cooccurrence_of_parts, m)?)?;
    m.add_function(wrap_pyfunction!(_collocation_tally, m)?)?;
    m.add_function(wrap_pyfunction!(_collocations_of_parts, m)?)?;
    m.add_function(wrap_pyfunction!(_entity_tallies, m)?)?;
    m.add_function(wrap_pyfunction!(_entity_counts_of_parts, m)?)?;
    Ok(())
}
