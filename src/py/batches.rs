//! Batches for Python: `rassegna.read_batches` iterates over one of these per input.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use pyo3::prelude::*;

use super::article::year_argument;
use super::corpus::{read_options, PyCorpus};
use super::run::run;
use crate::corpus::Batches;
use crate::error::Error;

/// The batches of one file or folder, read ahead on a thread of their own.
#[pyclass(frozen, name = "Batches", module = "rassegna._core")]
pub struct PyBatches {
    batches: Mutex<Batches>,
    size: usize,
    threads: Option<usize>,
}

#[pymethods]
impl PyBatches {
    #[new]
    #[pyo3(signature = (path, *, size, strict=false, threads=None, source=None, year=None,
        encoding=None, leave_parquet=false, text_column=None, id_column=None, date_column=None,
        source_column=None, title_column=None, url_column=None, html_column=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        path: PathBuf,
        size: usize,
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
        if size == 0 {
            return Err(Error::InvalidValue {
                location: "batch_size".into(),
                field: "batch_size".into(),
                message: "must be at least 1".into(),
            }
            .into());
        }
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
        Ok(Self {
            batches: Mutex::new(Batches::open(path, options, threads)),
            size,
            threads,
        })
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<PyCorpus>> {
        let batches = &self.batches;
        let size = self.size;
        run(py, self.threads, move || {
            batches
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .next_batch(size)
        })
        .map(|batch| batch.map(PyCorpus::wrap))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyBatches>()?;
    Ok(())
}
