"""Near-duplicates: which articles tell the same story in (nearly) the same words.

Italian outlets republish agency wires (ANSA, Adnkronos, AGI) with small edits: a new
headline, a paragraph added or cut, another byline, the same text under two URLs. Each copy
counts again in every statistic. :meth:`rassegna.Corpus.duplicates` finds them; this module
holds the steps the method runs on any engine, and what :meth:`~rassegna.Corpus.deduplicate`
and ``dedupe=True`` keep.

How: the words of each article's *content* (the title, headings, paragraphs and captions;
not set-aside text, datelines, bylines or credits), folded for case and accents, are cut into
shingles of ``shingle_size`` consecutive words. Each part of the corpus signs its articles
(MinHash, ``num_perm`` values); the signatures of all parts are merged and banded (``bands``
bands of ``num_perm // bands`` values: articles agreeing on a whole band are candidates);
then every candidate pair is compared exactly on its shingles (kept where the signatures were
made, or sent again by the partitions of a Dask corpus), so the similarities in the table are
exact, never estimates.

The defaults were chosen on the benchmark set of ``benchmarks/bench_duplicates.py`` (KIND
stories as agency wires, copies with 2-4 realistic edits each, articles sharing only a footer,
distinct articles on neighbouring topics), where they give pair precision 0.999 and recall
0.979 (``benchmarks/README.md`` has the tables):

``threshold`` (0.4)
    Jaccard similarity of the shingle sets at which two articles are copies. Lower finds
    more heavily edited copies and starts to join distinct articles that share a long quote
    or a footer (precision 0.97 at 0.2); higher keeps only light edits (recall 0.96 at 0.5,
    0.80 at 0.8: a cut paragraph and a new one already bring a copy to about 0.6).
``containment`` (0.9)
    Share of one article's shingles found in the other at which the shorter is taken as
    contained in the longer (a wire inside an outlet's longer article), whatever their
    Jaccard similarity. The shorter needs at least 20 shingles (about a sentence).
``shingle_size`` (5)
    Words per shingle. Shorter shingles make common phrasing (``ha detto che il``) look
    shared, so distinct articles come closer (precision at threshold 0.2: 0.955 with 3 words,
    0.968 with 5, 0.985 with 7); longer ones make every typo or changed word cost more
    shingles, so edited copies drift apart (recall at 0.5: 0.967 with 3 words, 0.957 with 5,
    0.945 with 7).
``num_perm`` (128) and ``bands`` (64)
    Signature length, and bands of ``num_perm // bands`` values: two articles are compared
    exactly when their signatures agree on a whole band. With 64 bands of 2 values a pair at
    similarity 0.3 is compared with probability 0.998, at 0.1 with 0.48. Fewer, longer bands
    compare fewer pairs and may miss copies near the threshold (recall 0.962 with 32 bands of
    4); more bands cost time, never wrong groups, since every pair is verified exactly.
"""

from __future__ import annotations

import bisect
import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from rassegna import _core
from rassegna.exceptions import InvalidValueError

THRESHOLD = 0.4
CONTAINMENT = 0.9
SHINGLE_SIZE = 5
NUM_PERM = 128
BANDS = 64
#: What :meth:`rassegna.Corpus.deduplicate` can keep of each group.
KEEP = ("earliest", "latest", "first", "longest")

Method = TypeVar("Method", bound=Callable[..., Any])


def candidates(engine: Any, *, shingle_size: int, num_perm: int, bands: int,
               threads: int | None) -> _core.DuplicateCandidates:
    """The candidate pairs of the whole corpus: each part signs its articles, the driver
    merges the signatures and bands them."""
    signatures = engine.run("_duplicate_signatures", shingle_size=shingle_size, num_perm=num_perm,
                            threads=threads)
    return _core._duplicate_candidates(signatures, bands=bands, threads=threads)


def table(engine: Any, *, threshold: float, containment: float, shingle_size: int, num_perm: int,
          bands: int, threads: int | None) -> Any:
    """The table of :meth:`rassegna.Corpus.duplicates`, as an Arrow stream."""
    for name, value in (("threshold", threshold), ("containment", containment)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            raise InvalidValueError(f"{name}={value!r}: expected a number above 0, at most 1")
    found = candidates(engine, shingle_size=shingle_size, num_perm=num_perm, bands=bands,
                       threads=threads)
    wanted = found.wanted()
    starts = [w[0] for w in wanted]
    each, first = [], 0
    for length in engine.lengths():
        low, high = bisect.bisect_left(starts, first), bisect.bisect_left(starts, first + length)
        each.append((first, wanted[low:high]))
        first += length
    members = engine.run("_duplicate_members", each=each, shingle_size=shingle_size, threads=threads)
    return _core._duplicates_of_parts(found, members, threshold=threshold, containment=containment,
                                      threads=threads)


def kept(rows: Sequence[dict[str, Any]], size: int, keep: str) -> list[bool]:
    """One value per article of a corpus of ``size`` articles: False for the articles of a
    group of duplicates (``rows``, as :meth:`rassegna.Corpus.duplicates` gives them) that
    ``keep`` does not choose."""
    check_keep(keep)
    chosen: dict[int, dict[str, Any]] = {}
    for row in rows:
        best = chosen.get(row["group"])
        if best is None or _better(row, best, keep):
            chosen[row["group"]] = row
    mask = [True] * size
    for row in rows:
        mask[row["index"]] = False
    for row in chosen.values():
        mask[row["index"]] = True
    return mask


def check_keep(keep: str) -> None:
    if keep not in KEEP:
        raise InvalidValueError(f"keep={keep!r}: expected one of {', '.join(KEEP)}")


def _better(row: dict[str, Any], best: dict[str, Any], keep: str) -> bool:
    """Whether ``row`` is kept before ``best``; ties go to the earlier article in the corpus."""
    if keep == "earliest":
        return row["relation"] == "representative"
    if keep == "first":
        return row["index"] < best["index"]
    if keep == "longest":
        return (row["words"], -row["index"]) > (best["words"], -best["index"])
    # latest: dated before undated, then the latest date, then corpus order
    mine, theirs = row["date"], best["date"]
    if (mine is None) != (theirs is None):
        return mine is not None
    return mine is not None and mine > theirs


def dedupable(method: Method) -> Method:
    """Gives a counting method ``dedupe=False``: with ``True``, it counts each story once, on
    :meth:`rassegna.Corpus.deduplicate` with its defaults."""

    @functools.wraps(method)
    def counted(self: Any, *args: Any, dedupe: bool = False, **kwargs: Any) -> Any:
        return method(self.deduplicate() if dedupe else self, *args, **kwargs)

    signature = inspect.signature(method)
    parameters = list(signature.parameters.values())
    at = next((i for i, p in enumerate(parameters) if p.kind is p.VAR_KEYWORD), len(parameters))
    parameters.insert(at, inspect.Parameter("dedupe", inspect.Parameter.KEYWORD_ONLY, default=False,
                                            annotation="bool"))
    counted.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    counted.__doc__ = (method.__doc__ or "") + (
        "\n\n        ``dedupe=True`` counts each story once: the method runs on\n"
        "        :meth:`deduplicate`, one article per group of near-duplicates."
    )
    return counted  # type: ignore[return-value]
