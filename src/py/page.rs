//! Web pages for Python: `parse_html`, and the page metadata an `Article` carries
//! (`modified`, `authors`, `publisher`, …, `metadata_sources`).

use std::collections::BTreeMap;
use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use super::article::PyArticle;
use super::run::run;
use crate::article::{parse, Overrides, PageMetadata};
use crate::error::Error;
use crate::page::page_record;

/// The page metadata as pickled: JSON, or nothing when the article is not from a page.
pub fn page_metadata_json(page: &PageMetadata) -> Option<String> {
    (page != &PageMetadata::default())
        .then(|| serde_json::to_string(page).ok())
        .flatten()
}

pub fn page_metadata_from_json(json: &str) -> PyResult<PageMetadata> {
    serde_json::from_str(json).map_err(|e| {
        Error::InvalidValue {
            location: "page".into(),
            field: "page".into(),
            message: e.to_string(),
        }
        .into()
    })
}

/// The page as text: a `str` as it is, `bytes` decoded (UTF-8 for now).
fn page_text(html: &Bound<'_, PyAny>, location: &str) -> PyResult<String> {
    if let Ok(text) = html.cast::<PyString>() {
        return text.extract::<String>();
    }
    let Ok(bytes) = html.cast::<PyBytes>() else {
        let kind = html.get_type().name()?.to_string();
        return Err(Error::Format {
            location: location.to_owned(),
            message: format!("expected str or bytes, got {kind}"),
        }
        .into());
    };
    let bytes = bytes.as_bytes();
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        Error::Encoding {
            location: location.to_owned(),
            offset: e.utf8_error().valid_up_to(),
        }
        .into()
    })
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
    if let Some(label) = encoding.filter(|l| !l.eq_ignore_ascii_case("utf-8")) {
        return Err(Error::Unsupported {
            location,
            message: format!("encoding {label:?}"),
        }
        .into());
    }
    let html = page_text(html, &location)?;
    let given = Overrides {
        id,
        url,
        ..Overrides::default()
    };
    let article = run(py, None, move || {
        let (text, overrides) = page_record(&html, given)?;
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
