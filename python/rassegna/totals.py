"""Statistics of a collection too large for memory, added up batch by batch.

:func:`rassegna.read_batches` gives an archive as a stream of corpora; a :class:`Totals`
takes each in turn and keeps only what the whole needs: the vocabulary with its counts and
document frequencies, and the entity tallies (held in Rust and merged as they come, as the
parts of a Dask corpus are). Its size grows with the vocabulary and the entities, not with
the archive.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from rassegna import _core
from rassegna._core import NerModel
from rassegna.corpus import Corpus
from rassegna.engine import NAMED
from rassegna.tables import Table

#: The columns of :meth:`Totals.frequencies`.
TERMS = pa.schema([("term", pa.string(), False), ("count", pa.uint64(), False),
                   ("df", pa.uint64(), False)])


class Totals:
    """Term frequencies and entity counts of every batch added, as one corpus would have
    them (entities are named within each batch: a name spelled two ways in two batches may
    count as two rows). ``options`` are the vocabulary options of
    :meth:`Corpus.frequencies` (``stopwords``, ``lowercase``, ``ngram_range`` …), the same
    for every batch."""

    def __init__(
        self,
        *,
        model: NerModel | None = None,
        aliases: Mapping[str, str] | None = None,
        threads: int | None = None,
        **options: Any,
    ) -> None:
        self._model = model
        self._aliases = aliases
        self._threads = threads
        self._options = options
        self._terms: pa.Table | None = None
        self._entities: _core.Partial | None = None
        #: Articles, unusable records and skipped records of the batches added.
        self.articles = 0
        self.errors = 0
        self.skipped = 0

    def add(self, corpus: Corpus) -> None:
        """Adds a batch (any corpus) to the totals."""
        terms = corpus.frequencies(threads=self._threads, **self._options).to_arrow()
        if self._terms is not None:
            merged = pa.concat_tables([self._terms, terms], promote_options="permissive")
            terms = merged.group_by("term").aggregate([("count", "sum"), ("df", "sum")])
            terms = terms.select(["term", "count_sum", "df_sum"]).rename_columns(TERMS.names)
        self._terms = terms.cast(TERMS)
        tallies = corpus._engine.run("_entity_tallies", stage=NAMED, model=self._model,
                                     aliases=self._aliases, threads=self._threads)
        held = [self._entities] if self._entities is not None else []
        self._entities = _core._merge_entity_tallies(held + list(tallies))
        self.articles += len(corpus)
        self.errors += len(corpus.errors)
        self.skipped += len(corpus.skipped)

    def frequencies(self, *, top: int | None = None) -> Table:
        """Term, count and df over every batch added, most frequent first (ties by term)."""
        if self._terms is None:
            terms = TERMS.empty_table()
        else:
            terms = self._terms.sort_by([("count", "descending"), ("term", "ascending")])
        return Table(terms if top is None else terms.slice(0, top), name="frequencies")

    def entity_counts(self) -> Table:
        """The entity counts table (as :meth:`Corpus.entity_counts`) over every batch added."""
        held = [] if self._entities is None else [_core.Partial._from_bytes(self._entities._to_bytes())]
        return Table(_core._entity_counts_of_parts(held), name="entity_counts")

    def __repr__(self) -> str:
        terms = 0 if self._terms is None else self._terms.num_rows
        return (f"<rassegna.Totals: {self.articles} articles, {self.errors} errors, "
                f"{self.skipped} skipped, {terms} terms>")
