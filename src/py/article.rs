//! Articles for Python: metadata, segments, sentences and tokens, with `str` offsets.

use std::sync::{Arc, OnceLock};

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyString, PyType};

use super::run::{run, run_pipelined};
use super::text::PyToken;
use crate::article::{parse, Article, Field, Overrides, Segment, Span};
use crate::corpus::{parse_records, text_record, Parsed};
use crate::error::Error;
use crate::text::CharOffsets;

/// A labelled stretch of an article's text: a metadata value, a credit, later an entity.
#[pyclass(frozen, name = "Span", module = "rassegna._core", eq)]
#[derive(Clone, PartialEq, Eq)]
pub struct PySpan {
    #[pyo3(get)]
    text: String,
    #[pyo3(get)]
    label: String,
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
}

#[pymethods]
impl PySpan {
    #[new]
    fn new(text: String, label: String, start: usize, end: usize) -> Self {
        Self {
            text,
            label,
            start,
            end,
        }
    }

    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> (Bound<'py, PyType>, (String, String, usize, usize)) {
        let this = slf.get();
        (
            slf.get_type(),
            (this.text.clone(), this.label.clone(), this.start, this.end),
        )
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Span({}, {}, {}..{})",
            short(&self.text, 40),
            self.label,
            self.start,
            self.end
        )
    }
}

/// One block of an article: title, dateline, byline, heading, paragraph, caption, boilerplate.
#[pyclass(frozen, name = "Segment", module = "rassegna._core")]
pub struct PySegment {
    #[pyo3(get)]
    kind: &'static str,
    #[pyo3(get)]
    text: String,
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    #[pyo3(get)]
    credit: Option<PySpan>,
    #[pyo3(get)]
    set_aside: bool,
}

#[pymethods]
impl PySegment {
    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Segment({}, {}, {}..{})",
            self.kind,
            short(&self.text, 40),
            self.start,
            self.end
        )
    }
}

/// A sentence: its text, `str` offsets, and its tokens.
#[pyclass(frozen, name = "Sentence", module = "rassegna._core")]
pub struct PySentence {
    article: Py<PyArticle>,
    #[pyo3(get)]
    index: usize,
    #[pyo3(get)]
    text: String,
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
}

#[pymethods]
impl PySentence {
    #[getter]
    fn tokens(&self, py: Python<'_>) -> Vec<PyToken> {
        let article = self.article.bind(py).get();
        let range = article.inner.sentences[self.index].tokens.clone();
        article.token_objects()[range].to_vec()
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Sentence({}, {}..{})",
            short(&self.text, 50),
            self.start,
            self.end
        )
    }
}

/// A parsed news article. Every span is a `str` index into `text`, which is kept as given.
#[pyclass(frozen, name = "Article", module = "rassegna._core")]
pub struct PyArticle {
    pub inner: Arc<Article>,
    offsets: OnceLock<CharOffsets>,
    tokens: OnceLock<Vec<PyToken>>,
    /// `entities`, found on first use (see `src/py/entities.rs`).
    pub(super) entities: OnceLock<Arc<Vec<crate::entities::Entity>>>,
    /// Quantities, dates, quotes and roles, found on first use (see `py/mentions.rs`).
    pub(super) mentions: OnceLock<Arc<crate::mentions::Mentions>>,
}

impl PyArticle {
    pub fn new(inner: Arc<Article>) -> Self {
        Self {
            inner,
            offsets: OnceLock::new(),
            tokens: OnceLock::new(),
            entities: OnceLock::new(),
            mentions: OnceLock::new(),
        }
    }

    pub(super) fn offsets(&self) -> &CharOffsets {
        self.offsets
            .get_or_init(|| CharOffsets::new(&self.inner.text))
    }

    fn token_objects(&self) -> &[PyToken] {
        self.tokens.get_or_init(|| {
            let offsets = self.offsets();
            self.inner
                .tokens()
                .iter()
                .map(|t| PyToken::new(&self.inner.text, offsets, t))
                .collect()
        })
    }

    fn span(&self, label: &str, span: Span) -> PySpan {
        let (start, end) = self.offsets().char_span(span.start, span.end);
        PySpan {
            text: self.inner.text[span.start..span.end].to_owned(),
            label: label.to_owned(),
            start,
            end,
        }
    }

    fn segment(&self, segment: &Segment) -> PySegment {
        let (start, end) = self.offsets().char_span(segment.start, segment.end);
        PySegment {
            kind: segment.kind.as_str(),
            text: self.inner.text[segment.start..segment.end].to_owned(),
            start,
            end,
            credit: segment.credit.map(|credit| self.span("credit", credit)),
            set_aside: segment.kind.is_set_aside(),
        }
    }

    fn segments_where(&self, keep: impl Fn(&Segment) -> bool) -> Vec<PySegment> {
        self.inner
            .segments
            .iter()
            .filter(|s| keep(s))
            .map(|s| self.segment(s))
            .collect()
    }
}

fn value(field: &Option<Field>) -> Option<String> {
    field.as_ref().map(|f| f.value.clone())
}

/// A text shortened for a repr, on a character boundary.
pub(super) fn short(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{:?}", format!("{}…", &text[..cut])),
        None => format!("{text:?}"),
    }
}

/// What pickle stores of an article: its text and the values it was parsed with
/// (`Overrides`, as postcard bytes, so that a new field needs no new pickle format).
type ArticleState = (String, Vec<u8>);

pub fn overrides_bytes(overrides: &Overrides) -> PyResult<Vec<u8>> {
    postcard::to_stdvec(overrides)
        .map_err(|e| Error::Internal(format!("cannot pickle an article: {e}")).into())
}

/// The pickled form of the values an article was given, from a save of format 1, which kept
/// them as columns.
#[pyfunction]
#[pyo3(signature = (id=None, source=None, date=None, title=None, url=None, year=None))]
pub fn _overrides_state(
    id: Option<String>,
    source: Option<String>,
    date: Option<String>,
    title: Option<String>,
    url: Option<String>,
    year: Option<u16>,
) -> PyResult<Vec<u8>> {
    overrides_bytes(&overrides_from(id, source, date, title, url, year))
}

pub fn overrides_of_bytes(bytes: &[u8]) -> PyResult<Overrides> {
    postcard::from_bytes(bytes).map_err(|e| {
        Error::Format {
            location: "pickle".into(),
            message: format!("an article pickled by another version of rassegna: {e}"),
        }
        .into()
    })
}

pub fn overrides_from(
    id: Option<String>,
    source: Option<String>,
    date: Option<String>,
    title: Option<String>,
    url: Option<String>,
    year: Option<u16>,
) -> Overrides {
    Overrides {
        id,
        source,
        date,
        title,
        url,
        year,
        encoding: None,
        page: Default::default(),
    }
}

/// The `year=` argument of parse and read: an int from 1 to 9999 (not a bool, not "2024").
pub fn year_argument(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<u16>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let year = if value.is_instance_of::<PyBool>() {
        None
    } else {
        value.extract::<i64>().ok()
    };
    match year.and_then(|y| u16::try_from(y).ok()) {
        Some(year @ 1..=9999) => Ok(Some(year)),
        _ => Err(Error::InvalidValue {
            location: "year".into(),
            field: "year".into(),
            message: format!("expected a year from 1 to 9999, got {}", value.repr()?),
        }
        .into()),
    }
}

#[pymethods]
impl PyArticle {
    /// Rebuilds a pickled article from its text and the values it was parsed with.
    #[staticmethod]
    fn _restore(py: Python<'_>, text: String, overrides: Vec<u8>) -> PyResult<Self> {
        let overrides = overrides_of_bytes(&overrides)?;
        let article = run(py, None, move || parse(text, overrides))?;
        Ok(Self::new(Arc::new(article)))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, ArticleState)> {
        let article = &slf.get().inner;
        let restore = slf.get_type().getattr("_restore")?;
        Ok((
            restore,
            (article.text.clone(), overrides_bytes(&article.overrides)?),
        ))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyArticle>().is_ok_and(|other| {
            let other = &other.get().inner;
            self.inner.text == other.text && self.inner.overrides == other.overrides
        })
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.inner.text.hash(&mut hasher);
        self.inner.overrides.hash(&mut hasher);
        hasher.finish()
    }

    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }

    #[getter]
    fn id(&self) -> Option<String> {
        self.inner.id.clone()
    }

    #[getter]
    fn source(&self) -> Option<String> {
        self.inner.source.clone()
    }

    #[getter]
    fn url(&self) -> Option<String> {
        self.inner.url.clone()
    }

    /// ISO date with the precision the text gives (`2024-10`, `2024-06-18`), or None.
    #[getter]
    fn date(&self) -> Option<String> {
        value(&self.inner.date)
    }

    #[getter]
    fn time(&self) -> Option<String> {
        value(&self.inner.time)
    }

    #[getter]
    fn title(&self) -> Option<String> {
        value(&self.inner.title)
    }

    #[getter]
    fn author(&self) -> Option<String> {
        value(&self.inner.author)
    }

    /// The place a dateline gives, written normally (`MOSCA, 10 FEB (ANSA) -` → `Mosca`).
    #[getter]
    fn place(&self) -> Option<String> {
        value(&self.inner.place)
    }

    /// The agency a dateline credits (`ANSA`).
    #[getter]
    fn agency(&self) -> Option<String> {
        value(&self.inner.agency)
    }

    /// The encoding the article's file or record was decoded from (`UTF-8`,
    /// `windows-1252`), or None for a text given as a Python `str`.
    #[getter]
    fn encoding(&self) -> Option<String> {
        self.inner.overrides.encoding.clone()
    }

    #[getter]
    fn credits(&self) -> Vec<String> {
        self.inner.credits.iter().map(|c| c.value.clone()).collect()
    }

    /// Where each metadata value was read: spans labelled date, time, title, author, place,
    /// credit.
    #[getter]
    fn metadata(&self) -> Vec<PySpan> {
        let a = &self.inner;
        let fields = [
            ("date", &a.date),
            ("time", &a.time),
            ("title", &a.title),
            ("author", &a.author),
            ("place", &a.place),
        ];
        let mut spans: Vec<PySpan> = fields
            .into_iter()
            .filter_map(|(label, field)| {
                field
                    .as_ref()
                    .and_then(|f| f.span)
                    .map(|span| self.span(label, span))
            })
            .chain(
                a.credits
                    .iter()
                    .filter_map(|c| c.span)
                    .map(|span| self.span("credit", span)),
            )
            .collect();
        spans.sort_by_key(|s| (s.start, s.end));
        spans
    }

    #[getter]
    fn segments(&self) -> Vec<PySegment> {
        self.segments_where(|_| true)
    }

    #[getter]
    fn paragraphs(&self) -> Vec<PySegment> {
        self.segments_where(|s| s.kind == crate::article::SegmentKind::Paragraph)
    }

    #[getter]
    fn captions(&self) -> Vec<PySegment> {
        self.segments_where(|s| s.kind == crate::article::SegmentKind::Caption)
    }

    /// Text that is not the article (paywall prompts, `Fine`, share lines): kept, not counted.
    #[getter]
    fn set_aside(&self) -> Vec<PySegment> {
        self.segments_where(|s| s.kind.is_set_aside())
    }

    /// The article itself: title, headings, paragraphs and captions, joined by blank lines.
    #[getter]
    fn content(&self) -> String {
        self.inner.content()
    }

    #[getter]
    fn sentences(slf: &Bound<'_, Self>) -> Vec<PySentence> {
        let this = slf.get();
        let text = &this.inner.text;
        this.inner
            .sentences
            .iter()
            .enumerate()
            .map(|(index, s)| {
                let (start, end) = this.offsets().char_span(s.start, s.end);
                PySentence {
                    article: slf.clone().unbind(),
                    index,
                    text: text[s.start..s.end].to_owned(),
                    start,
                    end,
                }
            })
            .collect()
    }

    /// Tokens of the body (set-aside and metadata blocks excluded), in text order.
    #[getter]
    fn tokens(&self) -> Vec<PyToken> {
        self.token_objects().to_vec()
    }

    #[getter]
    fn token_count(&self) -> usize {
        self.inner.token_count
    }

    fn __len__(&self) -> usize {
        self.inner.token_count
    }

    /// The notebook view. HTML is drawn by `rassegna.display`, in Python, where the escaping
    /// and the styling live beside the other `_repr_html_`s.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        slf.py()
            .import("rassegna.display")?
            .getattr("article_html")?
            .call1((slf,))?
            .extract()
    }

    fn __repr__(&self) -> String {
        let a = &self.inner;
        let headline = value(&a.title).unwrap_or_else(|| {
            a.segments
                .iter()
                .find(|s| s.kind.is_body())
                .map(|s| a.text[s.start..s.end].to_owned())
                .unwrap_or_default()
        });
        format!(
            "Article(id={:?}, date={:?}, {}, {} tokens)",
            a.id.as_deref().unwrap_or(""),
            value(&a.date).unwrap_or_default(),
            short(&headline, 50),
            a.token_count
        )
    }
}

/// Parses one article.
#[pyfunction(name = "parse")]
#[pyo3(signature = (text, *, id=None, source=None, date=None, title=None, url=None, year=None))]
#[allow(clippy::too_many_arguments)]
pub fn py_parse(
    py: Python<'_>,
    text: String,
    id: Option<String>,
    source: Option<String>,
    date: Option<String>,
    title: Option<String>,
    url: Option<String>,
    year: Option<Bound<'_, PyAny>>,
) -> PyResult<PyArticle> {
    let overrides = overrides_from(id, source, date, title, url, year_argument(year.as_ref())?);
    let article = run(py, None, move || parse(text, overrides))?;
    Ok(PyArticle::new(Arc::new(article)))
}

/// Parses many articles in parallel without the GIL, like `nlp.pipe`. With `errors="raise"`
/// the first text that cannot be used raises, naming its position; with `errors="skip"` its
/// place in the list holds None and the others are parsed.
#[pyfunction(name = "parse_many")]
#[pyo3(signature = (texts, *, ids=None, threads=None, errors="raise"))]
pub fn py_parse_many(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    ids: Option<Vec<String>>,
    threads: Option<usize>,
    errors: &str,
) -> PyResult<Vec<Option<PyArticle>>> {
    let raise = match errors {
        "raise" => true,
        "skip" => false,
        other => {
            return Err(Error::InvalidValue {
                location: "errors".into(),
                field: "errors".into(),
                message: format!("expected \"raise\" or \"skip\", got {other:?}"),
            }
            .into())
        }
    };
    parse_texts(py, texts, ids, threads)?
        .into_iter()
        .map(|(_, parsed)| match parsed {
            Ok(article) => Ok(Some(PyArticle::new(Arc::new(article)))),
            Err(error) if raise => Err(error.into()),
            Err(_) => Ok(None),
        })
        .collect()
}

/// Converts and parses a Python iterable of texts, pipelined (see `run_pipelined`).
pub fn parse_texts(
    py: Python<'_>,
    texts: &Bound<'_, PyAny>,
    ids: Option<Vec<String>>,
    threads: Option<usize>,
) -> PyResult<Vec<Parsed>> {
    let mut seen = 0usize;
    let parsed = run_pipelined(
        py,
        threads,
        texts,
        |index, item| {
            seen = index + 1;
            let id = match &ids {
                None => None,
                Some(ids) => Some(
                    ids.get(index)
                        .cloned()
                        .ok_or_else(|| ids_mismatch(ids.len()))?,
                ),
            };
            Ok(text_record(index, extract_text(index, item)?, id))
        },
        parse_records,
    )?;
    match ids {
        Some(ids) if ids.len() != seen => Err(ids_mismatch(ids.len()).into()),
        _ => Ok(parsed),
    }
}

fn ids_mismatch(count: usize) -> Error {
    Error::InvalidValue {
        location: "ids".into(),
        field: "ids".into(),
        message: format!("{count} ids for a different number of texts"),
    }
}

/// A Python `str` as Rust text; anything else, or a string with lone surrogates (which
/// UTF-8 cannot hold), is an error naming the text's position.
fn extract_text(index: usize, item: &Bound<'_, PyAny>) -> PyResult<String> {
    item.extract::<String>().map_err(|_| {
        let message = if item.is_instance_of::<PyString>() {
            "a str with lone surrogates, which UTF-8 cannot encode".to_owned()
        } else {
            let kind = item
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default();
            format!("expected str, got {kind}")
        };
        Error::Format {
            location: format!("text {index}"),
            message,
        }
        .into()
    })
}
