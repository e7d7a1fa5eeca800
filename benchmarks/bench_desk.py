"""What the analyst's desk costs: parsing with and without the progress bar (batches of
rassegna.progress.BATCH texts instead of one call), saving to Parquet and loading back, and
the report, on the sample corpus repeated. Interleaved runs, best of --repeat; ratios printed.

    python benchmarks/bench_desk.py [--copies 4000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from contextlib import redirect_stderr
from pathlib import Path

import rassegna
from rassegna.report import report


def best(runs: list[float]) -> float:
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=4000, help="sample corpus repeats (5 texts each)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = [a.text for a in rassegna.datasets.sample()] * args.copies
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    print(f"{len(texts)} texts, {megabytes:.1f} MB")
    rassegna.Corpus.from_texts(texts[:500])  # warm-up
    plain, bar = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        one = rassegna.Corpus.from_texts(texts, progress=False)
        plain.append(time.perf_counter() - start)
        start = time.perf_counter()
        with redirect_stderr(io.StringIO()):
            batched = rassegna.Corpus.from_texts(texts, progress=True)
        bar.append(time.perf_counter() - start)
    assert batched == one
    print(f"from_texts, one call:          {best(plain):7.2f} s  {megabytes / best(plain):6.1f} MB/s")
    print(f"from_texts, progress bar:      {best(bar):7.2f} s  {megabytes / best(bar):6.1f} MB/s"
          f"  ({best(bar) / best(plain):.2f}x the time)")
    small = rassegna.Corpus.from_texts(texts[: 5 * 200])
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        small.save(folder, progress=False)
        saved = time.perf_counter() - start
        size = sum(p.stat().st_size for p in Path(folder).iterdir()) / 1e6
        start = time.perf_counter()
        assert rassegna.load(folder) == small
        loaded = time.perf_counter() - start
    print(f"save, {len(small)} articles:      {saved:7.2f} s  ({size:.1f} MB of Parquet)")
    print(f"load, {len(small)} articles:      {loaded:7.2f} s")
    sample = rassegna.datasets.sample()
    start = time.perf_counter()
    page = report(sample, progress=False)
    print(f"report of the sample:          {time.perf_counter() - start:7.2f} s  ({len(page) / 1e3:.0f} KB)")
    start = time.perf_counter()
    page = report(small, progress=False)
    seconds = time.perf_counter() - start
    print(f"report, {len(small)} articles:    {seconds:7.2f} s  ({len(page) / 1e3:.0f} KB)")


if __name__ == "__main__":
    main()
