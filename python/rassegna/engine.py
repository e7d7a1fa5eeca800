"""Where a corpus's articles live, and how work reaches them: the engines behind a Corpus.

A corpus is a sequence of *parts*, each a ``rassegna._core.Corpus``. :class:`LocalEngine`
holds the whole corpus as one part, in this process; ``rassegna.dask`` has an engine whose
parts are the partitions of a Dask bag. :class:`rassegna.Corpus` is written once, against
:class:`Engine`: each method asks the engine to run a core function on every part, then
merges what comes back, by the same code whatever the engine — tables are joined in part
order, statistics merged by the core's ``_..._of_parts`` functions (for one part as for
many).

A part is prepared to one of three *stages* before the function runs on it:

``PARSED``
    its articles as read;
``NAMED``
    with entities found by a model and named across the whole corpus (a part whose
    articles say only ``Putin`` gets ``Vladimir Putin`` from another part);
``MENTIONED``
    named, with quantities, dates, quotes and roles found under the roles the whole corpus
    names (``il portavoce`` of one article is the one another article names).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import pyarrow as pa

from rassegna import _core
from rassegna._core import Article, NerModel, RecordError
from rassegna.exceptions import InvalidValueError

PARSED = "parsed"
NAMED = "named"
MENTIONED = "mentioned"


class Engine(Protocol):
    """What :class:`rassegna.Corpus` asks of an engine."""

    @property
    def npartitions(self) -> int: ...

    def lengths(self) -> list[int]:
        """Articles per part, in order."""

    def ids(self) -> list[str | None]: ...

    def errors(self) -> list[RecordError]: ...

    def records_seen(self) -> int: ...

    def run(
        self,
        function: str,
        *args: Any,
        stage: str = PARSED,
        model: NerModel | None = None,
        aliases: Mapping[str, str] | None = None,
        each: Sequence[tuple[Any, ...]] | None = None,
        **kwargs: Any,
    ) -> list[Any]:
        """``function`` run on every part prepared to ``stage`` (for ``NAMED``: by ``model``
        and ``aliases``), one result per part, in order. ``function`` names a method of
        ``_core.Corpus`` or a ``_core`` function taking the part first (``"_term_counts"``);
        it gets ``args``, then the part's own arguments from ``each`` (one tuple per part),
        then ``kwargs``."""

    def filter(self, start: str | None, end: str | None, sources: list[str] | None) -> Engine:
        """The articles whose date and source match, as a new engine of the same kind."""

    def mask(self, start: str | None, end: str | None, sources: list[str] | None) -> list[bool]:
        """Which articles :meth:`filter` keeps, one value per article."""

    def select(self, masks: Sequence[list[bool]]) -> Engine:
        """The articles each part's mask keeps (one mask per part), as a new engine."""

    def mask_of(self, other: Engine) -> list[bool]:
        """Which articles are in ``other``, a corpus filtered from this one."""

    def article(self, index: int) -> Article: ...

    def articles(self) -> list[Article]: ...

    def local(self) -> _core.Corpus:
        """The whole corpus as one part in this process."""


def call(part: _core.Corpus, function: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
    """Runs ``function`` on one part, as :meth:`Engine.run` describes it."""
    if function.startswith("_"):
        return getattr(_core, function)(part, *args, **kwargs)
    return getattr(part, function)(*args, **kwargs)


def join_tables(parts: Sequence[Any]) -> Any:
    """Part tables joined in order, as one table of the whole would be: a column that holds a
    null in any part is nullable, and dictionaries are unified. One part is returned as it
    came (an Arrow stream or table)."""
    if len(parts) == 1:
        return parts[0]
    tables = [p if isinstance(p, pa.Table) else pa.table(p) for p in parts]
    first = tables[0].schema
    schema = pa.schema(
        [field.with_nullable(any(t.schema.field(i).nullable for t in tables))
         for i, field in enumerate(first)],
        metadata=first.metadata,
    )
    tables = [t if t.schema == schema else t.cast(schema) for t in tables]
    return pa.concat_tables(tables).unify_dictionaries().combine_chunks()


def naming_key(model: NerModel | None, aliases: Mapping[str, str] | None) -> tuple[Any, ...]:
    """Which naming a model and aliases make: the same model object and aliases, the same
    names (a model is compared by identity: its tables are large)."""
    return (id(model) if model is not None else None,
            tuple(sorted(aliases.items())) if aliases else None)


class LocalEngine:
    """The whole corpus in this process, as one part.

    The part names its entities and finds its mentions across all its articles, on first
    use, and keeps them. A model or aliases of the caller's name the entities anew, once
    per model and aliases, kept too."""

    npartitions = 1

    def __init__(self, corpus: _core.Corpus) -> None:
        self.corpus = corpus
        # naming_key → (the model, kept alive so that its id stays its own; the named part)
        self._named: dict[tuple[Any, ...], tuple[Any, _core.Corpus]] = {}

    def lengths(self) -> list[int]:
        return [len(self.corpus)]

    def ids(self) -> list[str | None]:
        return self.corpus.ids

    def errors(self) -> list[RecordError]:
        return self.corpus.errors

    def records_seen(self) -> int:
        return self.corpus.records_seen

    def _part(self, stage: str, model: NerModel | None, aliases: Mapping[str, str] | None,
              threads: int | None) -> _core.Corpus:
        if stage == PARSED or (model is None and not aliases):
            # The bundled model and aliases: the part's own entities and mentions.
            return self.corpus
        key = naming_key(model, aliases)
        if key not in self._named:
            named = _core._find_entities(self.corpus, model=model, aliases=dict(aliases or {}) or None,
                                         threads=threads, across_articles=True)
            self._named[key] = (model, named)
        return self._named[key][1]

    def run(
        self,
        function: str,
        *args: Any,
        stage: str = PARSED,
        model: NerModel | None = None,
        aliases: Mapping[str, str] | None = None,
        each: Sequence[tuple[Any, ...]] | None = None,
        **kwargs: Any,
    ) -> list[Any]:
        part = self._part(stage, model, aliases, kwargs.get("threads"))
        own = tuple(each[0]) if each is not None else ()
        return [call(part, function, (*args, *own), kwargs)]

    def filter(self, start: str | None, end: str | None, sources: list[str] | None) -> LocalEngine:
        return LocalEngine(self.corpus.filter(start, end, sources))

    def mask(self, start: str | None, end: str | None, sources: list[str] | None) -> list[bool]:
        return self.corpus._mask_of(self.corpus.filter(start, end, sources))

    def select(self, masks: Sequence[list[bool]]) -> LocalEngine:
        return LocalEngine(_core._articles_kept(self.corpus, masks[0]))

    def mask_of(self, other: Engine) -> list[bool]:
        if not isinstance(other, LocalEngine):
            raise InvalidValueError("a part of a corpus must be filtered from that corpus")
        return self.corpus._mask_of(other.corpus)

    def article(self, index: int) -> Article:
        return self.corpus.article(index)

    def articles(self) -> list[Article]:
        return self.corpus.articles_list()

    def local(self) -> _core.Corpus:
        return self.corpus

    def __reduce__(self) -> tuple[Any, ...]:
        # What was named or found travels as the corpus, and is found again where it lands.
        return (LocalEngine, (self.corpus,))
