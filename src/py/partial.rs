//! What one part of a corpus contributes to a statistic of the whole, held in Rust between
//! the two calls that make and merge it: `_term_counts(part)` … then
//! `_tfidf_of_parts([...])`. A corpus on one machine is one part; a Dask corpus has many, and
//! its parts' contributions travel to the driver pickled (as bytes), to be merged there.

use std::sync::{Mutex, MutexGuard, PoisonError};

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyType};
use serde::{Deserialize, Serialize};

use crate::duplicates::{Members, Signatures};
use crate::entities::{EntityTallies, NameTally, PlaceTallies};
use crate::error::{Error, Result};
use crate::stats::collocations::GramTally;
use crate::stats::cooccurrence::Tally;
use crate::stats::partial::KeynessCounts;
use crate::stats::text_counts::JoinedCounts;
use crate::stats::trends::TrendTally;
use crate::stats::TermCounts;

/// A contribution, by statistic: what travels.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub enum Partial {
    TermCounts(TermCounts),
    Keyness(KeynessCounts),
    Cooccurrence(Tally),
    Collocations(GramTally),
    EntityCounts(EntityTallies),
    Names(NameTally),
    Trends(TrendTally),
    DuplicateSignatures(Signatures),
    DuplicateMembers(Members),
    Places(PlaceTallies),
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
            Partial::DuplicateSignatures(s) => {
                format!("duplicate signatures: {} articles", s.len())
            }
            Partial::DuplicateMembers(m) => format!("duplicate members: {} articles", m.0.len()),
            Partial::Places(_) => "place tallies".into(),
        }
    }
}

/// What a `Partial` object holds: a contribution, or term counts whose rows are not yet
/// renumbered, as a part counts them. They are renumbered when they travel or are compared;
/// a TF-IDF of one part renumbers them beside the making of the vocabulary's strings.
enum Held {
    Ready(Partial),
    Joined(JoinedCounts),
}

/// Term counts as they are taken for a merge.
pub enum TermCountsPart {
    Joined(JoinedCounts),
    Counted(TermCounts),
}

/// One contribution. Merging takes what it holds: each is merged once.
#[pyclass(frozen, name = "Partial", module = "rassegna._core")]
pub struct PyPartial {
    inner: Mutex<Option<Held>>,
}

impl PyPartial {
    pub fn new(partial: Partial) -> Self {
        Self {
            inner: Mutex::new(Some(Held::Ready(partial))),
        }
    }

    /// Term counts, their rows renumbered only when needed.
    pub fn joined(counts: JoinedCounts) -> Self {
        Self {
            inner: Mutex::new(Some(Held::Joined(counts))),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Option<Held>> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The contribution, term counts renumbered in place first.
    fn settled(held: &mut Option<Held>) -> Result<&Partial> {
        if let Some(Held::Joined(_)) = held {
            if let Some(Held::Joined(joined)) = held.take() {
                *held = Some(Held::Ready(Partial::TermCounts(joined.renumber())));
            }
        }
        match held {
            Some(Held::Ready(partial)) => Ok(partial),
            _ => Err(merged()),
        }
    }

    /// Runs `read` on what this holds, without taking it.
    pub fn with<T>(&self, read: impl FnOnce(&Partial) -> Result<T>) -> Result<T> {
        read(Self::settled(&mut self.lock())?)
    }

    fn take(&self) -> Result<Held> {
        self.lock().take().ok_or_else(merged)
    }
}

fn merged() -> Error {
    Error::InvalidValue {
        location: "partial".into(),
        field: "parts".into(),
        message: "this part was merged already".into(),
    }
}

fn wrong_kind(what: &str, found: &str) -> Error {
    Error::InvalidValue {
        location: "partial".into(),
        field: "parts".into(),
        message: format!("expected {what}, got {found}"),
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
            let partial = match part.take()? {
                Held::Ready(partial) => partial,
                Held::Joined(joined) => Partial::TermCounts(joined.renumber()),
            };
            let found = partial.describe();
            pick(partial).ok_or_else(|| wrong_kind(what, &found))
        })
        .collect()
}

/// Takes the term counts of `parts`, as they were counted.
pub fn take_term_counts(parts: &[PyRef<'_, PyPartial>]) -> Result<Vec<TermCountsPart>> {
    parts
        .iter()
        .map(|part| match part.take()? {
            Held::Joined(joined) => Ok(TermCountsPart::Joined(joined)),
            Held::Ready(Partial::TermCounts(counts)) => Ok(TermCountsPart::Counted(counts)),
            Held::Ready(other) => Err(wrong_kind("term counts", &other.describe())),
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
        let bytes = py.detach(|| {
            self.with(|partial| {
                postcard::to_allocvec(partial)
                    .map_err(|e| Error::Internal(format!("writing a partial: {e}")))
            })
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
        let (mut mine, mut theirs) = (self.lock(), other.lock());
        match (Self::settled(&mut mine), Self::settled(&mut theirs)) {
            (Ok(a), Ok(b)) => a == b,
            (a, b) => a.is_err() && b.is_err(),
        }
    }

    fn __repr__(&self) -> String {
        match self.lock().as_ref() {
            Some(Held::Ready(partial)) => format!("<Partial {}>", partial.describe()),
            Some(Held::Joined(c)) => format!("<Partial term counts: {} documents>", c.documents()),
            None => "<Partial, merged>".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Label;

    #[test]
    fn every_kind_of_partial_travels_as_bytes_and_back() {
        let tally = NameTally::from_rows(vec![(
            Label::Per,
            "vladimir putin".into(),
            vec![("Vladimir Putin".into(), 2)],
        )]);
        let partials = [
            Partial::TermCounts(TermCounts::of_documents(&[&["kim", "putin"], &[]])),
            Partial::Keyness((vec!["kim".into()], vec![2], vec![0])),
            Partial::Names(tally),
            Partial::Trends(TrendTally::default()),
            Partial::DuplicateSignatures(Signatures::default()),
            Partial::DuplicateMembers(Members::default()),
        ];
        for partial in partials {
            let bytes = postcard::to_allocvec(&partial).unwrap();
            assert_eq!(postcard::from_bytes::<Partial>(&bytes).unwrap(), partial);
            assert!(postcard::from_bytes::<Partial>(&bytes[..bytes.len() / 2]).is_err());
        }
    }
}
