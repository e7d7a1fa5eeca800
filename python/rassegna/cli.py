"""The ``rassegna`` command."""

from __future__ import annotations

import argparse
import glob
import os
import sys
from collections.abc import Sequence

from rassegna import _core
from rassegna._core import NerModel, RecordError, __version__
from rassegna.corpus import Corpus, load, read
from rassegna.datasets import sample
from rassegna.entities import evaluate_ner, train_ner
from rassegna.exceptions import RassegnaError, ReadError

PATHS_HELP = "files, folders or glob patterns (default: the bundled sample corpus)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rassegna", description="Italian news analytics.")
    parser.add_argument("--version", action="version", version=f"rassegna {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    summary = commands.add_parser("summary", help="one line per article; optionally write the article table")
    summary.add_argument("path", nargs="*", help=PATHS_HELP)
    summary.add_argument("-o", "--output", help="write the article table to this .parquet or .csv file")
    summary.add_argument("--strict", action="store_true", help="stop at the first record that cannot be used")
    summary.add_argument("--threads", type=int, default=None,
                         help="threads to parse with (default: all cores)")
    summary.add_argument("--year", type=int, default=None,
                         help="year of articles no record or text dates; completes datelines "
                              "such as 'MOSCA, 10 FEB (ANSA)'")
    _encoding_option(summary)
    summary.set_defaults(run=_summary)

    report = commands.add_parser(
        "report", help="write one self-contained HTML report of a corpus (needs rassegna[plot])"
    )
    report.add_argument("path", nargs="*", help=PATHS_HELP)
    report.add_argument("-o", "--output", default="report.html",
                        help="the HTML file to write (default: report.html)")
    report.add_argument("--title", default=None, help="the report's title (default: rassegna report: PATH)")
    report.add_argument("--top", type=int, default=20,
                        help="rows of the ranked tables and names in plots (default: 20)")
    report.add_argument("--target", metavar="START:END",
                        help="keyness target period, ISO dates at any precision, either side open "
                             "(2024:2024-06, 2024:)")
    report.add_argument("--reference", metavar="START:END",
                        help="keyness reference period (default: the rest, or with no --target the "
                             "earliest half)")
    report.add_argument("--strict", action="store_true", help="stop at the first record that cannot be used")
    report.add_argument("--threads", type=int, default=None, help="threads to use (default: all cores)")
    report.add_argument("--no-progress", action="store_true", help="no progress bars")
    report.add_argument("--dedupe", action="store_true",
                        help="count each story once: near-duplicate articles (wire copies) left out")
    report.add_argument("--year", type=int, default=None,
                         help="year of articles no record or text dates; completes datelines "
                              "such as 'MOSCA, 10 FEB (ANSA)'")
    _encoding_option(report)
    report.set_defaults(run=_report)

    entities = commands.add_parser("entities",
                                   help="people, places and organisations: counts per canonical name")
    entities.add_argument("path", nargs="*", help=PATHS_HELP)
    entities.add_argument("-o", "--output", help="write the mention table to this .parquet or .csv file")
    entities.add_argument("--top", type=int, default=30, help="names to print (default: 30)")
    entities.add_argument("--model", help="an entity model file (default: the bundled model)")
    entities.add_argument("--strict", action="store_true",
                          help="stop at the first record that cannot be used")
    entities.add_argument("--threads", type=int, default=None, help="threads to use (default: all cores)")
    entities.add_argument("--year", type=int, default=None,
                         help="year of articles no record or text dates; completes datelines "
                              "such as 'MOSCA, 10 FEB (ANSA)'")
    _encoding_option(entities)
    entities.set_defaults(run=_entities)

    evaluate = commands.add_parser("evaluate-ner",
                                   help="exact-match P/R/F1 of the entity model on a KIND-format file")
    evaluate.add_argument("path", help="KIND-format file: token<TAB>IOB tag lines")
    evaluate.add_argument("--model", help="an entity model file (default: the bundled model)")
    evaluate.set_defaults(run=_evaluate_ner)

    train = commands.add_parser("train-ner", help="train an entity model on KIND-format files")
    train.add_argument("paths", nargs="+", help="KIND-format training files")
    train.add_argument("-o", "--output", required=True, help="where to write the model")
    train.add_argument("--dev", help="a KIND-format file to score the new model on")
    train.add_argument("--epochs", type=int, default=12)
    train.add_argument("--seed", type=int, default=1)
    train.add_argument("--folds", type=int, default=5, help="jackknife folds of the training-name gazetteer")
    train.add_argument("--ensemble", type=int, default=1, help="perceptrons averaged into the model")
    train.set_defaults(run=_train_ner)

    search = commands.add_parser("search", help="find articles by a query and print every hit in context")
    search.add_argument("path", nargs="+", help="files, folders, glob patterns or a folder saved by "
                                                 "Corpus.save (its index is reused)")
    search.add_argument("query", help='the query, e.g. \'"truppe nordcoreane" OR entity:"Kim Jong-un"\'')
    search.add_argument("-o", "--output", help="write every hit to this .parquet or .csv file")
    search.add_argument("--limit", type=int, default=20, help="best articles to take (default: 20; 0: all)")
    search.add_argument("--window", type=int, default=8, help="words of context either side (default: 8)")
    search.add_argument("--stem", action="store_true", help="find words of the same Italian stem")
    search.add_argument("--strict", action="store_true", help="stop at the first record that cannot be used")
    search.add_argument("--threads", type=int, default=None, help="threads to use (default: all cores)")
    search.add_argument("--year", type=int, default=None, help="default year of undated records")
    _encoding_option(search)
    search.set_defaults(run=_search)

    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except RassegnaError as error:
        print(f"rassegna: {error}", file=sys.stderr)
        return 1


def _summary(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    table = corpus.articles()
    header = ("id", "date", "title", "author", "paragraphs", "sentences", "tokens", "set_aside")
    rows = [[_cell(v) for v in row] for row in zip(*(table[c] for c in header))]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    widths[2] = min(widths[2], 60)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for row in rows:
        print("  ".join(_fit(v, w) for v, w in zip(row, widths)))
    print(f"{len(corpus)} articles, {_say_unread(corpus)}", file=sys.stderr)
    if args.output:
        _write(table.to_arrow(), args.output)
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    from rassegna.report import write

    try:
        import matplotlib  # noqa: F401
        import networkx  # noqa: F401
    except ImportError as missing:
        print(f"rassegna report needs matplotlib and networkx ({missing}): "
              "pip install 'rassegna[plot]'", file=sys.stderr)
        return 1
    target = _period(args.target, "--target")
    reference = _period(args.reference, "--reference")
    if reference is not None and target is None:
        raise SystemExit("rassegna: --reference needs --target")
    progress = False if args.no_progress else None
    corpus = _corpus(args, progress=progress)
    title = f"rassegna report: {' '.join(args.path)}" if args.path else "rassegna report: sample corpus"
    path = write(
        corpus, args.output, title=args.title or title, top=args.top, target=target,
        reference=reference, progress=progress, dedupe=args.dedupe,
    )
    print(f"wrote {path} ({len(corpus)} articles, {_say_unread(corpus, 10)})", file=sys.stderr)
    return 0


def _period(text: str | None, option: str) -> tuple[str | None, str | None] | None:
    if text is None:
        return None
    start, colon, end = text.partition(":")
    if not colon:
        raise SystemExit(f"rassegna: {option} {text!r}: expected START:END (either may be empty)")
    return (start or None, end or None)


def _corpus(args: argparse.Namespace, progress: bool | None = None) -> Corpus:
    """The corpus of the paths given, or the sample; raises when no article could be read,
    rather than let a command write an empty result."""
    if not args.path:
        return sample(threads=args.threads)
    corpus = read(args.path, strict=args.strict, threads=args.threads, year=args.year,
                  encoding=args.encoding, progress=progress)
    if len(corpus) == 0:
        _say_unread(corpus)
        unread = corpus.errors + corpus.skipped
        reasons = [_why_nothing(name, unread) for path in args.path for name in _matches(path)]
        nothing = ReadError("no article to work on: " + "; ".join(reasons))
        nothing.location = args.path[0] if len(args.path) == 1 else None
        raise nothing
    return corpus


def _matches(path: str) -> list[str]:
    """The files and folders a path names, as ``rassegna.read`` expands it."""
    if os.path.lexists(path) or not glob.has_magic(path):
        return [path]
    return sorted(glob.glob(path, recursive=True))


def _why_nothing(path: str, errors: list[RecordError]) -> str:
    """What was found at a path that gave no article, and why none was used."""
    if os.path.isdir(path):
        seen = sum(len(files) for _, _, files in os.walk(path))
        if seen == 0:
            return f"{path} is an empty folder"
        readable = sum(kind is not None for _, kind in _core._listed_files(path))
        if readable == 0:
            return (f"{path}: {seen} file{_plural(seen)} seen, none of a kind rassegna reads (text, "
                    "web pages, WARC, JSON Lines, JSON, CSV/TSV, Parquet)")
        return (f"{path}: {seen} file{_plural(seen)} seen, {readable} of kinds rassegna reads, "
                f"{_unusable(path, errors)}")
    return f"{path}: {_unusable(path, errors)}"


def _unusable(path: str, errors: list[RecordError]) -> str:
    """How many records under ``path`` were skipped, by kind."""
    # Locations are `path`, `path:line`, `path:row N`, `path[index]` or `path/file`.
    inside = tuple(path.rstrip(os.sep) + mark for mark in (os.sep, ":", "["))
    kinds: dict[str, int] = {}
    for error in errors:
        if error.location == path or error.location.startswith(inside):
            kinds[error.kind] = kinds.get(error.kind, 0) + 1
    if not kinds:
        return "no record in it"
    count = sum(kinds.values())
    by_kind = ", ".join(f"{kind}: {n}" for kind, n in sorted(kinds.items()))
    return f"{count} record{_plural(count)} read, none usable ({by_kind}; each listed above, with why)"


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


def _encoding_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--encoding", default=None,
                         help="the encoding of every file (cp1252, latin-1, utf-16 …) instead of "
                              "the one detected")


def _say_unread(corpus: Corpus, limit: int | None = None) -> str:
    """Prints the records that did not become articles (up to ``limit`` of each kind) and
    returns how many there were, in words."""
    for error in corpus.errors[:limit]:
        print(f"unusable {_located(error)}", file=sys.stderr)
    for skipped in corpus.skipped[:limit]:
        print(f"skipped {_located(skipped)}", file=sys.stderr)
    return f"{len(corpus.errors)} unusable, {len(corpus.skipped)} skipped"


def _located(error: RecordError) -> str:
    """A skipped record's message, which most often starts with its location already."""
    if error.message.startswith(error.location):
        return error.message
    return f"{error.location}: {error.message}"


def _model(path: str | None) -> NerModel | None:
    return NerModel.load(path) if path else None


def _entities(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    model = _model(args.model)
    counts = corpus.entity_counts(model=model, threads=args.threads)
    header: tuple[str, ...] = ("canonical", "label", "mentions", "articles", "first_date", "last_date")
    columns = [counts[c][: args.top] for c in header]
    forms = [", ".join(f) for f in counts["surface_forms"][: args.top]]
    rows = [[_cell(v) for v in row] + [f] for row, f in zip(zip(*columns), forms)]
    header += ("surface_forms",)
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    widths[0] = min(widths[0], 40)
    widths[-1] = min(widths[-1], 60)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for row in rows:
        print("  ".join(_fit(v, w) for v, w in zip(row, widths)))
    print(f"{len(counts)} names in {len(corpus)} articles", file=sys.stderr)
    if args.output:
        _write(corpus.entities(model=model, threads=args.threads).to_arrow(), args.output)
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _search(args: argparse.Namespace) -> int:
    saved = len(args.path) == 1 and os.path.isfile(os.path.join(args.path[0], "texts.parquet"))
    corpus = load(args.path[0]) if saved else _corpus(args)
    found = corpus.search(args.query, limit=args.limit or None, stem=args.stem, threads=args.threads)
    hits = found.hits(window=args.window)
    for row in hits.to_arrow().to_pylist():
        print(f"{_cell(row['article'])}  …{row['left']}[{row['match']}]{row['right']}…")
    print(f"{len(hits)} hits in {len(found)} articles (of {len(corpus)})", file=sys.stderr)
    if args.output:
        _write(hits.to_arrow(), args.output)
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _print_scores(scores: dict[str, object]) -> None:
    print("label  precision  recall      f1  support")
    for label in ("PER", "LOC", "ORG", "micro"):
        s = scores[label]
        assert isinstance(s, dict)
        print(f"{label:5}  {s['precision']:9.4f}  {s['recall']:6.4f}  {s['f1']:6.4f}  {s['support']:7}")


def _evaluate_ner(args: argparse.Namespace) -> int:
    scores = evaluate_ner(args.path, model=_model(args.model))
    print(f"{scores['sentences']} sentences in {args.path}")
    _print_scores(scores)
    return 0


def _train_ner(args: argparse.Namespace) -> int:
    model = train_ner(args.paths, epochs=args.epochs, seed=args.seed, folds=args.folds,
                      ensemble=args.ensemble)
    model.save(args.output)
    print(f"wrote {args.output}", file=sys.stderr)
    if args.dev:
        _print_scores(evaluate_ner(args.dev, model=model))
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
