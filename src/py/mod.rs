//! PyO3 glue: conversion at the boundary, nothing else. The core knows nothing of Python.

mod arrow;
mod article;
mod batches;
mod corpus;
mod corpus_stats;
mod duplicates;
mod entities;
mod errors;
mod mentions;
mod page;
mod partial;
mod places;
mod run;
mod search;
mod search_index;
mod stats;
mod text;

use pyo3::prelude::*;

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    m.add_class::<text::PyToken>()?;
    m.add_class::<article::PySpan>()?;
    m.add_class::<article::PySegment>()?;
    m.add_class::<article::PySentence>()?;
    m.add_class::<article::PyArticle>()?;
    m.add_class::<corpus::PyCorpus>()?;
    m.add_class::<corpus::PyRecordError>()?;
    m.add_class::<arrow::PyArrowTable>()?;
    m.add_class::<entities::PyEntity>()?;
    m.add_class::<entities::PyNerModel>()?;
    m.add_function(wrap_pyfunction!(entities::py_train_ner, m)?)?;
    m.add_function(wrap_pyfunction!(entities::py_default_aliases, m)?)?;
    m.add_class::<mentions::PyQuantity>()?;
    m.add_class::<mentions::PyDateMention>()?;
    m.add_class::<mentions::PyQuote>()?;
    m.add_class::<mentions::PyRole>()?;
    m.add_function(wrap_pyfunction!(text::py_tokenize, m)?)?;
    m.add_function(wrap_pyfunction!(run::_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(article::py_parse, m)?)?;
    m.add_function(wrap_pyfunction!(article::py_parse_many, m)?)?;
    m.add_function(wrap_pyfunction!(article::_overrides_state, m)?)?;
    m.add_function(wrap_pyfunction!(page::py_parse_html, m)?)?;
    m.add_class::<stats::PyTfidf>()?;
    m.add_function(wrap_pyfunction!(stats::py_tfidf_texts, m)?)?;
    m.add_function(wrap_pyfunction!(stats::italian_stopwords, m)?)?;
    corpus_stats::register(m)?;
    corpus::register(m)?;
    batches::register(m)?;
    entities::register(m)?;
    mentions::register(m)?;
    search::register(m)?;
    duplicates::register(m)?;
    places::register(m)?;
    Ok(())
}
