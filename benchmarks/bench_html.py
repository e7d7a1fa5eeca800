"""rassegna.parse_html against trafilatura on the article-extraction benchmark, side by side.

Reads the 90 development pages of the Zyte/Scrapinghub article-extraction benchmark from
``../shared/data/article-extraction/`` (``html/<key>.html.gz``, ``ground-truth.json``,
``evaluate.py``), and in one run:

- parses every page with ``rassegna.parse_html`` (one thread; the whole ``Article``: main
  text, metadata, segments, sentences, tokens) and extracts it with ``trafilatura.extract``
  (its defaults), each timed over the same pages, best of ``--repeat``; pages/s of each and
  the ratio, twice: from the pages as ``str``, and from the bytes of the saved files, which
  each library decodes as it does;
- times rassegna again on two threads (a thread pool calling ``parse_html``, which releases
  the GIL) for the scaling;
- scores both with the benchmark's own ``evaluate.py``, run in a scratch folder holding links
  to ``ground-truth.json`` and the two outputs, and prints its table;
- counts the pages where rassegna found a date and a title.

The body rassegna gives the scorer is the article's paragraphs and headings: the headline, the
photo captions and what the text parser sets aside are separate segments in rassegna, and the
benchmark's ``articleBody`` has none of them.

    pip install -e '.[bench]'           # trafilatura
    python benchmarks/bench_html.py
    python benchmarks/bench_html.py --repeat 5 --data /path/to/article-extraction
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import rassegna

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "article-extraction"


def load_pages(folder: Path) -> dict[str, bytes]:
    return {
        path.name.removesuffix(".html.gz"): gzip.decompress(path.read_bytes())
        for path in sorted((folder / "html").glob("*.html.gz"))
    }


def parse(html: str | bytes) -> rassegna.Article | None:
    try:
        return rassegna.parse_html(html)
    except rassegna.FormatError:
        return None


def body(article: rassegna.Article | None) -> str:
    if article is None:
        return ""
    return "\n\n".join(s.text for s in article.segments if s.kind in ("paragraph", "heading"))


def best(repeat: int, work) -> tuple[float, float, object]:
    """Best wall-clock and best CPU seconds of this thread over `repeat` runs, and a result.

    On a shared machine the CPU time of the calling thread is the steadier figure for work
    done on one thread: time spent waiting for a core is not counted.
    """
    wall, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.thread_time()
        result = work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    return min(wall), min(cpu), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"skipped: the benchmark pages are not in {args.data}", file=sys.stderr)
        return 0
    try:
        import trafilatura
    except ImportError:
        print("skipped: trafilatura is not installed (pip install -e '.[bench]')", file=sys.stderr)
        return 0
    pages = load_pages(args.data)
    raws = list(pages.values())
    # The pages as a `str` (decoded here, untimed), and as the bytes of the saved files, which
    # each library decodes itself (rassegna: BOM, <meta charset>, detection; trafilatura: its
    # own detection). Python hands a `str` to Rust as UTF-8 it encodes on every call.
    htmls = [raw.decode("utf-8", errors="replace") for raw in raws]
    print(f"{len(pages)} pages, {sum(len(h) for h in raws) / 1e6:.1f} MB of HTML")

    # Timed: the call that gives the article (rassegna) or the text (trafilatura), nothing else.
    # The runs take turns, so a busy moment of the machine falls on all of them alike.
    keys = ("ours", "ours bytes", "two", "theirs", "theirs bytes")
    seconds = dict.fromkeys(keys, float("inf"))
    cpu = dict.fromkeys(keys, float("inf"))

    def timed(key: str, work):
        elapsed, elapsed_cpu, result = best(1, work)
        seconds[key] = min(seconds[key], elapsed)
        cpu[key] = min(cpu[key], elapsed_cpu)
        return result

    with ThreadPoolExecutor(2) as pool:
        for _ in range(args.repeat):
            articles = timed("ours", lambda: [parse(h) for h in htmls])
            timed("ours bytes", lambda: [parse(raw) for raw in raws])
            theirs = timed("theirs", lambda: [trafilatura.extract(h) or "" for h in htmls])
            timed("theirs bytes", lambda: [trafilatura.extract(raw) or "" for raw in raws])
            timed("two", lambda: list(pool.map(parse, htmls)))
    ours = [body(a) for a in articles]
    n = len(htmls)
    ours_s, two_s, theirs_s = seconds["ours"], seconds["two"], seconds["theirs"]
    print(f"rassegna.parse_html, 1 thread : {n / ours_s:8.1f} pages/s (str); "
          f"{n / seconds['ours bytes']:8.1f} pages/s (bytes)")
    print(f"rassegna.parse_html, 2 threads: {n / two_s:8.1f} pages/s ({ours_s / two_s:.2f}x one thread, str)")
    print(f"trafilatura {trafilatura.__version__:<18}: {n / theirs_s:8.1f} pages/s (str); "
          f"{n / seconds['theirs bytes']:8.1f} pages/s (bytes)")
    print(f"speed ratio rassegna / trafilatura (1 thread): {theirs_s / ours_s:.1f}x from str, "
          f"{seconds['theirs bytes'] / seconds['ours bytes']:.1f}x from the files' bytes")
    print(f"the same by CPU time of the thread: {cpu['theirs'] / cpu['ours']:.1f}x from str, "
          f"{cpu['theirs bytes'] / cpu['ours bytes']:.1f}x from the files' bytes")

    found = [a for a in articles if a is not None]
    dated = sum(a.date is not None for a in found)
    titled = sum(a.title is not None for a in found)
    both = sum(a.date is not None and a.title is not None for a in found)
    print(f"rassegna metadata: date {dated}/{n}, title {titled}/{n}, both {both}/{n} ({both / n:.0%})")

    with tempfile.TemporaryDirectory() as scratch:
        scratch_path = Path(scratch)
        (scratch_path / "output").mkdir()
        os.symlink(args.data / "ground-truth.json", scratch_path / "ground-truth.json")
        for name, bodies in (("rassegna", ours), ("trafilatura", theirs)):
            output = {key: {"articleBody": text} for key, text in zip(pages, bodies)}
            (scratch_path / "output" / f"{name}.json").write_text(json.dumps(output), encoding="utf-8")
        scored = subprocess.run(
            [sys.executable, str(args.data / "evaluate.py")],
            cwd=scratch_path,
            capture_output=True,
            text=True,
            check=True,
        )
        print(scored.stdout.rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
