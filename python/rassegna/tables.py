"""Columnar results: a thin face over an Arrow table built in Rust.

A :class:`Table` holds Arrow data (exported by the core through the Arrow PyCapsule
interface, so no Python object is made per row) and converts on request to pyarrow, pandas
or polars.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from rassegna.display import table_html

#: Column names a repr shows before ``…``.
REPR_COLUMNS = 12


class Table:
    """A result table. ``to_arrow()``, ``to_pandas()``, ``to_polars()`` convert it."""

    __slots__ = ("_table", "name")

    def __init__(self, data: Any, name: str = "table") -> None:
        if isinstance(data, pa.Table):
            self._table = data
        else:
            self._table = pa.RecordBatchReader.from_stream(data).read_all()
        self.name = name

    def to_arrow(self) -> pa.Table:
        return self._table

    def to_pandas(self) -> Any:
        """A pandas DataFrame (needs pandas: ``pip install rassegna[pandas]``)."""
        return self._table.to_pandas()

    def to_polars(self) -> Any:
        """A polars DataFrame (needs polars: ``pip install rassegna[polars]``)."""
        import polars as pl

        return pl.from_arrow(self._table)

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self._table.__arrow_c_stream__(requested_schema)

    @property
    def columns(self) -> list[str]:
        return list(self._table.column_names)

    @property
    def num_rows(self) -> int:
        return self._table.num_rows

    def __len__(self) -> int:
        return self._table.num_rows

    def __getitem__(self, column: str) -> list[Any]:
        return self._table.column(column).to_pylist()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Table) and self._table.equals(other._table)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (Table, (self._table, self.name))

    def __repr__(self) -> str:
        size = f"{self.num_rows} rows × {len(self.columns)} columns"
        shown = ", ".join(self.columns[:REPR_COLUMNS])
        more = ", …" if len(self.columns) > REPR_COLUMNS else ""
        return f"<rassegna.Table {self.name}: {size} [{shown}{more}]>"

    def _repr_html_(self) -> str:
        return table_html(self)
