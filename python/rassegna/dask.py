"""Archives larger than one machine: the methods of :class:`rassegna.Corpus` on a Dask cluster.

:func:`read` splits an archive by file into the partitions of a Dask bag; each partition is
read and parsed where it lives, by the worker that holds it. Statistics of the whole corpus
are computed from what each partition contributes (term counts with the partition's own
vocabulary, entity and co-occurrence tallies, keyness totals) and merged in partition order,
so every result equals the one :func:`rassegna.read` gives on one machine: same rows in the
same order, same vocabulary, same matrix.

Canonical names and roles are settled across the whole corpus, as on one machine: each
partition tallies the names its articles settle on, the driver merges the tallies in order,
and each partition then names its entities (and finds its quotes and roles) under the merged
tally. The named partitions stay on the workers, for the next call.

Needs ``dask[bag]`` and, for a cluster, ``distributed``: ``pip install 'rassegna[dask]'``.
"""

from __future__ import annotations

import datetime
import glob
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Union

import pyarrow as pa

from rassegna import _core
from rassegna._core import NerModel, RecordError
from rassegna.corpus import Corpus as LocalCorpus
from rassegna.corpus import check_collocation_sort, sort_collocations
from rassegna.corpus import read as read_local
from rassegna.exceptions import InvalidValueError, ReadError
from rassegna.stats import Cooccurrence, Tfidf
from rassegna.tables import Table

try:
    import dask
    import dask.bag as db
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("rassegna.dask needs dask: pip install 'rassegna[dask]'") from error

__all__ = ["Corpus", "read"]

PathLike = Union[str, "os.PathLike[str]"]
TEXT_EXTENSIONS = (".txt", ".md")
#: Text files per partition when a folder of articles is read.
FILES_PER_PARTITION = 1000


# -- reading ------------------------------------------------------------------------------
def read(
    path: PathLike | Sequence[PathLike],
    *,
    files_per_partition: int = FILES_PER_PARTITION,
    strict: bool = False,
    source: str | None = None,
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
    options = dict(
        strict=strict, source=source, text_column=text_column, id_column=id_column,
        date_column=date_column, source_column=source_column, title_column=title_column,
        url_column=url_column,
    )
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
    return Corpus(parts)


def _read_partition(tasks: list[tuple[Any, ...]], options: dict[str, Any], threads: int | None) -> list[Any]:
    out = []
    for task in tasks:
        if task[0] == "folder":
            _, root, files, listing_errors = task
            out.append(_core._read_text_files(root, files, listing_errors=listing_errors,
                                              threads=threads, **options))
        else:
            # No progress bar in a worker: nobody watches its stderr.
            out.append(read_local(task[1], threads=threads, progress=False, **options)._inner)
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
def _named(corpus: Any, names: list[Any], model: Any, aliases: Any, roles: Any) -> _Named:
    return _Named(corpus, names, model, aliases, roles)


class _Named:
    """A partition with the whole corpus's names (and, once found, roles) in place. Pickled,
    it travels as its parts and is named again where it lands: the names are not in a
    corpus's own pickle, and a partition named only by itself would give other names."""

    __slots__ = ("base", "names", "model", "aliases", "roles", "corpus")

    def __init__(self, base: Any, names: list[Any], model: Any, aliases: Any, roles: Any,
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

    __slots__ = ("base", "model", "aliases", "corpus")

    def __init__(self, base: Any, model: Any, aliases: Any, threads: int | None = None) -> None:
        self.base, self.model, self.aliases = base, model, aliases
        self.corpus = _core._find_entities(base, model=model, aliases=aliases, threads=threads)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Found, (self.base, self.model, self.aliases))


def _find(parts: list[Any], model: Any, aliases: Any, threads: int | None) -> list[Any]:
    return [_Found(p, model, aliases, threads) for p in parts]


def _name_tally(parts: list[_Found], threads: int | None) -> list[Any]:
    return [_core._name_tally(p.corpus, threads=threads, found=True) for p in parts]


def _name(parts: list[_Found], names: Any, threads: int | None) -> list[Any]:
    return [
        _Named(p.base, names, p.model, p.aliases, None, threads,
               _core._with_names(p.corpus, names, aliases=p.aliases, threads=threads, found=True))
        for p in parts
    ]


def _named_roles(parts: list[_Named], threads: int | None) -> list[Any]:
    return [_core._named_roles(p.corpus, threads=threads) for p in parts]


def _with_roles(parts: list[_Named], roles: Any, threads: int | None) -> list[Any]:
    return [_Named(p.base, p.names, p.model, p.aliases, roles, threads, p.corpus) for p in parts]


def _apply(parts: list[Any], method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
    """Runs ``method`` on each partition (a core corpus, or a named one): a core method name
    (``"entities_table"``) or a core function (``"_term_counts"``)."""
    out = []
    for part in parts:
        corpus = part.corpus if isinstance(part, _Named) else part
        kw = dict(kwargs)
        if method.startswith("_"):
            result = getattr(_core, method)(corpus, *args, **kw)
        else:
            result = getattr(corpus, method)(*args, **kw)
        if hasattr(result, "__arrow_c_stream__") and not isinstance(result, pa.Table):
            result = pa.RecordBatchReader.from_stream(result).read_all()
        out.append(result)
    return out


def _filter(parts: list[Any], start: Any, end: Any, sources: Any) -> list[Any]:
    return [p.filter(start, end, sources) for p in parts]


def _mask_of_filter(parts: list[Any], start: Any, end: Any, sources: Any) -> list[Any]:
    return [p._mask_of(p.filter(start, end, sources)) for p in parts]


# -- the distributed corpus ----------------------------------------------------------------
class Corpus:
    """A corpus held by a Dask cluster as partitions of a bag, with the methods of
    :class:`rassegna.Corpus` and the same results. Build one with :func:`read`."""

    def __init__(self, parts: db.Bag) -> None:
        (self._parts,) = _persist(parts)
        # The partitions do not change: their ids and lengths are asked for once.
        self._lengths: list[int] | None = None
        self._ids: list[list[str | None]] | None = None
        # (model, aliases) → (the model, kept alive so that its id stays its own; the bag)
        self._named: dict[Any, tuple[Any, db.Bag]] = {}
        self._mentioned: db.Bag | None = None

    # -- running on the partitions ---------------------------------------------------------
    def _each(self, bag: db.Bag, method: str, *args: Any, **kwargs: Any) -> list[Any]:
        """One result per partition, in partition order."""
        (result,) = _compute(bag.map_partitions(_apply, method, args, kwargs))
        return list(result)

    def _table(self, bag: db.Bag, method: str, name: str, **kwargs: Any) -> Table:
        return Table(_concat(self._each(bag, method, **kwargs)), name=name)

    @property
    def bag(self) -> db.Bag:
        """The partitions: a Dask bag of one ``rassegna._core.Corpus`` per partition."""
        return self._parts

    @property
    def npartitions(self) -> int:
        return int(self._parts.npartitions)

    def _named_bag(self, model: NerModel | None, aliases: Mapping[str, str] | None,
                   threads: int | None) -> db.Bag:
        """The partitions with the names settled over all of them (computed once per model
        and aliases, and kept on the workers)."""
        key = (id(model) if model is not None else None,
               tuple(sorted(aliases.items())) if aliases else None)
        if key not in self._named:
            aliases = dict(aliases) if aliases else None
            # The model runs once per partition; the found entities wait on the workers for
            # the names of the whole corpus, then are renamed and dropped.
            (found,) = _persist(self._parts.map_partitions(_find, model, aliases, threads))
            (tallies,) = _compute(found.map_partitions(_name_tally, threads))
            names = _core._merge_name_tallies(list(tallies))
            (named,) = _persist(found.map_partitions(_name, names, threads))
            del found
            self._named[key] = (model, named)
        return self._named[key][1]

    def _mentioned_bag(self, threads: int | None) -> db.Bag:
        """The named partitions with their mentions found under the roles all of them name."""
        if self._mentioned is None:
            named = self._named_bag(None, None, threads)
            (found,) = _compute(named.map_partitions(_named_roles, threads))
            roles = [role for part in found for role in part]
            (self._mentioned,) = _persist(named.map_partitions(_with_roles, roles, threads))
        return self._mentioned

    def _terms_bag(self, options: Mapping[str, Any], threads: int | None) -> db.Bag:
        """Entity-aware terms need the names of the whole corpus."""
        return self._named_bag(None, None, threads) if options.get("entities") else self._parts

    # -- access ----------------------------------------------------------------------------
    def _part_lengths(self) -> list[int]:
        if self._lengths is None:
            (lengths,) = _compute(self._parts.map(len))
            self._lengths = list(lengths)
        return self._lengths

    def __len__(self) -> int:
        return sum(self._part_lengths())

    @property
    def ids(self) -> list[str | None]:
        if self._ids is None:
            (ids,) = _compute(self._parts.map(lambda p: p.ids))
            self._ids = [list(part) for part in ids]
            self._lengths = [len(part) for part in self._ids]
        return [i for part in self._ids for i in part]

    @property
    def errors(self) -> list[RecordError]:
        """Every record of every partition that did not become an article, in order."""
        (errors,) = _compute(self._parts.map(lambda p: p.errors))
        return [e for part in errors for e in part]

    @property
    def records_seen(self) -> int:
        (seen,) = _compute(self._parts.map(lambda p: p.records_seen))
        return sum(seen)

    def compute(self) -> LocalCorpus:
        """The whole corpus on this machine, as a :class:`rassegna.Corpus`."""
        (parts,) = _compute(self._parts)
        return LocalCorpus(_core.Corpus.concat(list(parts)))

    def filter(
        self,
        start: str | None = None,
        end: str | None = None,
        source: str | Sequence[str] | None = None,
    ) -> Corpus:
        """As :meth:`rassegna.Corpus.filter`: a new distributed corpus (whose names are
        settled over its own articles, as a filtered local corpus's are)."""
        sources = [source] if isinstance(source, str) else (list(source) if source is not None else None)
        return Corpus(self._parts.map_partitions(_filter, start, end, sources))

    # -- tables ----------------------------------------------------------------------------
    def articles(self, *, threads: int | None = None) -> Table:
        return self._table(self._parts, "articles_table", "articles", threads=threads)

    def tokens(self, *, threads: int | None = None) -> Table:
        return self._table(self._parts, "tokens_table", "tokens", threads=threads)

    def entities(
        self,
        *,
        model: NerModel | None = None,
        aliases: Mapping[str, str] | None = None,
        threads: int | None = None,
    ) -> Table:
        """As :meth:`rassegna.Corpus.entities`, canonical names settled over all partitions."""
        bag = self._named_bag(model, aliases, threads)
        return self._table(bag, "entities_table", "entities", threads=threads)

    def entity_counts(
        self,
        *,
        model: NerModel | None = None,
        aliases: Mapping[str, str] | None = None,
        threads: int | None = None,
    ) -> Table:
        """As :meth:`rassegna.Corpus.entity_counts`, from the tallies of the partitions."""
        bag = self._named_bag(model, aliases, threads)
        tallies = self._each(bag, "_entity_tallies", threads=threads)
        return Table(_core._entity_counts_of_parts(tallies), name="entity_counts")

    def quantities(self, *, threads: int | None = None) -> Table:
        return self._table(self._mentioned_bag(threads), "quantities_table", "quantities", threads=threads)

    def dates(self, *, threads: int | None = None) -> Table:
        return self._table(self._mentioned_bag(threads), "dates_table", "dates", threads=threads)

    def quotes(self, *, threads: int | None = None) -> Table:
        return self._table(self._mentioned_bag(threads), "quotes_table", "quotes", threads=threads)

    def roles(self, *, threads: int | None = None) -> Table:
        return self._table(self._mentioned_bag(threads), "roles_table", "roles", threads=threads)

    def claims(self, unit: str, *, threads: int | None = None) -> Table:
        """As :meth:`rassegna.Corpus.claims`: every amount of ``unit`` in article-date order
        (undated last, corpus order on a tie), quotes and speakers named corpus-wide."""
        parts = self._each(self._mentioned_bag(threads), "claims_table", unit, threads=threads)
        # Each partition comes sorted by (undated, first day, article, row); partitions
        # follow one another in corpus order, so (first day, partition, row) is the order of
        # the whole.
        keys = []
        for number, part in enumerate(parts):
            for row, date in enumerate(part.column("date").to_pylist()):
                day = _first_day(date)
                keys.append((day is None, day or (0, 0, 0), number, row))
        order = sorted(range(len(keys)), key=keys.__getitem__)
        return Table(_concat(parts).take(order), name=f"claims: {unit}")

    def trends(
        self,
        terms: Sequence[str] | None = None,
        entities: Sequence[str] | None = None,
        *,
        period: str = "month",
        threads: int | None = None,
        **options: Any,
    ) -> Table:
        """As :meth:`rassegna.Corpus.trends`: the partitions' counts, articles and tokens per
        period summed, entities under the names of the whole corpus."""
        if isinstance(terms, str) or isinstance(entities, str):
            raise InvalidValueError("terms and entities are lists of names, not one str")
        bag = self._named_bag(None, None, threads) if entities or options.get("entities") else self._parts
        parts = self._each(
            bag, "trends", list(terms) if terms else None, list(entities) if entities else None,
            period=period, threads=threads, **options,
        )
        return Table(_merge_trends(parts), name="trends")

    # -- keyword statistics ----------------------------------------------------------------
    def tfidf(
        self,
        *,
        smooth_idf: bool = True,
        sublinear_tf: bool = False,
        use_idf: bool = True,
        norm: str | None = "l2",
        min_df: int | float = 1,
        max_df: int | float = 1.0,
        max_features: int | None = None,
        threads: int | None = None,
        **options: Any,
    ) -> Tfidf:
        """As :meth:`rassegna.Corpus.tfidf`: each partition counts its terms, the driver
        merges the counts (one vocabulary, document frequencies over all partitions) and
        weighs them."""
        counts = self._each(self._terms_bag(options, threads), "_term_counts", threads=threads, **options)
        return Tfidf(
            _core._tfidf_of_parts(
                counts, self.ids, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf,
                use_idf=use_idf, norm=norm, min_df=min_df, max_df=max_df,
                max_features=max_features, threads=threads,
            )
        )

    def frequencies(
        self,
        *,
        per_article: bool = False,
        top: int | None = None,
        threads: int | None = None,
        **options: Any,
    ) -> Table:
        """As :meth:`rassegna.Corpus.frequencies`."""
        bag = self._terms_bag(options, threads)
        if per_article:
            return self._table(bag, "term_frequencies", "frequencies", per_article=True, top=top,
                               threads=threads, **options)
        counts = self._each(bag, "_term_counts", threads=threads, **options)
        return Table(_core._frequencies_of_parts(counts, top=top, threads=threads), name="frequencies")

    def keyness(
        self,
        target: Any,
        reference: Any = None,
        *,
        min_count: int = 3,
        threads: int | None = None,
        **options: Any,
    ) -> Table:
        """As :meth:`rassegna.Corpus.keyness`; each part is a dict of :meth:`filter`
        arguments or a boolean mask of ``len(corpus)``."""
        mask_a = self._masks(target, "target")
        mask_b = [[not m for m in part] for part in mask_a] if reference is None else self._masks(reference, "reference")
        bag = self._terms_bag(options, threads)
        masks = db.from_sequence(list(zip(mask_a, mask_b)), npartitions=self.npartitions)
        (totals,) = _compute(
            db.map_partitions(_keyness_counts, bag, masks, threads, options)
        )
        return Table(_core._keyness_of_parts(list(totals), min_count=min_count), name="keyness")

    def collocations(
        self,
        *,
        sizes: tuple[int, int] = (2, 3),
        min_count: int = 3,
        sort_by: str = "npmi",
        threads: int | None = None,
        **options: Any,
    ) -> Table:
        """As :meth:`rassegna.Corpus.collocations`, from the unit and n-gram counts of the
        partitions."""
        check_collocation_sort(sort_by)
        bag = self._terms_bag(options, threads)
        tallies = self._each(bag, "_collocation_tally", sizes=sizes, threads=threads, **options)
        table = Table(_core._collocations_of_parts(tallies, sizes=sizes, min_count=min_count))
        return Table(sort_collocations(table.to_arrow(), sort_by), name="collocations")

    def cooccurrence(
        self,
        of: str = "entities",
        *,
        within: str = "sentence",
        window: int = 5,
        labels: Sequence[str] | None = None,
        min_count: int = 1,
        threads: int | None = None,
        **options: Any,
    ) -> Cooccurrence:
        """As :meth:`rassegna.Corpus.cooccurrence`, from the pair counts of the partitions."""
        needs_names = of == "entities" or options.get("entities")
        bag = self._named_bag(None, None, threads) if needs_names else self._parts
        tallies = self._each(
            bag, "_cooccurrence_tally", of=of, within=within, window=window,
            labels=list(labels) if labels else None, threads=threads, **options,
        )
        return Cooccurrence(_core._cooccurrence_of_parts(tallies, min_count=min_count),
                            name="cooccurrence")

    def keyphrases(
        self,
        top: int = 10,
        *,
        n: int = 3,
        window: int = 1,
        dedup: float = 0.9,
        stopwords: bool = True,
        extra_stopwords: Sequence[str] | None = None,
        threads: int | None = None,
    ) -> Table:
        """As :meth:`rassegna.Corpus.keyphrases` (each article's own, so partitions are
        simply joined)."""
        return self._table(
            self._parts, "keyphrases", "keyphrases", top=top, n=n, window=window, dedup=dedup,
            stopwords=stopwords, extra_stopwords=list(extra_stopwords) if extra_stopwords else None,
            threads=threads,
        )

    def _masks(self, part: Any, name: str) -> list[list[bool]]:
        """A part of the corpus as one boolean mask per partition."""
        if isinstance(part, dict):
            unknown = set(part) - {"start", "end", "source"}
            if unknown:
                raise InvalidValueError(f"{name}: unknown filter arguments {sorted(unknown)}")
            source = part.get("source")
            sources = [source] if isinstance(source, str) else (list(source) if source is not None else None)
            (masks,) = _compute(
                self._parts.map_partitions(_mask_of_filter, part.get("start"), part.get("end"), sources)
            )
            return [list(m) for m in masks]
        if isinstance(part, (str, bytes, LocalCorpus, Corpus)) or not isinstance(part, Iterable):
            raise InvalidValueError(
                f"{name}: expected a dict of filter arguments or a boolean mask"
            )
        flat = [bool(m) for m in part]
        lengths = self._part_lengths()
        if len(flat) != sum(lengths):
            raise InvalidValueError(f"{name}: {len(flat)} values for {sum(lengths)} articles")
        out, at = [], 0
        for n in lengths:
            out.append(flat[at:at + n])
            at += n
        return out

    # -- display ---------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"<rassegna.dask.Corpus: {self.npartitions} partitions>"


def _keyness_counts(parts: list[Any], masks: list[tuple[list[bool], list[bool]]],
                    threads: int | None, options: dict[str, Any]) -> list[Any]:
    out = []
    for part, (target, reference) in zip(parts, masks):
        corpus = part.corpus if isinstance(part, _Named) else part
        out.append(_core._keyness_counts(corpus, target, reference, threads=threads, **options))
    return out


def _concat(tables: list[pa.Table]) -> pa.Table:
    """Partition tables joined in order, as one table of the whole would be: a column that
    holds a null in any partition is nullable, and dictionaries are unified."""
    first = tables[0].schema
    schema = pa.schema(
        [field.with_nullable(any(t.schema.field(i).nullable for t in tables))
         for i, field in enumerate(first)],
        metadata=first.metadata,
    )
    tables = [t if t.schema == schema else t.cast(schema) for t in tables]
    return pa.concat_tables(tables).unify_dictionaries().combine_chunks()


def _first_day(date: str | None) -> tuple[int, int, int] | None:
    """The first day of an ISO date of any precision (``2024``, ``2024-10``, ``2024-10-05``),
    as the core reads article dates; None for anything else (an undated article's ``""``)."""
    if not date:
        return None
    fields = date.strip().split("-")
    if len(fields) > 3 or [len(f) for f in fields] != [4, 2, 2][: len(fields)]:
        return None
    if not all(f.isascii() and f.isdigit() for f in fields):
        return None
    year, month, day = (int(f) for f in fields + ["01"] * (3 - len(fields)))
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return (year, month, day)


def _merge_trends(tables: list[pa.Table]) -> pa.Table:
    """Trend tables of partitions as the whole corpus's. A partition lists every name, in
    the caller's order, for each period it has articles in: per period, counts, articles and
    tokens add up row by row, and per 10,000 tokens is computed from the sums as the core
    computes it. Periods come in order, as the core's sorted map gives them."""
    periods: dict[str, list[Any]] = {}  # period -> [tokens, [kind, name, count, articles]...]
    for table in tables:
        columns = table.to_pydict()
        blocks: dict[str, list[list[Any]]] = {}
        tokens: dict[str, int] = {}
        for period, kind, name, count, articles, total in zip(
            columns["period"], columns["kind"], columns["name"], columns["count"],
            columns["articles"], columns["tokens"],
        ):
            blocks.setdefault(period, []).append([kind, name, count, articles])
            tokens[period] = total
        for period, rows in blocks.items():
            merged = periods.get(period)
            if merged is None:
                periods[period] = [tokens[period], rows]
                continue
            merged[0] += tokens[period]
            for into, row in zip(merged[1], rows):
                into[2] += row[2]
                into[3] += row[3]
    out: dict[str, list[Any]] = {
        "period": [], "kind": [], "name": [], "count": [], "articles": [], "tokens": [], "per_10k": []
    }
    for period in sorted(periods):
        total, rows = periods[period]
        for kind, name, count, articles in rows:
            out["period"].append(period)
            out["kind"].append(kind)
            out["name"].append(name)
            out["count"].append(count)
            out["articles"].append(articles)
            out["tokens"].append(total)
            out["per_10k"].append(count * 10_000.0 / total if total else 0.0)
    return pa.Table.from_pydict(out, schema=tables[0].schema)
