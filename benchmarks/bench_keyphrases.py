"""Keyphrases per article against the ``yake`` package (and ``yake-rust``'s Python bindings,
when installed), side by side, with the top-10 overlap.

What is measured, on the same article-sized documents (the ``small`` corpus of
``corpora.py``, 531 documents of 2-4 KB; ``--docs N`` for fewer):

- ``yake``: ``KeywordExtractor(lan="it", top=10).extract_keywords(text)`` per document,
  one process.
- ``yake-rust``: ``Yake(language="it").get_n_best(text, n=10)`` per document, one process.
- rassegna end to end: ``rassegna.Corpus.from_texts(texts).keyphrases(top=10)`` (parse and
  keyphrases, all cores); and keyphrases alone on an already parsed corpus.
- Documents per second (best of ``--repeat``); ratios over the ``yake`` package.
- Overlap: for each document, the share of rassegna's top 10 also in yake's top 10 (lower-case,
  typographic apostrophes as ``'``), on the same text (``article.content``), averaged; once
  with rassegna's stop-words given to yake (same algorithm, same words: tokenization and
  sentences are what differ) and once with yake's own Italian list.

    python benchmarks/bench_keyphrases.py
"""

from __future__ import annotations

import argparse
import sys
import time

import corpora


def per_second(work, docs: int, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return docs / best


def normal(phrase: str) -> str:
    return phrase.lower().replace("’", "'")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=None, help="use the first N documents")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        import yake
    except ImportError:
        print("skipping: the yake package is not installed (pip install yake)")
        return 0
    import rassegna

    try:
        texts = corpora.load("small")
    except corpora.KindNotFound as err:
        print(err)
        return 0
    texts = texts[: args.docs] if args.docs else texts
    n = len(texts)
    extractor = yake.KeywordExtractor(lan="it", top=10)
    rows = []
    yake_speed = per_second(lambda: [extractor.extract_keywords(t) for t in texts], n, 1)
    rows.append(("yake (Python)", yake_speed))
    try:
        import yake_rust

        rust = yake_rust.Yake(language="it")
        speed = per_second(lambda: [rust.get_n_best(t, n=10) for t in texts], n, args.repeat)
        rows.append(("yake-rust (bindings)", speed))
    except ImportError:
        print("note: yake-rust is not installed (pip install yake-rust); its row is left out")
    rows.append(("rassegna parse+keyphrases", per_second(
        lambda: rassegna.Corpus.from_texts(texts).keyphrases(top=10), n, args.repeat)))
    corpus = rassegna.Corpus.from_texts(texts)
    rows.append(("rassegna keyphrases only", per_second(lambda: corpus.keyphrases(top=10), n, args.repeat)))
    rows.append(("rassegna 1 thread e2e", per_second(
        lambda: rassegna.Corpus.from_texts(texts, threads=1).keyphrases(top=10, threads=1), n, args.repeat)))
    print(f"{n} documents, {sum(len(t.encode()) for t in texts) / 1e6:.1f} MB")
    print(f"{'system':<28}{'docs/s':>10}{'vs yake':>10}")
    for name, speed in rows:
        print(f"{name:<28}{speed:10.1f}{speed / yake_speed:9.1f}x")

    own = yake.KeywordExtractor(lan="it", top=10, stopwords=set(rassegna.stats.ITALIAN_STOPWORDS))
    same, default = [], []
    for article in corpus:
        ours = {normal(k) for k, _ in article.keyphrases(top=10)}
        if not ours:
            continue
        for extract, out in ((own, same), (extractor, default)):
            theirs = {normal(k) for k, _ in extract.extract_keywords(article.content)}
            out.append(len(ours & theirs) / max(1, min(10, len(theirs))))
    overlap = sum(same) / len(same)
    print(f"top-10 overlap with yake, same stop-words:    {overlap:.3f} ({len(same)} documents)")
    print(f"top-10 overlap with yake, yake's stop-words:  {sum(default) / len(default):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
