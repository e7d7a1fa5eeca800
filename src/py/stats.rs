//! Keyword statistics for Python: the vocabulary options of `**options`, `Article.terms` and
//! `keyphrases`, TF-IDF of raw texts, and the TF-IDF result as the three arrays of a CSR
//! matrix, none with a Python object per token. The corpus statistics are in `corpus_stats`.

use std::sync::{Arc, Mutex, PoisonError};

use arrow_array::types::Int32Type;
use arrow_array::Array;
use arrow_array::{
    ArrayRef, DictionaryArray, Float64Array, Int32Array, Int64Array, StringArray, UInt32Array,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use super::arrow::PyArrowTable;
use super::article::PyArticle;
use super::run::{run, run_beside, run_chunks_bounded, Chunking};
use crate::article::Article;
use crate::entities::{find_entities, Aliases, Entity, Model};
use crate::error::{Error, Result};
use crate::stats::counts::TermCounts;
use crate::stats::keyphrases::{keyphrases, KeyphraseOptions};
use crate::stats::strings::Strings;
use crate::stats::text_counts::{CountedRows, TextCounter, TEXTS_PER_BATCH};
use crate::stats::tfidf::tfidf_of_sorted;
use crate::stats::vocabulary::MAX_NGRAM;
use crate::stats::{DocLimit, Norm, TermOptions, Tfidf, TfidfOptions, Vocabulary};

const TERM_OPTIONS: &str = "lowercase, stopwords, extra_stopwords, stem, min_length, numbers, \
    fold_elisions, entities, ngram_range";

pub(super) fn invalid(field: &str, message: impl Into<String>) -> Error {
    Error::InvalidValue {
        location: field.to_owned(),
        field: field.to_owned(),
        message: message.into(),
    }
}

fn extract<'py, T: FromPyObjectOwned<'py>>(
    value: &Bound<'py, PyAny>,
    key: &str,
    expected: &str,
) -> Result<T> {
    value
        .extract::<T>()
        .map_err(|_| invalid(key, format!("expected {expected}")))
}

/// The vocabulary options of `**options`; any other key is an error naming it.
pub(super) fn term_options(options: Option<&Bound<'_, PyDict>>) -> Result<TermOptions> {
    let mut o = TermOptions::default();
    let Some(options) = options else {
        return Ok(o);
    };
    for (key, value) in options.iter() {
        let key: String = key.extract().unwrap_or_default();
        match key.as_str() {
            "lowercase" => o.lowercase = extract(&value, &key, "a bool")?,
            "stopwords" => o.stopwords = extract(&value, &key, "a bool")?,
            "extra_stopwords" => {
                if value.is_instance_of::<PyString>() {
                    return Err(invalid(&key, "expected a list of words, not one str"));
                }
                o.extra_stopwords = extract(&value, &key, "a list of str")?;
            }
            "stem" => o.stem = extract(&value, &key, "a bool")?,
            "min_length" => o.min_length = extract(&value, &key, "a non-negative int")?,
            "numbers" => o.numbers = extract(&value, &key, "a bool")?,
            "fold_elisions" => o.fold_elisions = extract(&value, &key, "a bool")?,
            "entities" => o.entities = extract(&value, &key, "a bool")?,
            "ngram_range" => o.ngram_range = extract(&value, &key, "a (min, max) tuple of int")?,
            "lemma" | "lemmas" | "lemmatize" => {
                return Err(invalid(
                    &key,
                    "lemmas are not available yet; use stem=True for Snowball stems",
                ))
            }
            other => {
                return Err(invalid(
                    other,
                    format!("unknown option {other:?}; vocabulary options are {TERM_OPTIONS}"),
                ))
            }
        }
    }
    Ok(o)
}

pub(super) fn vocabulary(options: Option<&Bound<'_, PyDict>>) -> Result<Vocabulary> {
    Vocabulary::new(term_options(options)?)
}

/// A `min_df`/`max_df` value: an int is a count of documents, a float a proportion.
fn doc_limit(value: &Bound<'_, PyAny>, name: &str) -> Result<DocLimit> {
    if value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(invalid(
            name,
            "expected an int (documents) or a float (proportion)",
        ));
    }
    if let Ok(count) = value.extract::<i64>() {
        return u64::try_from(count)
            .map(DocLimit::Count)
            .map_err(|_| invalid(name, format!("{count}: a count cannot be negative")));
    }
    extract::<f64>(value, name, "an int (documents) or a float (proportion)")
        .map(DocLimit::Proportion)
}

fn article_entities(article: &Article, needed: bool) -> Option<Vec<Entity>> {
    needed.then(|| find_entities(article, Model::bundled(), Aliases::bundled()))
}

/// A TF-IDF result: the CSR arrays, the vocabulary, the frequencies, and the long table,
/// all as Arrow arrays shared without copies with numpy and pyarrow.
#[pyclass(frozen, name = "TfidfResult", module = "rassegna._core")]
pub struct PyTfidf {
    ids: StringArray,
    vocabulary: StringArray,
    df: UInt32Array,
    idf: Float64Array,
    indptr: Int64Array,
    indices: Int32Array,
    tf: UInt32Array,
    data: Float64Array,
    /// The vocabulary as a `list`, when it was made while the matrix was weighed; handed
    /// out once, by `terms`.
    terms_made: Mutex<Option<Py<PyList>>>,
}

impl PyTfidf {
    pub(super) fn new(result: Tfidf, ids: Vec<Option<String>>) -> Self {
        let Tfidf {
            terms,
            df,
            idf,
            indptr,
            indices,
            tf,
            values,
        } = result;
        // Same-size element conversions reuse the allocation: no copy of the matrix.
        let indptr: Vec<i64> = indptr.into_iter().map(|p| p as i64).collect();
        let indices: Vec<i32> = indices.into_iter().map(|i| i as i32).collect();
        Self {
            ids: StringArray::from_iter(ids),
            vocabulary: StringArray::from_iter_values(terms.iter()),
            df: UInt32Array::from(df),
            idf: Float64Array::from(idf),
            indptr: Int64Array::from(indptr),
            indices: Int32Array::from(indices),
            tf: UInt32Array::from(tf),
            data: Float64Array::from(values),
            terms_made: Mutex::new(None),
        }
    }
}

#[pymethods]
impl PyTfidf {
    /// (documents, terms).
    #[getter]
    fn shape(&self) -> (usize, usize) {
        (self.indptr.len().saturating_sub(1), self.vocabulary.len())
    }

    /// One column (`indptr`, `indices`, `data`, `tf`, `vocabulary`, `df`, `idf`, `ids`) as a
    /// one-column Arrow table.
    fn array(&self, name: &str) -> PyResult<PyArrowTable> {
        let column: ArrayRef = match name {
            "indptr" => Arc::new(self.indptr.clone()),
            "indices" => Arc::new(self.indices.clone()),
            "data" => Arc::new(self.data.clone()),
            "tf" => Arc::new(self.tf.clone()),
            "vocabulary" => Arc::new(self.vocabulary.clone()),
            "df" => Arc::new(self.df.clone()),
            "idf" => Arc::new(self.idf.clone()),
            "ids" => Arc::new(self.ids.clone()),
            other => return Err(invalid("name", format!("no array {other:?}")).into()),
        };
        PyArrowTable::from_columns(vec![(name, column)])
    }

    /// The vocabulary as a list of `str`, made here: pyarrow's `to_pylist` takes several
    /// times as long for a list of this size, which shows in a TF-IDF of a small corpus.
    fn terms<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let made = self
            .terms_made
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(made) = made {
            return Ok(made.into_bound(py));
        }
        PyList::new(
            py,
            self.vocabulary
                .iter()
                .map(|term| PyString::new(py, term.unwrap_or(""))),
        )
    }

    /// One row per non-zero cell: article, term, tf, df, tfidf.
    fn table(&self, py: Python<'_>) -> PyResult<PyArrowTable> {
        let (ids, vocabulary) = (self.ids.clone(), self.vocabulary.clone());
        let (indptr, indices) = (self.indptr.clone(), self.indices.clone());
        let (df, tf, data) = (self.df.clone(), self.tf.clone(), self.data.clone());
        let columns = run(py, None, move || {
            let mut rows = Vec::with_capacity(indices.len());
            for (doc, pair) in indptr.values().windows(2).enumerate() {
                rows.extend(std::iter::repeat_n(
                    doc as i32,
                    (pair[1] - pair[0]) as usize,
                ));
            }
            let dict = |keys: Int32Array, values: ArrayRef| -> Result<ArrayRef> {
                DictionaryArray::<Int32Type>::try_new(keys, values)
                    .map(|d| Arc::new(d) as ArrayRef)
                    .map_err(|e| Error::Internal(format!("dictionary column: {e}")))
            };
            let df_of: Vec<u32> = indices
                .values()
                .iter()
                .map(|&i| df.value(i as usize))
                .collect();
            Ok(vec![
                ("article", dict(Int32Array::from(rows), Arc::new(ids))?),
                ("term", dict(indices, Arc::new(vocabulary))?),
                ("tf", Arc::new(tf) as ArrayRef),
                ("df", Arc::new(UInt32Array::from(df_of)) as ArrayRef),
                ("tfidf", Arc::new(data) as ArrayRef),
            ])
        })?;
        PyArrowTable::from_columns(columns)
    }

    fn __repr__(&self) -> String {
        let (docs, terms) = self.shape();
        format!(
            "TfidfResult({docs} documents × {terms} terms, {} non-zero)",
            self.data.len()
        )
    }
}

pub(super) fn tfidf_options(
    smooth_idf: bool,
    sublinear_tf: bool,
    use_idf: bool,
    norm: Option<&str>,
    min_df: Option<&Bound<'_, PyAny>>,
    max_df: Option<&Bound<'_, PyAny>>,
    max_features: Option<usize>,
) -> Result<TfidfOptions> {
    let defaults = TfidfOptions::default();
    Ok(TfidfOptions {
        smooth_idf,
        sublinear_tf,
        use_idf,
        norm: Norm::from_name(norm)?,
        min_df: min_df.map_or(Ok(defaults.min_df), |v| doc_limit(v, "min_df"))?,
        max_df: max_df.map_or(Ok(defaults.max_df), |v| doc_limit(v, "max_df"))?,
        max_features,
    })
}

/// TF-IDF of raw texts: each parsed for its body and counted as it is converted, in
/// parallel, without building articles.
#[pyfunction(name = "tfidf_texts")]
#[pyo3(signature = (texts, *, ids=None, smooth_idf=true, sublinear_tf=false, use_idf=true,
    norm=Some("l2"), min_df=None, max_df=None, max_features=None, threads=None, **options))]
#[allow(clippy::too_many_arguments)]
pub fn py_tfidf_texts(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    ids: Option<Vec<String>>,
    smooth_idf: bool,
    sublinear_tf: bool,
    use_idf: bool,
    norm: Option<&str>,
    min_df: Option<&Bound<'_, PyAny>>,
    max_df: Option<&Bound<'_, PyAny>>,
    max_features: Option<usize>,
    threads: Option<usize>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyTfidf> {
    let vocab = vocabulary(options)?;
    if vocab.options().entities {
        return Err(invalid(
            "entities",
            "entity-aware terms need parsed articles: use Corpus.from_texts(texts).tfidf(...)",
        )
        .into());
    }
    let options = tfidf_options(
        smooth_idf,
        sublinear_tf,
        use_idf,
        norm,
        min_df,
        max_df,
        max_features,
    )?;
    // Texts are converted a batch at a time and counted on the pool while the next batches
    // are converted; counted rows are gathered as they come, so the converted strings held at
    // once are a few batches.
    let workers = threads.unwrap_or_else(rayon::current_num_threads).max(1);
    let (min_n, max_n) = vocab.options().ngram_range;
    let counter = Arc::new(TextCounter::new(vocab, workers));
    let counting = counter.clone();
    let mut rows = match texts.cast::<PyList>() {
        // A list says how much text is coming (in characters, near its UTF-8 bytes here).
        Ok(list) => {
            let chars = list
                .iter()
                .map(|item| item.cast::<PyString>().map_or(0, |s| s.len().unwrap_or(0)))
                .sum();
            CountedRows::with_room_for(chars, max_n + 1 - min_n)
        }
        Err(_) => CountedRows::default(),
    };
    run_chunks_bounded(
        py,
        threads,
        texts,
        Chunking {
            chunk: TEXTS_PER_BATCH,
            in_flight: 4 * workers,
        },
        |index, item| {
            item.extract::<String>().map_err(|_| {
                Error::Format {
                    location: format!("text {index}"),
                    message: "expected a str (without lone surrogates)".into(),
                }
                .into()
            })
        },
        move |batch: Vec<String>| counting.count(&batch),
        |batches| {
            for batch in batches {
                rows.push(batch);
            }
            Ok(())
        },
    )?;
    let documents = rows.documents();
    let ids = match ids {
        Some(ids) if ids.len() == documents => ids.into_iter().map(Some).collect(),
        Some(ids) => {
            return Err(invalid("ids", format!("{} ids for {documents} texts", ids.len())).into())
        }
        None => (0..documents).map(|i| Some(i.to_string())).collect(),
    };
    let joined = run(py, threads, move || Ok(counter.join(rows)))?;
    let (terms, renumber) = joined.into_renumbering();
    weigh_counted(py, threads, terms, renumber, options, ids)
}

/// TF-IDF of `counts`, its terms in code point order (`TermCounts::sort_terms`); see
/// [`weigh_counted`].
pub(super) fn weigh(
    py: Python<'_>,
    threads: Option<usize>,
    mut counts: TermCounts,
    options: TfidfOptions,
    ids: Vec<Option<String>>,
) -> PyResult<PyTfidf> {
    let terms = std::mem::take(&mut counts.terms);
    let count = move |terms| TermCounts { terms, ..counts };
    weigh_counted(py, threads, terms, count, options, ids)
}

/// TF-IDF of the counts `count(terms)` gives, made and weighed on the pool while this
/// thread makes the vocabulary's `str` objects: for a small corpus, making thirty thousand of
/// them takes as long as the weighing. `terms` must be in code point order, the result's:
/// the list made from them is the result's vocabulary, less any column weighing dropped.
pub(super) fn weigh_counted(
    py: Python<'_>,
    threads: Option<usize>,
    terms: Strings,
    count: impl FnOnce(Strings) -> TermCounts + Send + 'static,
    options: TfidfOptions,
    ids: Vec<Option<String>>,
) -> PyResult<PyTfidf> {
    let counted = Arc::new(terms);
    let walked = counted.clone();
    let ((result, kept), made) = run_beside(
        py,
        threads,
        move || {
            let counts = count(walked.as_ref().clone());
            tfidf_of_sorted(counts, &options)
        },
        |py| PyList::new(py, counted.iter()).map(Bound::unbind),
    )?;
    let made = made.into_bound(py);
    let terms = if kept.len() == counted.len() {
        made
    } else {
        // `min_df`, `max_df` or `max_features` dropped columns.
        PyList::new(
            py,
            kept.iter()
                .map(|&i| made.get_item(i as usize))
                .collect::<PyResult<Vec<_>>>()?,
        )?
    };
    let mut weighed = PyTfidf::new(result, ids);
    weighed.terms_made = Mutex::new(Some(terms.unbind()));
    Ok(weighed)
}

/// The bundled Italian stop-words: Snowball's list and rassegna's additions.
#[pyfunction]
pub fn italian_stopwords() -> Vec<&'static str> {
    crate::stats::stopwords::italian().to_vec()
}

#[pymethods]
impl PyArticle {
    /// The terms of this article under the vocabulary options, in scikit-learn's order.
    #[pyo3(signature = (**options))]
    fn terms(&self, py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<String>> {
        let vocabulary = vocabulary(options)?;
        let article = self.inner.clone();
        run(py, Some(1), move || {
            let entities = article_entities(&article, vocabulary.options().entities);
            Ok(vocabulary.article_terms(&article, entities.as_deref()))
        })
    }

    /// YAKE keyphrases, best (lowest score) first.
    #[pyo3(signature = (top=10, *, n=3, window=1, dedup=0.9, stopwords=true, extra_stopwords=None))]
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
    ) -> PyResult<Vec<(String, f64)>> {
        let (vocabulary, options) =
            keyphrase_setup(top, n, window, dedup, stopwords, extra_stopwords)?;
        let article = self.inner.clone();
        run(py, Some(1), move || {
            Ok(keyphrases(&article, &vocabulary, &options))
        })
    }
}

/// What keyphrase extraction takes, checked.
pub(super) fn keyphrase_setup(
    top: usize,
    n: usize,
    window: usize,
    dedup: f64,
    stopwords: bool,
    extra_stopwords: Option<Vec<String>>,
) -> Result<(Vocabulary, KeyphraseOptions)> {
    if n == 0 || n > MAX_NGRAM {
        return Err(invalid(
            "n",
            format!("{n}: expected 1 to {MAX_NGRAM} words"),
        ));
    }
    if window == 0 {
        return Err(invalid("window", "must be at least 1"));
    }
    if !(0.0..=1.0).contains(&dedup) {
        return Err(invalid(
            "dedup",
            format!("{dedup}: expected a similarity in [0, 1]"),
        ));
    }
    let vocabulary = Vocabulary::new(TermOptions {
        stopwords,
        extra_stopwords: extra_stopwords.unwrap_or_default(),
        ..TermOptions::default()
    })?;
    Ok((
        vocabulary,
        KeyphraseOptions {
            top,
            n,
            window,
            dedup,
        },
    ))
}
