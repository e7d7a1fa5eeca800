"""rassegna on one machine against rassegna.dask on a LocalCluster, side by side.

The ``small`` corpus of ``corpora.py`` (KIND Wikinews sentences grouped into articles) is cut
into ``--shards`` JSON Lines files in a temporary folder. Then, on the same files:

- ``local``: ``rassegna.read`` of each file, joined (one process, all cores);
- ``dask``: ``rassegna.dask.read("shards/*.jsonl")`` on a ``distributed.LocalCluster`` of
  ``--workers`` processes of one thread each (the cluster is started before timing).

Each side reads the corpus, then computes TF-IDF and the entity counts (the entity model and
the corpus-wide canonical names); wall seconds of each step, best of ``--repeat``, and the
ratio dask / local. The results are checked equal before anything is printed.

    python benchmarks/bench_dask.py               # 8 shards, 2 workers
    python benchmarks/bench_dask.py --shards 4 --workers 2 --repeat 3

On one machine the cluster cannot be faster than rayon on the same cores: this measures the
cost of going distributed (tallies shipped and merged, a second pass for canonical names),
which is what a real cluster pays to spread an archive over machines.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import corpora


def write_shards(records: list[dict], folder: Path, shards: int) -> list[Path]:
    size = -(-len(records) // shards)
    paths = []
    for n in range(shards):
        path = folder / f"shard-{n:03d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for record in records[n * size:(n + 1) * size]:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def best(repeat: int, work):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--kind", help="folder with WN_train.tsv and WN_dev.tsv")
    parser.add_argument("--cache", help="folder for the JSONL corpora")
    args = parser.parse_args(argv)
    try:
        records = corpora.load_records("small", kind=args.kind, cache=args.cache)
    except corpora.KindNotFound as err:
        print(f"skipped: {err}")
        return 0
    import numpy as np
    import rassegna
    import rassegna.dask
    from distributed import Client, LocalCluster

    megabytes = sum(len(r["text"].encode("utf-8")) for r in records) / 1e6
    with tempfile.TemporaryDirectory() as tmp, LocalCluster(
        n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, Client(cluster):
        paths = write_shards(records, Path(tmp), args.shards)
        pattern = str(Path(tmp) / "*.jsonl")

        def local_read():
            return rassegna.Corpus(rassegna._core.Corpus.concat([rassegna.read(p)._inner for p in paths]))

        def dask_read():
            corpus = rassegna.dask.read(pattern)
            len(corpus)  # wait for the partitions
            return corpus

        rows = []
        t_local_read, local = best(args.repeat, local_read)
        t_dask_read, dist = best(args.repeat, dask_read)
        rows.append(("read + parse", t_local_read, t_dask_read))
        t_local_tfidf, lt = best(args.repeat, local.tfidf)
        t_dask_tfidf, dt = best(args.repeat, dist.tfidf)
        rows.append(("tfidf", t_local_tfidf, t_dask_tfidf))
        # Entities are computed once per corpus (then cached): time one fresh run each.
        local, dist = local_read(), dask_read()
        t_local_ent, lc = best(1, local.entity_counts)
        t_dask_ent, dc = best(1, dist.entity_counts)
        rows.append(("entity_counts (model + names)", t_local_ent, t_dask_ent))

        assert lt.vocabulary == dt.vocabulary and lt.ids == dt.ids
        assert abs(lt.matrix - dt.matrix).max() <= 1e-12
        assert np.array_equal(lt.df, dt.df)
        assert lc.to_arrow().to_pylist() == dc.to_arrow().to_pylist()

    print(f"corpus: small, {len(records)} docs, {megabytes:.1f} MB, {args.shards} shards; "
          f"LocalCluster of {args.workers} processes × 1 thread; best of {args.repeat}")
    print(f"{'step':<32} {'local s':>9} {'dask s':>9} {'dask/local':>11}")
    for step, a, b in rows:
        print(f"{step:<32} {a:9.2f} {b:9.2f} {b / a:10.2f}×")
    print("results: equal (vocabulary, ids, df, matrix to 1e-12, entity counts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
