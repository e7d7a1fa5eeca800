"""Parsing throughput and peak memory of rassegna against spaCy, side by side in one run.

What is measured, on the same texts (the ``small`` and ``large`` corpora of ``corpora.py``):

- spaCy ``blank("it")`` tokenizer alone, and tokenizer + ``sentencizer``, single process,
  ``batch_size=256``; the Docs are kept in a list, as ``parse_many`` keeps its Articles.
- ``rassegna.parse_many(texts, threads=1)`` and ``rassegna.parse_many(texts)`` (all cores);
  ``rassegna.read(jsonl)`` (reading and parsing in Rust).
- Throughput is MB/s (UTF-8 bytes of input text / wall seconds) and tokens/s (each system's
  own token count: the tokenizers differ, so compare MB/s first). Best of N repetitions after
  one warm-up; ratios are against spaCy on the same corpus in the same run.
- Peak memory (``--memory``, on by default): each contender runs alone in a fresh
  subprocess under ``/usr/bin/time -v`` over the large corpus and its maximum resident set
  size is reported, in MB and per MB of input text.

    python benchmarks/bench_parse.py            # small + large, throughput and memory
    python benchmarks/bench_parse.py --quick    # small corpus only, no memory runs
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Run as a script, this folder is sys.path[0]: the corpora module sits beside it.
import corpora

TIME_BIN = "/usr/bin/time"
WARMUP_DOCS = 64
SPACY_BATCH = 256
RASSEGNA_REPEAT = 5
SPACY_SPEC = '"spacy>=3.7,<4"'
# Contenders of the memory runs: name -> what the child process holds at its peak.
MEMORY_CONTENDERS = {
    "python-load": "the texts loaded in Python, nothing parsed (baseline)",
    "rassegna-read": "rassegna.read(jsonl) -> Corpus, texts never enter Python",
    "rassegna-parse_many": "texts loaded in Python + rassegna.parse_many(texts) Articles",
    "spacy-pipe": "texts loaded in Python + list(nlp.pipe(texts)) Docs kept",
}


@dataclass
class Result:
    """One timed contender on one corpus."""

    system: str
    corpus: str
    seconds: float
    megabytes: float
    tokens: int | None

    @property
    def mb_per_s(self) -> float:
        return self.megabytes / self.seconds

    @property
    def tokens_per_s(self) -> float | None:
        return None if self.tokens is None else self.tokens / self.seconds


# --- contenders -------------------------------------------------------------------------


def spacy_nlp():
    """A blank Italian pipeline with the rule-based sentencizer, as spaCy users start."""
    import spacy

    nlp = spacy.blank("it")
    nlp.add_pipe("sentencizer")
    return nlp


def spacy_tokenizer(nlp) -> Callable[[list[str]], int]:
    def run(texts: list[str]) -> int:
        docs = list(nlp.tokenizer.pipe(texts, batch_size=SPACY_BATCH))
        return sum(len(doc) for doc in docs)

    return run


def spacy_pipe(nlp) -> Callable[[list[str]], int]:
    def run(texts: list[str]) -> int:
        docs = list(nlp.pipe(texts, batch_size=SPACY_BATCH))
        return sum(len(doc) for doc in docs)

    return run


def rassegna_parse_many(rassegna, threads: int | None) -> Callable[[list[str]], int]:
    def run(texts: list[str]) -> int:
        articles = rassegna.parse_many(texts, threads=threads)
        return sum(article.token_count for article in articles)

    return run


def import_rassegna():
    """The installed rassegna, or None (with the reason printed) when it cannot run yet."""
    try:
        import rassegna
    except ImportError as err:
        print(f"rassegna not importable ({err}); timing spaCy alone", file=sys.stderr)
        return None
    missing = [
        name for name in ("parse", "parse_many", "read") if not hasattr(rassegna, name)
    ]
    if missing:
        print(
            f"rassegna lacks {', '.join(missing)}; timing spaCy alone", file=sys.stderr
        )
        return None
    return rassegna


# --- timing -----------------------------------------------------------------------------


def utf8_megabytes(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def best_of(run: Callable[[], int | None], repeat: int) -> tuple[float, int | None]:
    """Fastest wall time of ``repeat`` calls, and what the last call returned (tokens)."""
    best = float("inf")
    tokens = None
    for _ in range(repeat):
        start = time.perf_counter()
        tokens = run()
        best = min(best, time.perf_counter() - start)
    return best, tokens


def time_texts(system: str, corpus: str, fn, texts: list[str], repeat: int) -> Result:
    """Warm up on a few documents, then time ``fn(texts)``."""
    fn(texts[:WARMUP_DOCS])
    seconds, tokens = best_of(lambda: fn(texts), repeat)
    return Result(system, corpus, seconds, utf8_megabytes(texts), tokens)


def time_read(rassegna, corpus: str, texts: list[str], repeat: int) -> Result:
    """``rassegna.read`` of the corpus's JSONL file; input size is the texts it holds."""
    jsonl = corpora.path(corpus)
    rassegna.read(corpora.path("small"))  # warm-up: page cache, thread pool
    seconds, _ = best_of(lambda: len(rassegna.read(jsonl)), repeat)
    return Result("rassegna read(jsonl)", corpus, seconds, utf8_megabytes(texts), None)


def time_corpus(
    corpus: str, nlp, rassegna, spacy_repeat: int, rassegna_repeat: int
) -> list[Result]:
    """Every contender on one corpus, spaCy first. rassegna's runs take about a second even on
    the large corpus, so they repeat more: the best of several is what survives the noise of a
    shared machine."""
    texts = corpora.load(corpus)
    contenders = [
        ("spaCy tokenizer", spacy_tokenizer(nlp)),
        ("spaCy tok+sentencizer", spacy_pipe(nlp)),
    ]
    if rassegna is not None:
        contenders += [
            ("rassegna parse_many 1t", rassegna_parse_many(rassegna, 1)),
            ("rassegna parse_many all", rassegna_parse_many(rassegna, None)),
        ]
    results = []
    for system, fn in contenders:
        repeat = rassegna_repeat if system.startswith("rassegna") else spacy_repeat
        results.append(time_texts(system, corpus, fn, texts, repeat))
        print(f"  {corpus}: {system} done", file=sys.stderr)
    if rassegna is not None:
        results.append(time_read(rassegna, corpus, texts, rassegna_repeat))
    return results


# --- report -----------------------------------------------------------------------------


def _ratio(value: float, reference: Result | None) -> str:
    return f"{value / reference.mb_per_s:6.2f}x" if reference else "     -"


def throughput_table(results: list[Result]) -> str:
    """System, corpus, MB/s, tokens/s, ratios to spaCy (full and tokenizer alone)."""
    header = (
        f"{'system':<25} {'corpus':<6} {'MB':>6} {'MB/s':>8} {'tokens/s':>11}"
        f" {'vs tok+sent':>11} {'vs tok':>7}"
    )
    lines = [header, "-" * len(header)]
    by_key = {(r.system, r.corpus): r for r in results}
    for r in results:
        full = by_key.get(("spaCy tok+sentencizer", r.corpus))
        tok = by_key.get(("spaCy tokenizer", r.corpus))
        tps = f"{r.tokens_per_s:11,.0f}" if r.tokens_per_s is not None else f"{'-':>11}"
        lines.append(
            f"{r.system:<25} {r.corpus:<6} {r.megabytes:6.1f} {r.mb_per_s:8.2f} {tps}"
            f" {_ratio(r.mb_per_s, full):>11} {_ratio(r.mb_per_s, tok):>7}"
        )
    for corpus in dict.fromkeys(r.corpus for r in results):
        one = by_key.get(("rassegna parse_many 1t", corpus))
        every = by_key.get(("rassegna parse_many all", corpus))
        if one and every:
            lines.append(
                f"rassegna speed-up, all {os.cpu_count()} cores vs 1 thread, {corpus}:"
                f" {one.seconds / every.seconds:.2f}x"
            )
    return "\n".join(lines)


# --- peak memory ------------------------------------------------------------------------


def child_main(contender: str, corpus: str) -> int:
    """Run one memory contender in this (fresh) process and hold its result until exit."""
    if contender == "rassegna-read":
        import rassegna

        held = rassegna.read(corpora.path(corpus))
        print(f"{contender}: {len(held)} articles")
        return 0
    texts = corpora.load(corpus)
    if contender == "python-load":
        held = texts
    elif contender == "rassegna-parse_many":
        import rassegna

        held = rassegna.parse_many(texts)
    elif contender == "spacy-pipe":
        held = list(spacy_nlp().pipe(texts, batch_size=SPACY_BATCH))
    else:
        raise SystemExit(f"unknown contender {contender!r}")
    print(f"{contender}: {len(held)} documents")
    return 0


def _child_command(contender: str, corpus: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--child", contender, corpus]


def peak_rss_time_v(command: list[str]) -> int:
    """Peak RSS in bytes of ``command``, read from ``/usr/bin/time -v``."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        subprocess.run(
            [TIME_BIN, "-v", "-o", report.name, *command],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report.read())
    if not found:
        raise RuntimeError(f"no 'Maximum resident set size' in {TIME_BIN} -v output")
    return int(found.group(1)) * 1024


def peak_rss_rusage(command: list[str]) -> int:
    """Peak RSS in bytes via getrusage, through a fresh wrapper so only one child is counted."""
    wrapper = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *command],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(out.split()[-1]) * 1024  # Linux reports kilobytes


def memory_table(corpus: str, with_rassegna: bool) -> str:
    """Peak RSS of each contender alone in a subprocess, and per MB of input text."""
    if Path(TIME_BIN).is_file():
        measure, how = peak_rss_time_v, f"{TIME_BIN} -v"
    else:
        print(
            f"{TIME_BIN} missing: falling back to getrusage(RUSAGE_CHILDREN)",
            file=sys.stderr,
        )
        measure, how = peak_rss_rusage, "getrusage(RUSAGE_CHILDREN).ru_maxrss"
    input_mb = utf8_megabytes(corpora.load(corpus))
    lines = [
        f"peak memory, {corpus} corpus ({input_mb:.1f} MB of text), measured with {how}",
        f"{'contender':<21} {'peak RSS MB':>11} {'RSS/input':>9}  holds",
    ]
    for contender, holds in MEMORY_CONTENDERS.items():
        if contender.startswith("rassegna") and not with_rassegna:
            continue
        rss_mb = measure(_child_command(contender, corpus)) / 1e6
        lines.append(
            f"{contender:<21} {rss_mb:11.0f} {rss_mb / input_mb:8.1f}x  {holds}"
        )
        print(f"  memory: {contender} done", file=sys.stderr)
    return "\n".join(lines)


# --- main -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="small corpus only, and no memory runs"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="repetitions of spaCy on the small corpus (best is kept); on the large one spaCy"
        " runs once; rassegna always runs at least 5 times",
    )
    parser.add_argument(
        "--no-memory",
        dest="memory",
        action="store_false",
        help="skip the peak-memory subprocesses",
    )
    parser.add_argument(
        "--kind", help="folder with the KIND TSV files ($RASSEGNA_KIND_DIR)"
    )
    parser.add_argument(
        "--cache", help="folder for the JSONL corpora ($RASSEGNA_BENCH_CACHE)"
    )
    parser.add_argument(
        "--child", nargs=2, metavar=("CONTENDER", "CORPUS"), help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Children are started with the same environment, so they find the same corpora.
    if args.kind:
        os.environ["RASSEGNA_KIND_DIR"] = args.kind
    if args.cache:
        os.environ["RASSEGNA_BENCH_CACHE"] = args.cache
    if args.child:
        return child_main(*args.child)
    try:
        nlp = spacy_nlp()
    except ImportError:
        print(
            f"skipping: spaCy is not installed (pip install {SPACY_SPEC}, or the bench extra)"
        )
        return 0
    try:
        corpora.path("small")
    except corpora.KindNotFound as err:
        print(err)
        return 0
    rassegna = import_rassegna()
    names = ["small"] if args.quick else ["small", "large"]
    results = []
    for corpus in names:
        spacy_repeat = args.repeat if corpus == "small" else 1
        results += time_corpus(
            corpus, nlp, rassegna, spacy_repeat, max(args.repeat, RASSEGNA_REPEAT)
        )
    print(
        f"python {sys.version.split()[0]}, spaCy {sys.modules['spacy'].__version__},"
        f" {os.cpu_count()} cores (shared: read ratios, not absolute figures)"
    )
    print(throughput_table(results))
    if args.memory and not args.quick:
        print()
        print(memory_table("large", rassegna is not None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
