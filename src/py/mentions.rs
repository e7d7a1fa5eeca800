//! Quantities, dates, quotes and roles for Python: per article as small frozen objects with
//! `str` offsets, per corpus as Arrow tables.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyType;

use super::arrow::PyArrowTable;
use super::article::{short, PyArticle};
use super::corpus::PyCorpus;
use super::run::run;
use crate::corpus::NamedRole;
use crate::mentions::{extract, tables, Mentions};
use crate::text::CharOffsets;

/// An amount: `13mila container`, `400 milioni di dollari`, `decine di missili`.
#[pyclass(frozen, eq, name = "Quantity", module = "rassegna._core")]
#[derive(Clone, PartialEq)]
pub struct PyQuantity {
    #[pyo3(get)]
    text: String,
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    #[pyo3(get)]
    value: Option<f64>,
    #[pyo3(get)]
    low: Option<f64>,
    #[pyo3(get)]
    high: Option<f64>,
    #[pyo3(get)]
    approximate: bool,
    #[pyo3(get)]
    modifier: Option<String>,
    #[pyo3(get)]
    unit: Option<String>,
    #[pyo3(get)]
    entity: Option<String>,
    #[pyo3(get)]
    sentence: Option<usize>,
}

type QuantityArgs = (
    String,
    usize,
    usize,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    bool,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<usize>,
);

#[pymethods]
impl PyQuantity {
    #[new]
    #[pyo3(signature = (text, start, end, value=None, low=None, high=None, approximate=false,
        modifier=None, unit=None, entity=None, sentence=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        text: String,
        start: usize,
        end: usize,
        value: Option<f64>,
        low: Option<f64>,
        high: Option<f64>,
        approximate: bool,
        modifier: Option<String>,
        unit: Option<String>,
        entity: Option<String>,
        sentence: Option<usize>,
    ) -> Self {
        Self {
            text,
            start,
            end,
            value,
            low,
            high,
            approximate,
            modifier,
            unit,
            entity,
            sentence,
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, QuantityArgs) {
        let q = slf.get().clone();
        (
            slf.get_type(),
            (
                q.text,
                q.start,
                q.end,
                q.value,
                q.low,
                q.high,
                q.approximate,
                q.modifier,
                q.unit,
                q.entity,
                q.sentence,
            ),
        )
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        let amount = match (self.value, self.low, self.high) {
            (Some(v), _, _) => format!("{v}"),
            (None, Some(l), Some(h)) => format!("{l}–{h}"),
            _ => "?".to_owned(),
        };
        format!(
            "Quantity({}, {}{} {}, {}..{})",
            short(&self.text, 40),
            if self.approximate { "~" } else { "" },
            amount,
            self.unit.as_deref().unwrap_or("-"),
            self.start,
            self.end
        )
    }
}

/// A date: `18 giugno 2024`, `dal 10 al 13 settembre`, `stasera`, resolved when possible.
#[pyclass(frozen, eq, name = "DateMention", module = "rassegna._core")]
#[derive(Clone, PartialEq)]
pub struct PyDateMention {
    #[pyo3(get)]
    text: String,
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    #[pyo3(get)]
    kind: String,
    #[pyo3(get)]
    value: Option<String>,
    #[pyo3(get)]
    precision: Option<String>,
    #[pyo3(get)]
    sentence: Option<usize>,
}

type DateArgs = (
    String,
    usize,
    usize,
    String,
    Option<String>,
    Option<String>,
    Option<usize>,
);

#[pymethods]
impl PyDateMention {
    #[new]
    #[pyo3(signature = (text, start, end, kind, value=None, precision=None, sentence=None))]
    fn new(
        text: String,
        start: usize,
        end: usize,
        kind: String,
        value: Option<String>,
        precision: Option<String>,
        sentence: Option<usize>,
    ) -> Self {
        Self {
            text,
            start,
            end,
            kind,
            value,
            precision,
            sentence,
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, DateArgs) {
        let d = slf.get().clone();
        (
            slf.get_type(),
            (
                d.text,
                d.start,
                d.end,
                d.kind,
                d.value,
                d.precision,
                d.sentence,
            ),
        )
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "DateMention({}, {}, {}, {}..{})",
            short(&self.text, 40),
            self.kind,
            self.value.as_deref().unwrap_or("None"),
            self.start,
            self.end
        )
    }
}

/// A quotation and who said it.
#[pyclass(frozen, eq, name = "Quote", module = "rassegna._core")]
#[derive(Clone, PartialEq, Eq)]
pub struct PyQuote {
    #[pyo3(get)]
    text: String,
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    #[pyo3(get)]
    speaker: Option<String>,
    #[pyo3(get)]
    speaker_start: Option<usize>,
    #[pyo3(get)]
    speaker_end: Option<usize>,
    #[pyo3(get)]
    cue: Option<String>,
    #[pyo3(get)]
    scare: bool,
    #[pyo3(get)]
    nested: bool,
    #[pyo3(get)]
    sentence: Option<usize>,
    #[pyo3(get)]
    speaker_kind: String,
    #[pyo3(get)]
    speaker_text: Option<String>,
}

type QuoteArgs = (
    String,
    usize,
    usize,
    Option<String>,
    Option<usize>,
    Option<usize>,
    Option<String>,
    bool,
    bool,
    Option<usize>,
    String,
    Option<String>,
);

#[pymethods]
impl PyQuote {
    #[new]
    #[pyo3(signature = (text, start, end, speaker=None, speaker_start=None, speaker_end=None,
        cue=None, scare=false, nested=false, sentence=None, speaker_kind="unknown",
        speaker_text=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        text: String,
        start: usize,
        end: usize,
        speaker: Option<String>,
        speaker_start: Option<usize>,
        speaker_end: Option<usize>,
        cue: Option<String>,
        scare: bool,
        nested: bool,
        sentence: Option<usize>,
        speaker_kind: &str,
        speaker_text: Option<String>,
    ) -> Self {
        Self {
            text,
            start,
            end,
            speaker,
            speaker_start,
            speaker_end,
            cue,
            scare,
            nested,
            sentence,
            speaker_kind: speaker_kind.to_owned(),
            speaker_text,
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, QuoteArgs) {
        let q = slf.get().clone();
        (
            slf.get_type(),
            (
                q.text,
                q.start,
                q.end,
                q.speaker,
                q.speaker_start,
                q.speaker_end,
                q.cue,
                q.scare,
                q.nested,
                q.sentence,
                q.speaker_kind,
                q.speaker_text,
            ),
        )
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Quote({}, speaker={}, {}..{})",
            short(&self.text, 40),
            self.speaker
                .as_deref()
                .map_or_else(|| "None".to_owned(), |s| format!("{s:?}")),
            self.start,
            self.end
        )
    }
}

/// A role held by a person: `presidente russo` → Vladimir Putin.
#[pyclass(frozen, eq, name = "Role", module = "rassegna._core")]
#[derive(Clone, PartialEq, Eq)]
pub struct PyRole {
    #[pyo3(get)]
    text: String,
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    #[pyo3(get)]
    key: String,
    #[pyo3(get)]
    person: String,
    #[pyo3(get)]
    person_start: Option<usize>,
    #[pyo3(get)]
    person_end: Option<usize>,
    #[pyo3(get)]
    organization: Option<String>,
    #[pyo3(get)]
    sentence: Option<usize>,
}

type RoleArgs = (
    String,
    usize,
    usize,
    String,
    String,
    Option<usize>,
    Option<usize>,
    Option<String>,
    Option<usize>,
);

#[pymethods]
impl PyRole {
    #[new]
    #[pyo3(signature = (text, start, end, key, person, person_start=None, person_end=None,
        organization=None, sentence=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        text: String,
        start: usize,
        end: usize,
        key: String,
        person: String,
        person_start: Option<usize>,
        person_end: Option<usize>,
        organization: Option<String>,
        sentence: Option<usize>,
    ) -> Self {
        Self {
            text,
            start,
            end,
            key,
            person,
            person_start,
            person_end,
            organization,
            sentence,
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, RoleArgs) {
        let r = slf.get().clone();
        (
            slf.get_type(),
            (
                r.text,
                r.start,
                r.end,
                r.key,
                r.person,
                r.person_start,
                r.person_end,
                r.organization,
                r.sentence,
            ),
        )
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Role({}, person={:?}, {}..{})",
            short(&self.text, 40),
            self.person,
            self.start,
            self.end
        )
    }
}

impl PyArticle {
    /// The article's mentions, found once (entities and all four layers, without the GIL).
    fn mentions(&self, py: Python<'_>) -> PyResult<Arc<Mentions>> {
        if let Some(found) = self.mentions.get() {
            return Ok(found.clone());
        }
        let entities = self.found_entities(py)?;
        let article = self.inner.clone();
        let found = run(py, None, move || Ok(Arc::new(extract(&article, &entities))))?;
        Ok(self.mentions.get_or_init(|| found).clone())
    }

    fn text_of(&self, start: usize, end: usize) -> String {
        self.inner.text.get(start..end).unwrap_or("").to_owned()
    }
}

fn span(offsets: &CharOffsets, span: Option<(usize, usize)>) -> (Option<usize>, Option<usize>) {
    match span {
        Some((a, b)) => {
            let (a, b) = offsets.char_span(a, b);
            (Some(a), Some(b))
        }
        None => (None, None),
    }
}

#[pymethods]
impl PyArticle {
    /// Amounts in digits and words, with unit or counted noun, bounds and modifiers.
    #[getter]
    fn quantities(&self, py: Python<'_>) -> PyResult<Vec<PyQuantity>> {
        let found = self.mentions(py)?;
        let offsets = self.offsets();
        Ok(found
            .quantities
            .iter()
            .map(|q| {
                let (start, end) = offsets.char_span(q.start, q.end);
                PyQuantity {
                    text: self.text_of(q.start, q.end),
                    start,
                    end,
                    value: q.value,
                    low: q.low,
                    high: q.high,
                    approximate: q.approximate,
                    modifier: q.modifier.clone(),
                    unit: q.unit.clone(),
                    entity: q.entity.clone(),
                    sentence: q.sentence,
                }
            })
            .collect())
    }

    /// Dates, resolved against the article's date to an ISO value when the text allows.
    #[getter]
    fn dates(&self, py: Python<'_>) -> PyResult<Vec<PyDateMention>> {
        let found = self.mentions(py)?;
        let offsets = self.offsets();
        Ok(found
            .dates
            .iter()
            .map(|d| {
                let (start, end) = offsets.char_span(d.start, d.end);
                PyDateMention {
                    text: self.text_of(d.start, d.end),
                    start,
                    end,
                    kind: d.kind.as_str().to_owned(),
                    value: d.value.as_ref().map(|v| v.iso()),
                    precision: d.value.as_ref().map(|v| v.precision().as_str().to_owned()),
                    sentence: d.sentence,
                }
            })
            .collect())
    }

    /// Quotations, each with its speaker (canonical name) when the text names them, the kind
    /// of speaker, and the words that name or describe them.
    #[getter]
    fn quotes(&self, py: Python<'_>) -> PyResult<Vec<PyQuote>> {
        let found = self.mentions(py)?;
        let offsets = self.offsets();
        Ok(found
            .quotes
            .iter()
            .map(|q| {
                let (start, end) = offsets.char_span(q.start, q.end);
                let (speaker_start, speaker_end) = span(offsets, q.speaker_span);
                PyQuote {
                    text: self.text_of(q.start, q.end),
                    start,
                    end,
                    speaker: q.speaker.clone(),
                    speaker_start,
                    speaker_end,
                    cue: q.cue.clone(),
                    scare: q.scare,
                    nested: q.nested,
                    sentence: q.sentence,
                    speaker_kind: q.speaker_kind.as_str().to_owned(),
                    speaker_text: q.speaker_span.map(|(a, b)| self.text_of(a, b)),
                }
            })
            .collect())
    }

    /// Roles held by people: the role phrase, the person, and the organisation or country.
    #[getter]
    fn roles(&self, py: Python<'_>) -> PyResult<Vec<PyRole>> {
        let found = self.mentions(py)?;
        let offsets = self.offsets();
        Ok(found
            .roles
            .iter()
            .map(|r| {
                let (start, end) = offsets.char_span(r.start, r.end);
                let (person_start, person_end) = span(offsets, r.person_span);
                PyRole {
                    text: r.text.clone(),
                    start,
                    end,
                    key: r.key.clone(),
                    person: r.person.clone(),
                    person_start,
                    person_end,
                    organization: r.organization.clone(),
                    sentence: r.sentence,
                }
            })
            .collect())
    }
}

#[pymethods]
impl PyCorpus {
    #[pyo3(signature = (*, threads=None))]
    fn quantities_table(&self, py: Python<'_>, threads: Option<usize>) -> PyResult<PyArrowTable> {
        let corpus = self.inner.clone();
        PyArrowTable::from_batches(run(py, threads, move || {
            tables::quantities_table(&corpus.articles, &corpus.mentions())
        })?)
    }

    #[pyo3(signature = (*, threads=None))]
    fn dates_table(&self, py: Python<'_>, threads: Option<usize>) -> PyResult<PyArrowTable> {
        let corpus = self.inner.clone();
        PyArrowTable::from_batches(run(py, threads, move || {
            tables::dates_table(&corpus.articles, &corpus.mentions())
        })?)
    }

    #[pyo3(signature = (*, threads=None))]
    fn quotes_table(&self, py: Python<'_>, threads: Option<usize>) -> PyResult<PyArrowTable> {
        let corpus = self.inner.clone();
        PyArrowTable::from_batches(run(py, threads, move || {
            tables::quotes_table(&corpus.articles, &corpus.mentions())
        })?)
    }

    #[pyo3(signature = (*, threads=None))]
    fn roles_table(&self, py: Python<'_>, threads: Option<usize>) -> PyResult<PyArrowTable> {
        let corpus = self.inner.clone();
        PyArrowTable::from_batches(run(py, threads, move || {
            tables::roles_table(&corpus.articles, &corpus.mentions())
        })?)
    }

    /// Finds (and caches) the entities of every article, returning how many: lets the
    /// benchmark time entities apart from mentions.
    #[pyo3(signature = (*, threads=None))]
    fn _count_entities(&self, py: Python<'_>, threads: Option<usize>) -> PyResult<usize> {
        let corpus = self.inner.clone();
        run(py, threads, move || {
            Ok(corpus.entities().iter().map(Vec::len).sum())
        })
    }

    #[pyo3(signature = (unit, *, threads=None))]
    fn claims_table(
        &self,
        py: Python<'_>,
        unit: String,
        threads: Option<usize>,
    ) -> PyResult<PyArrowTable> {
        let corpus = self.inner.clone();
        let batch = run(py, threads, move || {
            tables::claims_table(&corpus.articles, &corpus.mentions(), &unit)
        })?;
        PyArrowTable::from_batches(vec![batch])
    }
}

/// Where each row of a table whose article dates are `dates` goes in date order (by first
/// day, undated last, ties in place): how claims tables of the parts of a corpus, joined, are
/// put in the order of the whole's.
#[pyfunction]
pub fn _date_order(dates: Vec<Option<String>>) -> Vec<usize> {
    tables::date_order(dates.iter().map(Option::as_deref))
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
        Ok(PyCorpus::wrap(corpus.with_roles(&roles)))
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_date_order, m)?)?;
    m.add_function(wrap_pyfunction!(_named_roles, m)?)?;
    m.add_function(wrap_pyfunction!(_with_roles, m)?)?;
    Ok(())
}
