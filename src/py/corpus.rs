//! Corpora for Python: reading, filtering, tables, pickling. `rassegna.Corpus` wraps this.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;
use rayon::prelude::*;

use super::arrow::PyArrowTable;
use super::article::{
    overrides_bytes, overrides_from, overrides_of_bytes, parse_texts, year_argument, PyArticle,
};
use super::run::run;
use super::search_index::{joined_index, CachedIndex};
use crate::corpus::{file_kind, listed_files, tables, Corpus, ReadOptions, Record, RecordError};
use crate::error::Error;

/// A record that did not become an article: where it was and why.
#[pyclass(frozen, name = "RecordError", module = "rassegna._core")]
#[derive(Clone)]
pub struct PyRecordError {
    #[pyo3(get)]
    location: String,
    #[pyo3(get)]
    kind: String,
    #[pyo3(get)]
    message: String,
}

impl From<&RecordError> for PyRecordError {
    fn from(error: &RecordError) -> Self {
        Self {
            location: error.location.clone(),
            kind: error.error.kind().to_owned(),
            message: error.error.to_string(),
        }
    }
}

#[pymethods]
impl PyRecordError {
    /// Rebuilds a pickled error: errors travel with the parts of a corpus between processes.
    #[staticmethod]
    fn _restore(location: String, kind: String, message: String) -> Self {
        Self {
            location,
            kind,
            message,
        }
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (String, String, String))> {
        let this = slf.get();
        let restore = slf.get_type().getattr("_restore")?;
        Ok((
            restore,
            (
                this.location.clone(),
                this.kind.clone(),
                this.message.clone(),
            ),
        ))
    }

    fn __repr__(&self) -> String {
        format!(
            "RecordError({:?}, {}, {:?})",
            self.location, self.kind, self.message
        )
    }
}

#[pyclass(frozen, name = "Corpus", module = "rassegna._core")]
pub struct PyCorpus {
    pub(super) inner: Arc<Corpus>,
    /// The full-text index, built on first search (see `search.rs`).
    pub(super) search: Arc<CachedIndex>,
}

impl PyCorpus {
    pub(super) fn wrap(corpus: Corpus) -> Self {
        Self {
            inner: Arc::new(corpus),
            search: Arc::default(),
        }
    }
}

/// What pickle stores of a corpus: each article's text and `Overrides` (postcard bytes), and
/// the errors and skipped records as JSON.
type CorpusState = (Vec<(String, Vec<u8>)>, String, String);

#[pymethods]
impl PyCorpus {
    #[staticmethod]
    #[pyo3(signature = (texts, ids=None, *, strict=false, threads=None))]
    fn from_texts(
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        ids: Option<Vec<String>>,
        strict: bool,
        threads: Option<usize>,
    ) -> PyResult<Self> {
        let mut corpus = Corpus::default();
        corpus.push_parsed(parse_texts(py, texts, ids, threads)?, strict)?;
        Ok(Self::wrap(corpus))
    }

    #[staticmethod]
    #[pyo3(signature = (path, *, strict=false, threads=None, source=None, year=None,
        encoding=None, leave_parquet=false, text_column=None, id_column=None, date_column=None,
        source_column=None, title_column=None, url_column=None, html_column=None))]
    #[allow(clippy::too_many_arguments)]
    fn read(
        py: Python<'_>,
        path: PathBuf,
        strict: bool,
        threads: Option<usize>,
        source: Option<String>,
        year: Option<Bound<'_, PyAny>>,
        encoding: Option<String>,
        leave_parquet: bool,
        text_column: Option<String>,
        id_column: Option<String>,
        date_column: Option<String>,
        source_column: Option<String>,
        title_column: Option<String>,
        url_column: Option<String>,
        html_column: Option<String>,
    ) -> PyResult<Self> {
        let options = read_options(
            strict,
            source,
            year_argument(year.as_ref())?,
            encoding,
            leave_parquet,
            [
                text_column,
                id_column,
                date_column,
                source_column,
                title_column,
                url_column,
                html_column,
            ],
        );
        run(py, threads, move || Corpus::read(&path, &options)).map(Self::wrap)
    }

    /// Records whose columns were read elsewhere (Parquet via pyarrow): a text (or, with
    /// `html`, a web page) or None per record, its location, and optional metadata columns of
    /// the same length.
    #[staticmethod]
    #[pyo3(signature = (texts, locations, *, ids=None, dates=None, sources=None, titles=None, urls=None,
        year=None, text_column=None, html=false, strict=false, threads=None))]
    #[allow(clippy::too_many_arguments)]
    fn from_records(
        py: Python<'_>,
        texts: Vec<Option<String>>,
        locations: Vec<String>,
        ids: Option<Vec<Option<String>>>,
        dates: Option<Vec<Option<String>>>,
        sources: Option<Vec<Option<String>>>,
        titles: Option<Vec<Option<String>>>,
        urls: Option<Vec<Option<String>>>,
        year: Option<Bound<'_, PyAny>>,
        text_column: Option<String>,
        html: bool,
        strict: bool,
        threads: Option<usize>,
    ) -> PyResult<Self> {
        let year = year_argument(year.as_ref())?;
        let text_column = text_column.unwrap_or_else(|| ReadOptions::default().text_column);
        let n = texts.len();
        let columns = [ids, dates, sources, titles, urls];
        for (name, column) in ["ids", "dates", "sources", "titles", "urls"]
            .iter()
            .zip(&columns)
        {
            if column.as_ref().is_some_and(|c| c.len() != n) || locations.len() != n {
                return Err(Error::InvalidValue {
                    location: (*name).into(),
                    field: (*name).into(),
                    message: format!("length differs from the {n} texts"),
                }
                .into());
            }
        }
        let [ids, dates, sources, titles, urls] =
            columns.map(|c| c.unwrap_or_else(|| vec![None; n]));
        let records: Vec<Record> = texts
            .into_iter()
            .zip(locations)
            .zip(
                ids.into_iter()
                    .zip(dates)
                    .zip(sources.into_iter().zip(titles).zip(urls)),
            )
            .map(|((text, location), ((id, date), ((source, title), url)))| {
                let content = match text {
                    Some(text) => Ok((text, overrides_from(id, source, date, title, url, year))),
                    None => Err(Error::MissingColumn {
                        location: location.clone(),
                        column: text_column.clone(),
                    }),
                };
                Record { location, content }
            })
            .collect();
        run(py, threads, move || {
            // A page is extracted in parallel, as parsing is.
            let records = if html {
                records
                    .into_par_iter()
                    .map(|Record { location, content }| Record {
                        content: content.and_then(|(page, given)| {
                            crate::page::page_record(&page, given).map_err(|e| e.at(&location))
                        }),
                        location,
                    })
                    .collect()
            } else {
                records
            };
            let mut corpus = Corpus::default();
            corpus.extend_parsed(records, strict)?;
            Ok(corpus)
        })
        .map(Self::wrap)
    }

    #[staticmethod]
    fn concat(parts: Vec<PyRef<'_, PyCorpus>>) -> Self {
        let joined = Self::wrap(Corpus::concat(
            parts.iter().map(|p| (*p.inner).clone()).collect(),
        ));
        let borrowed: Vec<&CachedIndex> = parts.iter().map(|p| &*p.search).collect();
        if let Some(index) = joined_index(&borrowed) {
            joined.search.set(index);
        }
        joined
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn article(&self, index: usize) -> PyResult<PyArticle> {
        self.inner
            .articles
            .get(index)
            .map(|a| PyArticle::new(a.clone()))
            .ok_or_else(|| {
                pyo3::exceptions::PyIndexError::new_err(format!(
                    "article {index} of {}",
                    self.inner.len()
                ))
            })
    }

    fn articles_list(&self) -> Vec<PyArticle> {
        self.inner
            .articles
            .iter()
            .map(|a| PyArticle::new(a.clone()))
            .collect()
    }

    #[getter]
    fn ids(&self) -> Vec<Option<String>> {
        self.inner.articles.iter().map(|a| a.id.clone()).collect()
    }

    #[getter]
    fn errors(&self) -> Vec<PyRecordError> {
        self.inner.errors.iter().map(PyRecordError::from).collect()
    }

    /// Records that are not articles (files of other kinds in a folder, WARC records that
    /// are not pages), each with its location and why.
    #[getter]
    fn skipped(&self) -> Vec<PyRecordError> {
        self.inner.skipped.iter().map(PyRecordError::from).collect()
    }

    #[getter]
    fn records_seen(&self) -> usize {
        self.inner.records_seen()
    }

    #[pyo3(signature = (start=None, end=None, sources=None))]
    fn filter(
        &self,
        start: Option<&str>,
        end: Option<&str>,
        sources: Option<Vec<String>>,
    ) -> PyResult<Self> {
        Ok(Self::wrap(self.inner.filter(
            start,
            end,
            sources.as_deref(),
        )?))
    }

    #[pyo3(signature = (*, threads=None))]
    fn articles_table(&self, py: Python<'_>, threads: Option<usize>) -> PyResult<PyArrowTable> {
        let corpus = self.inner.clone();
        let batch = run(py, threads, move || {
            tables::articles_table(&corpus.articles)
        })?;
        PyArrowTable::from_batches(vec![batch])
    }

    #[pyo3(signature = (*, threads=None))]
    fn tokens_table(&self, py: Python<'_>, threads: Option<usize>) -> PyResult<PyArrowTable> {
        let corpus = self.inner.clone();
        PyArrowTable::from_batches(run(py, threads, move || {
            tables::tokens_table(&corpus.articles)
        })?)
    }

    /// Pickle state: each article's text and given values, the errors and skipped records.
    fn __getstate__(&self) -> PyResult<CorpusState> {
        let rows = self
            .inner
            .articles
            .iter()
            .map(|a| Ok((a.text.clone(), overrides_bytes(&a.overrides)?)))
            .collect::<PyResult<_>>()?;
        let as_json = |records: &[RecordError]| {
            let pairs: Vec<(&str, &Error)> = records
                .iter()
                .map(|e| (e.location.as_str(), &e.error))
                .collect();
            serde_json::to_string(&pairs).map_err(|e| Error::Internal(e.to_string()))
        };
        Ok((
            rows,
            as_json(&self.inner.errors)?,
            as_json(&self.inner.skipped)?,
        ))
    }

    #[staticmethod]
    fn _from_state(py: Python<'_>, state: CorpusState) -> PyResult<Self> {
        let (rows, errors, skipped) = state;
        let of_json = |json: &str| -> PyResult<Vec<RecordError>> {
            let pairs: Vec<(String, Error)> = serde_json::from_str(json)
                .map_err(|e| Error::Internal(format!("corrupt pickle state: {e}")))?;
            Ok(pairs
                .into_iter()
                .map(|(location, error)| RecordError { location, error })
                .collect())
        };
        let records = rows
            .into_iter()
            .enumerate()
            .map(|(index, (text, overrides))| {
                Ok(Record {
                    location: format!("pickled article {index}"),
                    content: Ok((text, overrides_of_bytes(&overrides)?)),
                })
            })
            .collect::<PyResult<Vec<_>>>()?;
        let mut corpus = run(py, None, move || {
            let mut corpus = Corpus::default();
            corpus.extend_parsed(records, true)?;
            Ok(corpus)
        })?;
        corpus.errors = of_json(&errors)?;
        corpus.skipped = of_json(&skipped)?;
        Ok(Self::wrap(corpus))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (CorpusState,))> {
        let restore = slf.get_type().getattr("_from_state")?;
        Ok((restore, (slf.get().__getstate__()?,)))
    }
}

/// Reading options from the keyword arguments of `read`: a column left `None` keeps its
/// default name. Columns in order: text, id, date, source, title, url, html (none by default).
pub(super) fn read_options(
    strict: bool,
    source: Option<String>,
    year: Option<u16>,
    encoding: Option<String>,
    leave_parquet: bool,
    columns: [Option<String>; 7],
) -> ReadOptions {
    let defaults = ReadOptions::default();
    let [text, id, date, source_column, title, url, html_column] = columns;
    ReadOptions {
        strict,
        text_column: text.unwrap_or(defaults.text_column),
        id_column: id.unwrap_or(defaults.id_column),
        date_column: date.unwrap_or(defaults.date_column),
        source_column: source_column.unwrap_or(defaults.source_column),
        title_column: title.unwrap_or(defaults.title_column),
        url_column: url.unwrap_or(defaults.url_column),
        source,
        year,
        encoding,
        leave_parquet,
        html_column,
    }
}

/// The files below a folder with their kinds (`text`, `page`, `warc`, `jsonl`, … or None for
/// a file rassegna does not read), in the order reading the folder reads them: how
/// `rassegna.dask` cuts a folder into parts.
#[pyfunction]
pub fn _listed_files(root: PathBuf) -> Vec<(String, Option<&'static str>)> {
    listed_files(&root)
        .0
        .iter()
        .map(|path| {
            let kind = file_kind(path).map(|(kind, _)| kind.name());
            (path.to_string_lossy().into_owned(), kind)
        })
        .collect()
}

/// Some of the files of a folder read as reading the whole folder reads them.
#[pyfunction]
#[pyo3(signature = (root, files, *, listing_errors=false, strict=false, threads=None, source=None,
    year=None, encoding=None, leave_parquet=false, text_column=None, id_column=None,
    date_column=None, source_column=None, title_column=None, url_column=None, html_column=None))]
#[allow(clippy::too_many_arguments)]
pub fn _read_folder_files(
    py: Python<'_>,
    root: PathBuf,
    files: Vec<PathBuf>,
    listing_errors: bool,
    strict: bool,
    threads: Option<usize>,
    source: Option<String>,
    year: Option<Bound<'_, PyAny>>,
    encoding: Option<String>,
    leave_parquet: bool,
    text_column: Option<String>,
    id_column: Option<String>,
    date_column: Option<String>,
    source_column: Option<String>,
    title_column: Option<String>,
    url_column: Option<String>,
    html_column: Option<String>,
) -> PyResult<PyCorpus> {
    let options = read_options(
        strict,
        source,
        year_argument(year.as_ref())?,
        encoding,
        leave_parquet,
        [
            text_column,
            id_column,
            date_column,
            source_column,
            title_column,
            url_column,
            html_column,
        ],
    );
    run(py, threads, move || {
        Corpus::read_folder_part(&root, &files, listing_errors, &options)
    })
    .map(PyCorpus::wrap)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_listed_files, m)?)?;
    m.add_function(wrap_pyfunction!(_read_folder_files, m)?)?;
    Ok(())
}
