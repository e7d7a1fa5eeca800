//! Near-duplicates for Python, in three steps over the parts of a corpus: each part's
//! signatures (`_duplicate_signatures`, a `Partial`); their merge into candidate pairs
//! (`_duplicate_candidates`); each part's members of possible groups, with the shingles the
//! pairs need (`_duplicate_members`, a `Partial`); then the verified groups as a table
//! (`_duplicates_of_parts`).

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rayon::prelude::*;

use super::arrow::{f64s, opt_strings, strings, u64s, PyArrowTable};
use super::corpus::PyCorpus;
use super::partial::{take_all, Partial, PyPartial};
use super::run::run;
use super::stats::invalid;
use crate::duplicates::shingles::{check_size, Shingler};
use crate::duplicates::{candidates, group, Candidates, GroupOptions, Members, Signatures};

/// Candidate pairs of a whole corpus, held between the two rounds over its parts.
#[pyclass(frozen, name = "DuplicateCandidates", module = "rassegna._core")]
pub struct PyDuplicateCandidates {
    inner: Arc<Candidates>,
}

#[pymethods]
impl PyDuplicateCandidates {
    /// Pairs of articles (positions) whose signatures share a band: the first article of
    /// each of two distinct contents.
    #[getter]
    fn pairs(&self) -> Vec<(u32, u32)> {
        self.inner.pairs.clone()
    }

    /// Per article: the position of the first article with the same content, or None when
    /// it has no content to compare.
    #[getter]
    fn copy_of(&self) -> Vec<Option<u32>> {
        self.inner
            .copy_of
            .iter()
            .map(|&c| (c != u32::MAX).then_some(c))
            .collect()
    }

    /// The articles that may be in a group, with whether their shingles are needed.
    fn wanted(&self) -> Vec<(u32, bool)> {
        self.inner.wanted()
    }

    fn __repr__(&self) -> String {
        format!(
            "<DuplicateCandidates: {} pairs over {} articles>",
            self.inner.pairs.len(),
            self.inner.copy_of.len()
        )
    }
}

/// What a part contributes: each article's shingle-set size, fingerprint and signature.
#[pyfunction]
#[pyo3(signature = (corpus, *, shingle_size, num_perm, threads=None))]
pub fn _duplicate_signatures(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    shingle_size: usize,
    num_perm: usize,
    threads: Option<usize>,
) -> PyResult<PyPartial> {
    let corpus = corpus.inner.clone();
    run(py, threads, move || {
        let signatures = Signatures::of_articles(&corpus.articles, shingle_size, num_perm)?;
        Ok(PyPartial::new(Partial::DuplicateSignatures(signatures)))
    })
}

/// The parts' signatures merged in order, and the candidate pairs of `bands` bands.
#[pyfunction]
#[pyo3(signature = (parts, *, bands, threads=None))]
pub fn _duplicate_candidates(
    py: Python<'_>,
    parts: Vec<PyRef<'_, PyPartial>>,
    bands: usize,
    threads: Option<usize>,
) -> PyResult<PyDuplicateCandidates> {
    let parts = take_all(&parts, "duplicate signatures", |p| match p {
        Partial::DuplicateSignatures(s) => Some(s),
        _ => None,
    })?;
    let inner = run(py, threads, move || {
        let mut all = Signatures::default();
        for part in parts {
            all.merge(part)?;
        }
        if bands == 0 {
            return Err(invalid("bands", "expected at least one band"));
        }
        let rows = all.num_perm as usize / bands;
        candidates(all, bands, rows)
    })?;
    Ok(PyDuplicateCandidates {
        inner: Arc::new(inner),
    })
}

/// The articles of this part that `wanted` names (corpus positions, the part beginning at
/// `first`), with their shingles where asked.
#[pyfunction]
#[pyo3(signature = (corpus, first, wanted, *, shingle_size, threads=None))]
pub fn _duplicate_members(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    first: usize,
    wanted: Vec<(u32, bool)>,
    shingle_size: usize,
    threads: Option<usize>,
) -> PyResult<PyPartial> {
    let corpus = corpus.inner.clone();
    run(py, threads, move || {
        let members = Members::of_articles(&corpus.articles, first, &wanted, shingle_size)?;
        Ok(PyPartial::new(Partial::DuplicateMembers(members)))
    })
}

/// One row per article in a group of duplicates: group, article, index, date, source,
/// title, representative, representative_index, similarity, containment, relation, words.
#[pyfunction]
#[pyo3(signature = (candidates, parts, *, threshold, containment, threads=None))]
pub fn _duplicates_of_parts(
    py: Python<'_>,
    candidates: PyRef<'_, PyDuplicateCandidates>,
    parts: Vec<PyRef<'_, PyPartial>>,
    threshold: f64,
    containment: f64,
    threads: Option<usize>,
) -> PyResult<PyArrowTable> {
    for (name, value) in [("threshold", threshold), ("containment", containment)] {
        if !(value > 0.0 && value <= 1.0) {
            return Err(invalid(
                name,
                format!("{value}: expected a share above 0, at most 1"),
            )
            .into());
        }
    }
    let parts = take_all(&parts, "duplicate members", |p| match p {
        Partial::DuplicateMembers(m) => Some(m),
        _ => None,
    })?;
    let candidates = candidates.inner.clone();
    let columns = run(py, threads, move || {
        let members: Vec<_> = parts.into_iter().flat_map(|p| p.0).collect();
        let options = GroupOptions {
            threshold,
            containment,
        };
        let rows = group(&candidates, &members, options)?;
        let words = &candidates.words;
        let of = |r: &crate::duplicates::Row| &members[r.member];
        let rep = |r: &crate::duplicates::Row| &members[r.representative];
        Ok(vec![
            (
                "group",
                u64s(rows.iter().map(|r| u64::from(r.group)).collect()),
            ),
            (
                "article",
                opt_strings(rows.iter().map(|r| of(r).id.as_deref())),
            ),
            (
                "index",
                u64s(rows.iter().map(|r| u64::from(of(r).index)).collect()),
            ),
            (
                "date",
                opt_strings(rows.iter().map(|r| of(r).date.as_deref())),
            ),
            (
                "source",
                opt_strings(rows.iter().map(|r| of(r).source.as_deref())),
            ),
            (
                "title",
                opt_strings(rows.iter().map(|r| of(r).title.as_deref())),
            ),
            (
                "representative",
                opt_strings(rows.iter().map(|r| rep(r).id.as_deref())),
            ),
            (
                "representative_index",
                u64s(rows.iter().map(|r| u64::from(rep(r).index)).collect()),
            ),
            (
                "similarity",
                f64s(rows.iter().map(|r| r.similarity).collect()),
            ),
            (
                "containment",
                f64s(rows.iter().map(|r| r.containment).collect()),
            ),
            (
                "relation",
                strings(rows.iter().map(|r| r.relation.as_str())),
            ),
            (
                "words",
                u64s(
                    rows.iter()
                        .map(|r| u64::from(words.get(of(r).index as usize).copied().unwrap_or(0)))
                        .collect(),
                ),
            ),
        ])
    })?;
    PyArrowTable::from_columns(columns)
}

/// Each article's shingles, as little-endian 64-bit hashes in one `bytes` (numpy reads them
/// with `frombuffer(..., "<u8")`): what `duplicates` compares, for a peer to compare too.
#[pyfunction]
#[pyo3(signature = (corpus, *, shingle_size, threads=None))]
pub fn _duplicate_shingles<'py>(
    py: Python<'py>,
    corpus: PyRef<'_, PyCorpus>,
    shingle_size: usize,
    threads: Option<usize>,
) -> PyResult<Vec<Bound<'py, PyBytes>>> {
    let corpus = corpus.inner.clone();
    let sets = run(py, threads, move || {
        check_size(shingle_size)?;
        Ok(corpus
            .articles
            .par_iter()
            .map_init(Shingler::default, |shingler, article| {
                let (shingles, _) = shingler.shingles(article, shingle_size);
                shingles
                    .iter()
                    .flat_map(|s| s.to_le_bytes())
                    .collect::<Vec<u8>>()
            })
            .collect::<Vec<_>>())
    })?;
    Ok(sets.iter().map(|bytes| PyBytes::new(py, bytes)).collect())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyDuplicateCandidates>()?;
    m.add_function(wrap_pyfunction!(_duplicate_signatures, m)?)?;
    m.add_function(wrap_pyfunction!(_duplicate_candidates, m)?)?;
    m.add_function(wrap_pyfunction!(_duplicate_members, m)?)?;
    m.add_function(wrap_pyfunction!(_duplicates_of_parts, m)?)?;
    m.add_function(wrap_pyfunction!(_duplicate_shingles, m)?)?;
    Ok(())
}
