"""Archives larger than one machine: a :class:`rassegna.Corpus` held by a Dask cluster.

:func:`read` splits an archive by file into the partitions of a Dask bag; each partition is
read and parsed where it lives, by the worker that holds it. The corpus it returns has every
method of :class:`rassegna.Corpus` — they are the same methods, run by :class:`DaskEngine`
instead of the local engine (see :mod:`rassegna.engine`): each partition computes what it
contributes (term counts with the partition's own vocabulary, entity and co-occurrence
tallies, keyness totals…), and the driver merges the contributions in partition order with
the core's merge, the code a corpus on one machine goes through too. So every result equals
the one :func:`rassegna.read` gives on one machine: same rows in the same order, same
vocabulary, same matrix.

Canonical names and roles are settled across the whole corpus, as on one machine: each
partition tallies the names its articles settle on, the driver merges the tallies in order,
and each partition then names its entities (and finds its quotes and roles) under the merged
tally. The named partitions stay on the workers, for the next call.

Needs ``dask[bag]`` and, for a cluster, ``distributed``: ``pip install 'rassegna[dask]'``.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Mapping, Sequence
from typing import Any, Union, cast

import pyarrow as pa

import rassegna.corpus
from rassegna import _core
from rassegna._core import Article, NerModel, RecordError
from rassegna.engine import MENTIONED, NAMED, PARSED, Engine, call, naming_key
from rassegna.exceptions import InvalidValueError, ReadError

try:
    import dask
    import dask.bag as db
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("rassegna.dask needs dask: pip install 'rassegna[dask]'") from error

__all__ = ["Corpus", "DaskEngine", "read"]

PathLike = Union[str, "os.PathLike[str]"]
#: Text files per partition when a folder of articles is read.
FILES_PER_PARTITION = 1000


# -- reading ------------------------------------------------------------------------------
def read(
    path: PathLike | Sequence[PathLike],
    *,
    files_per_partition: int = FILES_PER_PARTITION,
    strict: bool = False,
    source: str | None = None,
    year: int | None = None,
    text_column: str = "text",
    id_column: str = "id",
    date_column: str = "date",
    source_column: str = "source",
    title_column: str = "title",
    url_column: str = "url",
    threads: int | None = None,
) -> Corpus:
    """Reads an archive into a distributed corpus, partitioned by file.

    ``path`` is a folder of ``.txt``/``.md`` articles (read as :func:`rassegna.read` reads
    it, ``files_per_partition`` files to a partition), or archive files (JSON Lines, JSON,
    CSV/TSV, Parquet, one partition each) given as a list or a glob (``"archive/*.jsonl"``),
    taken in sorted order: the corpus is then the concatenation of :func:`rassegna.read` of
    each file. Other arguments as in :func:`rassegna.read`; ``threads`` is the number of
    threads a partition's reading uses. By default the work of a partition runs on the
    rayon pool of the worker process, which has as many threads as the Dask worker (not one
    per core of the machine, which workers sharing it would oversubscribe).

    Nothing is read here beyond the listing of files: the partitions are read and parsed on
    the workers, and kept there (``persist``) for the methods that follow.
    """
    if files_per_partition < 1:
        raise InvalidValueError("files_per_partition: must be at least 1")
    options = {
        "strict": strict, "source": source, "year": year, "text_column": text_column, "id_column": id_column,
        "date_column": date_column, "source_column": source_column, "title_column": title_column,
        "url_column": url_column,
    }
    tasks: list[tuple[Any, ...]]
    single = isinstance(path, (str, os.PathLike))
    if single and os.path.isdir(os.fspath(path)):  # type: ignore[arg-type]
        root = os.fspath(path)  # type: ignore[arg-type]
        files = _core._text_files(root)
        groups = [files[i:i + files_per_partition] for i in range(0, len(files), files_per_partition)]
        # The first partition also reports the subfolders that could not be listed.
        tasks = [("folder", root, group, i == 0) for i, group in enumerate(groups or [[]])]
    else:
        if single:
            pattern = os.fspath(path)  # type: ignore[arg-type]
            names = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
            if not names:
                raise ReadError(f"{pattern}: no file matches")
        else:
            names = [os.fspath(p) for p in path]  # type: ignore[union-attr]
        tasks = [("file", name) for name in names]
    _limit_worker_threads()
    bag = db.from_sequence(tasks, npartitions=max(1, len(tasks)))
    parts = bag.map_partitions(_read_partition, options, threads)
    return Corpus(DaskEngine(parts))


def _read_partition(tasks: list[tuple[Any, ...]], options: dict[str, Any], threads: int | None) -> list[Any]:
    out = []
    for task in tasks:
        if task[0] == "folder":
            _, root, files, listing_errors = task
            out.append(_core._read_text_files(root, files, listing_errors=listing_errors,
                                              threads=threads, **options))
        else:
            # No progress bar in a worker: nobody watches its stderr.
            out.append(rassegna.corpus.read(task[1], threads=threads, progress=False, **options)._inner)
    if len(out) == 1:
        return out
    return [_core.Corpus.concat(out)]


try:
    from distributed import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - without distributed there are no workers
    _WorkerPlugin = object  # type: ignore[assignment,misc]


class _RayonThreads(_WorkerPlugin):  # type: ignore[misc,valid-type]
    """A Dask worker plugin: rayon's pool in each worker process gets the worker's threads,
    not one per core of the machine, so that workers sharing a machine do not oversubscribe
    it. Set before rassegna first runs in the worker (rayon sizes its pool once)."""

    name = "rassegna-rayon-threads"

    def setup(self, worker: Any) -> None:
        os.environ["RAYON_NUM_THREADS"] = str(max(1, int(worker.state.nthreads)))


def _limit_worker_threads() -> None:
    try:
        from distributed import get_client
    except ImportError:
        return
    try:
        client = get_client()
    except ValueError:  # no client: the local scheduler, in this process
        return
    client.register_plugin(_RayonThreads(), name=_RayonThreads.name)


def _scheduler() -> dict[str, Any]:
    """The scheduler to run on: the distributed client when there is one, or the one the
    Dask configuration names; else threads, not Dask's default for bags (processes), since
    rassegna's work releases the GIL and a corpus is costly to ship between processes."""
    if dask.config.get("scheduler", None) is not None:
        return {}
    try:
        from distributed import default_client

        default_client()
        return {}
    except (ImportError, ValueError):
        return {"scheduler": "threads"}


def _compute(*collections: Any) -> Any:
    return dask.compute(*collections, **_scheduler())


def _persist(*collections: Any) -> Any:
    return dask.persist(*collections, **_scheduler())


# -- partitions as they travel -------------------------------------------------------------
def _named(corpus: Any, names: Any, model: Any, aliases: Any, roles: Any) -> _Named:
    return _Named(corpus, names, model, aliases, roles)


class _Named:
    """A partition with the whole corpus's names (and, once found, roles) in place. Pickled,
    it travels as its parts and is named again where it lands: the names are not in a
    corpus's own pickle, and a partition named only by itself would give other names."""

    __slots__ = ("aliases", "base", "corpus", "model", "names", "roles")

    def __init__(self, base: Any, names: Any, model: Any, aliases: Any, roles: Any,
                 threads: int | None = None, named: Any = None) -> None:
        self.base, self.names, self.model, self.aliases, self.roles = base, names, model, aliases, roles
        # `named`: this partition already named under `names` (its entities are not found again).
        corpus = named if named is not None else _core._with_names(
            base, names, model=model, aliases=aliases, threads=threads
        )
        if roles is not None:
            corpus = _core._with_roles(corpus, roles, threads=threads)
        self.corpus = corpus

    def __reduce__(self) -> tuple[Any, ...]:
        return (_named, (self.base, self.names, self.model, self.aliases, self.roles))


class _Found:
    """A partition with each article's entities found (named within the article only), kept
    between the tally of names and the naming, so that the model runs once. Pickled, it
    travels as its partition and finds the entities again where it lands."""

    __slots__ = ("aliases", "base", "corpus", "model")

    def __init__(self, base: Any, model: Any, aliases: Any, threads: int | None = None) -> None:
        self.base, self.model, self.aliases = base, model, aliases
        self.corpus = _core._find_entities(base, model=model, aliases=aliases, threads=threads)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Found, (self.base, self.model, self.aliases))


def _core_of(part: Any) -> _core.Corpus:
    return part.corpus if isinstance(part, (_Named, _Found)) else part


def _find(parts: list[Any], model: Any, aliases: Any, threads: int | None) -> list[Any]:
    return [_Found(p, model, aliases, threads) for p in parts]


def _name(parts: list[_Found], names: Any, threads: int | None) -> list[Any]:
    return [
        _Named(p.base, names, p.model, p.aliases, None, threads,
               _core._with_names(p.corpus, names, aliases=p.aliases, threads=threads, found=True))
        for p in parts
    ]


def _with_roles(parts: list[_Named], roles: Any, threads: int | None) -> list[Any]:
    return [_Named(p.base, p.names, p.model, p.aliases, roles, threads, p.corpus) for p in parts]


def _run(parts: list[Any], function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
    """``function`` on each partition (see :meth:`rassegna.engine.Engine.run`); tables leave
    as pyarrow tables, which pickle."""
    return [_portable(call(_core_of(part), function, args, kwargs)) for part in parts]


def _run_each(parts: list[Any], own: list[tuple[Any, ...]], function: str, args: tuple[Any, ...],
              kwargs: dict[str, Any]) -> list[Any]:
    return [_portable(call(_core_of(part), function, (*args, *mine), kwargs))
            for part, mine in zip(parts, own)]


def _portable(result: Any) -> Any:
    if hasattr(result, "__arrow_c_stream__") and not isinstance(result, pa.Table):
        return pa.table(result)
    return result


def _filter(parts: list[Any], start: Any, end: Any, sources: Any) -> list[Any]:
    return [p.filter(start, end, sources) for p in parts]


def _select(parts: list[Any], masks: list[list[bool]]) -> list[Any]:
    return [_core._articles_kept(p, m) for p, m in zip(parts, masks)]


def _mask_of_filter(parts: list[Any], start: Any, end: Any, sources: Any) -> list[Any]:
    return [p._mask_of(p.filter(start, end, sources)) for p in parts]


# -- the engine ------------------------------------------------------------------------------
class DaskEngine:
    """The parts of a corpus as the partitions of a Dask bag, one ``_core.Corpus`` each, kept
    on the workers (:mod:`rassegna.engine` says what an engine does)."""

    def __init__(self, parts: db.Bag) -> None:
        (self.parts,) = _persist(parts)
        # The partitions do not change: their ids and lengths are asked for once.
        self._ids: list[list[str | None]] | None = None
        # naming_key → (the model, kept alive so that its id stays its own; the named bag)
        self._named: dict[tuple[Any, ...], tuple[Any, db.Bag]] = {}
        self._mentioned: db.Bag | None = None

    @property
    def npartitions(self) -> int:
        return int(self.parts.npartitions)

    def _part_ids(self) -> list[list[str | None]]:
        if self._ids is None:
            (ids,) = _compute(self.parts.map(lambda p: p.ids))
            self._ids = [list(part) for part in ids]
        return self._ids

    def lengths(self) -> list[int]:
        return [len(part) for part in self._part_ids()]

    def ids(self) -> list[str | None]:
        return [i for part in self._part_ids() for i in part]

    def errors(self) -> list[RecordError]:
        (errors,) = _compute(self.parts.map(lambda p: p.errors))
        return [e for part in errors for e in part]

    def records_seen(self) -> int:
        (seen,) = _compute(self.parts.map(lambda p: p.records_seen))
        return sum(seen)

    def _named_bag(self, model: NerModel | None, aliases: Mapping[str, str] | None,
                   threads: int | None) -> db.Bag:
        """The partitions with the names settled over all of them (computed once per model
        and aliases, and kept on the workers)."""
        key = naming_key(model, aliases)
        if key not in self._named:
            aliases = dict(aliases) if aliases else None
            # The model runs once per partition; the found entities wait on the workers for
            # the names of the whole corpus, then are renamed and dropped.
            (found,) = _persist(self.parts.map_partitions(_find, model, aliases, threads))
            tallies = self._compute_each(found, "_name_tally", (), {"threads": threads, "found": True})
            names = _core._merge_name_tallies(tallies)
            (named,) = _persist(found.map_partitions(_name, names, threads))
            del found
            self._named[key] = (model, named)
        return self._named[key][1]

    def _mentioned_bag(self, threads: int | None) -> db.Bag:
        """The named partitions with their mentions found under the roles all of them name."""
        if self._mentioned is None:
            named = self._named_bag(None, None, threads)
            found = self._compute_each(named, "_named_roles", (), {"threads": threads})
            roles = [role for part in found for role in part]
            (self._mentioned,) = _persist(named.map_partitions(_with_roles, roles, threads))
        return self._mentioned

    def _bag(self, stage: str, model: NerModel | None, aliases: Mapping[str, str] | None,
             threads: int | None) -> db.Bag:
        if stage == NAMED:
            return self._named_bag(model, aliases, threads)
        if stage == MENTIONED:
            return self._mentioned_bag(threads)
        return self.parts

    def _compute_each(self, bag: db.Bag, function: str, args: tuple[Any, ...],
                      kwargs: dict[str, Any]) -> list[Any]:
        (result,) = _compute(bag.map_partitions(_run, function, args, kwargs))
        return list(result)

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
        bag = self._bag(stage, model, aliases, kwargs.get("threads"))
        if each is None:
            return self._compute_each(bag, function, args, kwargs)
        own = db.from_sequence([tuple(e) for e in each], npartitions=self.npartitions)
        (result,) = _compute(db.map_partitions(_run_each, bag, own, function, args, kwargs))
        return list(result)

    def filter(self, start: str | None, end: str | None, sources: list[str] | None) -> DaskEngine:
        return DaskEngine(self.parts.map_partitions(_filter, start, end, sources))

    def mask(self, start: str | None, end: str | None, sources: list[str] | None) -> list[bool]:
        (masks,) = _compute(self.parts.map_partitions(_mask_of_filter, start, end, sources))
        return [m for part in masks for m in part]

    def select(self, masks: Sequence[list[bool]]) -> DaskEngine:
        own = db.from_sequence([list(m) for m in masks], npartitions=self.npartitions)
        return DaskEngine(db.map_partitions(_select, self.parts, own))

    def mask_of(self, other: Engine) -> list[bool]:  # noqa: ARG002 - the Engine interface
        raise InvalidValueError(
            "a part of a distributed corpus is a dict of filter arguments or a boolean mask"
        )

    def article(self, index: int) -> Article:
        for number, length in enumerate(self.lengths()):
            if index < length:
                (part,) = _compute(self.parts.to_delayed()[number])
                return cast(_core.Corpus, part[0]).article(index)
            index -= length
        raise IndexError(index)

    def articles(self) -> list[Article]:
        return self.local().articles_list()

    def local(self) -> _core.Corpus:
        (parts,) = _compute(self.parts)
        return _core.Corpus.concat(list(parts))


# -- the distributed corpus ------------------------------------------------------------------
class Corpus(rassegna.corpus.Corpus):
    """A corpus held by a Dask cluster as partitions of a bag: every method of
    :class:`rassegna.Corpus`, with the same results, and :meth:`compute` to bring it to this
    machine. Build one with :func:`read`."""

    __slots__ = ()

    @property
    def _dask(self) -> DaskEngine:
        return cast(DaskEngine, self._engine)

    @property
    def bag(self) -> db.Bag:
        """The partitions: a Dask bag of one ``rassegna._core.Corpus`` per partition."""
        return self._dask.parts

    @property
    def npartitions(self) -> int:
        return self._dask.npartitions

    def compute(self) -> rassegna.corpus.Corpus:
        """The whole corpus on this machine, as a :class:`rassegna.Corpus`."""
        return rassegna.corpus.Corpus(self._dask.local())

    @classmethod
    def _concat(cls, corpora: Sequence[rassegna.corpus.Corpus]) -> Corpus:
        """The partitions of ``corpora``, one after the other, where they are: nothing comes to
        this machine (``a + b``, :func:`rassegna.concat`)."""
        return cls(DaskEngine(db.concat([cast(Corpus, c).bag for c in corpora])))

    def __repr__(self) -> str:
        return f"<rassegna.dask.Corpus: {self.npartitions} partitions>"
