"""The corpus: many articles read and parsed in parallel, with every unusable record reported."""

from __future__ import annotations

import os
from pathlib import Path
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Union

import pyarrow as pa

from rassegna import _core
from rassegna import progress as _progress
from rassegna._core import Article, NerModel, RecordError
from rassegna.exceptions import InvalidValueError, MissingColumnError, ReadError
from rassegna.stats import Cooccurrence, Tfidf
from rassegna.tables import Table

PathLike = Union[str, "os.PathLike[str]"]
PARQUET_BATCH_ROWS = 4096


class Corpus:
    """A collection of parsed :class:`Article` objects.

    Build one with :func:`rassegna.read` or :meth:`Corpus.from_texts`. Records that could not
    be used are in :attr:`errors`; ``len(corpus) + len(corpus.errors)`` is the number of
    records seen.
    """

    __slots__ = ("_inner", "_by_id")

    def __init__(self, inner: _core.Corpus) -> None:
        self._inner = inner
        self._by_id: dict[str, int] | None = None

    @classmethod
    def from_texts(
        cls,
        texts: Iterable[str],
        ids: Sequence[str] | None = None,
        *,
        strict: bool = False,
        threads: int | None = None,
        progress: bool | None = None,
    ) -> Corpus:
        """Parses texts in parallel. Ids default to their position as strings ("0", "1", …).
        ``progress``: a bar advancing per batch of texts (see :mod:`rassegna.progress`)."""
        texts = list(texts)
        ids = [str(i) for i in range(len(texts))] if ids is None else [str(i) for i in ids]
        batch = _progress.BATCH
        if not _progress.wanted(progress, -(-len(texts) // batch)) or len(ids) != len(texts):
            return cls(_core.Corpus.from_texts(texts, ids, strict=strict, threads=threads))
        # Batches keep the locations (`text N`) and ids one call would give.
        parts = []
        bar = _progress.bar(True, len(texts), "parsing", unit="text")
        try:
            for first in range(0, len(texts), batch):
                chunk: list[str | None] = list(texts[first:first + batch])
                chunk_ids: list[str | None] = list(ids[first:first + batch])
                for offset, text in enumerate(chunk):
                    if not isinstance(text, str):
                        raise InvalidValueError(
                            f"text {first + offset}: expected str, got {type(text).__name__}"
                        )
                parts.append(_core.Corpus.from_records(
                    chunk, [f"text {first + i}" for i in range(len(chunk))],
                    ids=chunk_ids, strict=strict, threads=threads,
                ))
                bar.update(len(chunk))
        finally:
            bar.close()
        return cls(_core.Corpus.concat(parts))

    # -- access -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._inner)

    def __iter__(self) -> Iterator[Article]:
        return iter(self._inner.articles_list())

    def __getitem__(self, key: int | str) -> Article:
        """An article by position (``corpus[0]``) or by id (``corpus["003_f50da"]``); with
        repeated ids, the first."""
        if isinstance(key, str):
            index = self._positions().get(key)
            if index is None:
                raise KeyError(key)
            return self._inner.article(index)
        if key < 0:
            key += len(self)
        return self._inner.article(key)

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and article_id in self._positions()

    def _positions(self) -> dict[str, int]:
        if self._by_id is None:
            self._by_id = {}
            for index, article_id in enumerate(self._inner.ids):
                if article_id is not None:
                    self._by_id.setdefault(article_id, index)
        return self._by_id

    @property
    def ids(self) -> list[str | None]:
        return self._inner.ids

    @property
    def errors(self) -> list[RecordError]:
        """Every record that did not become an article, with its location and reason."""
        return self._inner.errors

    @property
    def records_seen(self) -> int:
        return self._inner.records_seen

    def filter(
        self,
        start: str | None = None,
        end: str | None = None,
        source: str | Sequence[str] | None = None,
    ) -> Corpus:
        """Articles whose date overlaps ``[start, end]`` (ISO dates, any precision: ``2024``,
        ``2024-06``, ``2024-06-18``) and whose source is ``source`` (one or several).
        Undated articles are left out when a date bound is given."""
        sources = [source] if isinstance(source, str) else (list(source) if source is not None else None)
        return Corpus(self._inner.filter(start, end, sources))

    # -- tables --------------------------------------------------------------------------
    def articles(self, *, threads: int | None = None) -> Table:
        """One row per article: id, source, url, date, title, author, credits, and counts of
        paragraphs, sentences, tokens, set-aside segments and characters."""
        return Table(self._inner.articles_table(threads=threads), name="articles")

    def tokens(self, *, threads: int | None = None) -> Table:
        """One row per body token: article id, sentence, index, start, end (``str`` offsets
        into the article text), text and kind."""
        return Table(self._inner.tokens_table(threads=threads), name="tokens")

    # -- entities -------------------------------------------------------------------------
    def entities(
        self,
        *,
        model: NerModel | None = None,
        aliases: Mapping[str, str] | None = None,
        threads: int | None = None,
    ) -> Table:
        """One row per entity mention: article id, date, source, start, end (``str`` offsets
        into the article text), label, text, canonical, sentence, segment, set_aside.

        Canonical names are settled across the whole corpus. ``aliases`` (``{alias:
        canonical}``) extend the bundled table; ``model`` replaces the bundled model."""
        return Table(
            self._inner.entities_table(model=model, aliases=aliases, threads=threads),
            name="entities",
        )

    def entity_counts(
        self,
        *,
        model: NerModel | None = None,
        aliases: Mapping[str, str] | None = None,
        threads: int | None = None,
    ) -> Table:
        """One row per canonical name: its most frequent label, mentions (in all, and as
        ``per``, ``loc``, ``org``: a country that acts is ORG under KIND's guidelines), articles,
        surface forms (most frequent first), first and last article date; most mentioned
        first. Mentions in set-aside text (paywall prompts, ``Leggi anche`` lines) are not
        counted."""
        return Table(
            self._inner.entity_counts_table(model=model, aliases=aliases, threads=threads),
            name="entity_counts",
        )

    # -- storage ---------------------------------------------------------------------------
    def save(self, folder: PathLike, *, progress: bool | None = None) -> Path:
        """Writes every table (articles, tokens, entities, entity_counts, quantities, dates,
        quotes, roles, errors) to ``folder/NAME.parquet``, and the texts that
        :func:`rassegna.load` rebuilds the corpus from. Returns the folder as a ``Path``."""
        from rassegna.storage import save

        return save(self, folder, progress=progress)

    def __eq__(self, other: object) -> bool:
        """Same articles (texts and given values) in the same order, and the same errors."""
        if not isinstance(other, Corpus):
            return NotImplemented
        return (
            self.ids == other.ids
            and list(self) == list(other)
            and [(e.location, e.kind, e.message) for e in self.errors]
            == [(e.location, e.kind, e.message) for e in other.errors]
        )

    __hash__ = None  # type: ignore[assignment]

    # -- pickling and display -------------------------------------------------------------
    def __reduce__(self) -> tuple[Any, ...]:
        return (Corpus, (self._inner,))

    def __repr__(self) -> str:
        return f"<rassegna.Corpus: {len(self)} articles, {len(self.errors)} errors>"

    def _repr_html_(self) -> str:
        from rassegna.display import corpus_html

        return corpus_html(self)

    # -- mentions: quantities, dates, quotes, roles, claims ------------------------------
    def quantities(self, *, threads: int | None = None) -> Table:
        """One row per amount: article, date, sentence, start, end, text, value, low, high,
        approximate, modifier, unit (``USD``, ``%``, or the counted noun) and entity."""
        return Table(self._inner.quantities_table(threads=threads), name="quantities")

    def dates(self, *, threads: int | None = None) -> Table:
        """One row per date mention: article, date, sentence, start, end, text, kind
        (absolute, partial, relative, range), value (ISO, or ``start/end``), precision,
        first_day and last_day; value is null when the text does not settle it."""
        return Table(self._inner.dates_table(threads=threads), name="dates")

    def quotes(self, *, threads: int | None = None) -> Table:
        """One row per quote: article, date, sentence, start, end, text, speaker (canonical
        across the corpus), speaker_start, speaker_end, cue, scare, nested."""
        return Table(self._inner.quotes_table(threads=threads), name="quotes")

    def roles(self, *, threads: int | None = None) -> Table:
        """One row per role held by a person: article, date, sentence, start, end, text,
        key, person, person_start, person_end, organization."""
        return Table(self._inner.roles_table(threads=threads), name="roles")

    def claims(self, unit: str, *, threads: int | None = None) -> Table:
        """Every amount of ``unit`` (``"soldati"`` also matches ``soldato``; ``"dollari"``
        matches ``USD``) in article-date order, with the sentence it is in and, when quoted,
        the quote and its speaker."""
        return Table(self._inner.claims_table(unit, threads=threads), name=f"claims: {unit}")

    # -- keyword statistics (vocabulary options: see rassegna.stats) ----------------------
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
        """TF-IDF with scikit-learn's definitions and options: ``.matrix`` (CSR, articles ×
        terms, rows in corpus order), ``.vocabulary`` (column order) and ``.table()`` (article,
        term, tf, df, tfidf). Given the same terms (:meth:`Article.terms`), the matrix equals
        ``TfidfVectorizer``'s."""
        return Tfidf(
            self._inner.tfidf(
                smooth_idf=smooth_idf, sublinear_tf=sublinear_tf, use_idf=use_idf, norm=norm,
                min_df=min_df, max_df=max_df, max_features=max_features, threads=threads,
                **options,
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
        """Term frequencies, most frequent first: per corpus (term, count, df) or, with
        ``per_article=True``, the ``top`` terms of each article (article, term, count, rank)."""
        return Table(
            self._inner.term_frequencies(per_article=per_article, top=top, threads=threads, **options),
            name="frequencies",
        )

    def keyness(
        self,
        target: Any,
        reference: Any = None,
        *,
        min_count: int = 3,
        threads: int | None = None,
        **options: Any,
    ) -> Table:
        """Key terms of ``target`` against ``reference`` (default: the rest of the corpus).
        Each part is a corpus filtered from this one, a dict of :meth:`filter` arguments
        (``{"start": "2023-09", "end": "2023-09"}``, ``{"source": "ansa"}``) or a boolean mask
        of ``len(corpus)``. Columns: term, counts and frequencies per 10,000 terms in each
        part, G² (log-likelihood, Rayson & Garside) with its p-value, log ratio (Hardie),
        %DIFF, and the sizes of the parts. The target's key terms come first."""
        mask_a = self._mask(target, "target")
        mask_b = [not m for m in mask_a] if reference is None else self._mask(reference, "reference")
        return Table(
            self._inner.keyness(mask_a, mask_b, min_count=min_count, threads=threads, **options),
            name="keyness",
        )

    def collocations(
        self,
        *,
        sizes: tuple[int, int] = (2, 3),
        min_count: int = 3,
        sort_by: str = "npmi",
        threads: int | None = None,
        **options: Any,
    ) -> Table:
        """Bigrams and trigrams with their count, PMI, NPMI, log-likelihood and t-score, best
        ``sort_by`` first (``npmi``, ``pmi``, ``log_likelihood``, ``t_score`` or ``count``)."""
        check_collocation_sort(sort_by)
        table = Table(
            self._inner.collocations(sizes=sizes, min_count=min_count, threads=threads, **options)
        ).to_arrow()
        return Table(sort_collocations(table, sort_by), name="collocations")

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
        """Pairs of entities (canonical names; ``labels=["PER", "LOC"]`` to choose) or of
        terms (``of="terms"``) found together ``within`` a ``"sentence"``, an ``"article"`` or a
        ``"window"`` of ``window`` tokens, with counts and PMI. ``.to_networkx()`` makes a
        graph."""
        data = self._inner.cooccurrence(
            of=of, within=within, window=window, labels=list(labels) if labels else None,
            min_count=min_count, threads=threads, **options,
        )
        return Cooccurrence(data, name="cooccurrence")

    def trends(
        self,
        terms: Sequence[str] | None = None,
        entities: Sequence[str] | None = None,
        *,
        period: str = "month",
        threads: int | None = None,
        **options: Any,
    ) -> Table:
        """Mentions of ``terms`` (written as you like: ``"Corea del Nord"``) and ``entities``
        (canonical names) per ``period`` (day, week, month, year): period, kind, name, count,
        articles, tokens and count per 10,000 tokens, with zeros, ready to plot."""
        if isinstance(terms, str) or isinstance(entities, str):
            raise InvalidValueError("terms and entities are lists of names, not one str")
        return Table(
            self._inner.trends(
                list(terms) if terms else None, list(entities) if entities else None,
                period=period, threads=threads, **options,
            ),
            name="trends",
        )

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
        """YAKE keyphrases of every article (article, rank, phrase, score; lower is better),
        as :meth:`Article.keyphrases` gives them, in parallel."""
        return Table(
            self._inner.keyphrases(
                top, n=n, window=window, dedup=dedup, stopwords=stopwords,
                extra_stopwords=list(extra_stopwords) if extra_stopwords else None,
                threads=threads,
            ),
            name="keyphrases",
        )

    def _mask(self, part: Any, name: str) -> list[bool]:
        if isinstance(part, Corpus):
            return self._inner._mask_of(part._inner)
        if isinstance(part, dict):
            return self._inner._mask_of(self.filter(**part)._inner)
        if isinstance(part, (str, bytes)) or not isinstance(part, Iterable):
            raise InvalidValueError(
                f"{name}: expected a Corpus, a dict of filter arguments or a boolean mask"
            )
        return [bool(m) for m in part]


COLLOCATION_MEASURES = ("npmi", "pmi", "log_likelihood", "t_score", "count")


def check_collocation_sort(sort_by: str) -> None:
    if sort_by not in COLLOCATION_MEASURES:
        raise InvalidValueError(f"sort_by={sort_by!r}: expected one of {COLLOCATION_MEASURES}")


def sort_collocations(table: pa.Table, sort_by: str) -> pa.Table:
    """The core gives collocations best NPMI first; another measure re-sorts, ties by n-gram."""
    if sort_by == "npmi":
        return table
    return table.sort_by([(sort_by, "descending"), ("ngram", "ascending")])


def read(
    path: PathLike,
    *,
    strict: bool = False,
    threads: int | None = None,
    source: str | None = None,
    text_column: str = "text",
    id_column: str = "id",
    date_column: str = "date",
    source_column: str = "source",
    title_column: str = "title",
    url_column: str = "url",
    progress: bool | None = None,
) -> Corpus:
    """Reads articles from a file or a folder and parses them in parallel.

    ``path`` is a ``.txt``/``.md`` file (one article), a folder (every ``.txt``/``.md`` below
    it, recursively), or a JSON Lines (``.jsonl``), JSON array, CSV/TSV or Parquet file with a
    text column and optional id, date, source, title and url columns, whose values override
    what parsing finds. Records that cannot be used are listed in ``corpus.errors``; with
    ``strict=True`` the first one raises instead. ``source`` is given to articles that have
    no source of their own. ``progress``: a bar per batch of rows for Parquet files (other
    inputs are read in one parallel pass, without a bar).
    """
    path = os.fspath(path)
    if path.lower().endswith(".parquet"):
        return _read_parquet(path, strict, threads, source, text_column,
                             [id_column, date_column, source_column, title_column, url_column],
                             progress)
    return Corpus(
        _core.Corpus.read(
            path, strict=strict, threads=threads, source=source, text_column=text_column,
            id_column=id_column, date_column=date_column, source_column=source_column,
            title_column=title_column, url_column=url_column,
        )
    )


def _read_parquet(
    path: str,
    strict: bool,
    threads: int | None,
    source: str | None,
    text_column: str,
    metadata_columns: list[str],
    progress: bool | None = None,
) -> Corpus:
    """Streams a Parquet file batch by batch; each batch is parsed in parallel in Rust."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowInvalid) as error:
        raise ReadError(f"{path}: cannot read: {error}") from error
    names = parquet.schema_arrow.names
    if text_column not in names:
        missing = MissingColumnError(f"{path}: missing column {text_column!r}")
        missing.location = path
        if strict:
            raise missing
        return Corpus(_core.Corpus.from_records([None], [path], text_column=text_column))
    wanted = [text_column] + [c for c in metadata_columns if c in names]
    parts = []
    row = 0
    rows = parquet.metadata.num_rows
    bar = _progress.bar(
        _progress.wanted(progress, -(-rows // PARQUET_BATCH_ROWS)), rows, "reading", unit="row"
    )
    try:
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=wanted):
            columns = {name: _strings(batch.column(name), path, name) for name in wanted}
            texts = columns.pop(text_column)
            locations = [f"{path}:row {row + i}" for i in range(len(texts))]
            row += len(texts)
            meta = [columns.get(name) for name in metadata_columns]
            if source is not None:
                meta[2] = [s if s is not None else source for s in (meta[2] or [None] * len(texts))]
            parts.append(
                _core.Corpus.from_records(
                    texts, locations, ids=meta[0], dates=meta[1], sources=meta[2], titles=meta[3],
                    urls=meta[4], text_column=text_column, strict=strict, threads=threads,
                )
            )
            bar.update(batch.num_rows)
    finally:
        bar.close()
    return Corpus(_core.Corpus.concat(parts))


def _strings(column: Any, path: str, name: str) -> list[str | None]:
    """A Parquet column as strings; dates and numbers are written the ISO / plain way."""
    import pyarrow as pa

    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind):
        return column.to_pylist()
    if pa.types.is_integer(kind) or pa.types.is_date(kind) or pa.types.is_timestamp(kind):
        return [None if v is None else (v.isoformat() if hasattr(v, "isoformat") else str(v))
                for v in column.to_pylist()]
    raise InvalidValueError(f"{path}: column {name!r} has type {kind}, expected strings")
