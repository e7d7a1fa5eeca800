//! The middle step of every glue function: run core work without the GIL, on the requested
//! number of threads, and turn a panic into a Python exception instead of a crash.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::prelude::*;

use crate::corpus::with_threads;
use crate::error::{Error, Result};

pub fn run<T, F>(py: Python<'_>, threads: Option<usize>, work: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce() -> Result<T> + Send,
{
    py.detach(|| {
        catch_unwind(AssertUnwindSafe(|| with_threads(threads, work)))
            .unwrap_or_else(|payload| Err(Error::Internal(panic_message(payload.as_ref()))))
            .and_then(|result| result)
    })
    .map_err(PyErr::from)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic with no message".to_owned()
    }
}

/// Panics inside the guarded runner: lets the tests prove that a panic in the core reaches
/// Python as `InternalError` and leaves the interpreter running.
#[pyfunction]
pub fn _panic_for_tests(py: Python<'_>, message: String) -> PyResult<()> {
    run(py, None, move || -> Result<()> { panic!("{message}") })
}
