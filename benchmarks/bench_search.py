"""Full-text search against SQLite FTS5, and the concordance against a Python ``re`` scan.

What is measured, side by side in one run, on the ``large`` corpus of ``corpora.py`` (about
100 MB of Italian news; ``--quick``: ``small``, 2 MB), parsed once beforehand (not timed):

- Indexing. rassegna: the tantivy index of the parsed corpus (``_core._search_index``, the
  call the first ``corpus.search`` makes), in memory, on ``--threads`` threads (default 2).
  FTS5: Python's ``sqlite3``, a table ``fts5(title, body, tokenize="unicode61
  remove_diacritics 2")`` filled in one transaction with the same strings rassegna indexes
  (each article's title and body, ``article.content``), in a database file. FTS5 has one
  writer thread.
- Index size: the rassegna index saved to a folder (``corpus.save`` writes it there), and
  the SQLite file.
- Queries: the fixed list below (terms, phrases, AND, OR, NOT, prefixes, proximity), each
  written in both languages. rassegna: ``_core._search`` (every matching article, ranked by
  BM25, without counting hits); FTS5: ``SELECT rowid ... WHERE t MATCH ? ORDER BY rank``
  (every matching article, ranked by its BM25). Each query runs ``--repeat`` times (default
  5) on each side; the per-query time is the best, and the figure is the median over
  queries. The sets of matching articles must be equal for every query; a difference is
  printed with the words that make it.
- Concordance of a frequent word (``--word``, default ``presidente``) with 5 words of context:
  ``corpus.concordance(word)`` against a Python scan with ``re`` (case-insensitive, the word
  standing alone) of the same body segments, cutting the same context: the lines must be
  equal.
- Peak memory (``--memory``): a fresh subprocess under ``/usr/bin/time -v`` reads and parses
  the corpus, then builds the rassegna index (or the FTS5 table); ``parse-only`` is the
  baseline without an index.

    python benchmarks/bench_search.py            # large corpus, with memory runs
    python benchmarks/bench_search.py --quick    # small corpus, no memory runs
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import corpora

TIME_BIN = "/usr/bin/time"

#: (rassegna query, FTS5 query): the same question in each language.
QUERIES: list[tuple[str, str]] = [
    # single terms, frequent to rare
    ("governo", "governo"),
    ("presidente", "presidente"),
    ("polizia", "polizia"),
    ("elezioni", "elezioni"),
    ("calcio", "calcio"),
    ("Berlusconi", "berlusconi"),
    ("Obama", "obama"),
    ("terremoto", "terremoto"),
    ("università", "universita"),
    ("città", "citta"),
    ('"perché"', "perche"),
    ("Wikinews", "wikinews"),
    ("ospedale", "ospedale"),
    ("Afghanistan", "afghanistan"),
    ("2008", "2008"),
    # all of several words
    ("governo ministro", "governo ministro"),
    ("polizia arrestato", "polizia arrestato"),
    ("presidente Stati Uniti", "presidente stati uniti"),
    ("Roma sindaco", "roma sindaco"),
    ("squadra partita gol", "squadra partita gol"),
    ("Napolitano presidente AND Repubblica", "napolitano presidente AND repubblica"),
    # phrases
    ('"presidente del Consiglio"', '"presidente del consiglio"'),
    ('"Stati Uniti"', '"stati uniti"'),
    ('"Unione Europea"', '"unione europea"'),
    ('"forze dell\'ordine"', '"forze dell ordine"'),
    ('"Camera dei deputati"', '"camera dei deputati"'),
    ('"Silvio Berlusconi"', '"silvio berlusconi"'),
    ('"vigili del fuoco"', '"vigili del fuoco"'),
    ('"milioni di euro"', '"milioni di euro"'),
    ('"Corte costituzionale"', '"corte costituzionale"'),
    ('"Nazioni Unite"', '"nazioni unite"'),
    # OR
    ("Berlusconi OR Prodi", "berlusconi OR prodi"),
    ("terremoto OR alluvione", "terremoto OR alluvione"),
    ("Milano OR Torino OR Napoli", "milano OR torino OR napoli"),
    ("calcio OR basket OR tennis", "calcio OR basket OR tennis"),
    ("(Roma OR Milano) sindaco", "(roma OR milano) AND sindaco"),
    ('"Stati Uniti" OR America', '"stati uniti" OR america'),
    # NOT
    ("governo NOT Berlusconi", "governo NOT berlusconi"),
    ("calcio -Juventus", "calcio NOT juventus"),
    ("polizia NOT arresto NOT arrestato", "(polizia NOT arresto) NOT arrestato"),
    ("elezioni -Italia", "elezioni NOT italia"),
    ('presidente NOT "Stati Uniti"', 'presidente NOT "stati uniti"'),
    # prefixes
    ("govern*", "govern*"),
    ("elezion*", "elezion*"),
    ("terrorist*", "terrorist*"),
    ("italian*", "italian*"),
    ("Berlusc*", "berlusc*"),
    ("giornal* arrest*", "giornal* arrest*"),
    ("ministr* OR deputat*", "ministr* OR deputat*"),
    ("calc* -Juventus", "calc* NOT juventus"),
    # proximity: FTS5's NEAR counts tokens between, in either order, as rassegna's ~N
    # does for two words
    ('"Berlusconi Napolitano"~10', "NEAR(berlusconi napolitano, 10)"),
    ('"polizia arrestato"~5', "NEAR(polizia arrestato, 5)"),
    ('"governo crisi"~3', "NEAR(governo crisi, 3)"),
]


def parse(texts: list[str], ids: list[str]) -> Any:
    import rassegna

    return rassegna.Corpus.from_texts(texts, ids)


def build_rassegna(corpus: Any, threads: int) -> tuple[Any, float]:
    """A fresh core corpus (no index kept yet) and the seconds to index it."""
    from rassegna import _core

    core = _core._take(corpus._inner, list(range(len(corpus))))
    began = time.perf_counter()
    _core._search_index(core, threads=threads)
    return core, time.perf_counter() - began


def fts5_rows(corpus: Any) -> list[tuple[int, str, str]]:
    return [(n, a.title or "", a.content) for n, a in enumerate(corpus)]


def build_fts5(rows: list[tuple[int, str, str]], path: Path) -> tuple[sqlite3.Connection, float]:
    if path.exists():
        path.unlink()
    began = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute('CREATE VIRTUAL TABLE t USING fts5(title, body, '
               'tokenize="unicode61 remove_diacritics 2")')
    with db:
        db.executemany("INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)", rows)
    return db, time.perf_counter() - began


def folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def best_of(repeat: int, call: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        began = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - began)
    return best, result


def queries(core: Any, db: sqlite3.Connection, repeat: int,
            threads: int) -> tuple[list[float], list[float], int]:
    import pyarrow as pa
    from rassegna import _core

    ours, theirs, differ = [], [], 0
    for mine, fts in QUERIES:
        t_ours, table = best_of(repeat, lambda q=mine: pa.table(
            _core._search(core, q, count_hits=False, threads=threads)))
        t_theirs, rows = best_of(repeat, lambda q=fts: db.execute(
            "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank", (q,)).fetchall())
        found = set(table.column("position").to_pylist())
        expected = {r[0] for r in rows}
        ours.append(t_ours)
        theirs.append(t_theirs)
        status = "same" if found == expected else "DIFFERENT"
        differ += found != expected
        print(f"  {mine:42} {len(found):6} articles  rassegna {t_ours * 1e3:8.2f} ms  "
              f"fts5 {t_theirs * 1e3:8.2f} ms  {status}")
        if found != expected:
            print(f"    only rassegna: {sorted(found - expected)[:5]}  only fts5: "
                  f"{sorted(expected - found)[:5]}")
    return ours, theirs, differ


WORD = re.compile(r"[^\W_]+")
SPACE = re.compile(r"\s")


def python_concordance(segments: list[tuple[int, str, list[tuple[int, int]]]], word: str,
                       window: int) -> list[tuple[Any, ...]]:
    """The lines ``corpus.concordance(word)`` gives, by a ``re`` scan: the word alone (no
    letter or digit glued to it), any case, in each body segment; ``window`` words either
    side, counted in the whole text."""
    pattern = re.compile(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", re.IGNORECASE)
    lines = []
    for article, text, bounds in segments:
        for start, end in bounds:
            for m in pattern.finditer(text, start, end):
                s, e = m.span()
                before = list(WORD.finditer(text, max(0, s - 400), s))
                left_from = before[-window].start() if len(before) >= window else 0
                after = list(WORD.finditer(text, e, e + 400))
                right_to = after[window - 1].end() if len(after) >= window else len(text)
                lines.append((article, s, e, SPACE.sub(" ", text[left_from:s]), m.group(),
                              SPACE.sub(" ", text[e:right_to])))
    return lines


def concordance(corpus: Any, word: str, repeat: int, threads: int) -> None:
    body_kinds = {"title", "heading", "paragraph", "caption"}
    segments = [
        (a.id, a.text, [(s.start, s.end) for s in a.segments if s.kind in body_kinds])
        for a in corpus
    ]
    window = 5
    t_ours, table = best_of(repeat, lambda: corpus.concordance(word, window=window, threads=threads))
    t_theirs, expected = best_of(repeat, lambda: python_concordance(segments, word, window))
    ours = [tuple(row.values()) for row in
            table.to_arrow().select(["article", "start", "end", "left", "match", "right"]).to_pylist()]
    same = ours == expected
    print(f"\nconcordance of {word!r}: {len(ours)} lines; rassegna {t_ours:.3f} s, Python re "
          f"{t_theirs:.3f} s: {t_theirs / t_ours:.1f}x; lines {'equal' if same else 'DIFFERENT'}")
    if not same:
        diff = [(a, b) for a, b in zip(ours, expected) if a != b][:3]
        print(f"  {len(ours)} vs {len(expected)} lines; first differences: {diff}")


def memory_run(which: str, name: str, threads: int) -> None:
    """Runs one side alone in a subprocess under /usr/bin/time -v; prints its peak RSS."""
    if not os.path.exists(TIME_BIN):
        print(f"  {which}: {TIME_BIN} not found, skipped")
        return
    command = [TIME_BIN, "-v", sys.executable, __file__, "--only", which, "--corpus", name,
               "--threads", str(threads)]
    done = subprocess.run(command, capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", "")})
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (.+)", done.stderr)
    print(f"  {which:12} peak RSS {int(peak.group(1)) / 1024:8.0f} MB  wall {wall.group(1).strip()}"
          if peak and wall else f"  {which}: no figures in {done.stderr[-300:]}")


def only(which: str, name: str, threads: int) -> None:
    records = corpora.load_records(name)
    corpus = parse([r["text"] for r in records], [r["id"] for r in records])
    if which == "rassegna":
        from rassegna import _core

        _core._search_index(corpus._inner, threads=threads)
    elif which == "fts5":
        with tempfile.TemporaryDirectory() as folder:
            build_fts5(fts5_rows(corpus), Path(folder) / "fts5.db")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the small corpus, no memory runs")
    parser.add_argument("--corpus", choices=corpora.NAMES, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--word", default="presidente")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--only", choices=("parse-only", "rassegna", "fts5"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    name = args.corpus or ("small" if args.quick else "large")
    try:
        corpora.path(name)
    except corpora.KindNotFound as missing:
        print(missing)
        return 0
    if args.only:
        only(args.only, name, args.threads)
        return 0
    records = corpora.load_records(name)
    texts = [r["text"] for r in records]
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    began = time.perf_counter()
    corpus = parse(texts, [r["id"] for r in records])
    print(f"{name}: {len(corpus)} articles, {megabytes:.1f} MB; parsed in "
          f"{time.perf_counter() - began:.1f} s (not counted); SQLite {sqlite3.sqlite_version}; "
          f"{args.threads} threads")
    rows = fts5_rows(corpus)
    with tempfile.TemporaryDirectory() as folder:
        core, t_ours = build_rassegna(corpus, args.threads)
        db, t_theirs = build_fts5(rows, Path(folder) / "fts5.db")
        from rassegna import _core

        _core._search_save(core, Path(folder) / "index")
        ours_size = folder_bytes(Path(folder) / "index")
        theirs_size = (Path(folder) / "fts5.db").stat().st_size
        print(f"indexing: rassegna {t_ours:.2f} s ({megabytes / t_ours:.1f} MB/s), FTS5 "
              f"{t_theirs:.2f} s ({megabytes / t_theirs:.1f} MB/s): {t_theirs / t_ours:.1f}x")
        print(f"index size: rassegna {ours_size / 1e6:.1f} MB, FTS5 {theirs_size / 1e6:.1f} MB")
        print(f"\n{len(QUERIES)} queries, best of {args.repeat} each:")
        ours, theirs, differ = queries(core, db, args.repeat, args.threads)
        db.close()
        shutil.rmtree(Path(folder) / "index")
    mine, peer = statistics.median(ours), statistics.median(theirs)
    print(f"median query: rassegna {mine * 1e3:.2f} ms, FTS5 {peer * 1e3:.2f} ms: {peer / mine:.1f}x; "
          f"sets differ for {differ} of {len(QUERIES)} queries")
    concordance(corpus, args.word, max(1, args.repeat // 2), args.threads)
    if not (args.quick or args.no_memory):
        del corpus, core, rows, texts, records
        print("\npeak memory, each side alone in a fresh process (parse, then index):")
        for which in ("parse-only", "rassegna", "fts5"):
            memory_run(which, name, args.threads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
