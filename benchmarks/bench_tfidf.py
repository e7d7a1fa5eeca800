"""TF-IDF end to end (texts in memory → sparse matrix) against scikit-learn, side by side.

What is measured, on the same texts (the ``small`` and ``large`` corpora of ``corpora.py``):

- scikit-learn ``TfidfVectorizer().fit_transform(texts)`` with default settings, and with
  ``ngram_range=(1, 2)``; single process, as scikit-learn runs.
- ``rassegna.tfidf(texts, ...)`` on all cores, with the vocabulary options closest to
  scikit-learn's default analyzer (lower-case, no stop-words, numbers kept, words of 2+
  characters): ``stopwords=False, numbers=True``; and ``ngram_range=(1, 2)``. Each text is
  parsed for its body and tokenized by rassegna's Italian tokenizer, so the terms are
  rassegna's, not scikit-learn's regex tokens.
- ``corpus.tfidf(...)`` with the same options on a ``rassegna.Corpus`` of the same texts,
  parsed beforehand (not timed): what a notebook calls once its corpus is read. Its last
  column is its speed over ``rassegna.tfidf(texts)``'s in the same run; it counts the
  articles' body tokens without laying out the texts again.
- Both sides hand back the matrix *and* the vocabulary (``vectorizer.vocabulary_``;
  ``result.vocabulary`` as a Python list), so both pay for the vocabulary's Python strings.
- Throughput is MB/s of UTF-8 input text per wall second; best of ``--repeat`` (default 10)
  runs of each contender on ``small``, one run on ``large``; ratios are rassegna over
  scikit-learn in the same run. On a shared machine a run of 20-200 ms is easily disturbed,
  and a Python process's first calls of either library are slower than its later ones, so
  both sides get the same number of tries.
- Peak memory (``--memory``, on by default): each contender runs alone in a fresh
  subprocess over the ``large`` corpus under ``/usr/bin/time -v`` (maximum resident set
  size of the process: interpreter, texts, matrix, vocabulary and whatever the method held
  on the way); ``python-load`` is the baseline of the texts alone.

    python benchmarks/bench_tfidf.py            # small + large, throughput and memory
    python benchmarks/bench_tfidf.py --quick    # small corpus only, no memory runs
    python benchmarks/bench_tfidf.py --calls 25 # rassegna alone: 25 calls on small, in one process
    python benchmarks/bench_tfidf.py --calls 25 --corpus-method  # the same, corpus.tfidf()
    python benchmarks/bench_tfidf.py --interleave 6  # corpus.tfidf() against tfidf(texts)

``--calls N`` is for comparing two builds of rassegna on this noisy machine (run it once per
build, alternating): the median and best wall time of N default-setting calls on ``small``,
the process CPU time per call (all threads) and the minor page faults per call.
``--interleave N`` compares ``corpus.tfidf()`` with ``rassegna.tfidf(texts)`` in one
process, each setting and corpus (``--quick``: small only), the two calls alternating N
times, so that both meet the same moments of a noisy machine: medians and their ratio.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import corpora

TIME_BIN = "/usr/bin/time"

# name -> (system, setting)
CONTENDERS = {
    "sklearn-default": ("scikit-learn", "default"),
    "rassegna-default": ("rassegna", "default"),
    "corpus-default": ("Corpus.tfidf", "default"),
    "sklearn-bigrams": ("scikit-learn", "ngram_range=(1, 2)"),
    "rassegna-bigrams": ("rassegna", "ngram_range=(1, 2)"),
    "corpus-bigrams": ("Corpus.tfidf", "ngram_range=(1, 2)"),
}
RASSEGNA_OPTIONS = {"stopwords": False, "numbers": True}


def run(name: str, texts: list[str], corpus: Any = None) -> tuple[int, int]:
    """Runs one contender (a ``corpus-`` one on ``corpus``, the texts parsed); returns (rows,
    columns) of its matrix."""
    bigrams = name.endswith("bigrams")
    if name.startswith("sklearn"):
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(ngram_range=(1, 2) if bigrams else (1, 1))
        matrix = vectorizer.fit_transform(texts)
        assert len(vectorizer.vocabulary_) == matrix.shape[1]
        return matrix.shape
    import rassegna

    options = dict(RASSEGNA_OPTIONS, ngram_range=(1, 2) if bigrams else (1, 1))
    result = corpus.tfidf(**options) if name.startswith("corpus") else rassegna.tfidf(texts, **options)
    matrix = result.matrix
    assert len(result.vocabulary) == matrix.shape[1]
    return matrix.shape


def parsed(texts: list[str]) -> Any:
    import rassegna

    return rassegna.Corpus.from_texts(texts, progress=False)


def timed(name: str, texts: list[str], repeat: int, corpus: Any = None) -> tuple[float, tuple[int, int]]:
    best = float("inf")
    shape = (0, 0)
    for _ in range(repeat):
        start = time.perf_counter()
        shape = run(name, texts, corpus)
        best = min(best, time.perf_counter() - start)
    return best, shape


def calls(texts: list[str], count: int, corpus_method: bool) -> None:
    import resource
    import statistics

    name = "corpus-default" if corpus_method else "rassegna-default"
    corpus = parsed(texts) if corpus_method else None
    run(name, texts[:64], corpus)
    walls, cpus, faults = [], [], []
    for _ in range(count):
        faults_before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        cpu_before, start = time.process_time(), time.perf_counter()
        run(name, texts, corpus)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu_before)
        faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults_before)
    what = "corpus.tfidf()" if corpus_method else "rassegna.tfidf(texts)"
    print(
        f"{what} default, small, {count} calls: wall median {statistics.median(walls) * 1e3:.2f} ms, "
        f"best {min(walls) * 1e3:.2f} ms; CPU median {statistics.median(cpus) * 1e3:.2f} ms; "
        f"minor page faults median {statistics.median(faults):.0f}"
    )


def interleaved(loaded: dict[str, list[str]], count: int) -> None:
    import statistics

    print(f"{'setting':<20}{'corpus':<8}{'tfidf(texts) ms':>17}{'Corpus.tfidf ms':>17}{'ratio':>8}")
    for corpus, texts in loaded.items():
        articles = parsed(texts)
        for setting in ("default", "bigrams"):
            on_texts, on_corpus = [], []
            run(f"rassegna-{setting}", texts[:64])
            for _ in range(count):
                for name, times in ((f"rassegna-{setting}", on_texts), (f"corpus-{setting}", on_corpus)):
                    start = time.perf_counter()
                    run(name, texts, articles)
                    times.append(time.perf_counter() - start)
            a, b = statistics.median(on_texts), statistics.median(on_corpus)
            print(f"{CONTENDERS['corpus-' + setting][1]:<20}{corpus:<8}{a * 1e3:17.1f}{b * 1e3:17.1f}"
                  f"{a / b:7.2f}x")


def child(name: str, corpus: str) -> int:
    """Memory run: load the texts, run one contender (or nothing), exit."""
    texts = corpora.load(corpus)
    if name != "python-load":
        run(name, texts)
    return 0


def peak_rss_mb(name: str, corpus: str) -> float | None:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", name, "--corpus", corpus]
    if os.path.exists(TIME_BIN):
        done = subprocess.run([TIME_BIN, "-v", *command], check=False, capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stderr[-2000:], file=sys.stderr)
            return None
        match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        return int(match.group(1)) / 1024 if match else None
    import resource

    subprocess.run(command, check=True)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small corpus only, no memory runs")
    parser.add_argument("--no-memory", action="store_true", help="throughput only")
    parser.add_argument("--repeat", type=int, default=10, help="repetitions on the small corpus")
    parser.add_argument("--calls", type=int, help="time N rassegna calls on small, nothing else")
    parser.add_argument("--corpus-method", action="store_true",
                        help="with --calls: time corpus.tfidf() on the parsed texts")
    parser.add_argument("--interleave", type=int, metavar="N",
                        help="corpus.tfidf() against tfidf(texts), N alternating calls each")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", default="large", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.corpus)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("skipping: scikit-learn is not installed (pip install scikit-learn)")
        return 0
    if args.calls:
        try:
            calls(corpora.load("small"), args.calls, args.corpus_method)
        except corpora.KindNotFound as err:
            print(err)
        return 0
    names = ("small",) if args.quick else ("small", "large")
    try:
        loaded = {name: corpora.load(name) for name in names}
    except corpora.KindNotFound as err:
        print(err)
        return 0
    if args.interleave:
        interleaved(loaded, args.interleave)
        return 0
    print(f"{'system':<14}{'setting':<20}{'corpus':<8}{'MB':>7}{'MB/s':>9}{'matrix':>20}"
          "  vs sklearn  vs tfidf(texts)")
    print("-" * 104)
    for corpus, texts in loaded.items():
        megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        run("rassegna-default", texts[:64])  # warm-up: load the library, fault in pages
        articles = parsed(texts)
        run("corpus-default", texts[:64], parsed(texts[:64]))
        repeat = args.repeat if corpus == "small" else 1
        speeds = {}
        for name, (system, setting) in CONTENDERS.items():
            seconds, shape = timed(name, texts, repeat, articles)
            speeds[name] = megabytes / seconds
            peer = speeds.get("sklearn-" + name.split("-", 1)[1])
            ratio = f"{speeds[name] / peer:10.1f}x" if system != "scikit-learn" and peer else "          -"
            texts_speed = speeds.get(name.replace("corpus", "rassegna")) if system == "Corpus.tfidf" else None
            own = f"{speeds[name] / texts_speed:14.2f}x" if texts_speed else ""
            matrix = f"{shape[0]}x{shape[1]}"
            print(f"{system:<14}{setting:<20}{corpus:<8}{megabytes:7.1f}{speeds[name]:9.2f}{matrix:>20}"
                  f"  {ratio}{own}")
        del articles
    if args.quick or args.no_memory:
        return 0
    print()
    print("peak memory, large corpus, one contender per process (/usr/bin/time -v)")
    print(f"{'contender':<20}{'peak RSS MB':>12}{'vs sklearn':>12}")
    peaks = {}
    for name in ("python-load", *(n for n in CONTENDERS if not n.startswith("corpus"))):
        peaks[name] = peak_rss_mb(name, "large")
        peer = peaks.get(name.replace("rassegna", "sklearn")) if name.startswith("rassegna") else None
        ratio = f"{peaks[name] / peer:11.2f}x" if peaks[name] and peer else "           -"
        shown = f"{peaks[name]:12.0f}" if peaks[name] else "           ?"
        print(f"{name:<20}{shown}{ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
