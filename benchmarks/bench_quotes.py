"""Quotes and their speakers, scored on the project's own gold set (``quotes_dev/``).

The 26 articles of ``benchmarks/quotes_dev`` were written for rassegna (see its README); its
``gold.jsonl`` lists every quoted statement (three words or more) with the speaker's
canonical name and kind. This script reads the articles as one corpus, so titles named in one
article can name speakers in another, and prints:

- quote precision and recall: a found quote (neither a scare quote nor nested) is right when
  its text equals a gold quote's of the same article;
- speaker accuracy over the gold quotes found: the speaker's name equals the gold name, case
  aside (both ``None`` for anonymous and unknown speakers);
- kind accuracy (``person``, ``organisation``, ``place``, ``anonymous``, ``unknown``), and
  speaker accuracy per construction;
- the same for ``article.quotes`` article by article (no corpus-wide roles), for comparison.

    python benchmarks/bench_quotes.py              # the scores
    python benchmarks/bench_quotes.py --errors     # and every miss, wrong speaker or kind
    python benchmarks/bench_quotes.py --set benchmarks/quotes_check   # the check set
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import rassegna

DEV_SET = Path(__file__).resolve().parent / "quotes_dev"


@dataclass
class Scores:
    found: int = 0
    gold: int = 0
    matched: int = 0
    speakers_right: int = 0
    kinds_right: int = 0
    by_construction: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.matched if self.matched else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kinds_right / self.matched if self.matched else 0.0


def load_gold(folder: Path = DEV_SET) -> tuple[dict[str, str], list[dict]]:
    """The articles (id → text) and the gold quotes, each with its article's id."""
    articles = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    gold = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            entry["article"] = Path(entry["article"]).stem
            gold.append(entry)
    return articles, gold


def same_name(found: str | None, gold: str | None) -> bool:
    """Names of one referent that differ only in case (`dipartimento di Stato`) are equal."""
    return (found or "").casefold() == (gold or "").casefold()


def score(found: list[dict], gold: list[dict]) -> Scores:
    """Scores found quotes (dicts with article, text, speaker, speaker_kind, speaker_text,
    scare, nested) against the gold."""
    scores = Scores(gold=len(gold))
    statements = [q for q in found if not q["scare"] and not q["nested"]]
    scores.found = len(statements)
    by_key = {(q["article"], " ".join(q["text"].split())): q for q in statements}
    gold_keys = {(g["article"], " ".join(g["quote"].split())) for g in gold}
    for key, q in by_key.items():
        if key not in gold_keys:
            scores.errors.append(f"not a gold quote   {key[0]}: «{q['text'][:70]}»")
    for g in gold:
        q = by_key.get((g["article"], " ".join(g["quote"].split())))
        tally = scores.by_construction[g["construction"]]
        tally[1] += 1
        if q is None:
            scores.errors.append(f"missed             {g['article']}: «{g['quote'][:70]}»")
            continue
        scores.matched += 1
        if same_name(q["speaker"], g["speaker"]):
            scores.speakers_right += 1
            tally[0] += 1
        else:
            scores.errors.append(
                f"speaker [{g['construction']}] {g['article']}: «{g['quote'][:40]}» "
                f"gold {g['speaker']!r} ({g['speaker_text']!r}), "
                f"found {q['speaker']!r} ({q.get('speaker_text')!r}, cue {q.get('cue')!r})"
            )
        if q.get("speaker_kind", "unknown") == g["kind"]:
            scores.kinds_right += 1
        else:
            scores.errors.append(
                f"kind    [{g['construction']}] {g['article']}: «{g['quote'][:40]}» "
                f"gold {g['kind']}, found {q.get('speaker_kind')} ({q.get('speaker_text')!r})"
            )
    return scores


def corpus_quotes(articles: dict[str, str]) -> list[dict]:
    """Quotes of the articles read as one corpus (roles named across articles)."""
    corpus = rassegna.Corpus.from_texts(list(articles.values()), ids=list(articles))
    table = corpus.quotes().to_pandas()
    table = table.astype(object).where(table.notna(), None)
    return table.to_dict("records")


def article_quotes(articles: dict[str, str]) -> list[dict]:
    """Quotes of each article parsed alone."""
    return [
        {
            "article": name, "text": q.text, "speaker": q.speaker,
            "speaker_kind": getattr(q, "speaker_kind", "unknown"),
            "speaker_text": getattr(q, "speaker_text", None),
            "cue": q.cue, "scare": q.scare, "nested": q.nested,
        }
        for name, text in articles.items()
        for q in rassegna.parse(text, id=name).quotes
    ]


def report(label: str, scores: Scores) -> None:
    print(f"{label}: quotes P {scores.precision:.3f}  R {scores.recall:.3f} "
          f"({scores.matched}/{scores.gold} gold, {scores.found} found); speaker accuracy "
          f"{scores.speaker_accuracy:.3f} ({scores.speakers_right}/{scores.matched}); "
          f"kind accuracy {scores.kind_accuracy:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", action="store_true", help="print every error")
    parser.add_argument("--set", type=Path, default=DEV_SET,
                        help="folder of articles and gold.jsonl (default: quotes_dev)")
    args = parser.parse_args(argv)
    articles, gold = load_gold(args.set)
    kinds = Counter(g["kind"] for g in gold)
    print(f"rassegna {rassegna.__version__}: {len(articles)} articles, {len(gold)} gold quotes "
          f"({', '.join(f'{k} {n}' for k, n in kinds.most_common())})")
    corpus = score(corpus_quotes(articles), gold)
    report("corpus.quotes()", corpus)
    report("article.quotes ", score(article_quotes(articles), gold))
    print("speaker accuracy by construction (corpus):")
    for construction, (right, total) in sorted(corpus.by_construction.items()):
        print(f"  {construction:<10} {right:>3}/{total:<3} {right / total:.2f}")
    if args.errors:
        print("\n".join(corpus.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
