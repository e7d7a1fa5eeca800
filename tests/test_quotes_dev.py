"""Quotes and speakers on the project's own gold set (benchmarks/quotes_dev), scored by the
same code as ``benchmarks/bench_quotes.py``: the thresholds of issue 22 hold."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_quotes.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_quotes", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_gold_set_covers_each_construction(bench) -> None:
    articles, gold = bench.load_gold()
    assert len(articles) >= 20 and len(gold) >= 80
    counts = Counter(g["construction"] for g in gold)
    for construction in ("A", "B", "C", "C-corpus", "D", "E", "F"):
        assert counts[construction] >= 5, (construction, counts)
    for g in gold:
        assert g["quote"] in articles[g["article"]]


def test_quotes_and_speakers_on_the_gold_set(bench) -> None:
    articles, gold = bench.load_gold()
    scores = bench.score(bench.corpus_quotes(articles), gold)
    assert scores.precision >= 0.95 and scores.recall >= 0.95, scores.errors
    assert scores.speaker_accuracy >= 0.90, scores.errors


def test_the_scorer_counts_a_wrong_speaker(bench) -> None:
    gold = [{"article": "a", "quote": "tre parole qui", "speaker": "Anna Verdi",
             "kind": "person", "speaker_text": "Anna Verdi", "construction": "A"}]
    found = [{"article": "a", "text": "tre parole qui", "speaker": "Luca Rossi",
              "speaker_kind": "person", "speaker_text": "Luca Rossi", "scare": False,
              "nested": False}]
    scores = bench.score(found, gold)
    assert (scores.precision, scores.recall, scores.speaker_accuracy) == (1.0, 1.0, 0.0)
    found[0]["speaker"] = "anna verdi"
    assert bench.score(found, gold).speaker_accuracy == 1.0
