"""Full-text search and keyword in context over a corpus, on any engine.

The core keeps a tantivy index on each part of the corpus (built on first search, kept,
saved by :meth:`rassegna.Corpus.save`). A search asks every part for its share of the BM25
statistics, merges them, and has each part rank its articles by the merged statistics, so
that a corpus split into parts (a Dask corpus, or corpora joined with ``+``) ranks its
articles as one index of the whole would. This module sits below :mod:`rassegna.corpus`,
which gives analysts :meth:`~rassegna.Corpus.search`, :meth:`~rassegna.Corpus.concordance`
and ``filter(query=...)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from rassegna import _core
from rassegna.display import concordance_html
from rassegna.engine import NAMED, PARSED, Engine, join_tables
from rassegna.exceptions import InvalidValueError
from rassegna.tables import Table

#: Words of context either side of a hit or a concordance line, as quanteda's ``kwic``.
WINDOW = 5
SORTS = ("corpus", "left", "right")


class SearchResult(Table):
    """Ranked articles: id, date, source, title, score (BM25) and hits (matches in the
    body), best first. :meth:`hits` gives one row per match."""

    __slots__ = ("_engine", "_positions", "_query", "_stem", "_threads")

    def __init__(self, data: Any, engine: Engine, query: str, positions: list[int], stem: bool,
                 threads: int | None) -> None:
        super().__init__(data, name=f"search: {query}")
        self._engine, self._query, self._positions = engine, query, positions
        self._stem, self._threads = stem, threads

    def hits(self, *, window: int = WINDOW) -> Table:
        """One row per match in the articles of this result, in their rank order: article,
        sentence, start, end (``str`` offsets into the article text), left, match, right
        (``window`` words of context either side) and the sentence's text. A phrase is one
        match; what ``NOT`` excludes and ``title:`` terms are not hits."""
        _check_window(window)
        lengths = self._engine.lengths()
        firsts = [sum(lengths[:n]) for n in range(len(lengths))]
        own: list[list[int]] = [[] for _ in lengths]
        for position in self._positions:
            part = _part_of(position, firsts)
            own[part].append(position - firsts[part])
        stage = NAMED if _core._check_query(self._query) else PARSED
        parts = self._engine.run("_search_hits", self._query, each=[(p,) for p in own],
                                 stem=self._stem, window=window, threads=self._threads, stage=stage)
        tables = [_shifted(pa.table(t), first) for t, first in zip(parts, firsts)]
        rows = join_tables(tables) if len(tables) > 1 else tables[0]
        rank = {position: n for n, position in enumerate(self._positions)}
        order = pc.sort_indices(pa.table({
            "rank": [rank[p] for p in rows.column("position").to_pylist()],
            "start": rows.column("start"),
        }), sort_keys=[("rank", "ascending"), ("start", "ascending")])
        return Table(rows.take(order).drop_columns(["position"]), name=f"hits: {self._query}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Table, (self._table, self.name))


class Concordance(Table):
    """Keyword-in-context lines: article, sentence, start, end (``str`` offsets), left,
    match, right. In a notebook, the match is highlighted between its contexts."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return concordance_html(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Concordance, (self._table, self.name))


def statistics_stage(query: Any) -> str:
    """The stage a query needs its parts at (``entity:`` needs the names of the corpus),
    checking it on the way: a malformed query raises :class:`~rassegna.QueryError`."""
    if not isinstance(query, str):
        raise InvalidValueError(f"query: expected str, got {type(query).__name__}")
    return NAMED if _core._check_query(query) else PARSED


def ranked(engine: Engine, query: str, *, stem: bool, top: int | None,
           threads: int | None) -> tuple[pa.Table, list[int]]:
    """The articles matching ``query``, best first (the best ``top``), and their positions."""
    stage = statistics_stage(query)
    statistics = None
    if engine.npartitions > 1:
        statistics = engine.run("_search_statistics", query, stem=stem, threads=threads, stage=stage)
    parts = engine.run("_search", query, stem=stem, statistics=statistics, top=top,
                       threads=threads, stage=stage)
    lengths = engine.lengths()
    firsts = [sum(lengths[:n]) for n in range(len(lengths))]
    tables = [_shifted(pa.table(t), first) for t, first in zip(parts, firsts)]
    found = join_tables(tables) if len(tables) > 1 else tables[0]
    if len(tables) > 1:
        # Each part is ranked; the merge ranks the whole the same way (ties in corpus order).
        found = found.sort_by([("score", "descending"), ("position", "ascending")])
    if top is not None:
        found = found.slice(0, top)
    return found, found.column("position").to_pylist()


def search(engine: Engine, query: str, *, limit: int | None, offset: int, stem: bool,
           threads: int | None) -> SearchResult:
    """See :meth:`rassegna.Corpus.search`."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise InvalidValueError(f"limit={limit!r}: expected a positive int, or None for every match")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise InvalidValueError(f"offset={offset!r}: expected an int >= 0")
    top = None if limit is None else offset + limit
    found, positions = ranked(engine, query, stem=stem, top=top, threads=threads)
    page = found.slice(offset)
    return SearchResult(page.drop_columns(["position"]), engine, query, positions[offset:], stem,
                        threads)


def query_mask(engine: Engine, query: str, *, stem: bool, threads: int | None) -> list[bool]:
    """Which articles match ``query``, one value per article."""
    _, positions = ranked(engine, query, stem=stem, top=None, threads=threads)
    mask = [False] * sum(engine.lengths())
    for position in positions:
        mask[position] = True
    return mask


def entity_mask(engine: Engine, names: str | Sequence[str], match: str,
                threads: int | None) -> list[bool]:
    """Which articles name any (``match="any"``) or all (``"all"``) of the canonical
    ``names``."""
    if match not in ("any", "all"):
        raise InvalidValueError(f"entity_match={match!r}: expected 'any' or 'all'")
    wanted = [names] if isinstance(names, str) else list(names)
    if not wanted or not all(isinstance(n, str) and n.strip() for n in wanted):
        raise InvalidValueError(f"entities={names!r}: expected canonical names (non-empty str)")
    parts = engine.run("_entity_mask", wanted, every=match == "all", stage=NAMED, threads=threads)
    return [m for part in parts for m in part]


def concordance(engine: Engine, pattern: str, *, window: int, sort: str | None, regex: bool,
                limit: int | None, threads: int | None) -> Concordance:
    """See :meth:`rassegna.Corpus.concordance`."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise InvalidValueError(f"pattern={pattern!r}: expected a word, phrase or regular expression")
    _check_window(window)
    sort = sort or "corpus"
    if sort not in SORTS:
        raise InvalidValueError(f"sort={sort!r}: expected one of {SORTS}")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise InvalidValueError(f"limit={limit!r}: expected a positive int, or None for every line")
    parts = engine.run("_concordance", pattern, regex=regex, window=window, threads=threads)
    lengths = engine.lengths()
    firsts = [sum(lengths[:n]) for n in range(len(lengths))]
    tables = [_shifted(pa.table(t), first) for t, first in zip(parts, firsts)]
    lines = join_tables(tables) if len(tables) > 1 else tables[0]
    if sort != "corpus":
        # A stable sort: lines with the same context stay in corpus order.
        lines = lines.take(pc.sort_indices(lines, sort_keys=[(f"{sort}_key", "ascending")]))
    if limit is not None:
        lines = lines.slice(0, limit)
    return Concordance(lines.drop_columns(["position", "left_key", "right_key"]),
                       name=f"concordance: {pattern}")


def _check_window(window: Any) -> None:
    if isinstance(window, bool) or not isinstance(window, int) or not 0 <= window <= 100:
        raise InvalidValueError(f"window={window!r}: expected words of context, 0 to 100")


def _part_of(position: int, firsts: list[int]) -> int:
    part = 0
    while part + 1 < len(firsts) and firsts[part + 1] <= position:
        part += 1
    return part


def _shifted(table: pa.Table, first: int) -> pa.Table:
    """A part's table with positions counted from the start of the corpus."""
    if first == 0:
        return table
    index = table.column_names.index("position")
    return table.set_column(index, "position", pc.add(table.column("position"), first))
