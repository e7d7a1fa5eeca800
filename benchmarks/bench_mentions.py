"""What quantities, dates, quotes and roles add to parsing and entities, in one run.

On the same texts (the ``small`` KIND-based corpus of ``corpora.py``, about 2 MB), each
repetition builds a fresh corpus and times, in order:

- ``parse``: ``Corpus.from_texts(texts)``;
- ``entities``: every article's entities, canonical across the corpus (cached in the corpus);
- ``mentions``: all four layers of every article (``corpus.quotes()``: computing the quotes
  table computes quantities, dates, quotes and roles, and reuses the cached entities).

It prints the best of N repetitions of each and the ratio
``(parse + entities + mentions) / (parse + entities)``; the target is at most 1.30.
Exits with 0 and a message when the KIND data (``../shared``) is missing.

    python benchmarks/bench_mentions.py              # all cores
    python benchmarks/bench_mentions.py --threads 1  # one thread
"""

from __future__ import annotations

import argparse
import sys
import time

# Run as a script, this folder is sys.path[0]: the corpora module sits beside it.
import corpora
import rassegna
from rassegna import _core


def one_run(texts: list[str], threads: int | None) -> tuple[float, float, float, int, int]:
    t0 = time.perf_counter()
    corpus = _core.Corpus.from_texts(texts, threads=threads)
    t1 = time.perf_counter()
    entities = corpus._count_entities(threads=threads)
    t2 = time.perf_counter()
    quotes = len(corpus.quotes_table(threads=threads))
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2, entities, quotes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", help="folder with WN_train.tsv and WN_dev.tsv")
    parser.add_argument("--cache", help="folder for the JSONL corpora")
    parser.add_argument("--threads", type=int, default=None, help="threads (default: all cores)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (best is kept)")
    args = parser.parse_args(argv)
    try:
        texts = corpora.load("small", kind=args.kind, cache=args.cache)
    except corpora.KindNotFound as err:
        print(err)
        return 0
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"rassegna {rassegna.__version__}: {len(texts)} documents, {megabytes:.1f} MB, "
          f"threads={args.threads or 'all'}")
    one_run(texts[:64], args.threads)  # warm-up: model loading, thread pool
    runs = [one_run(texts, args.threads) for _ in range(args.repeat)]
    parse, entities, mentions = (min(r[i] for r in runs) for i in range(3))
    base = parse + entities
    print(f"  parse       {parse:8.3f} s")
    print(f"  entities    {entities:8.3f} s   ({runs[0][3]} entities)")
    print(f"  mentions    {mentions:8.3f} s   (all four layers; {runs[0][4]} quotes)")
    print(f"  ratio (parse + entities + mentions) / (parse + entities) = {(base + mentions) / base:.3f}"
          f"   (mentions alone add {100 * mentions / base:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
