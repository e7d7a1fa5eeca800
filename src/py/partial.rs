//! What one part of a corpus contributes to a statistic of the whole, held in Rust between
//! the two calls that make and merge it: `_term_counts(part)` … then
//! `_tfidf_of_parts([...])`. A corpus on one machine is one part; a Dask corpus has many, and
//! its parts' contributions travel to the driver pickled (as bytes), to be merged there.

use std::sync::{Mutex, PoisonError};

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyType};
use serde::{Deserialize, Serialize};

use crate::entities::{EntityTallies, NameTally};
use crate::error::{Error, Result};
use crate::stats::collocations::GramTally;
use crate::stats::cooccurrence::Tally;
use crate::stats::partial::KeynessCounts;
use crate::stats::trends::TrendTally;
use crate::stats::TermCounts;

/// A contribution, by statistic.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub enum Partial {
    TermCounts(TermCounts),
    Keyness(KeynessCounts),
    Cooccurrence(Tally),
    Collocations(GramTally),
    EntityCounts(EntityTallies),
    Names(NameTally),
    Trends(TrendTally),
}

impl Partial {
    fn describe(&self) -> String {
        match self {
            Partial::TermCounts(c) => {
                format!(
                    "term counts: {} documents × {} terms",
                    c.documents(),
                    c.terms.len()
                )
            }
            Partial::Keyness(k) => format!("keyness totals: {} terms", k.0.len()),
            Partial::Cooccurrence(_) => "co-occurrence tally".into(),
            Partial::Collocations(_) => "collocation tally".into(),
            Partial::EntityCounts(_) => "entity tallies".into(),
            Partial::Names(_) => "name tally".into(),
            Partial::Trends(_) => "trend tally".into(),
        }
    }
}

/// One contribution. Merging takes what it holds: each is merged once.
#[pyclass(frozen, name = "Partial", module = "rassegna._core")]
pub struct PyPartial {
    inner: Mutex<Option<Partial>>,
}

impl PyPartial {
    pub fn new(partial: Partial) -> Self {
        Self {
            inner: Mutex::new(Some(partial)),
        }
    }

    /// Runs `read` on what this holds, without taking it.
    pub fn with<T>(&self, read: impl FnOnce(&Partial) -> Result<T>) -> Result<T> {
        let guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        read(guard.as_ref().ok_or_else(merged)?)
    }

    fn take(&self) -> Result<Partial> {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .ok_or_else(merged)
    }
}

fn merged() -> Error {
    Error::InvalidValue {
        location: "partial".into(),
        field: "parts".into(),
        message: "this part was merged already".into(),
    }
}

/// Takes the contributions of `parts`, each of which must be of the kind `pick` accepts.
pub fn take_all<T>(
    parts: &[PyRef<'_, PyPartial>],
    what: &str,
    pick: impl Fn(Partial) -> Option<T>,
) -> Result<Vec<T>> {
    parts
        .iter()
        .map(|part| {
            let partial = part.take()?;
            let found = partial.describe();
            pick(partial).ok_or_else(|| Error::InvalidValue {
                location: "partial".into(),
                field: "parts".into(),
                message: format!("expected {what}, got {found}"),
            })
        })
        .collect()
}

#[pymethods]
impl PyPartial {
    #[classmethod]
    fn _from_bytes(_cls: &Bound<'_, PyType>, data: &[u8]) -> PyResult<Self> {
        let partial = postcard::from_bytes(data).map_err(|e| Error::Format {
            location: "partial".into(),
            message: format!("not a rassegna partial result: {e}"),
        })?;
        Ok(Self::new(partial))
    }

    fn _to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = self.with(|p| {
            postcard::to_allocvec(p).map_err(|e| Error::Internal(format!("writing a partial: {e}")))
        })?;
        Ok(PyBytes::new(py, &bytes))
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let restore = slf.get_type().getattr("_from_bytes")?;
        Ok((restore, (slf.get()._to_bytes(slf.py())?,)))
    }

    fn __eq__(&self, other: &Self) -> bool {
        if std::ptr::eq(self, other) {
            return true;
        }
        let mine = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let theirs = other.inner.lock().unwrap_or_else(PoisonError::into_inner);
        *mine == *theirs
    }

    fn __repr__(&self) -> String {
        let guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        match guard.as_ref() {
            Some(partial) => format!("<Partial {}>", partial.describe()),
            None => "<Partial, merged>".into(),
        }
    }
}
