//! Entities for Python: `Article.entities`, the corpus mention table and entity counts (a
//! part's tallies and their merge), the naming of a corpus's parts across all of them, the
//! entity model (bundled, loaded, retrained), its evaluation, and the alias table.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use super::arrow::PyArrowTable;
use super::article::PyArticle;
use super::corpus::PyCorpus;
use super::partial::{take_all, Partial, PyPartial};
use super::places::PyPlace;
use super::run::run;
use crate::entities::{
    entity_tallies_table, evaluate, find_entities, mentions_table, read_kind_tsv, train, Aliases,
    Entity, EntityTallies, Evaluation, Model, NameTally, TrainOptions, TrainingSentence,
};
use crate::error::Error;

/// A mention of a person, place or organisation; `start` and `end` are `str` indices.
#[pyclass(frozen, name = "Entity", module = "rassegna._core", eq)]
#[derive(Clone, PartialEq)]
pub struct PyEntity {
    #[pyo3(get)]
    text: String,
    #[pyo3(get)]
    label: &'static str,
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    #[pyo3(get)]
    canonical: String,
    #[pyo3(get)]
    sentence: Option<usize>,
    #[pyo3(get)]
    segment: &'static str,
    #[pyo3(get)]
    set_aside: bool,
    /// The gazetteer record of a place, or of a state or capital tagged ORG; else None.
    #[pyo3(get)]
    place: Option<PyPlace>,
}

type EntityState = (
    String,
    String,
    usize,
    usize,
    String,
    Option<usize>,
    String,
    Option<u32>,
);

#[pymethods]
impl PyEntity {
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, EntityState)> {
        let e = slf.get();
        Ok((
            slf.get_type().getattr("_restore")?,
            (
                e.text.clone(),
                e.label.to_owned(),
                e.start,
                e.end,
                e.canonical.clone(),
                e.sentence,
                e.segment.to_owned(),
                e.place.as_ref().map(|p| p.id().0),
            ),
        ))
    }

    #[staticmethod]
    #[pyo3(signature = (text, label, start, end, canonical, sentence, segment, place=None))]
    #[allow(clippy::too_many_arguments)]
    fn _restore(
        text: String,
        label: String,
        start: usize,
        end: usize,
        canonical: String,
        sentence: Option<usize>,
        segment: String,
        place: Option<u32>,
    ) -> PyResult<Self> {
        let bad = |what: &str, value: &str| Error::InvalidValue {
            location: "pickled entity".into(),
            field: what.into(),
            message: format!("unknown {what} {value:?}"),
        };
        let label = crate::entities::Label::from_name(&label)
            .ok_or_else(|| bad("label", &label))?
            .as_str();
        let kind = crate::article::SegmentKind::from_name(&segment)
            .ok_or_else(|| bad("segment", &segment))?;
        Ok(Self {
            text,
            label,
            start,
            end,
            canonical,
            sentence,
            segment: kind.as_str(),
            set_aside: kind.is_set_aside(),
            place: place.map(PyPlace::_restore).transpose()?,
        })
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        let canonical = if self.canonical == self.text {
            String::new()
        } else {
            format!(" → {:?}", self.canonical)
        };
        format!(
            "Entity({:?} {} {}..{}{canonical})",
            self.text, self.label, self.start, self.end
        )
    }
}

impl PyArticle {
    fn entity(&self, entity: &Entity) -> PyEntity {
        let (start, end) = self.offsets().char_span(entity.start, entity.end);
        PyEntity {
            text: entity.text(&self.inner.text).to_owned(),
            label: entity.label.as_str(),
            start,
            end,
            canonical: entity.canonical.clone(),
            sentence: entity.sentence,
            segment: entity.segment.as_str(),
            set_aside: entity.is_set_aside(),
            place: entity.place.and_then(PyPlace::of),
        }
    }
}

/// The bundled alias table, extended by the caller's `{alias: canonical}`.
pub(super) fn aliases_with(extra: Option<HashMap<String, String>>) -> Option<Aliases> {
    extra.map(|extra| {
        let mut aliases = Aliases::bundled().clone();
        // Sorted, so that the result does not depend on the dict's order when two aliases
        // share a key.
        let mut extra: Vec<(String, String)> = extra.into_iter().collect();
        extra.sort();
        for (alias, canonical) in extra {
            aliases.insert(&alias, &canonical);
        }
        aliases
    })
}

#[pymethods]
impl PyArticle {
    /// People, places and organisations in the article, with canonical names; computed once.
    #[getter]
    fn entities(&self, py: Python<'_>) -> PyResult<Vec<PyEntity>> {
        let found = self.found_entities(py)?;
        Ok(found.iter().map(|e| self.entity(e)).collect())
    }

    /// Entities found by `model` (default: the bundled one), with `aliases` added to the
    /// bundled alias table. Not cached.
    #[pyo3(signature = (*, model=None, aliases=None))]
    fn find_entities(
        &self,
        py: Python<'_>,
        model: Option<PyRef<'_, PyNerModel>>,
        aliases: Option<HashMap<String, String>>,
    ) -> PyResult<Vec<PyEntity>> {
        let model = model.and_then(|m| m.inner.clone());
        let aliases = aliases_with(aliases);
        let article = self.inner.clone();
        let found = run(py, None, move || {
            let model = chosen(&model);
            let aliases = aliases.as_ref().unwrap_or(Aliases::bundled());
            Ok(find_entities(&article, model, aliases))
        })?;
        Ok(found.iter().map(|e| self.entity(e)).collect())
    }
}

impl PyArticle {
    /// The article's entities with the bundled model and aliases, found once (without the
    /// GIL) and shared with the layers built on them.
    pub(super) fn found_entities(&self, py: Python<'_>) -> PyResult<Arc<Vec<Entity>>> {
        if let Some(found) = self.entities.get() {
            return Ok(found.clone());
        }
        let article = self.inner.clone();
        let found = run(py, None, move || {
            Ok(Arc::new(find_entities(
                &article,
                Model::bundled(),
                Aliases::bundled(),
            )))
        })?;
        Ok(self.entities.get_or_init(|| found).clone())
    }
}

#[pymethods]
impl PyCorpus {
    /// One row per entity mention of this part, named as its entities are: across the whole
    /// corpus (by the engine that holds it).
    #[pyo3(signature = (*, threads=None))]
    fn entities_table(&self, py: Python<'_>, threads: Option<usize>) -> PyResult<PyArrowTable> {
        let corpus = self.inner.clone();
        PyArrowTable::from_batches(run(py, threads, move || {
            mentions_table(&corpus.articles, &corpus.entities())
        })?)
    }
}

/// What this part says of each canonical name (its entities as the corpus names them).
#[pyfunction]
#[pyo3(signature = (corpus, *, threads=None))]
pub fn _entity_tallies(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    threads: Option<usize>,
) -> PyResult<PyPartial> {
    let corpus = corpus.inner.clone();
    run(py, threads, move || {
        let tallies = EntityTallies::of(&corpus.articles, &corpus.entities());
        Ok(PyPartial::new(Partial::EntityCounts(tallies)))
    })
}

/// The entity counts table of the whole corpus from the tallies of its parts, in order.
#[pyfunction]
pub fn _entity_counts_of_parts(
    py: Python<'_>,
    parts: Vec<PyRef<'_, PyPartial>>,
) -> PyResult<PyArrowTable> {
    let parts = take_all(&parts, "entity tallies", |p| match p {
        Partial::EntityCounts(t) => Some(t),
        _ => None,
    })?;
    let batch = run(py, None, move || {
        let mut all = EntityTallies::default();
        for part in parts {
            all.merge(part);
        }
        entity_tallies_table(all)
    })?;
    PyArrowTable::from_batches(vec![batch])
}

/// The tallies of several parts merged into one, to be merged again with more (the running
/// totals of an archive read batch by batch).
#[pyfunction]
pub fn _merge_entity_tallies(
    py: Python<'_>,
    parts: Vec<PyRef<'_, PyPartial>>,
) -> PyResult<PyPartial> {
    let parts = take_all(&parts, "entity tallies", |p| match p {
        Partial::EntityCounts(t) => Some(t),
        _ => None,
    })?;
    run(py, None, move || {
        let mut all = EntityTallies::default();
        for part in parts {
            all.merge(part);
        }
        Ok(PyPartial::new(Partial::EntityCounts(all)))
    })
}

/// The corpus with its entities found by `model` and named with `aliases` (beside the bundled
/// ones), kept for the tables that follow: named across all its articles with
/// `across_articles`, else within each article only (the input of `_name_tally` and
/// `_with_names` with `found=True`: not a corpus to show, its names are not yet the whole
/// corpus's).
#[pyfunction]
#[pyo3(signature = (corpus, *, model=None, aliases=None, threads=None, across_articles=false))]
pub fn _find_entities(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    model: Option<PyRef<'_, PyNerModel>>,
    aliases: Option<HashMap<String, String>>,
    threads: Option<usize>,
    across_articles: bool,
) -> PyResult<PyCorpus> {
    let corpus = corpus.inner.clone();
    let model = model.and_then(|m| m.inner.clone());
    let aliases = aliases_with(aliases);
    run(py, threads, move || {
        let aliases = aliases.as_ref().unwrap_or(Aliases::bundled());
        let found = if across_articles {
            corpus.entities_with(chosen(&model), aliases)
        } else {
            corpus.article_entities(chosen(&model), aliases)
        };
        Ok(PyCorpus::wrap(corpus.with_entities(found)))
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
) -> PyResult<PyPartial> {
    let corpus = corpus.inner.clone();
    let model = model.and_then(|m| m.inner.clone());
    let aliases = aliases_with(aliases);
    run(py, threads, move || {
        let tally = if found {
            NameTally::of(&corpus.entities())
        } else {
            let aliases = aliases.as_ref().unwrap_or(Aliases::bundled());
            NameTally::of(&corpus.article_entities(chosen(&model), aliases))
        };
        Ok(PyPartial::new(Partial::Names(tally)))
    })
}

/// The tallies of consecutive parts merged in order: the tally of the whole.
#[pyfunction]
pub fn _merge_name_tallies(parts: Vec<PyRef<'_, PyPartial>>) -> PyResult<PyPartial> {
    let parts = take_all(&parts, "a name tally", |p| match p {
        Partial::Names(t) => Some(t),
        _ => None,
    })?;
    let mut all = NameTally::default();
    for part in &parts {
        all.merge(part);
    }
    Ok(PyPartial::new(Partial::Names(all)))
}

/// The part with its entities named as the whole corpus's tally `names` settles them (the
/// tally is read, not taken: every part is named by it); with `found`, the entities
/// `_find_entities` left on it are renamed (the model does not run again).
#[pyfunction]
#[pyo3(signature = (corpus, names, *, model=None, aliases=None, threads=None, found=false))]
#[allow(clippy::too_many_arguments)]
pub fn _with_names(
    py: Python<'_>,
    corpus: PyRef<'_, PyCorpus>,
    names: PyRef<'_, PyPartial>,
    model: Option<PyRef<'_, PyNerModel>>,
    aliases: Option<HashMap<String, String>>,
    threads: Option<usize>,
    found: bool,
) -> PyResult<PyCorpus> {
    let corpus = corpus.inner.clone();
    let model = model.and_then(|m| m.inner.clone());
    let aliases = aliases_with(aliases);
    let tally = names.with(|p| match p {
        Partial::Names(t) => Ok(t.clone()),
        _ => Err(Error::InvalidValue {
            location: "names".into(),
            field: "names".into(),
            message: "expected a name tally".into(),
        }),
    })?;
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
        Ok(PyCorpus::wrap(named))
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_entity_tallies, m)?)?;
    m.add_function(wrap_pyfunction!(_entity_counts_of_parts, m)?)?;
    m.add_function(wrap_pyfunction!(_merge_entity_tallies, m)?)?;
    m.add_function(wrap_pyfunction!(_find_entities, m)?)?;
    m.add_function(wrap_pyfunction!(_name_tally, m)?)?;
    m.add_function(wrap_pyfunction!(_merge_name_tallies, m)?)?;
    m.add_function(wrap_pyfunction!(_with_names, m)?)?;
    Ok(())
}

/// A named-entity model: the bundled one, one loaded from a file, or one just trained.
#[pyclass(frozen, name = "NerModel", module = "rassegna._core")]
pub struct PyNerModel {
    /// `None` is the bundled model, which is shared rather than copied (its table is 50 MB).
    pub(super) inner: Option<Arc<Model>>,
}

impl PyNerModel {
    fn owned(model: Model) -> Self {
        Self {
            inner: Some(Arc::new(model)),
        }
    }
}

/// The model a glue call runs with: the caller's, or the bundled one.
pub(super) fn chosen(model: &Option<Arc<Model>>) -> &Model {
    model.as_deref().unwrap_or(Model::bundled())
}

#[pymethods]
impl PyNerModel {
    /// The model shipped with rassegna, trained on KIND (non-commercial licence).
    #[staticmethod]
    fn bundled(py: Python<'_>) -> PyResult<Self> {
        // Loads it now, without the GIL, rather than at first use.
        run(py, None, || Ok(Model::bundled().lexicon().entry_count()))?;
        Ok(Self { inner: None })
    }

    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let model = run(py, None, move || {
            let bytes = std::fs::read(&path).map_err(|e| Error::Io {
                location: path.display().to_string(),
                message: e.to_string(),
            })?;
            Model::load(&bytes).map_err(|e| e.at(path.display().to_string()))
        })?;
        Ok(Self::owned(model))
    }

    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: Vec<u8>) -> PyResult<Self> {
        let model = run(py, None, move || Model::load(&data))?;
        Ok(Self::owned(model))
    }

    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let model = self.inner.clone();
        let bytes = run(py, None, move || Ok(chosen(&model).save()))?;
        Ok(PyBytes::new(py, &bytes))
    }

    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let model = self.inner.clone();
        run(py, None, move || {
            std::fs::write(&path, chosen(&model).save()).map_err(|e| Error::Io {
                location: path.display().to_string(),
                message: e.to_string(),
            })
        })
    }

    /// Scores on a KIND-format file (`token<TAB>IOB tag` lines, blank line between
    /// sentences): exact start, end and label, per label and micro.
    #[pyo3(signature = (path, *, threads=None))]
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        path: PathBuf,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let model = self.inner.clone();
        let evaluation = run(py, threads, move || {
            let sentences = read_kind_tsv(&path)?;
            Ok(evaluate(chosen(&model), &sentences))
        })?;
        scores_dict(py, &evaluation)
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, pyo3::types::PyTuple>)> {
        let this = slf.get();
        if this.inner.is_none() {
            let args = pyo3::types::PyTuple::empty(slf.py());
            return Ok((slf.get_type().getattr("bundled")?, args));
        }
        let bytes = this.to_bytes(slf.py())?;
        let args = pyo3::types::PyTuple::new(slf.py(), [bytes])?;
        Ok((slf.get_type().getattr("from_bytes")?, args))
    }

    fn __repr__(&self) -> String {
        if self.inner.is_none() {
            "NerModel(bundled)".to_owned()
        } else {
            "NerModel()".to_owned()
        }
    }
}

/// `{"PER": {"precision", "recall", "f1", "support", "tp", "fp", "fn"}, ..., "micro": {...}}`.
fn scores_dict<'py>(py: Python<'py>, evaluation: &Evaluation) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    let rows = evaluation
        .per_label
        .iter()
        .map(|(label, counts)| (label.as_str(), counts))
        .chain([("micro", &evaluation.micro)]);
    for (name, counts) in rows {
        let row = PyDict::new(py);
        row.set_item("precision", counts.precision())?;
        row.set_item("recall", counts.recall())?;
        row.set_item("f1", counts.f1())?;
        row.set_item("support", counts.support())?;
        row.set_item("tp", counts.true_positives)?;
        row.set_item("fp", counts.false_positives)?;
        row.set_item("fn", counts.false_negatives)?;
        out.set_item(name, row)?;
    }
    out.set_item("sentences", evaluation.sentences)?;
    Ok(out)
}

/// Trains a model on KIND-format files. The bundled model's gazetteers and word clusters are
/// reused, and the training names become a gazetteer with `folds`-fold jackknifing.
#[pyfunction(name = "train_ner")]
#[pyo3(signature = (paths, *, epochs=12, seed=1, folds=5, ensemble=1, threads=None))]
pub fn py_train_ner(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    epochs: usize,
    seed: u64,
    folds: usize,
    ensemble: usize,
    threads: Option<usize>,
) -> PyResult<PyNerModel> {
    if paths.is_empty() {
        return Err(Error::InvalidValue {
            location: "train_ner".into(),
            field: "paths".into(),
            message: "no training files".into(),
        }
        .into());
    }
    let model = run(py, threads, move || {
        let mut sentences: Vec<TrainingSentence> = Vec::new();
        for path in &paths {
            sentences.extend(read_kind_tsv(path)?);
        }
        if sentences.iter().all(|s| s.entities.is_empty()) {
            return Err(Error::InvalidValue {
                location: paths[0].display().to_string(),
                field: "paths".into(),
                message: "the training files hold no entities".into(),
            });
        }
        let options = TrainOptions {
            epochs: epochs.max(1),
            seed,
            gazetteer_folds: folds,
            ensemble: ensemble.max(1),
            lexicon: Model::bundled().lexicon().clone(),
            ..TrainOptions::default()
        };
        Ok(train(&sentences, &options))
    })?;
    Ok(PyNerModel::owned(model))
}

/// The bundled alias table as `{alias key: canonical}`.
#[pyfunction(name = "default_aliases")]
pub fn py_default_aliases() -> HashMap<String, String> {
    Aliases::bundled().pairs().into_iter().collect()
}
