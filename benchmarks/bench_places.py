"""Place linking against the project's own gold (``benchmarks/places_gold/``).

    PYTHONPATH=python python benchmarks/bench_places.py [--part sample|news|all]

``sample.tsv``: every place mention the tagger finds in the bundled sample corpus (and the
organisations that are no place), by surface form, label and preceding words, with the
expected GeoNames id. ``news.tsv``: place names of Italian news in sentences of their own.
Expected ``none``: no place, or one the gazetteer does not hold; ``region:NAME``: a region
that is no GeoNames record. Prints, for each part, the linking accuracy on the mentions the
tagger finds as LOC or ORG (what linking answers for), and the end-to-end accuracy where a
name the tagger misses, or tags PER, counts as wrong; exits 1 when linking is below ``--min``
(0.95).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import rassegna

GOLD = Path(__file__).resolve().parent / "places_gold"


def _rows(name: str) -> list[list[str]]:
    lines = (GOLD / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def _answer(entity: rassegna.Entity | None) -> str:
    if entity is None or entity.place is None:
        return "none"
    place = entity.place
    return str(place.geonameid) if place.geonameid is not None else f"region:{place.name}"


#: What a name the tagger does not give as a place or an organisation gets.
UNTAGGED = "untagged"


def sample_results() -> list[tuple[str, str, str]]:
    """(what, expected, got) for every LOC and ORG mention of the sample that the gold lists."""
    gold = _rows("sample.tsv")
    out = []
    for article in rassegna.datasets.sample():
        for entity in article.entities:
            before = article.text[:entity.start]
            rows = [g for g in gold if g[0] == entity.text and g[1] == entity.label
                    and before.endswith(g[2])]
            if not rows:
                continue
            row = max(rows, key=lambda g: len(g[2]))
            out.append((f"{entity.text} ({entity.label})", row[3], _answer(entity)))
    return out


def news_results() -> list[tuple[str, str, str]]:
    out = []
    for sentence, mention, expected in _rows("news.tsv"):
        article = rassegna.parse(sentence)
        at = sentence.index(mention)
        found = next((e for e in article.entities if e.start <= at < e.end and e.label != "PER"), None)
        out.append((mention, expected, UNTAGGED if found is None else _answer(found)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("sample", "news", "all"), default="all")
    parser.add_argument("--min", type=float, default=0.95)
    args = parser.parse_args()
    parts = {"sample": sample_results, "news": news_results}
    failed = False
    for name, results in parts.items():
        if args.part not in (name, "all"):
            continue
        rows = results()
        tagged = [(e, g) for _, e, g in rows if g != UNTAGGED]
        right = sum(e == g for e, g in tagged)
        places = [(e, g) for e, g in tagged if e != "none"]
        accuracy = right / len(tagged)
        print(f"{name}: linking accuracy {accuracy:.3f} ({right}/{len(tagged)} tagged mentions; "
              f"places alone {sum(e == g for e, g in places)}/{len(places)}); end to end "
              f"{right / len(rows):.3f} ({len(rows) - len(tagged)} names untagged)")
        for what, expected, got in rows:
            if expected != got:
                print(f"  {what}: expected {expected}, got {got}")
        failed |= accuracy < args.min
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
