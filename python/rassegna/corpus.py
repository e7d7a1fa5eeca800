"""The corpus: many articles read and parsed in parallel, with every unusable record reported,
and everything an analyst asks of them (tables, entities, mentions, keyword statistics).

:class:`Corpus` is written once for every engine that can hold its articles (see
:mod:`rassegna.engine`): on one machine, or as the partitions of a Dask bag
(:mod:`rassegna.dask`), the same method gives the same result.
"""

from __future__ import annotations

import difflib
import glob
import os
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence, Sized
from datetime import date
from pathlib import Path
from typing import Any, Union

import pyarrow as pa
import pyarrow.compute as pc

from rassegna import _core, display, storage
from rassegna import duplicates as _duplicates
from rassegna import progress as _progress
from rassegna import search as _search
from rassegna._core import Article, NerModel, RecordError
from rassegna.duplicates import dedupable
from rassegna.engine import MENTIONED, NAMED, PARSED, Engine, LocalEngine, join_tables
from rassegna.exceptions import InvalidValueError, MissingColumnError, ReadError, UnknownSourceError
from rassegna.stats import Cooccurrence, Tfidf
from rassegna.tables import Table

PathLike = Union[str, "os.PathLike[str]"]
PARQUET_BATCH_ROWS = 4096
COLLOCATION_MEASURES = ("npmi", "pmi", "log_likelihood", "t_score", "count")
FILTER_ARGUMENTS = ("start", "end", "source")
#: The lists :meth:`Corpus.from_texts` takes beside the texts, of one value per text each.
GIVEN_VALUES = ("dates", "sources", "titles", "urls")
#: Known sources an unknown-source error lists, closest first.
SOURCES_LISTED = 10
#: The folder of a saved corpus that holds its search index.
SEARCH_FOLDER = "search"


class Corpus:
    """A collection of parsed :class:`Article` objects.

    Build one with :func:`rassegna.read` or :meth:`Corpus.from_texts`. Records that could not
    be used are in :attr:`errors`; ``len(corpus) + len(corpus.errors)`` is the number of
    records seen.
    """

    __slots__ = ("_by_id", "_engine", "_source_names")

    def __init__(self, source: _core.Corpus | Engine) -> None:
        self._engine: Engine = LocalEngine(source) if isinstance(source, _core.Corpus) else source
        self._by_id: dict[str, int] | None = None
        self._source_names: set[str] | None = None

    @classmethod
    def from_texts(
        cls,
        texts: Iterable[str],
        ids: Sequence[str] | None = None,
        *,
        dates: Sequence[str | None] | None = None,
        sources: Sequence[str | None] | None = None,
        titles: Sequence[str | None] | None = None,
        urls: Sequence[str | None] | None = None,
        year: int | None = None,
        strict: bool = False,
        threads: int | None = None,
        progress: bool | None = None,
    ) -> Corpus:
        """Parses texts in parallel. Ids default to their position as strings ("0", "1", …).

        ``dates`` (ISO, any precision: ``2024``, ``2024-06``, ``2024-06-18``), ``sources``,
        ``titles`` and ``urls`` are lists of one value (or None) per text, which override
        what parsing finds, as the columns of a JSON Lines or CSV file do. ``year`` (an int
        from 1 to 9999) is the default year of the texts, as in :func:`rassegna.read`.
        ``progress``: a bar advancing per batch of texts (see :mod:`rassegna.progress`)."""
        texts = list(texts)
        if ids is not None and len(ids) != len(texts):
            raise _invalid("ids", f"ids: {_count(ids)} for {len(texts)} texts; expected one per text")
        ids = [str(i) for i in range(len(texts))] if ids is None else [str(i) for i in ids]
        given = {name: _given(name, values, len(texts))
                 for name, values in zip(GIVEN_VALUES, (dates, sources, titles, urls))
                 if values is not None}
        batch = _progress.BATCH
        show = _progress.wanted(progress, -(-len(texts) // batch))
        if not show and not given and year is None:
            return cls(_core.Corpus.from_texts(texts, ids, strict=strict, threads=threads))
        # Batches keep the locations (`text N`) and ids one call would give.
        batch = batch if show else max(1, len(texts))
        parts = []
        bar = _progress.bar(show, len(texts), "parsing", unit="text")
        try:
            # No texts still make one (empty) call, which checks the arguments.
            for first in range(0, max(len(texts), 1), batch):
                chunk: list[str | None] = list(texts[first:first + batch])
                chunk_ids: list[str | None] = list(ids[first:first + batch])
                for offset, text in enumerate(chunk):
                    if not isinstance(text, str):
                        raise _invalid(
                            f"text {first + offset}",
                            f"text {first + offset}: expected str, got {type(text).__name__}",
                        )
                cut = {name: values[first:first + batch] for name, values in given.items()}
                parts.append(_core.Corpus.from_records(
                    chunk, [f"text {first + i}" for i in range(len(chunk))], ids=chunk_ids,
                    dates=cut.get("dates"), sources=cut.get("sources"), titles=cut.get("titles"),
                    urls=cut.get("urls"), year=year, strict=strict, threads=threads,
                ))
                bar.update(len(chunk))
        finally:
            bar.close()
        return cls(_core.Corpus.concat(parts))

    # -- access -------------------------------------------------------------------------
    def __len__(self) -> int:
        return sum(self._engine.lengths())

    def __iter__(self) -> Iterator[Article]:
        return iter(self._engine.articles())

    def __getitem__(self, key: int | str) -> Article:
        """An article by position (``corpus[0]``) or by id (``corpus["003_f50da"]``); with
        repeated ids, the first."""
        if isinstance(key, str):
            index = self._positions().get(key)
            if index is None:
                raise KeyError(key)
            return self._engine.article(index)
        size = len(self)
        if key < 0:
            key += size
        if not 0 <= key < size:
            raise IndexError(f"article {key} of {size}")
        return self._engine.article(key)

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and article_id in self._positions()

    def _positions(self) -> dict[str, int]:
        if self._by_id is None:
            self._by_id = {}
            for index, article_id in enumerate(self.ids):
                if article_id is not None:
                    self._by_id.setdefault(article_id, index)
        return self._by_id

    @property
    def ids(self) -> list[str | None]:
        return self._engine.ids()

    @property
    def errors(self) -> list[RecordError]:
        """Every record that did not become an article, with its location and reason."""
        return self._engine.errors()

    @property
    def skipped(self) -> list[RecordError]:
        """Every record read that is not an article, with its location and why: a file of a
        kind rassegna does not read in a folder, a WARC record that is not a web page (a
        request, an image, a redirect). ``records_seen`` counts articles, errors and these."""
        return self._engine.skipped()

    @property
    def records_seen(self) -> int:
        """Records read: ``len(corpus) + len(corpus.errors) + len(corpus.skipped)``."""
        return self._engine.records_seen()

    @property
    def _inner(self) -> _core.Corpus:
        """The whole corpus as one core corpus, in this process."""
        return self._engine.local()

    def filter(
        self,
        start: str | None = None,
        end: str | None = None,
        source: str | Sequence[str] | None = None,
        *,
        query: str | None = None,
        entities: str | Sequence[str] | None = None,
        entity_match: str = "any",
        ids: Iterable[str] | None = None,
        stem: bool = False,
        threads: int | None = None,
    ) -> Corpus:
        """Articles whose date overlaps ``[start, end]`` (ISO dates, any precision: ``2024``,
        ``2024-06``, ``2024-06-18``) and whose source is ``source`` (one or several).
        Undated articles are left out when a date bound is given. Canonical names are then
        settled over the articles kept.

        ``query``: articles that match a search query (see :meth:`search`); ``entities``:
        articles naming any (``entity_match="all"``: all) of these canonical names;
        ``ids``: articles with these ids. Articles keep their corpus order.

        A source that no article has raises :class:`~rassegna.UnknownSourceError` (a
        ``ValueError``) listing the sources there are; dates that no article falls in give an
        empty corpus, with a warning saying which dates the articles have."""
        sources = _sources(source)
        self._check_sources(sources, "filter")
        if query is None and entities is None and ids is None:
            kept = type(self)(self._engine.filter(start, end, sources))
        else:
            kept = type(self)(self._engine.select(self._filter_mask(
                start, end, sources, query, entities, entity_match, ids, stem, threads)))
        if (start is not None or end is not None) and len(kept) == 0 and len(self) > 0:
            given = ", ".join(f"{name}={value!r}" for name, value in
                              (("start", start), ("end", end), ("source", source)) if value is not None)
            warnings.warn(f"filter({given}): no article matches; {self._date_range()}", stacklevel=2)
        return kept

    def _filter_mask(self, start: str | None, end: str | None, sources: list[str] | None,
                     query: str | None, entities: str | Sequence[str] | None, entity_match: str,
                     ids: Iterable[str] | None, stem: bool, threads: int | None) -> list[bool]:
        masks = []
        if start is not None or end is not None or sources is not None:
            masks.append(self._engine.mask(start, end, sources))
        if query is not None:
            masks.append(_search.query_mask(self._engine, query, stem=stem, threads=threads))
        if entities is not None:
            masks.append(_search.entity_mask(self._engine, entities, entity_match, threads))
        if ids is not None:
            if isinstance(ids, str):
                raise InvalidValueError("ids: expected a list of ids, not one str")
            wanted = {str(i) for i in ids}
            masks.append([i in wanted for i in self.ids])
        return [all(values) for values in zip(*masks)]

    def _check_sources(self, sources: list[str] | None, where: str) -> None:
        """Raises for the first source name that no article has, listing the names there are."""
        if not sources:
            return
        if self._source_names is None:
            column = self.articles().to_arrow().column("source")
            self._source_names = {s for s in pc.unique(column).to_pylist() if s is not None}
        known = self._source_names
        for name in sources:
            if name in known:
                continue
            if not known:
                raise UnknownSourceError(
                    f"{where}: no article has the source {name!r}, nor any source (sources come "
                    "from a source column, rassegna.read(source=...) or from_texts(sources=...))"
                )
            closest = sorted(known, key=lambda k: (-_likeness(name, k), k))
            listed = ", ".join(repr(k) for k in closest[:SOURCES_LISTED])
            more = f" and {len(closest) - SOURCES_LISTED} more" if len(closest) > SOURCES_LISTED else ""
            raise UnknownSourceError(
                f"{where}: no article has the source {name!r}; the sources are, closest first: "
                f"{listed}{more}"
            )

    def _date_range(self) -> str:
        dates = [d for d in self.articles().to_arrow().column("date").to_pylist() if d is not None]
        if not dates:
            return f"none of the corpus's {len(self)} articles is dated"
        return f"the corpus's {len(self)} articles are dated {min(dates)} to {max(dates)}"

    # -- tables --------------------------------------------------------------------------
    def _table(self, function: str, name: str, *args: Any, stage: str = PARSED,
               **kwargs: Any) -> Table:
        """One call per part, the tables joined in part order."""
        return Table(join_tables(self._engine.run(function, *args, stage=stage, **kwargs)),
                     name=name)

    def articles(self, *, threads: int | None = None) -> Table:
        """One row per article: id, source, url, date, title, author, credits, and counts of
        paragraphs, sentences, tokens, set-aside segments and characters."""
        return self._table("articles_table", "articles", threads=threads)

    def tokens(self, *, threads: int | None = None) -> Table:
        """One row per body token: article id, sentence, index, start, end (``str`` offsets
        into the article text), text and kind."""
        return self._table("tokens_table", "tokens", threads=threads)

    # -- entities -------------------------------------------------------------------------
    def entities(
        self,
        *,
        model: NerModel | None = None,
        aliases: Mapping[str, str] | None = None,
        threads: int | None = None,
    ) -> Table:
        """One row per entity mention: article id, date, source, start, end (``str`` offsets
        into the article text), label, text, canonical, sentence, segment, set_aside, and the
        place it names (``place``: the gazetteer's name, ``geonameid``; see :meth:`places`).

        Canonical names are settled across the whole corpus. ``aliases`` (``{alias:
        canonical}``) extend the bundled table; ``model`` replaces the bundled model."""
        return self._table("entities_table", "entities", stage=NAMED, model=model,
                           aliases=aliases, threads=threads)

    @dedupable
    def entity_counts(
        self,
        *,
        model: NerModel | None = None,
        aliases: Mapping[str, str] | None = None,
        threads: int | None = None,
    ) -> Table:
        """One row per canonical name: its most frequent label, mentions (in all, and as
        ``per``, ``loc``, ``org``: a country that acts is ORG under KIND's guidelines), articles,
        surface forms (most frequent first), first and last article date, and the place its
        mentions name (``place``, ``geonameid``: null for no place); most mentioned first.
        Mentions in set-aside text (paywall prompts, ``Leggi anche`` lines) are not counted."""
        tallies = self._engine.run("_entity_tallies", stage=NAMED, model=model,
                                   aliases=aliases, threads=threads)
        return Table(_core._entity_counts_of_parts(tallies), name="entity_counts")

    def places(self, *, threads: int | None = None) -> Table:
        """One row per place the entities name (LOC mentions, and states or capitals tagged
        ORG), most mentioned first: canonical (the corpus's most used name), name (the
        gazetteer's), geonameid, country, kind (continent, country, region, city), lat, lon,
        population, mentions, articles, first and last article date. Mentions in set-aside
        text are not counted. The gazetteer is GeoNames' (CC BY 4.0), with CLDR's Italian
        names; :func:`rassegna.plot.map` draws this table."""
        tallies = self._engine.run("_place_tallies", stage=NAMED, threads=threads)
        return Table(_core._places_of_parts(tallies), name="places")

    # -- mentions: quantities, dates, quotes, roles, claims ------------------------------
    def quantities(self, *, threads: int | None = None) -> Table:
        """One row per amount: article, date, sentence, start, end, text, value, low, high,
        approximate, modifier, unit (``USD``, ``%``, or the counted noun) and entity."""
        return self._table("quantities_table", "quantities", stage=MENTIONED, threads=threads)

    def dates(self, *, threads: int | None = None) -> Table:
        """One row per date mention: article, date, sentence, start, end, text, kind
        (absolute, partial, relative, range), value (ISO, or ``start/end``), precision,
        first_day and last_day; value is null when the text does not settle it."""
        return self._table("dates_table", "dates", stage=MENTIONED, threads=threads)

    @dedupable
    def quotes(self, *, threads: int | None = None) -> Table:
        """One row per quote: article, date, sentence, start, end, text, speaker (canonical
        across the corpus), speaker_start, speaker_end, cue, scare, nested."""
        return self._table("quotes_table", "quotes", stage=MENTIONED, threads=threads)

    def roles(self, *, threads: int | None = None) -> Table:
        """One row per role held by a person: article, date, sentence, start, end, text,
        key, person, person_start, person_end, organization."""
        return self._table("roles_table", "roles", stage=MENTIONED, threads=threads)

    def claims(self, unit: str, *, threads: int | None = None) -> Table:
        """Every amount of ``unit`` (``"soldati"`` also matches ``soldato``; ``"dollari"``
        matches ``USD``) in article-date order, with the sentence it is in and, when quoted,
        the quote and its speaker."""
        parts = self._engine.run("claims_table", unit, stage=MENTIONED, threads=threads)
        claims = join_tables(parts)
        if len(parts) > 1:
            # Each part is in date order (undated last, corpus order on a tie) and parts follow
            # one another in corpus order: a stable sort by date orders the whole.
            claims = claims.take(_core._date_order(claims.column("date").to_pylist()))
        return Table(claims, name=f"claims: {unit}")

    # -- keyword statistics (vocabulary options: see rassegna.stats) ----------------------
    def _term_stage(self, options: Mapping[str, Any]) -> str:
        """Entity-aware terms need the names of the whole corpus."""
        return NAMED if options.get("entities") else PARSED

    @dedupable
    def tfidf(
        self,
        *,
        smooth_idf: bool = True,
        sublinear_tf: bool = False,
        use_idf: bool = True,
        norm: str | None = "l2",
        min_df: float = 1,
        max_df: float = 1.0,
        max_features: int | None = None,
        threads: int | None = None,
        **options: Any,
    ) -> Tfidf:
        """TF-IDF with scikit-learn's definitions and options: ``.matrix`` (CSR, articles ×
        terms, rows in corpus order), ``.vocabulary`` (column order) and ``.table()`` (article,
        term, tf, df, tfidf). Given the same terms (:meth:`Article.terms`), the matrix equals
        ``TfidfVectorizer``'s."""
        counts = self._engine.run("_term_counts", stage=self._term_stage(options),
                                  threads=threads, **options)
        return Tfidf(_core._tfidf_of_parts(
            counts, self.ids, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf, use_idf=use_idf,
            norm=norm, min_df=min_df, max_df=max_df, max_features=max_features, threads=threads,
        ))

    @dedupable
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
        stage = self._term_stage(options)
        if per_article:
            return self._table("_top_terms", "frequencies", stage=stage, top=top,
                               threads=threads, **options)
        counts = self._engine.run("_term_counts", stage=stage, threads=threads, **options)
        return Table(_core._frequencies_of_parts(counts, top=top, threads=threads),
                     name="frequencies")

    def keyness(
        self,
        target: Any,
        reference: Any = None,
        *,
        min_count: int = 3,
        threads: int | None = None,
        dedupe: bool = False,
        **options: Any,
    ) -> Table:
        """Key terms of ``target`` against ``reference`` (default: the rest of the corpus).
        Each part is a corpus filtered from this one, a dict of :meth:`filter` arguments
        (``{"start": "2023-09", "end": "2023-09"}``, ``{"source": "ansa"}``) or a boolean mask
        of ``len(corpus)``. Columns: term, counts and frequencies per 10,000 terms in each
        part, G² (log-likelihood, Rayson & Garside) with its p-value, log ratio (Hardie),
        %DIFF, and the sizes of the parts. The target's key terms come first. ``dedupe=True``
        counts each story once (the articles :meth:`deduplicate` keeps)."""
        target_mask = self._mask(target, "target")
        reference_mask = ([not m for m in target_mask] if reference is None
                          else self._mask(reference, "reference"))
        if dedupe:
            kept = self._kept()
            target_mask = [t and k for t, k in zip(target_mask, kept)]
            reference_mask = [r and k for r, k in zip(reference_mask, kept)]
        for name, part, mask in (("target", target, target_mask),
                                 ("reference", reference, reference_mask)):
            if not any(mask):
                shown = "the rest of the corpus" if part is None else _shown_part(part)
                raise InvalidValueError(
                    f"keyness {name}: no article in {shown}, so there is nothing to compare"
                )
        each = list(zip(self._by_part(target_mask), self._by_part(reference_mask)))
        totals = self._engine.run("_keyness_counts", stage=self._term_stage(options), each=each,
                                  threads=threads, **options)
        return Table(_core._keyness_of_parts(totals, min_count=min_count), name="keyness")

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
        if sort_by not in COLLOCATION_MEASURES:
            raise InvalidValueError(f"sort_by={sort_by!r}: expected one of {COLLOCATION_MEASURES}")
        tallies = self._engine.run("_collocation_tally", stage=self._term_stage(options),
                                   sizes=sizes, threads=threads, **options)
        table = Table(_core._collocations_of_parts(tallies, sizes=sizes, min_count=min_count))
        # The core gives the best NPMI first; another measure re-sorts, ties by n-gram.
        arrow = table.to_arrow()
        if sort_by != "npmi":
            arrow = arrow.sort_by([(sort_by, "descending"), ("ngram", "ascending")])
        return Table(arrow, name="collocations")

    def cooccurrence(
        self,
        of: str = "entities",
        *,
        within: str = "sentence",
        window: int = 5,
        labels: Sequence[str] | None = None,
        places: bool = False,
        min_count: int = 1,
        threads: int | None = None,
        **options: Any,
    ) -> Cooccurrence:
        """Pairs of entities (canonical names; ``labels=["PER", "LOC"]`` to choose) or of
        terms (``of="terms"``) found together ``within`` a ``"sentence"``, an ``"article"`` or a
        ``"window"`` of ``window`` tokens, with counts and PMI. ``.to_networkx()`` makes a
        graph.

        ``places=True`` keeps the entities linked to a place (:meth:`places`), whatever their
        label, besides those of ``labels``: a state that acts is ORG under KIND's guidelines
        and LOC elsewhere, yet always a place (``labels=["LOC"]`` alone misses its ORG
        mentions)."""
        stage = NAMED if of == "entities" else self._term_stage(options)
        tallies = self._engine.run(
            "_cooccurrence_tally", stage=stage, of=of, within=within, window=window,
            labels=list(labels) if labels else None, places=places, threads=threads, **options,
        )
        return Cooccurrence(_core._cooccurrence_of_parts(tallies, min_count=min_count),
                            name="cooccurrence")

    @dedupable
    def trends(
        self,
        terms: Sequence[str] | None = None,
        entity_names: Sequence[str] | None = None,
        *,
        period: str = "month",
        threads: int | None = None,
        **options: Any,
    ) -> Table:
        """Mentions of ``terms`` (written as you like: ``"Corea del Nord"``) and of entities
        by their canonical names (``entity_names``) per ``period`` (day, week, month, year):
        period, kind, name, count, articles, tokens and count per 10,000 tokens, with zeros,
        ready to plot. Vocabulary options apply to the terms (``entities=True``: entity-aware
        terms)."""
        if isinstance(terms, str) or isinstance(entity_names, str):
            raise InvalidValueError("terms and entity_names are lists of names, not one str")
        if not isinstance(options.get("entities", False), bool):
            raise InvalidValueError(
                "entities= is the vocabulary option (True: an entity is one term); "
                "the canonical names to follow go in entity_names=[...]"
            )
        stage = NAMED if entity_names or options.get("entities") else PARSED
        tallies = self._engine.run(
            "_trend_tally", list(terms) if terms else None,
            list(entity_names) if entity_names else None,
            stage=stage, period=period, threads=threads, **options,
        )
        return Table(_core._trends_of_parts(tallies), name="trends")

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
        return self._table(
            "keyphrases", "keyphrases", top, n=n, window=window, dedup=dedup,
            stopwords=stopwords, extra_stopwords=list(extra_stopwords) if extra_stopwords else None,
            threads=threads,
        )

    # -- search and concordance (rassegna.search) -----------------------------------------
    def search(
        self,
        query: str,
        *,
        limit: int | None = None,
        offset: int = 0,
        stem: bool = False,
        threads: int | None = None,
    ) -> _search.SearchResult:
        """Articles matching ``query``, best first (BM25): id, date, source, title, score and
        hits (matches in the body); ``.hits()`` gives one row per match with its sentence,
        offsets and context. ``limit`` and ``offset`` page through the ranking.

        The query language: words (all must match), ``"exact phrases"``, ``"kim lavrov"~10``
        (within 10 words), ``nordcorean*``, ``OR``, ``AND``, ``NOT``/``-word``, parentheses,
        ``title:``, ``source:``, ``date:[2024-06 TO 2024-07]`` and ``entity:"Kim Jong-un"``
        (canonical names). Case and accents do not matter; ``stem=True`` finds the words of
        the same Italian stem (``truppa`` finds ``truppe``). A malformed query raises
        :class:`~rassegna.QueryError` saying at which column. The index is built on the first
        search and kept; :meth:`save` stores it."""
        return _search.search(self._engine, query, limit=limit, offset=offset, stem=stem,
                              threads=threads)

    def concordance(
        self,
        pattern: str,
        *,
        window: int = _search.WINDOW,
        sort: str | None = None,
        regex: bool = False,
        limit: int | None = None,
        threads: int | None = None,
    ) -> _search.Concordance:
        """Keyword in context: every occurrence of ``pattern`` in the article bodies, with
        ``window`` words either side: article, sentence, start, end (``str`` offsets), left,
        match, right. ``pattern`` is a word or phrase (any case, with or without accents;
        ``nordcorean*`` for a prefix) or, with ``regex=True``, a regular expression (the
        ``regex`` crate's syntax, linear time; ``(?i)`` for any case). ``sort``: ``"left"``
        or ``"right"`` orders lines by the words nearest the match on that side; by default
        they are in corpus order."""
        return _search.concordance(self._engine, pattern, window=window, sort=sort, regex=regex,
                                   limit=limit, threads=threads)

    # -- near-duplicates (defaults and what they trade off: see rassegna.duplicates) -------
    def duplicates(
        self,
        *,
        threshold: float = _duplicates.THRESHOLD,
        containment: float = _duplicates.CONTAINMENT,
        shingle_size: int = _duplicates.SHINGLE_SIZE,
        num_perm: int = _duplicates.NUM_PERM,
        bands: int = _duplicates.BANDS,
        threads: int | None = None,
    ) -> Table:
        """Groups of articles that tell one story in (nearly) the same words: one row per
        article in a group, with group (numbered in corpus order), article (id), index
        (position in the corpus), date, source, title, the group's representative (its
        earliest article) and representative_index, similarity (exact Jaccard similarity of
        the content's word shingles to the representative's), containment (the share of the
        representative's shingles this article has), relation (``representative``,
        ``exact``: the same content; ``near``: similar at ``threshold`` or above;
        ``contains``: the representative's whole content and paragraphs of its own;
        ``within``: a cut copy; ``linked``: grouped through another member) and words.

        Compared: the content (title, paragraphs, captions; not set-aside text, datelines,
        bylines or credits), folded for case and accents. Two articles are copies when their
        similarity reaches ``threshold``, or when one has at least ``containment`` of the
        other's shingles. See :mod:`rassegna.duplicates` for what each parameter trades off."""
        return Table(_duplicates.table(
            self._engine, threshold=threshold, containment=containment, shingle_size=shingle_size,
            num_perm=num_perm, bands=bands, threads=threads,
        ), name="duplicates")

    def deduplicate(self, keep: str = "earliest", *, threads: int | None = None,
                    **options: Any) -> Corpus:
        """The corpus with one article per group of :meth:`duplicates` (``options`` are its
        arguments), in corpus order: the ``earliest`` (the representative), the ``latest``,
        the ``first`` in the corpus or the ``longest`` (most words); articles in no group
        all stay."""
        _duplicates.check_keep(keep)
        return self._without_copies(self.duplicates(threads=threads, **options), keep)

    def _without_copies(self, duplicates: Table, keep: str = "earliest") -> Corpus:
        mask = _duplicates.kept(duplicates.to_arrow().to_pylist(), len(self), keep)
        return type(self)(self._engine.select(mask))

    def _kept(self) -> list[bool]:
        """Which articles :meth:`deduplicate` keeps, one value per article."""
        return _duplicates.kept(self.duplicates().to_arrow().to_pylist(), len(self), "earliest")

    def _mask(self, part: Any, name: str) -> list[bool]:
        """A part of the corpus (see :meth:`keyness`) as one value per article."""
        if isinstance(part, Corpus):
            return self._engine.mask_of(part._engine)
        if isinstance(part, dict):
            unknown = set(part) - set(FILTER_ARGUMENTS)
            if unknown:
                raise InvalidValueError(
                    f"{name}: unknown filter arguments {sorted(unknown)}; "
                    f"expected {', '.join(FILTER_ARGUMENTS)}"
                )
            sources = _sources(part.get("source"))
            self._check_sources(sources, f"keyness {name}")
            return self._engine.mask(part.get("start"), part.get("end"), sources)
        if isinstance(part, (str, bytes)) or not isinstance(part, Iterable):
            raise InvalidValueError(
                f"{name}: expected a Corpus, a dict of filter arguments or a boolean mask"
            )
        mask = [bool(m) for m in part]
        if len(mask) != len(self):
            raise InvalidValueError(f"{name}: a mask of {len(mask)} values for {len(self)} articles")
        return mask

    def _by_part(self, values: list[Any]) -> list[list[Any]]:
        """Per-article values cut into the engine's parts."""
        out, at = [], 0
        for n in self._engine.lengths():
            out.append(values[at:at + n])
            at += n
        return out

    # -- storage ---------------------------------------------------------------------------
    def save(self, folder: PathLike, *, progress: bool | None = None) -> Path:
        """Writes every table (articles, tokens, entities, entity_counts, quantities, dates,
        quotes, roles, errors) to ``folder/NAME.parquet``, and the texts that
        :func:`rassegna.load` rebuilds the corpus from, and the search index (``search/``),
        which :func:`rassegna.load` reopens as it is. Returns the folder as a ``Path``."""
        saved = storage.save(self, folder, progress=progress)
        _core._search_save(self._inner, saved / SEARCH_FOLDER)
        return saved

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

    # -- combining -------------------------------------------------------------------------
    def __add__(self, other: object) -> Corpus:
        """``a + b``: the articles of ``a``, then those of ``b`` (see :func:`concat`)."""
        if not isinstance(other, Corpus):
            return NotImplemented
        return concat([self, other])

    @classmethod
    def _concat(cls, corpora: Sequence[Corpus]) -> Corpus:
        """Corpora of this class, one after the other (a subclass whose engine is not in this
        process overrides it)."""
        return cls(_core.Corpus.concat([c._inner for c in corpora]))

    # -- pickling and display -------------------------------------------------------------
    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._engine,))

    def __repr__(self) -> str:
        skipped = self.skipped
        extra = f", {len(skipped)} skipped" if skipped else ""
        return f"<rassegna.Corpus: {len(self)} articles, {len(self.errors)} errors{extra}>"

    def _repr_html_(self) -> str:
        return display.corpus_html(self)


def _sources(source: str | Sequence[str] | None) -> list[str] | None:
    return [source] if isinstance(source, str) else (list(source) if source is not None else None)


def _likeness(name: str, known: str) -> float:
    """How close a source name is to a known one, case aside (``ANSA`` is ``ansa``)."""
    return difflib.SequenceMatcher(None, name.casefold(), known.casefold()).ratio()


def concat(corpora: Iterable[Corpus]) -> Corpus:
    """One corpus with the articles of ``corpora`` one after the other, and the errors (and
    records seen) of all of them. Ids stay as they are, so two corpora may share one
    (``corpus[id]`` gives the first); canonical names are settled over the whole.

    The corpora are all local (:func:`rassegna.read`, :meth:`Corpus.from_texts`) or all
    distributed (:func:`rassegna.dask.read`); bring a distributed one to this machine with
    ``.compute()`` to combine it with local ones."""
    corpora = list(corpora)
    if not corpora:
        raise InvalidValueError("concat: no corpora given")
    for index, corpus in enumerate(corpora):
        if not isinstance(corpus, Corpus):
            raise InvalidValueError(
                f"concat: item {index} is a {type(corpus).__name__}, not a rassegna.Corpus"
            )
    kinds = {type(c) for c in corpora}
    if len(kinds) > 1:
        names = ", ".join(sorted(f"{k.__module__}.{k.__name__}" for k in kinds))
        raise InvalidValueError(
            f"concat: cannot combine corpora of different kinds ({names}): bring a "
            "distributed corpus to this machine with .compute() first, or read every input "
            "with rassegna.dask.read"
        )
    return type(corpora[0])._concat(corpora)


def _invalid(location: str, message: str) -> InvalidValueError:
    error = InvalidValueError(message)
    error.location = location
    return error


def _count(values: Sized) -> str:
    return f"{len(values)} value{'' if len(values) == 1 else 's'}"


def _given(name: str, values: Sequence[Any], texts: int) -> list[str | None]:
    """One of the lists :meth:`Corpus.from_texts` takes beside the texts, checked: one str
    (or None) per text. A missing value read by pandas (NaN) is None; a date may be a
    ``datetime.date``."""
    if isinstance(values, str):
        raise _invalid(name, f"{name}: expected a list of one value per text, got one str "
                             f"({name}=[{values!r}] * len(texts) gives it to every text)")
    if len(values) != texts:
        raise _invalid(name, f"{name}: {_count(values)} for {texts} texts; expected one per text")
    out: list[str | None] = []
    for index, value in enumerate(values):
        if value is None or (isinstance(value, float) and value != value):
            out.append(None)
        elif isinstance(value, str):
            out.append(value)
        elif name == "dates" and isinstance(value, date):
            out.append(value.isoformat())
        else:
            raise _invalid(f"{name}[{index}]",
                           f"{name}[{index}]: expected str or None, got {type(value).__name__}")
    return out


def _shown_part(part: Any) -> str:
    """A keyness part as an error message shows it."""
    if isinstance(part, dict):
        return "{" + ", ".join(f"{k}={v!r}" for k, v in part.items()) + "}"
    return "the mask" if not isinstance(part, Corpus) else "the corpus given"


def read(
    path: PathLike | Sequence[PathLike],
    *,
    strict: bool = False,
    threads: int | None = None,
    source: str | None = None,
    year: int | None = None,
    encoding: str | None = None,
    text_column: str = "text",
    id_column: str = "id",
    date_column: str = "date",
    source_column: str = "source",
    title_column: str = "title",
    url_column: str = "url",
    html_column: str | None = None,
    progress: bool | None = None,
) -> Corpus:
    """Reads articles from files and folders and parses them in parallel.

    ``path`` is a ``.txt``/``.md`` file (one article), a saved web page (``.html``, ``.htm``,
    ``.xhtml``: its main text and metadata, as :func:`parse_html` reads it), a WARC crawl
    (``.warc``: every HTTP response that is a web page), a JSON Lines (``.jsonl``), JSON
    array, CSV/TSV or Parquet file with a text column and optional id, date, source, title and
    url columns, whose values override what parsing finds (any of these but Parquet may be
    gzipped: ``.warc.gz``, ``.html.gz``, ``.jsonl.gz``); a folder (every file below it,
    recursively, read by its kind; a file of another kind is listed in ``corpus.skipped``,
    and Parquet files come after the folder's other records); or a glob pattern
    (``"archive/*.jsonl"``, ``"**"`` for any folders between) or a list of any of these.
    Several inputs make one corpus, in the order given (a pattern's matches in sorted
    order), as :func:`concat` joins them: the other arguments
    apply to each input, ids stay as each input gives them, and the errors of every input are
    kept. A pattern that matches nothing raises :class:`~rassegna.ReadError`.

    Records that cannot be used are listed in ``corpus.errors``; with ``strict=True`` the
    first one raises instead. ``source`` is given to articles that have no source of their
    own. ``year`` (an int from 1 to 9999) is the default year of a collection whose records
    carry no date: an article that neither its record's date nor its text dates with a year
    has a yearless agency dateline (``MOSCA, 10 FEB (ANSA) -``) completed to the day
    (``2024-02-10`` with ``year=2024``), or else the date ``2024``; a record's own date, and a
    date its text gives with a year, win over it. It travels with the article, as ``source``
    does: pickling, :meth:`Corpus.save` and :func:`load` keep it.

    Files are decoded as browsers decode them: a byte order mark, then (for web pages and
    crawls) the charset the page or the server declares, then UTF-8 when the bytes are UTF-8,
    then the encoding chardetng guesses (``windows-1252`` for most Italian exports); each
    article's ``encoding`` says which. ``encoding=`` (``"cp1252"``, ``"latin-1"``,
    ``"utf-16"`` …) decodes every file in that encoding instead, and a file not valid in it is
    an error. ``html_column=`` names the column of a table (JSON Lines, CSV, Parquet) that
    holds web pages, each read as a saved page is (its main text and metadata), in place of a
    text column. ``progress``: a bar per
    batch of rows for Parquet files (other inputs are read in one parallel pass, without a
    bar).
    """
    names = _inputs(path)
    parts = [
        _read_one(name, progress, {
            "strict": strict, "threads": threads, "source": source, "year": year,
            "encoding": encoding, "text_column": text_column, "id_column": id_column,
            "date_column": date_column,
            "source_column": source_column, "title_column": title_column,
            "url_column": url_column, "html_column": html_column,
        })
        for name in names
    ]
    return parts[0] if len(parts) == 1 else concat(parts)


#: Records per batch of :func:`read_batches` by default: some tens of megabytes of news text.
BATCH_RECORDS = 10_000


def read_batches(
    path: PathLike | Sequence[PathLike],
    *,
    batch_size: int = BATCH_RECORDS,
    strict: bool = False,
    threads: int | None = None,
    source: str | None = None,
    year: int | None = None,
    encoding: str | None = None,
    text_column: str = "text",
    id_column: str = "id",
    date_column: str = "date",
    source_column: str = "source",
    title_column: str = "title",
    url_column: str = "url",
    html_column: str | None = None,
) -> Iterator[Corpus]:
    """Reads what :func:`read` reads as a stream of corpora of at most ``batch_size`` records
    each (articles, errors and skipped records), so that an archive larger than memory can be
    worked through batch by batch: the next records are read ahead on another thread while a
    batch is parsed, and a batch is let go when the loop moves on. Arguments as in
    :func:`read`. Each batch is a corpus of its own (canonical names are settled within it);
    :class:`rassegna.Totals` adds up the statistics of the whole archive::

        totals = rassegna.Totals()
        for batch in rassegna.read_batches("crawl/", batch_size=5000):
            totals.add(batch)
        totals.frequencies(top=20), totals.entity_counts()
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise InvalidValueError(f"batch_size: expected a positive int, got {batch_size!r}")
    options: dict[str, Any] = {
        "strict": strict, "threads": threads, "source": source, "year": year,
        "encoding": encoding, "text_column": text_column, "id_column": id_column,
        "date_column": date_column, "source_column": source_column,
        "title_column": title_column, "url_column": url_column, "html_column": html_column,
    }
    for name in _inputs(path):
        parquet = [name] if name.lower().endswith(".parquet") else []
        if not parquet:
            for batch in _core.Batches(name, size=batch_size, leave_parquet=True, **options):
                yield Corpus(batch)
            if os.path.isdir(name):
                parquet = [f for f, kind in _core._listed_files(name) if kind == "parquet"]
        for table in parquet:
            for part in _parquet_parts(table, options, batch_size):
                yield Corpus(part)


def _inputs(path: PathLike | Sequence[PathLike]) -> list[str]:
    """The files and folders ``read`` reads, patterns expanded, in order."""
    if isinstance(path, (str, os.PathLike)):
        return _expand(os.fspath(path))
    if isinstance(path, bytes) or not isinstance(path, Iterable):
        raise InvalidValueError(
            f"read: expected a path, a glob pattern or a list of them, got {type(path).__name__}"
        )
    items = list(path)
    if not items:
        raise InvalidValueError("read: an empty list of paths")
    names = []
    for index, item in enumerate(items):
        if not isinstance(item, (str, os.PathLike)):
            raise InvalidValueError(
                f"read: item {index} is a {type(item).__name__}, expected a path or a glob pattern"
            )
        names.extend(_expand(os.fspath(item)))
    return names


def _expand(path: str) -> list[str]:
    """A glob pattern's matches, sorted; a path that exists (even with ``[`` in its name), or
    that is no pattern, as it is (reading it says what is wrong with it)."""
    if os.path.lexists(path) or not glob.has_magic(path):
        return [path]
    matches = sorted(glob.glob(path, recursive=True))
    if not matches:
        error = ReadError(f"{path}: no file or folder matches this pattern")
        error.location = path
        raise error
    return matches


def _read_one(path: str, progress: bool | None, options: dict[str, Any]) -> Corpus:
    """One input of :func:`read`; ``options`` are ``read``'s keyword arguments."""
    if path.lower().endswith(".parquet"):
        parts = list(_parquet_parts(path, options, PARQUET_BATCH_ROWS, progress))
        return Corpus(parts[0] if len(parts) == 1 else _core.Corpus.concat(parts))
    if not os.path.isdir(path):
        return Corpus(_core.Corpus.read(path, **options))
    # A folder: Rust reads every kind but Parquet, which pyarrow reads, after the rest.
    corpus = Corpus(_core.Corpus.read(path, leave_parquet=True, **options))
    parquet = [name for name, kind in _core._listed_files(path) if kind == "parquet"]
    if not parquet:
        return corpus
    return concat([corpus] + [_read_one(name, progress, options) for name in parquet])


def load(folder: PathLike) -> Corpus:
    """The corpus saved in ``folder`` by :meth:`Corpus.save`, parsed again from its texts,
    with its search index opened from the folder (not built again)."""
    corpus = storage.read_saved(folder)
    if (Path(folder) / SEARCH_FOLDER).is_dir():
        _core._search_open(corpus, Path(folder) / SEARCH_FOLDER)
    return Corpus(corpus)


def _parquet_parts(
    path: str, options: dict[str, Any], rows_per_part: int, progress: bool | None = None,
) -> Iterator[_core.Corpus]:
    """A Parquet file's rows, ``rows_per_part`` at a time, each batch parsed in Rust (a
    batch of web pages, from ``html_column``, extracted first); ``options`` are ``read``'s
    keyword arguments."""
    import pyarrow.parquet as pq

    strict, threads, source, year = (options[k] for k in ("strict", "threads", "source", "year"))
    html = options["html_column"] is not None
    text_column = options["html_column"] if html else options["text_column"]
    metadata_columns = [options[f"{name}_column"] for name in ("id", "date", "source", "title", "url")]

    try:
        parquet = pq.ParquetFile(path)
    except (OSError, pa.ArrowInvalid) as error:
        # pyarrow's message for a missing file names the file again; the OS's reason does not.
        reason = os.strerror(error.errno) if isinstance(error, OSError) and error.errno else str(error)
        unreadable = ReadError(f"{path}: cannot read: {reason}")
        unreadable.location = path
        raise unreadable from error
    names = parquet.schema_arrow.names
    if text_column not in names:
        missing = MissingColumnError(f"{path}: missing column {text_column!r}")
        missing.location = path
        if strict:
            raise missing
        yield _core.Corpus.from_records([None], [path], year=year, text_column=text_column)
        return
    wanted = [text_column] + [c for c in metadata_columns if c in names]
    row = 0
    rows = parquet.metadata.num_rows
    bar = _progress.bar(
        _progress.wanted(progress, -(-rows // rows_per_part)), rows, "reading", unit="row"
    )
    try:
        for batch in parquet.iter_batches(batch_size=rows_per_part, columns=wanted):
            columns = {name: _strings(batch.column(name), path, name) for name in wanted}
            texts = columns.pop(text_column)
            locations = [f"{path}:row {row + i}" for i in range(len(texts))]
            row += len(texts)
            meta = [columns.get(name) for name in metadata_columns]
            if source is not None:
                meta[2] = [s if s is not None else source for s in (meta[2] or [None] * len(texts))]
            part = _core.Corpus.from_records(
                texts, locations, ids=meta[0], dates=meta[1], sources=meta[2], titles=meta[3],
                urls=meta[4], year=year, text_column=text_column, html=html, strict=strict,
                threads=threads,
            )
            bar.update(batch.num_rows)
            yield part
    finally:
        bar.close()


def _strings(column: Any, path: str, name: str) -> list[str | None]:
    """A Parquet column as strings; dates and numbers are written the ISO / plain way."""
    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind):
        return column.to_pylist()
    if pa.types.is_integer(kind) or pa.types.is_date(kind) or pa.types.is_timestamp(kind):
        return [None if v is None else (v.isoformat() if hasattr(v, "isoformat") else str(v))
                for v in column.to_pylist()]
    raise InvalidValueError(f"{path}: column {name!r} has type {kind}, expected strings")
