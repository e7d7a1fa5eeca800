"""Keyword statistics results: TF-IDF (a ``scipy.sparse`` CSR matrix, its vocabulary and the
long table) and co-occurrence tables that become ``networkx`` graphs.

The arrays come from Rust through the Arrow C interface and are viewed by numpy without a
copy; no Python object is made per token or per cell.

Vocabulary options, accepted by :meth:`rassegna.Article.terms` and every corpus statistic
(``**options``):

``lowercase=True``
    lower-case words (entity names keep their case);
``stopwords=True``
    leave out the bundled Italian stop-words (the Snowball list and a few news function words:
    ``rassegna.stats.ITALIAN_STOPWORDS``);
``extra_stopwords=()``
    more stop-words, added to the list (or used alone with ``stopwords=False``);
``stem=False``
    Snowball Italian stems instead of word forms;
``min_length=2``
    shorter words are not terms;
``numbers=False``
    keep numbers (``2024``, ``1.500``) as terms;
``fold_elisions=True``
    elided words (``dell'``, ``l'``) are not terms;
``entities=False``
    an entity is one term under its canonical name (``Corea del Nord``, ``Vladimir Putin``);
``ngram_range=(1, 1)``
    n-gram sizes, as scikit-learn's; an n-gram never starts or ends with a stop-word or
    crosses punctuation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from rassegna import _core
from rassegna.display import tfidf_html
from rassegna.tables import Table

__all__ = ["ITALIAN_STOPWORDS", "Cooccurrence", "Tfidf", "tfidf"]


def _column(data: Any) -> pa.Array:
    column = pa.RecordBatchReader.from_stream(data).read_all().column(0)
    # One chunk is the array Rust built, shared; concatenating would copy it.
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


class Tfidf:
    """A TF-IDF result: ``matrix`` (``scipy.sparse.csr_matrix``, articles × terms, rows in
    corpus order), ``vocabulary`` (the terms in column order), ``df`` and ``idf`` per term,
    ``ids`` per row, and :meth:`table`, one row per non-zero cell."""

    __slots__ = ("_matrix", "_result", "_vocabulary")

    def __init__(self, result: _core.TfidfResult) -> None:
        self._result = result
        self._matrix: Any = None
        self._vocabulary: list[str] | None = None

    def _numpy(self, name: str) -> Any:
        return _column(self._result.array(name)).to_numpy(zero_copy_only=True)

    @property
    def shape(self) -> tuple[int, int]:
        return self._result.shape

    @property
    def matrix(self) -> Any:
        """The CSR matrix (float64). Its arrays are shared with the result, not copied."""
        if self._matrix is None:
            import numpy as np
            from scipy.sparse import csr_matrix

            indptr = self._numpy("indptr")
            indices = self._numpy("indices")
            if indptr[-1] <= np.iinfo(np.int32).max:
                indptr = indptr.astype(np.int32)
            matrix = csr_matrix((self._numpy("data"), indices, indptr), shape=self.shape, copy=False)
            matrix.has_sorted_indices = True
            self._matrix = matrix
        return self._matrix

    @property
    def vocabulary(self) -> list[str]:
        """The terms, in column order (alphabetical, as scikit-learn's)."""
        if self._vocabulary is None:
            self._vocabulary = self._result.terms()
        return self._vocabulary

    @property
    def vocabulary_(self) -> dict[str, int]:
        """Term → column, as scikit-learn's ``vectorizer.vocabulary_``."""
        return {term: i for i, term in enumerate(self.vocabulary)}

    @property
    def df(self) -> Any:
        """Document frequency of each term (numpy array)."""
        return self._numpy("df")

    @property
    def idf(self) -> Any:
        """Inverse document frequency of each term (numpy array), as scikit-learn's ``idf_``."""
        return self._numpy("idf")

    @property
    def ids(self) -> list[str | None]:
        return _column(self._result.array("ids")).to_pylist()

    def table(self) -> Table:
        """One row per non-zero cell: article, term, tf (count), df, tfidf."""
        return Table(self._result.table(), name="tfidf")

    def to_pandas(self) -> Any:
        return self.table().to_pandas()

    def to_polars(self) -> Any:
        return self.table().to_polars()

    def to_arrow(self) -> pa.Table:
        return self.table().to_arrow()

    def __repr__(self) -> str:
        rows, columns = self.shape
        return f"<rassegna.Tfidf: {rows} articles × {columns} terms>"

    def _repr_html_(self) -> str:
        return tfidf_html(self)


class Cooccurrence(Table):
    """A co-occurrence table (source, target, count, source_count, target_count, pmi) that
    also converts to a ``networkx`` graph."""

    __slots__ = ()

    def to_networkx(self) -> Any:
        """An undirected ``networkx.Graph``: nodes carry ``count``, edges ``weight`` (the
        count) and ``pmi``. Needs networkx: ``pip install rassegna[graph]``."""
        try:
            import networkx as nx
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ImportError(
                "to_networkx() needs networkx: pip install 'rassegna[graph]' (or networkx)"
            ) from error
        graph = nx.Graph()
        rows = self.to_arrow().to_pylist()
        for row in rows:
            graph.add_node(row["source"], count=row["source_count"])
            graph.add_node(row["target"], count=row["target_count"])
            graph.add_edge(row["source"], row["target"], weight=row["count"], pmi=row["pmi"])
        return graph

    def __reduce__(self) -> tuple[Any, ...]:
        return (Cooccurrence, (self.to_arrow(), self.name))


def tfidf(
    texts: Iterable[str],
    *,
    ids: Sequence[str] | None = None,
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
    """TF-IDF of raw texts, straight from memory to a matrix: each text is parsed for its body
    (set-aside text and metadata lines are left out, as in :class:`Corpus`) and counted in
    parallel without building articles. Same options and result as :meth:`Corpus.tfidf`;
    ``entities=True`` needs a corpus."""
    if ids is not None:
        ids = [str(i) for i in ids]
    return Tfidf(
        _core.tfidf_texts(
            texts, ids=ids, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf, use_idf=use_idf,
            norm=norm, min_df=min_df, max_df=max_df, max_features=max_features, threads=threads,
            **options,
        )
    )


#: The bundled Italian stop-words (Snowball's list and rassegna's additions).
ITALIAN_STOPWORDS: frozenset[str] = frozenset(_core.italian_stopwords())


def _word_list(name: str) -> frozenset[str]:
    text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    return frozenset(
        word for line in text.splitlines() if (word := line.split("#", 1)[0].strip())
    )


#: Words of any news story, whatever it is about: reporting verbs (``detto``, ``secondo``),
#: modal and auxiliary filler (``potrebbe``, ``stato``) and words like ``parte``, ``anni``
#: (``data/news_stopwords_it.txt``). The report leaves them out of its keyword sections; use
#: them anywhere with ``extra_stopwords=NEWS_STOPWORDS``.
NEWS_STOPWORDS: frozenset[str] = _word_list("news_stopwords_it.txt")
