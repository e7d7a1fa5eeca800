//! Places for Python: `Entity.place` (a gazetteer record), and the corpus's places table (a
//! part's tallies and their merge).

use pyo3::prelude::*;

use super::arrow::PyArrowTable;
use super::corpus::PyCorpus;
use super::partial::{take_all, Partial, PyPartial};
use super::run::run;
use crate::entities::{places_table, PlaceTallies};
use crate::error::Error;
use crate::places::{Gazetteer, PlaceId};

/// A gazetteer record: the place an entity names.
#[pyclass(frozen, name = "Place", module = "rassegna._core", eq)]
#[derive(Clone, PartialEq)]
pub struct PyPlace {
    index: u32,
    #[pyo3(get)]
    geonameid: Option<u32>,
    #[pyo3(get)]
    name: String,
    #[pyo3(get)]
    country: Option<String>,
    #[pyo3(get)]
    kind: &'static str,
    #[pyo3(get)]
    lat: f64,
    #[pyo3(get)]
    lon: f64,
    #[pyo3(get)]
    population: Option<u64>,
}

impl PyPlace {
    pub(super) fn of(id: PlaceId) -> Option<Self> {
        let place = Gazetteer::bundled().get(id)?;
        Some(Self {
            index: id.0,
            geonameid: place.geonameid,
            name: place.name.clone(),
            country: (!place.country.is_empty()).then(|| place.country.clone()),
            kind: place.feature.kind(),
            lat: place.lat,
            lon: place.lon,
            population: place.population,
        })
    }

    pub(super) fn id(&self) -> PlaceId {
        PlaceId(self.index)
    }
}

#[pymethods]
impl PyPlace {
    /// The record at `index` of the bundled gazetteer (what pickling keeps).
    #[staticmethod]
    pub(super) fn _restore(index: u32) -> PyResult<Self> {
        Self::of(PlaceId(index)).ok_or_else(|| {
            Error::InvalidValue {
                location: "pickled place".into(),
                field: "place".into(),
                message: format!("no place {index} in the gazetteer"),
            }
            .into()
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (u32,))> {
        Ok((slf.get_type().getattr("_restore")?, (slf.get().index,)))
    }

    fn __repr__(&self) -> String {
        let id = self
            .geonameid
            .map_or_else(|| "no GeoNames id".to_owned(), |g| format!("geonames {g}"));
        let country = self.country.as_deref().unwrap_or("");
        format!("Place({:?} {} {country}, {id})", self.name, self.kind)
    }
}

/// What this part says of each place its entities name.
#[pyfunction]
#[pyo3(signature = (corpus, *, threads=None))]
pub fn _place_tallies(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    threads: Option<usize>,
) -> PyResult<PyPartial> {
    let corpus = corpus.inner.clone();
    run(py, threads, move || {
        let tallies = PlaceTallies::of(&corpus.articles, &corpus.entities());
        Ok(PyPartial::new(Partial::Places(tallies)))
    })
}

/// The places table of the whole corpus from the tallies of its parts, in order.
#[pyfunction]
pub fn _places_of_parts(
    py: Python<'_>,
    parts: Vec<PyRef<'_, PyPartial>>,
) -> PyResult<PyArrowTable> {
    let parts = take_all(&parts, "place tallies", |p| match p {
        Partial::Places(t) => Some(t),
        _ => None,
    })?;
    let batch = run(py, None, move || {
        let mut all = PlaceTallies::default();
        for part in parts {
            all.merge(part);
        }
        places_table(all, Gazetteer::bundled())
    })?;
    PyArrowTable::from_batches(vec![batch])
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPlace>()?;
    m.add_function(wrap_pyfunction!(_place_tallies, m)?)?;
    m.add_function(wrap_pyfunction!(_places_of_parts, m)?)?;
    Ok(())
}
