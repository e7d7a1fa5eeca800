//! The Python exception hierarchy and the one conversion from core errors to it.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

use crate::error::Error;

create_exception!(
    rassegna,
    RassegnaError,
    PyException,
    "Base class of every error rassegna raises."
);
create_exception!(
    rassegna,
    ReadError,
    RassegnaError,
    "A file or folder could not be read."
);
create_exception!(
    rassegna,
    InputError,
    RassegnaError,
    "A record or text could not be used."
);
create_exception!(
    rassegna,
    EncodingError,
    InputError,
    "Not UTF-8 text: invalid bytes, or a binary file."
);
create_exception!(
    rassegna,
    EmptyTextError,
    InputError,
    "A text that is empty or only white space."
);
create_exception!(
    rassegna,
    FormatError,
    InputError,
    "A malformed record: bad JSON or CSV, a value of the wrong type."
);
create_exception!(
    rassegna,
    MissingColumnError,
    FormatError,
    "A tabular input lacks the text column."
);
create_exception!(
    rassegna,
    InvalidValueError,
    RassegnaError,
    "An argument or metadata value rassegna cannot accept."
);
create_exception!(
    rassegna,
    UnsupportedInputError,
    RassegnaError,
    "An input kind rassegna does not read."
);
create_exception!(
    rassegna,
    QueryError,
    InvalidValueError,
    "A search query that cannot be parsed; the message gives the column."
);
create_exception!(
    rassegna,
    InternalError,
    RassegnaError,
    "A bug in rassegna, caught before it could crash Python."
);

impl From<Error> for PyErr {
    fn from(error: Error) -> PyErr {
        let message = error.to_string();
        let err = match &error {
            Error::Io { .. } => ReadError::new_err(message),
            Error::Encoding { .. } | Error::Binary { .. } => EncodingError::new_err(message),
            Error::EmptyText { .. } => EmptyTextError::new_err(message),
            Error::MissingColumn { .. } => MissingColumnError::new_err(message),
            Error::Format { .. } => FormatError::new_err(message),
            Error::InvalidValue { .. } => InvalidValueError::new_err(message),
            Error::Unsupported { .. } | Error::Skipped { .. } => {
                UnsupportedInputError::new_err(message)
            }
            Error::Query { .. } => QueryError::new_err(message),
            Error::Internal(_) => InternalError::new_err(message),
        };
        // `location` lets code catch an error and know which file or record it was about.
        Python::attach(|py| {
            let location = error.location().map(str::to_owned);
            let _ = err.value(py).setattr("location", location);
        });
        err
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("RassegnaError", py.get_type::<RassegnaError>())?;
    m.add("ReadError", py.get_type::<ReadError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("EncodingError", py.get_type::<EncodingError>())?;
    m.add("EmptyTextError", py.get_type::<EmptyTextError>())?;
    m.add("FormatError", py.get_type::<FormatError>())?;
    m.add("MissingColumnError", py.get_type::<MissingColumnError>())?;
    m.add("InvalidValueError", py.get_type::<InvalidValueError>())?;
    m.add(
        "UnsupportedInputError",
        py.get_type::<UnsupportedInputError>(),
    )?;
    m.add("QueryError", py.get_type::<QueryError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    Ok(())
}
