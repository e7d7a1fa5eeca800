"""Entity recognition, rassegna against a spaCy NER trained on the same data: F1 and speed.

spaCy has no Italian pipeline trained on KIND, so this script trains one, once, and caches it
outside the repository (``~/.cache/rassegna-bench/spacy-ner/``, or under ``--cache``):

1. KIND ``WN_train.tsv`` and ``WN_dev.tsv`` are read with the shared evaluation code
   (``shared/eval/ner_spans.py``: ``read_tsv`` and ``detokenize``), so both systems see the
   text the official scorer sees. Sentences are grouped into articles the way rassegna's
   trainer groups them (``src/entities/kind.rs``, ``mark_documents``: a new article starts
   at a sentence without final punctuation after one with it, i.e. at a headline).
2. Each article becomes a ``Doc`` (``words`` and ``spaces`` from the detokeniser, IOB tags
   as ``ents``, a stray ``I-`` turned into ``B-``) in a ``DocBin``: ``train.spacy`` and
   ``dev.spacy``.
3. ``python -m spacy init config config.cfg --lang it --pipeline ner --optimize efficiency``
   (blank Italian, default CNN tok2vec + transition-based NER, no vectors), then
   ``python -m spacy train config.cfg --paths.train train.spacy --paths.dev dev.spacy
   --training.max_steps 3000 --system.seed 0`` (the default is 20,000 steps, with early
   stopping after 1,600 steps without progress; 3,000 steps of about 1,000 words are about
   12 passes over WN_train and keep training to 10-30 minutes on 2 cores). ``model-best``
   (the checkpoint with the best WN_dev F1: if anything, this favours spaCy) is used.
   ``--max-steps`` changes the cap; the settings are stored beside the model and a model
   trained with other settings is retrained.

Then, in one run and on the same texts:

- **F1 on WN_dev** with the official scorer's logic (``ner_spans.score``: exact start, end
  and label). Both systems get WN_dev as article texts (the headline, then one paragraph per
  sentence, separated by blank lines), find entities with their own tokenizer, and their
  character spans are mapped back to the KIND sentences.
- **Throughput** on the WN_dev articles and on the ``small`` corpus of ``corpora.py``
  (about 2 MB): spaCy's trained pipeline with ``nlp.pipe(texts, batch_size=256)``, one
  process; rassegna's parse + entities on one thread and on all cores. Tokens/s counts each
  system's own tokens; the ratio is of wall times on the same texts (so of MB/s). Best of
  ``--repeat`` runs after a warm-up.

rassegna is measured through Python when the installed package has ``Article.entities``:
on one thread ``rassegna.parse_many(texts, threads=1)`` then ``a.entities`` for each article;
on all cores ``rassegna.Corpus.from_texts(texts).entities()``, which tags in parallel.
Otherwise
it is measured through the Rust side, ``train-ner --texts FILE.jsonl`` (release build,
``article::parse`` + ``find_entities`` per article, on 1 thread or a rayon pool of all cores),
and the script says which (``--rust`` forces the Rust side).

    python benchmarks/bench_ner.py               # trains spaCy first if needed (~10-30 min)
    python benchmarks/bench_ner.py --repeat 5 --max-steps 3000

Prints ``skipping: ...`` and exits 0 when ``../shared`` (KIND, the scorer) or spaCy is missing.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Run as a script, this folder is sys.path[0]: the corpora module sits beside it.
import corpora

ROOT = Path(__file__).resolve().parent.parent
SPACY_BATCH = 256
WARMUP_DOCS = 16
DEFAULT_MAX_STEPS = 3000
LABELS = ("PER", "LOC", "ORG")
# As `mark_documents` in src/entities/kind.rs.
FINAL = (".", "!", "?", "»", '"', "”", "…", ")")


# --- KIND as articles -------------------------------------------------------------------


@dataclass
class Sentence:
    tokens: list[str]
    tags: list[str]
    text: str
    entities: list[list]  # [start, end, label], character offsets into `text`


def read_sentences(ner_spans, path: Path) -> list[Sentence]:
    out = []
    for sent in ner_spans.read_tsv(path):
        text, spans = ner_spans.detokenize(sent)
        out.append(Sentence([t for t, _ in sent], [g for _, g in sent], text, spans))
    return out


def group_articles(sentences: list[Sentence]) -> list[list[Sentence]]:
    """Consecutive sentences cut at headlines, as rassegna's trainer cuts them."""
    articles: list[list[Sentence]] = []
    prev_final = True
    for i, s in enumerate(sentences):
        text = s.text.rstrip()
        is_final = text.endswith(FINAL)
        if i == 0 or (prev_final and not is_final and not text.endswith((":", ";"))):
            articles.append([])
        articles[-1].append(s)
        prev_final = is_final
    return articles


def article_text(article: list[Sentence]) -> tuple[str, list[int]]:
    """The article as one text, a sentence a paragraph; and where each sentence starts."""
    starts, parts, pos = [], [], 0
    for s in article:
        starts.append(pos)
        parts.append(s.text)
        pos += len(s.text) + 2
    return "\n\n".join(parts), starts


def to_sentences(
    spans: list[tuple[int, int, str]], starts: list[int]
) -> list[list[list]]:
    """Article-level character spans back onto its sentences; a span that crosses a
    sentence end is kept with offsets past it, so it counts as a false positive."""
    out: list[list[list]] = [[] for _ in starts]
    for start, end, label in spans:
        if label in LABELS:
            k = max(bisect.bisect_right(starts, start) - 1, 0)
            out[k].append([start - starts[k], end - starts[k], label])
    return out


# --- spaCy: data, training, prediction --------------------------------------------------


def spacy_docbin(nlp, articles: list[list[Sentence]], target: Path) -> None:
    from spacy.tokens import Doc, DocBin

    db = DocBin(store_user_data=False)
    for article in articles:
        words, spaces, ents = [], [], []
        for s in article:
            # Spaces exactly where the detokeniser put them; sentences joined by one space.
            pos = 0
            for k, tok in enumerate(s.tokens):
                start = s.text.index(tok, pos)
                pos = start + len(tok)
                words.append(tok)
                spaces.append(k + 1 == len(s.tokens) or s.text[pos : pos + 1] == " ")
            prev = "O"
            for raw in s.tags:
                tag = raw.split("|")[0] or "O"
                if "-" not in tag and tag != "O":
                    tag = "B-" + tag
                if tag.startswith("I-") and prev[2:] != tag[2:]:
                    tag = "B-" + tag[2:]
                ents.append(tag)
                prev = tag
        db.add(Doc(nlp.vocab, words=words, spaces=spaces, ents=ents))
    target.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(target)


def spacy_model(cache: Path, train: list, dev: list, max_steps: int) -> Path:
    """The trained spaCy pipeline's folder, training it first if it is not cached."""
    import spacy

    folder = cache / "spacy-ner"
    settings = {
        "spacy": spacy.__version__,
        "init": "--lang it --pipeline ner --optimize efficiency",
        "max_steps": max_steps,
        "seed": 0,
        "data": "KIND WN_train (train), WN_dev (dev), grouped into articles",
    }
    best = folder / "model" / "model-best"
    settings_file = folder / "settings.json"
    if (
        best.is_dir()
        and settings_file.is_file()
        and json.loads(settings_file.read_text()) == settings
    ):
        return best
    print(f"training spaCy NER into {folder} ({settings})", file=sys.stderr)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    nlp = spacy.blank("it")
    spacy_docbin(nlp, train, folder / "train.spacy")
    spacy_docbin(nlp, dev, folder / "dev.spacy")
    python = sys.executable
    subprocess.run(
        [python, "-m", "spacy", "init", "config", str(folder / "config.cfg"), *settings["init"].split()],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    started = time.perf_counter()
    with open(folder / "train.log", "w") as log:
        subprocess.run(
            [
                python,
                "-m",
                "spacy",
                "train",
                str(folder / "config.cfg"),
                "--output",
                str(folder / "model"),
                "--paths.train",
                str(folder / "train.spacy"),
                "--paths.dev",
                str(folder / "dev.spacy"),
                "--training.max_steps",
                str(max_steps),
                "--system.seed",
                "0",
            ],
            check=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    (folder / "train_seconds.txt").write_text(f"{time.perf_counter() - started:.0f}\n")
    settings_file.write_text(json.dumps(settings, indent=1))
    return best


def spacy_spans(nlp, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    return [
        [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        for doc in nlp.pipe(texts, batch_size=SPACY_BATCH)
    ]


def spacy_run(nlp) -> Callable[[list[str]], int]:
    def run(texts: list[str]) -> int:
        docs = list(nlp.pipe(texts, batch_size=SPACY_BATCH))
        return sum(len(doc) for doc in docs)

    return run


# --- rassegna: through Python when it can, else through train-ner ----------------------


def import_rassegna():
    """The installed rassegna if it has `parse_many` and `Article.entities`, else None."""
    try:
        import rassegna
    except ImportError as err:
        print(f"rassegna not importable ({err})", file=sys.stderr)
        return None
    if not hasattr(rassegna, "parse_many") or not hasattr(
        getattr(rassegna, "Article", None), "entities"
    ):
        print("the installed rassegna has no Article.entities", file=sys.stderr)
        return None
    return rassegna


def python_run(
    rassegna, threads: int | None, tokens: int
) -> Callable[[list[str]], int]:
    """One thread: ``parse_many`` then each article's ``entities`` (found on first access).
    All cores: ``Corpus.from_texts`` then ``corpus.entities()``, which tags the articles in
    parallel (and also settles canonical names across the corpus and builds the table)."""

    def one_thread(texts: list[str]) -> int:
        articles = rassegna.parse_many(texts, threads=1)
        for a in articles:
            a.entities  # noqa: B018 -- computed on first access, which is what is timed
        return sum(a.token_count for a in articles)

    def all_cores(texts: list[str]) -> int:
        corpus = rassegna.Corpus.from_texts(texts, threads=threads)
        corpus.entities(threads=threads)
        return tokens  # the same articles as parse_many's, counted outside the timing

    return one_thread if threads == 1 else all_cores


def calls(count: int) -> int:
    """``--calls``: the two rassegna runs alone, alternating, on ``small``."""
    import statistics

    rassegna = import_rassegna()
    if rassegna is None:
        print("skipping: the installed rassegna has no Article.entities")
        return 0
    texts = corpora.load("small")
    runs = {"1 thread": python_run(rassegna, 1, 0), "all cores": python_run(rassegna, None, 0)}
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    runs["all cores"](texts[:64])
    for _ in range(count):
        for name, run in runs.items():
            start = time.perf_counter()
            run(texts)
            seconds[name].append(time.perf_counter() - start)
    print(f"rassegna parse + entities, small, {count} rounds: " + "; ".join(
        f"{name} median {statistics.median(s) * 1e3:.0f} ms (best {min(s) * 1e3:.0f})"
        for name, s in seconds.items()
    ))
    return 0


def python_spans(rassegna, texts: list[str]) -> list[list[tuple[int, int, str]]]:
    return [
        [(e.start, e.end, e.label) for e in a.entities]
        for a in rassegna.parse_many(texts)
    ]


class RustSide:
    """rassegna's parse + entities timed in Rust by `train-ner --texts` (release build)."""

    def __init__(self) -> None:
        subprocess.run(
            ["cargo", "build", "--release", "--quiet", "--bin", "train-ner"],
            cwd=ROOT,
            check=True,
        )
        target = os.environ.get("CARGO_TARGET_DIR", ROOT / "target")
        self.binary = Path(target) / "release" / "train-ner"
        self.model = ROOT / "python" / "rassegna" / "data" / "models" / "ner-it.bin"

    def run(
        self, texts: list[str], threads: int, repeat: int, pred: Path | None = None
    ):
        """(seconds, tokens), best of `repeat`, and spans per text if `pred` is given."""
        with tempfile.TemporaryDirectory() as tmp:
            jsonl = Path(tmp) / "texts.jsonl"
            with open(jsonl, "w", encoding="utf-8") as f:
                f.writelines(
                    json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts
                )
            command = [
                str(self.binary),
                "--model",
                str(self.model),
                "--texts",
                str(jsonl),
                "--threads",
                str(threads),
                "--repeat",
                str(repeat),
            ]
            if pred is not None:
                command += ["--pred", str(pred)]
            out = subprocess.run(
                command, check=True, capture_output=True, text=True
            ).stdout
        report = json.loads(out.strip().splitlines()[-1])
        return report["seconds"], report["tokens"]

    def spans(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        with tempfile.TemporaryDirectory() as tmp:
            pred = Path(tmp) / "pred.jsonl"
            self.run(texts, 1, 1, pred)
            with open(pred, encoding="utf-8") as f:
                return [[tuple(e) for e in json.loads(line)["entities"]] for line in f]


# --- scoring and timing -----------------------------------------------------------------


def f1_table(ner_spans, dev: list[list[Sentence]], systems: dict[str, list]) -> str:
    """Per-label and micro P/R/F1 of each system, as `ner_spans.score` computes them."""
    gold, i = {}, 0
    for article in dev:
        for s in article:
            gold[i] = {"entities": s.entities}
            i += 1
    lines = [f"{'system':<10} " + "  ".join(f"{x:>17}" for x in (*LABELS, "micro"))]
    lines.append(f"{'':<10} " + "  ".join(f"{'P     R     F1':>17}" for _ in range(4)))
    for name, per_article in systems.items():
        pred, i = {}, 0
        for article, spans in zip(dev, per_article):
            for ents in to_sentences(spans, article_text(article)[1]):
                pred[i] = {"entities": ents}
                i += 1
        res = ner_spans.score(gold, pred)
        cells = [
            f"{res[x]['p']:.3f} {res[x]['r']:.3f} {res[x]['f1']:.3f}"
            for x in (*LABELS, "micro")
        ]
        lines.append(f"{name:<10} " + "  ".join(cells))
    return "\n".join(lines)


def best_of(
    run: Callable[[list[str]], int], texts: list[str], repeat: int
) -> tuple[float, int]:
    """Warm up on a few texts, then the fastest of `repeat` runs over all, and its tokens."""
    run(texts[:WARMUP_DOCS])
    best, tokens = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        tokens = run(texts)
        best = min(best, time.perf_counter() - start)
    return best, tokens


@dataclass
class Timing:
    system: str
    corpus: str
    seconds: float
    tokens: int
    megabytes: float


def speed_table(timings: list[Timing]) -> str:
    header = (
        f"{'system':<32} {'corpus':<6} {'MB':>5} {'seconds':>8} {'tokens/s':>11}"
        f" {'MB/s':>7} {'vs spaCy':>9}"
    )
    lines = [header, "-" * len(header)]
    spacy_time = {t.corpus: t.seconds for t in timings if t.system.startswith("spaCy")}
    for t in timings:
        ratio = spacy_time.get(t.corpus, float("nan")) / t.seconds
        lines.append(
            f"{t.system:<32} {t.corpus:<6} {t.megabytes:5.1f} {t.seconds:8.2f}"
            f" {t.tokens / t.seconds:11,.0f} {t.megabytes / t.seconds:7.2f} {ratio:8.1f}x"
        )
    return "\n".join(lines)


# --- main -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs; the best is kept"
    )
    parser.add_argument(
        "--max-steps",
        type=int,
        default=DEFAULT_MAX_STEPS,
        help="spaCy training steps cap",
    )
    parser.add_argument(
        "--kind", help="folder with the KIND TSV files ($RASSEGNA_KIND_DIR)"
    )
    parser.add_argument("--cache", help="cache folder ($RASSEGNA_BENCH_CACHE)")
    parser.add_argument(
        "--calls",
        type=int,
        metavar="N",
        help="rassegna alone, for comparing two builds: N rounds of parse + entities on "
        "small (one thread, then all cores), medians",
    )
    parser.add_argument(
        "--rust",
        action="store_true",
        help="time rassegna through train-ner even if the Python package has entities",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.kind:
        os.environ["RASSEGNA_KIND_DIR"] = args.kind
    if args.cache:
        os.environ["RASSEGNA_BENCH_CACHE"] = args.cache
    kind = corpora.kind_dir()
    try:
        ner_spans = corpora._ner_spans(kind)
        corpora.path("small")
    except corpora.KindNotFound as err:
        print(err)
        return 0
    if args.calls:
        return calls(args.calls)
    try:
        import spacy
    except ImportError:
        print('skipping: spaCy is not installed (pip install "spacy>=3.7,<4")')
        return 0

    train = group_articles(read_sentences(ner_spans, kind / "WN_train.tsv"))
    dev = group_articles(read_sentences(ner_spans, kind / "WN_dev.tsv"))
    model_dir = spacy_model(corpora.cache_dir(), train, dev, args.max_steps)
    nlp = spacy.load(model_dir)

    rassegna = None if args.rust else import_rassegna()
    rust = RustSide() if rassegna is None else None
    how = (
        "Python: parse_many(threads=1) + Article.entities; Corpus.from_texts + .entities()"
        if rassegna is not None
        else "Rust: train-ner --texts (parse + Model::predict_document per article)"
    )

    dev_texts = [article_text(a)[0] for a in dev]
    spans = {
        "spaCy": spacy_spans(nlp, dev_texts),
        "rassegna": python_spans(rassegna, dev_texts)
        if rassegna is not None
        else rust.spans(dev_texts),
    }

    timings = []
    for corpus, texts in (("dev", dev_texts), ("small", corpora.load("small"))):
        megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        seconds, tokens = best_of(spacy_run(nlp), texts, args.repeat)
        timings.append(
            Timing("spaCy nlp.pipe, 1 process", corpus, seconds, tokens, megabytes)
        )
        for threads, label in ((1, "1 thread"), (None, f"{os.cpu_count()} cores")):
            if rassegna is not None:
                count = sum(a.token_count for a in rassegna.parse_many(texts))
                run = python_run(rassegna, threads, count)
                seconds, tokens = best_of(run, texts, args.repeat)
            else:
                seconds, tokens = rust.run(texts, threads or 0, args.repeat)
            timings.append(
                Timing(
                    f"rassegna parse+entities, {label}",
                    corpus,
                    seconds,
                    tokens,
                    megabytes,
                )
            )
        print(f"  {corpus}: timed", file=sys.stderr)

    settings = model_dir.parent.parent / "settings.json"
    print(
        f"python {sys.version.split()[0]}, spaCy {spacy.__version__}, {os.cpu_count()} cores"
        f" (shared machine: read the ratios)\n"
        f"spaCy model: {model_dir} ({json.loads(settings.read_text())})\n"
        f"rassegna measured through {how}\n"
    )
    print("WN_dev F1 (exact start, end and label; ner_spans.score)")
    print(f1_table(ner_spans, dev, spans))
    print()
    print(speed_table(timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
