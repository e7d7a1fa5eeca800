"""corpus.save(folder) writes every table to Parquet; rassegna.load(folder) rebuilds the corpus."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import rassegna
from rassegna.storage import tables


def test_save_and_load_round_trip(tmp_path: Path, sample: rassegna.Corpus) -> None:
    folder = sample.save(tmp_path / "saved")
    assert folder == tmp_path / "saved"
    names = {p.name for p in folder.iterdir()}
    saved = {"texts.parquet", "errors.parquet", "skipped.parquet", "search"}
    assert names == {f"{n}.parquet" for n in tables(sample)} | saved
    loaded = rassegna.load(folder)
    assert loaded == sample and loaded is not sample
    assert loaded.ids == sample.ids and [a.text for a in loaded] == [a.text for a in sample]
    for name, make in tables(loaded).items():
        saved = pq.read_table(folder / f"{name}.parquet")
        fresh = make().to_arrow()
        assert saved.num_rows == fresh.num_rows > 0 or name in ("roles",), name
        assert saved.equals(fresh), name
        assert rassegna.Table(saved, name) == make(), name


def test_given_values_and_errors_survive(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "a1", "text": "Roma – Putin parla di pace. Breve.", "source": "ansa", '
        '"date": "2024-06-18", "title": "Un <titolo> & altro", "url": "https://x.it/a"}\n'
        '{"id": "a2", "titolo": "senza testo"}\n'
        '{"id": "a3", "text": "   "}\n',
        encoding="utf-8",
    )
    corpus = rassegna.read(feed)
    assert len(corpus) == 1 and len(corpus.errors) == 2
    loaded = rassegna.load(corpus.save(tmp_path / "out", progress=False))
    assert loaded == corpus
    article = loaded[0]
    assert (article.id, article.source, article.date, article.title, article.url) == (
        "a1", "ansa", "2024-06-18", "Un <titolo> & altro", "https://x.it/a"
    )
    assert [(e.location, e.kind, e.message) for e in loaded.errors] == [
        (e.location, e.kind, e.message) for e in corpus.errors
    ]
    assert loaded.records_seen == corpus.records_seen == 3
    errors = pq.read_table(tmp_path / "out" / "errors.parquet").to_pylist()
    assert [e["location"] for e in errors] == [e.location for e in corpus.errors]


def test_an_empty_corpus_saves(tmp_path: Path) -> None:
    empty = rassegna.Corpus.from_texts([])
    assert rassegna.load(empty.save(tmp_path)) == empty


def test_load_names_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(rassegna.ReadError, match=r"texts\.parquet"):
        rassegna.load(tmp_path / "nothing")
    pq.write_table(pa.table({"text": ["x"]}), tmp_path / "texts.parquet")
    with pytest.raises(rassegna.FormatError, match=r"not written by Corpus\.save"):
        rassegna.load(tmp_path)


def test_corpus_equality() -> None:
    a = rassegna.Corpus.from_texts(["Una notizia. Breve.", "Un'altra notizia."])
    assert a == rassegna.Corpus.from_texts(["Una notizia. Breve.", "Un'altra notizia."])
    assert a != rassegna.Corpus.from_texts(["Una notizia. Breve."])
    assert a != rassegna.Corpus.from_texts(["Una notizia. Breve.", "Un'altra notizia."], ids=["x", "y"])
    assert a != "corpus"
