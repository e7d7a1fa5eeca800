"""Benchmark corpora: article-sized Italian documents made from the KIND Wikinews sentences.

The news sentences of KIND (``WN_train.tsv`` + ``WN_dev.tsv``) are detokenised with the
shared evaluation code (``shared/eval/ner_spans.py``), then consecutive sentences are grouped
into paragraphs of 2-5 sentences and paragraphs into documents of about 2-4 KB. Grouping
follows fixed cycles, so the corpora are identical on every machine and every run.

- ``small``: every sentence once (about 2 MB of UTF-8).
- ``large``: ``small`` repeated to about 100 MB, ids made unique with a ``r<N>-`` prefix.

Both are written as JSON Lines (``{"id": ..., "text": ...}``) into a cache directory outside
the repository (``~/.cache/rassegna-bench/``, or ``$RASSEGNA_BENCH_CACHE``, or ``--cache``),
and reused when already there. Other scripts call :func:`load` and :func:`path`.

    python benchmarks/corpora.py            # build (or find) both corpora, print their sizes
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KIND_DIR = ROOT.parent / "shared" / "data" / "kind"
DEFAULT_CACHE_DIR = Path("~/.cache/rassegna-bench").expanduser()
KIND_FILES = ("WN_train.tsv", "WN_dev.tsv")
NAMES = ("small", "large")
LARGE_BYTES = 100_000_000
# Bump when the way documents are built changes, so stale cache files are not reused.
VERSION = 1

# Fixed cycles instead of a random generator: the same documents on every Python version.
PARAGRAPH_SENTENCES = (3, 2, 4, 5, 3, 2, 5, 4)
DOCUMENT_BYTES = (2048, 3072, 3584, 2560, 4000, 2304, 3328)


class KindNotFound(FileNotFoundError):
    """The KIND data (or the shared evaluation code that reads it) is not where we looked."""


def kind_dir(override: str | os.PathLike | None = None) -> Path:
    """Where the KIND TSV files are: argument, then ``$RASSEGNA_KIND_DIR``, then shared/."""
    chosen = override or os.environ.get("RASSEGNA_KIND_DIR") or DEFAULT_KIND_DIR
    return Path(chosen).expanduser().resolve()


def cache_dir(override: str | os.PathLike | None = None) -> Path:
    """Where the JSONL corpora are kept: argument, then ``$RASSEGNA_BENCH_CACHE``, then ~/.cache."""
    chosen = override or os.environ.get("RASSEGNA_BENCH_CACHE") or DEFAULT_CACHE_DIR
    return Path(chosen).expanduser().resolve()


def _ner_spans(kind: Path):
    """Import the shared ``ner_spans`` module; its detokeniser is the one reference rule."""
    candidates = [ROOT.parent / "shared" / "eval", kind.parent.parent / "eval"]
    for folder in candidates:
        if (folder / "ner_spans.py").is_file():
            if str(folder) not in sys.path:
                sys.path.insert(0, str(folder))
            import ner_spans

            return ner_spans
    tried = ", ".join(str(c) for c in candidates)
    raise KindNotFound(
        f"skipping: shared/eval/ner_spans.py not found (looked in {tried})"
    )


def sentences(kind: Path) -> Iterator[str]:
    """Detokenised KIND news sentences, train then dev, in file order."""
    missing = [name for name in KIND_FILES if not (kind / name).is_file()]
    if missing:
        raise KindNotFound(
            f"skipping: KIND data not found at {kind} (missing {', '.join(missing)})"
        )
    ner_spans = _ner_spans(kind)
    for name in KIND_FILES:
        for sent in ner_spans.read_tsv(kind / name):
            text, _spans = ner_spans.detokenize(sent)
            if text.strip():
                yield text


def paragraphs(sents: Iterable[str]) -> Iterator[str]:
    """Consecutive sentences joined by a space, 2-5 to a paragraph."""
    sents = iter(sents)
    for size in itertools.cycle(PARAGRAPH_SENTENCES):
        chunk = list(itertools.islice(sents, size))
        if not chunk:
            return
        yield " ".join(chunk)


def documents(paras: Iterable[str]) -> Iterator[str]:
    """Consecutive paragraphs joined by blank lines, until a document reaches its target size."""
    targets = itertools.cycle(DOCUMENT_BYTES)
    target = next(targets)
    doc: list[str] = []
    size = 0
    for para in paras:
        doc.append(para)
        size += len(para.encode("utf-8")) + 2
        if size >= target:
            yield "\n\n".join(doc)
            doc, size, target = [], 0, next(targets)
    if doc:
        yield "\n\n".join(doc)


def _write_jsonl(target: Path, records: Iterable[dict]) -> None:
    """Write atomically, so an interrupted build never leaves a half file to be reused."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8") as out:
        out.writelines(
            json.dumps(record, ensure_ascii=False) + "\n" for record in records
        )
    partial.replace(target)


def _read_jsonl(source: Path) -> list[dict]:
    with open(source, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _build_small(kind: Path) -> Iterator[dict]:
    for n, text in enumerate(documents(paragraphs(sentences(kind)))):
        yield {"id": f"kind-{n:05d}", "text": text}


def _build_large(small: list[dict]) -> Iterator[dict]:
    small_bytes = sum(len(r["text"].encode("utf-8")) for r in small)
    repeats = max(1, -(-LARGE_BYTES // small_bytes))
    for rep in range(repeats):
        for record in small:
            yield {"id": f"r{rep:03d}-{record['id']}", "text": record["text"]}


def path(
    name: str,
    *,
    kind: str | os.PathLike | None = None,
    cache: str | os.PathLike | None = None,
) -> Path:
    """Path of the JSONL file of corpus ``name`` (``small`` or ``large``), built if missing."""
    if name not in NAMES:
        raise ValueError(f"unknown corpus {name!r}; expected one of {NAMES}")
    target = cache_dir(cache) / f"kind-{name}-v{VERSION}.jsonl"
    if target.is_file():
        return target
    if name == "small":
        _write_jsonl(target, _build_small(kind_dir(kind)))
    else:
        small = _read_jsonl(path("small", kind=kind, cache=cache))
        _write_jsonl(target, _build_large(small))
    return target


def load_records(name: str, **where) -> list[dict]:
    """The records (``id``, ``text``) of corpus ``name``."""
    return _read_jsonl(path(name, **where))


def load(name: str, **where) -> list[str]:
    """The texts of corpus ``name``, in file order."""
    return [record["text"] for record in load_records(name, **where)]


def describe(name: str, **where) -> str:
    """One line: corpus name, documents, MB of UTF-8 text, file."""
    texts = load(name, **where)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    return f"{name:<6} {len(texts):>7} docs  {megabytes:8.1f} MB  {path(name, **where)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", help="folder with WN_train.tsv and WN_dev.tsv")
    parser.add_argument("--cache", help="folder for the JSONL corpora")
    parser.add_argument("--quick", action="store_true", help="only the small corpus")
    args = parser.parse_args(argv)
    names = NAMES[:1] if args.quick else NAMES
    try:
        for name in names:
            print(describe(name, kind=args.kind, cache=args.cache))
    except KindNotFound as err:
        print(err)
    return 0


if __name__ == "__main__":
    sys.exit(main())
