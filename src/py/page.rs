//! Web pages for Python: `parse_html`, and the page metadata an `Article` carries
//! (`modified`, `authors`, `publisher`, …, `metadata_sources`).

use std::collections::BTreeMap;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyBytes, PyString};

use super::article::PyArticle;
use super::run::run;
use crate::article::{parse, Overrides};
use crate::error::Error;
use crate::page::page_record;
use crate::text::encoding::decode;

/// The page as the caller gave it, read in place without the GIL: a `str` as the UTF-8 that
/// Python encodes it to, `bytes` as they are (decoded then). Neither is copied again: a page
/// is hundreds of kilobytes, and the copy would be a good part of the time of `parse_html`.
enum PageInput {
    Text(PyBackedStr),
    Bytes(PyBackedBytes),
}

fn page_input(html: &Bound<'_, PyAny>, location: &str) -> PyResult<PageInput> {
    if let Ok(text) = html.cast::<PyString>() {
        return Ok(PageInput::Text(text.extract()?));
    }
    match html.cast::<PyBytes>() {
        Ok(bytes) => Ok(PageInput::Bytes(bytes.extract()?)),
        Err(_) => {
            let kind = html.get_type().name()?.to_string();
            Err(Error::Format {
                location: location.to_owned(),
                message: format!("expected str or bytes, got {kind}"),
            }
            .into())
        }
    }
}

/// Parses a web page into an `Article`: its main text and its metadata.
#[pyfunction(name = "parse_html")]
#[pyo3(signature = (html, *, url=None, id=None, encoding=None))]
pub fn py_parse_html(
    py: Python<'_>,
    html: &Bound<'_, PyAny>,
    url: Option<String>,
    id: Option<String>,
    encoding: Option<String>,
) -> PyResult<PyArticle> {
    let location = id
        .clone()
        .or_else(|| url.clone())
        .unwrap_or_else(|| "html".into());
    let html = page_input(html, &location)?;
    let mut given = Overrides {
        id,
        url,
        ..Overrides::default()
    };
    let article = run(py, None, || {
        // `bytes` as a browser reads them: BOM, `encoding`, `<meta charset>`, UTF-8, detection.
        let (text, overrides) = match &html {
            PageInput::Text(text) => page_record(text, given)?,
            PageInput::Bytes(bytes) => {
                let decoded = decode(bytes, encoding.as_deref(), true, &location)?;
                given.encoding = Some(decoded.encoding.to_owned());
                page_record(&decoded.text, given)?
            }
        };
        parse(text, overrides)
    })?;
    Ok(PyArticle::new(Arc::new(article)))
}

#[pymethods]
impl PyArticle {
    #[getter]
    fn modified(&self) -> Option<String> {
        self.inner.overrides.page.modified.clone()
    }

    #[getter]
    fn authors(&self) -> Vec<String> {
        self.inner.overrides.page.authors.clone()
    }

    #[getter]
    fn publisher(&self) -> Option<String> {
        self.inner.overrides.page.publisher.clone()
    }

    #[getter]
    fn section(&self) -> Option<String> {
        self.inner.overrides.page.section.clone()
    }

    #[getter]
    fn keywords(&self) -> Vec<String> {
        self.inner.overrides.page.keywords.clone()
    }

    #[getter]
    fn language(&self) -> Option<String> {
        self.inner.overrides.page.language.clone()
    }

    #[getter]
    fn canonical_url(&self) -> Option<String> {
        self.inner.overrides.page.canonical_url.clone()
    }

    /// Where each metadata value of a web page was read: `{"date": "json-ld", …}`.
    #[getter]
    fn metadata_sources(&self) -> BTreeMap<String, String> {
        self.inner.overrides.page.sources.iter().cloned().collect()
    }
}
