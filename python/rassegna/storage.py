"""Saving a corpus as a folder of Parquet files, and reading it back.

``corpus.save(folder)`` writes one Parquet file per table (``articles``, ``tokens``,
``entities``, ``entity_counts``, ``quantities``, ``dates``, ``quotes``, ``roles``,
``errors``, ``skipped``), ready for pandas, polars or DuckDB, and ``texts.parquet``: each
article's original text with the values it was given (id, source, date, title, url, year,
encoding…, in rassegna's own binary form), from which ``rassegna.load`` rebuilds the corpus
exactly (its records that could not be used and those skipped included, in the file's
metadata). Tables are not read back: they are recomputed from the texts, and
equal the saved files.

This module sits below :mod:`rassegna.corpus`: it takes any object with a corpus's table
methods and gives back the core corpus that ``rassegna.load`` wraps.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Protocol, Union

import pyarrow as pa
import pyarrow.parquet as pq

from rassegna import _core
from rassegna import progress as _progress
from rassegna._core import RecordError
from rassegna.exceptions import FormatError, ReadError
from rassegna.tables import Table


class Saved(Protocol):
    """What saving needs of a corpus: its tables, its errors and its articles' texts."""

    @property
    def _inner(self) -> _core.Corpus: ...
    @property
    def errors(self) -> list[RecordError]: ...
    @property
    def skipped(self) -> list[RecordError]: ...
    def __len__(self) -> int: ...
    def articles(self) -> Table: ...
    def tokens(self) -> Table: ...
    def entities(self) -> Table: ...
    def entity_counts(self) -> Table: ...
    def quantities(self) -> Table: ...
    def dates(self) -> Table: ...
    def quotes(self) -> Table: ...
    def roles(self) -> Table: ...

PathLike = Union[str, "os.PathLike[str]"]

#: Format of the folder; load refuses a newer one. Format 2 keeps each article's given values
#: as one binary column (``overrides``); format 1 kept them as columns (FORMAT_1_COLUMNS).
FORMAT = 2
TEXTS = "texts.parquet"
FORMAT_1_COLUMNS = ["text", "id", "source", "date", "title", "url", "year"]
#: Columns a format-1 save may lack: ``year`` came after format 1's first files.
OPTIONAL_COLUMNS = {"year"}
ERRORS_KEY = b"rassegna.errors"
SKIPPED_KEY = b"rassegna.skipped"
FORMAT_KEY = b"rassegna.format"


def tables(corpus: Saved) -> dict[str, Callable[[], Table]]:
    """The tables :func:`save` writes, by file name (without ``.parquet``)."""
    return {
        "articles": corpus.articles,
        "tokens": corpus.tokens,
        "entities": corpus.entities,
        "entity_counts": corpus.entity_counts,
        "quantities": corpus.quantities,
        "dates": corpus.dates,
        "quotes": corpus.quotes,
        "roles": corpus.roles,
    }


def save(corpus: Saved, folder: PathLike, *, progress: bool | None = None) -> Path:
    """Writes the corpus's tables and texts to ``folder`` (created if needed; files of the
    same names are replaced). Returns the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows, errors, skipped = corpus._inner.__getstate__()
    texts = pa.table({
        "text": pa.array([text for text, _ in rows], type=pa.string()),
        "overrides": pa.array([overrides for _, overrides in rows], type=pa.binary()),
    }).replace_schema_metadata({
        ERRORS_KEY: errors.encode(), SKIPPED_KEY: skipped.encode(), FORMAT_KEY: str(FORMAT).encode(),
    })
    makers = tables(corpus)
    show = _progress.wanted(progress, len(corpus) // _progress.BATCH + 1)
    bar = _progress.bar(show, len(makers) + 3, "saving", unit="table")
    try:
        pq.write_table(texts, folder / TEXTS)
        bar.update()
        for name, records in (("errors", corpus.errors), ("skipped", corpus.skipped)):
            pq.write_table(pa.table({
                "location": pa.array([e.location for e in records], type=pa.string()),
                "kind": pa.array([e.kind for e in records], type=pa.string()),
                "message": pa.array([e.message for e in records], type=pa.string()),
            }), folder / f"{name}.parquet")
            bar.update()
        for name, make in makers.items():
            pq.write_table(make().to_arrow(), folder / f"{name}.parquet")
            bar.update()
    finally:
        bar.close()
    return folder


def read_saved(folder: PathLike) -> _core.Corpus:
    """The corpus saved in ``folder`` by ``Corpus.save``, parsed again from its texts."""
    path = Path(folder) / TEXTS
    try:
        texts = pq.read_table(path)
    except (OSError, pa.ArrowInvalid) as error:
        raise ReadError(f"{path}: cannot read a saved corpus: {error}") from error
    metadata = texts.schema.metadata or {}
    if ERRORS_KEY not in metadata or FORMAT_KEY not in metadata:
        raise FormatError(f"{path}: not written by Corpus.save (no rassegna metadata)")
    if int(metadata[FORMAT_KEY]) > FORMAT:
        raise FormatError(f"{path}: saved by a newer rassegna (format {int(metadata[FORMAT_KEY])})")
    if int(metadata[FORMAT_KEY]) >= 2:
        if "text" not in texts.column_names or "overrides" not in texts.column_names:
            raise FormatError(f"{path}: missing columns text and overrides")
        texts_column = texts.column("text").to_pylist()
        rows = list(zip(texts_column, texts.column("overrides").to_pylist()))
    else:
        texts_column, rows = _format_1_rows(texts, path)
    if any(text is None for text in texts_column):
        raise FormatError(f"{path}: a text is missing")
    skipped = metadata.get(SKIPPED_KEY, b"[]")
    try:
        json.loads(metadata[ERRORS_KEY])
        json.loads(skipped)
    except ValueError as error:
        raise FormatError(f"{path}: damaged error list: {error}") from error
    return _core.Corpus._from_state((rows, metadata[ERRORS_KEY].decode(), skipped.decode()))


def _format_1_rows(texts: pa.Table, path: Path) -> tuple[list[Any], list[tuple[str, bytes]]]:
    """The texts and given values of a save of format 1, which kept the values as columns."""
    missing = [c for c in FORMAT_1_COLUMNS
               if c not in texts.column_names and c not in OPTIONAL_COLUMNS]
    if missing:
        raise FormatError(f"{path}: missing columns {missing}")
    columns = [texts.column(c).to_pylist() if c in texts.column_names else [None] * texts.num_rows
               for c in FORMAT_1_COLUMNS]
    rows = [(text, _core._overrides_state(*values)) for text, *values in zip(*columns)]
    return columns[0], rows
