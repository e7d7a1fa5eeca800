"""The ``rassegna`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from rassegna.corpus import Corpus, read
from rassegna.datasets import sample
from rassegna.exceptions import RassegnaError


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rassegna", description="Italian news analytics.")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="one line per article; optionally write the article table")
    summary.add_argument("path", nargs="?", help="file or folder (default: the bundled sample corpus)")
    summary.add_argument("-o", "--output", help="write the article table to this .parquet or .csv file")
    summary.add_argument("--strict", action="store_true", help="stop at the first record that cannot be used")
    summary.add_argument("--threads", type=int, default=None, help="threads to parse with (default: all cores)")
    args = parser.parse_args(argv)
    try:
        return _summary(args)
    except RassegnaError as error:
        print(f"rassegna: {error}", file=sys.stderr)
        return 1


def _summary(args: argparse.Namespace) -> int:
    corpus: Corpus = (
        read(args.path, strict=args.strict, threads=args.threads) if args.path else sample(threads=args.threads)
    )
    table = corpus.articles()
    header = ("id", "date", "title", "author", "paragraphs", "sentences", "tokens", "set_aside")
    rows = [[_cell(v) for v in row] for row in zip(*(table[c] for c in header))]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    widths[2] = min(widths[2], 60)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for row in rows:
        print("  ".join(_fit(v, w) for v, w in zip(row, widths)))
    for error in corpus.errors:
        print(f"skipped {error.location}: {error.message}", file=sys.stderr)
    print(f"{len(corpus)} articles, {len(corpus.errors)} records skipped", file=sys.stderr)
    if args.output:
        _write(table.to_arrow(), args.output)
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _write(table: object, output: str) -> None:
    if output.lower().endswith(".parquet"):
        import pyarrow.parquet as pq

        pq.write_table(table, output)
    elif output.lower().endswith(".csv"):
        import pyarrow.csv as pcsv

        pcsv.write_csv(table, output)
    else:
        raise SystemExit(f"rassegna: cannot write {output!r}: use a .parquet or .csv name")


def _cell(value: object) -> str:
    return "-" if value is None else str(value)


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


if __name__ == "__main__":
    raise SystemExit(main())
