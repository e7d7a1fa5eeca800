//! Tokens for Python: `str` offsets, text and kind.

use pyo3::prelude::*;
use pyo3::types::PyType;

use super::run::run;
use crate::text::{tokenize, CharOffsets, Token};

#[pyclass(frozen, name = "Token", module = "rassegna._core", eq)]
#[derive(Clone, PartialEq, Eq)]
pub struct PyToken {
    #[pyo3(get)]
    text: String,
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    #[pyo3(get)]
    kind: &'static str,
}

impl PyToken {
    pub fn new(text: &str, offsets: &CharOffsets, token: &Token) -> Self {
        Self {
            text: token.text(text).to_owned(),
            start: offsets.char_index(token.start),
            end: offsets.char_index(token.end),
            kind: token.kind.as_str(),
        }
    }
}

#[pymethods]
impl PyToken {
    #[new]
    fn py_new(text: String, start: usize, end: usize, kind: String) -> PyResult<Self> {
        let kind = crate::text::TokenKind::from_name(&kind).ok_or_else(|| {
            crate::error::Error::InvalidValue {
                location: kind.clone(),
                field: "kind".into(),
                message: "not a token kind".into(),
            }
        })?;
        Ok(Self {
            text,
            start,
            end,
            kind: kind.as_str(),
        })
    }

    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> (Bound<'py, PyType>, (String, usize, usize, &'static str)) {
        let this = slf.get();
        (
            slf.get_type(),
            (this.text.clone(), this.start, this.end, this.kind),
        )
    }

    fn __len__(&self) -> usize {
        self.end - self.start
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Token({:?}, {}, {}..{})",
            self.text, self.kind, self.start, self.end
        )
    }
}

/// Tokens of any text, with `str` offsets into it.
#[pyfunction(name = "tokenize")]
pub fn py_tokenize(py: Python<'_>, text: String) -> PyResult<Vec<PyToken>> {
    run(py, None, move || {
        let offsets = CharOffsets::new(&text);
        Ok(tokenize(&text)
            .iter()
            .map(|t| PyToken::new(&text, &offsets, t))
            .collect())
    })
}
