//! Tables leave Rust through the Arrow PyCapsule interface: pyarrow, polars and duckdb read
//! them without a copy and without one Python object per row.

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{RecordBatch, RecordBatchIterator};
use arrow_schema::SchemaRef;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

#[pyclass(frozen, name = "ArrowTable", module = "rassegna._core")]
pub struct PyArrowTable {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

impl PyArrowTable {
    /// `batches` must not be empty: the first one gives the schema, even with no rows.
    pub fn new(batches: Vec<RecordBatch>) -> Option<Self> {
        let schema = batches.first()?.schema();
        Some(Self { schema, batches })
    }
}

#[pymethods]
impl PyArrowTable {
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        // Only our own schema is offered; a consumer that asked for another casts on its side.
        let _ = requested_schema;
        let batches = self.batches.clone().into_iter().map(Ok);
        let reader = RecordBatchIterator::new(batches, self.schema.clone());
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    fn __len__(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    fn __repr__(&self) -> String {
        format!(
            "ArrowTable({} rows, columns={:?})",
            self.__len__(),
            self.column_names()
        )
    }
}
