"""An archive larger than memory, read batch by batch: peak memory and throughput.

Builds (once, in the benchmark cache) a JSON Lines archive of at least ``--gigabytes`` GB
from the ``large`` corpus of :mod:`corpora` (KIND Wikinews sentences grouped into articles,
repeated with new ids, dates and sources), then, in a child process timed by
``/usr/bin/time -v``, reads it with :func:`rassegna.read_batches` and adds every batch to a
:class:`rassegna.Totals`: each article parsed, its entities tagged and named, its terms and
entities counted. The child prints what it counted; this script prints that with the
child's peak resident memory, which must stay under 1 GB for the whole archive.

    python benchmarks/bench_archive.py                      # 1 GB, batches of 5000
    python benchmarks/bench_archive.py --gigabytes 0.2 --batch-size 2000

Skips (exit 0, saying so) when the KIND data is missing or /usr/bin/time is not there.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpora

SOURCES = ("ansa", "agi", "adnkronos", "askanews", "la stampa", "il sole 24 ore")
LIMIT_BYTES = 1 << 30


def build(gigabytes: float, cache: Path) -> Path:
    """The archive file, built from the ``large`` corpus unless already in the cache."""
    target = cache / f"archive-{gigabytes:g}GB.jsonl"
    if target.exists():
        return target
    large = corpora.path("large", cache=cache)
    wanted = int(gigabytes * 1e9)
    partial = target.with_suffix(".partial")
    written = 0
    with partial.open("w", encoding="utf-8") as out:
        for copy in itertools.count():
            with large.open(encoding="utf-8") as lines:
                for index, line in enumerate(lines):
                    record = json.loads(line)
                    day = (copy * 7 + index) % 730
                    record["id"] = f"c{copy}-{record['id']}"
                    record["date"] = f"{2023 + day // 365}-{1 + (day % 365) // 31:02}-{1 + day % 28:02}"
                    record["source"] = SOURCES[(copy + index) % len(SOURCES)]
                    text = json.dumps(record, ensure_ascii=False) + "\n"
                    out.write(text)
                    written += len(text.encode("utf-8"))
            if written >= wanted:
                break
    partial.rename(target)
    return target


def child(path: str, batch_size: int) -> None:
    """Reads the archive batch by batch into running totals; prints what it counted."""
    import rassegna

    started = time.perf_counter()
    totals = rassegna.Totals()
    batches = 0
    for batch in rassegna.read_batches(path, batch_size=batch_size):
        totals.add(batch)
        batches += 1
    seconds = time.perf_counter() - started
    print(json.dumps({
        "batches": batches,
        "articles": totals.articles,
        "errors": totals.errors,
        "terms": totals.frequencies().to_arrow().num_rows,
        "entities": totals.entity_counts().to_arrow().num_rows,
        "seconds": seconds,
    }))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gigabytes", type=float, default=1.0)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--cache", default=None,
                        help="where the archive is built (default: the corpora cache)")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.batch_size)
        return 0
    if not os.path.exists("/usr/bin/time"):
        print("skipped: /usr/bin/time is needed to measure peak memory")
        return 0
    cache = corpora.cache_dir(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    try:
        archive = build(args.gigabytes, cache)
    except corpora.KindNotFound as missing:
        print(f"skipped: {missing}")
        return 0
    size = archive.stat().st_size
    print(f"archive: {archive} ({size / 1e9:.2f} GB)")
    done = subprocess.run(
        ["/usr/bin/time", "-v", sys.executable, __file__, "--child", str(archive),
         "--batch-size", str(args.batch_size)],
        capture_output=True, text=True, check=True,
    )
    counted = json.loads(done.stdout.strip().splitlines()[-1])
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    peak = peak_kb * 1024
    print(f"read_batches(batch_size={args.batch_size}) + Totals: {counted['articles']:,} articles "
          f"in {counted['batches']} batches, {counted['errors']} errors; "
          f"{counted['terms']:,} terms, {counted['entities']:,} entities")
    print(f"time {counted['seconds']:.0f} s ({size / 1e6 / counted['seconds']:.1f} MB/s), "
          f"peak RSS {peak / 2**20:.0f} MiB ({peak / size:.2f}× the archive; limit 1 GiB: "
          f"{'ok' if peak < LIMIT_BYTES else 'OVER'})")
    return 0 if peak < LIMIT_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
