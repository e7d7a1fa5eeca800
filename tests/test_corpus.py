"""Corpora: every input kind, no record lost silently, tables, filtering, pickling."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import rassegna

ARTICLE = "Mosca, 5 settembre 2023 – Kim vedrà Putin a Vladivostok. Lo dice il New York Times."


def test_sample_is_five_articles_with_file_ids(sample: rassegna.Corpus) -> None:
    assert len(sample) == 5 and sample.errors == []
    assert sample.ids[0] == "000_07de2926605d4be4"
    assert sample["003_f50da71632b60aab"].author == "Sara De Vico"
    assert sample[-1].id == "004_154dfcbd4d86cc42"
    with pytest.raises(KeyError):
        sample["nessuno"]
    assert "004_154dfcbd4d86cc42" in sample and "nessuno" not in sample and 3 not in sample
    assert [a.id for a in sample] == sample.ids


def test_folder_with_bad_files_reports_each(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("Un'altra notizia. Breve.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Città più bella".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    (tmp_path / "notes.csv").write_text("ignored,because\nnot,text\n", encoding="utf-8")
    (tmp_path / "foto.jpg").write_bytes(b"\xff\xd8\xff")
    corpus = rassegna.read(tmp_path)
    # Latin-1 is detected as a browser would (windows-1252, its superset), not refused.
    assert sorted(corpus.ids) == ["a", "latin1", "sub/b"]
    assert corpus["latin1"].text == "Città più bella"
    assert corpus["latin1"].encoding == "windows-1252" and corpus["a"].encoding == "UTF-8"
    kinds = {Path(e.location).name: e.kind for e in corpus.errors}
    assert kinds == {"empty.txt": "empty_text", "notes.csv": "missing_column", "binary.txt": "binary"}
    assert [(Path(s.location).name, s.kind) for s in corpus.skipped] == [("foto.jpg", "skipped")]
    assert len(corpus) + len(corpus.errors) + len(corpus.skipped) == corpus.records_seen == 7
    with pytest.raises(rassegna.InputError) as raised:
        rassegna.read(tmp_path, strict=True)
    assert raised.value.location is not None and Path(raised.value.location).name in kinds
    forced = rassegna.read(tmp_path, encoding="utf-8")
    assert "offset 4" in next(e.message for e in forced.errors if e.kind == "encoding")
    with pytest.raises(rassegna.InvalidValueError, match="klingon"):
        rassegna.read(tmp_path / "a.txt", encoding="klingon")


def test_json_lines_with_overrides_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": ARTICLE, "date": "2023-09-06", "source": "ansa",
                    "title": "Kim e Putin", "url": "https://x.it/1"}),
        "",
        json.dumps({"id": "a2", "body": "senza testo"}),
        "{non è json",
        json.dumps({"id": 3, "text": "Terza notizia. Corta."}),
        json.dumps({"text": "   "}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = rassegna.read(path)
    assert corpus.ids == ["a1", "3"]
    first = corpus["a1"]
    assert (first.date, first.source, first.title, first.url) == ("2023-09-06", "ansa", "Kim e Putin", "https://x.it/1")
    assert [(e.location, e.kind) for e in corpus.errors] == [
        (f"{path}:3", "missing_column"),
        (f"{path}:4", "format"),
        (f"{path}:6", "empty_text"),
    ]
    assert corpus.records_seen == 5


def test_csv_and_tsv(tmp_path: Path) -> None:
    csv_path = tmp_path / "articoli.csv"
    csv_path.write_text(
        'id,text,source\nx,"' + ARTICLE + '",corriere\ny,"Due righe.\n\nSecondo paragrafo.",\n',
        encoding="utf-8",
    )
    corpus = rassegna.read(csv_path, source="sconosciuta")
    assert corpus.ids == ["x", "y"]
    assert [a.source for a in corpus] == ["corriere", "sconosciuta"]
    assert len(corpus["y"].paragraphs) == 2
    tsv_path = tmp_path / "articoli.tsv"
    tsv_path.write_text("identificativo\tcorpo\n1\tTesto.\n", encoding="utf-8")
    corpus = rassegna.read(tsv_path, text_column="corpo", id_column="identificativo")
    assert corpus.ids == ["1"]
    with pytest.raises(rassegna.MissingColumnError):
        rassegna.read(tsv_path, strict=True)
    assert [e.kind for e in rassegna.read(tsv_path).errors] == ["missing_column"]


def test_json_array(tmp_path: Path) -> None:
    path = tmp_path / "articoli.json"
    path.write_text(json.dumps([{"text": ARTICLE, "id": "j"}, {"text": 5}]), encoding="utf-8")
    corpus = rassegna.read(path)
    assert corpus.ids == ["j"] and [e.location for e in corpus.errors] == [f"{path}[1]"]


def test_parquet_streams_and_reports_null_texts(tmp_path: Path) -> None:
    path = tmp_path / "articoli.parquet"
    table = pa.table({"id": ["p1", "p2", "p3"], "text": [ARTICLE, None, "Terzo. Ultimo."],
                      "date": ["2023-09-07", None, None]})
    pq.write_table(table, path)
    corpus = rassegna.read(path)
    assert corpus.ids == ["p1", "p3"]
    assert corpus["p1"].date == "2023-09-07"
    assert [(e.location, e.kind) for e in corpus.errors] == [(f"{path}:row 1", "missing_column")]
    pq.write_table(pa.table({"body": ["x"]}), tmp_path / "senza.parquet")
    with pytest.raises(rassegna.MissingColumnError):
        rassegna.read(tmp_path / "senza.parquet", strict=True)


def test_missing_path_and_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(rassegna.ReadError, match="nessuno"):
        rassegna.read(tmp_path / "nessuno")
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(rassegna.UnsupportedInputError):
        rassegna.read(tmp_path / "a.pdf")
    # pyarrow names a Parquet file it cannot open in its own message; the error names it once.
    missing = tmp_path / "nessuno.parquet"
    with pytest.raises(rassegna.ReadError) as raised:
        rassegna.read(missing)
    assert str(raised.value) == f"{missing}: cannot read: No such file or directory"
    assert raised.value.location == str(missing)


def test_from_texts_collects_errors_or_raises() -> None:
    corpus = rassegna.Corpus.from_texts(["Uno. Due.", "", "Tre."])
    assert corpus.ids == ["0", "2"]
    assert [(e.location, e.kind) for e in corpus.errors] == [("text 1", "empty_text")]
    with pytest.raises(rassegna.EmptyTextError):
        rassegna.Corpus.from_texts(["Uno.", " "], strict=True)


def test_articles_table(sample: rassegna.Corpus) -> None:
    table = sample.articles()
    assert len(table) == 5
    frame = table.to_pandas()
    assert list(frame["date"]) == ["2024-10", "2024-11", "2023-09", "2023-09-05", "2024-06-18"]
    assert frame.loc[3, "author"] == "Sara De Vico"
    assert frame.loc[3, "set_aside"] == 3
    assert (frame["tokens"] > 100).all()
    assert table.to_polars().shape == frame.shape
    assert table.to_arrow().num_rows == 5
    assert "<table>" in table._repr_html_()


def test_tokens_table_matches_articles(sample: rassegna.Corpus) -> None:
    tokens = sample.tokens().to_arrow()
    assert tokens.num_rows == sum(a.token_count for a in sample)
    assert tokens.column_names == ["article", "sentence", "index", "start", "end", "text", "kind"]
    rows = tokens.slice(0, 50).to_pylist()
    article = sample[rows[0]["article"]]
    for row in rows:
        assert article.text[row["start"] : row["end"]] == row["text"]
    empty = rassegna.Corpus.from_texts([""]).tokens()
    assert len(empty) == 0 and empty.columns == tokens.column_names


def test_filter_by_date_and_source(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "text": "Uno.", "date": "2023-09", "source": "ansa"},
        {"id": "b", "text": "Due.", "date": "2024-06-18", "source": "rai"},
        {"id": "c", "text": "Tre.", "source": "ansa"},
    ]
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    corpus = rassegna.read(path)
    assert corpus.filter(start="2023-09-15").ids == ["a", "b"]
    assert corpus.filter(end="2023-12-31").ids == ["a"]
    with pytest.warns(UserWarning, match=r"filter\(start='2024-06-19'\): no article matches; "
                      r"the corpus's 3 articles are dated 2023-09 to 2024-06-18"):
        assert corpus.filter(start="2024-06-19").ids == []
    assert corpus.filter(source="ansa").ids == ["a", "c"]
    assert corpus.filter(source=["rai"], start="2024").ids == ["b"]
    with pytest.raises(rassegna.InvalidValueError):
        corpus.filter(start="ieri")


def sourced(tmp_path: Path, sources: list[str]) -> rassegna.Corpus:
    """One article per source, dated in turn 2023 and 2024."""
    path = tmp_path / "sources.jsonl"
    rows = [{"id": f"a{i}", "text": ARTICLE, "source": source, "date": f"{2023 + i % 2}-01"}
            for i, source in enumerate(sources)]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return rassegna.read(path)


def test_a_source_no_article_has_is_an_error_listing_the_known_ones(tmp_path: Path) -> None:
    corpus = sourced(tmp_path, ["ansa", "rai", "corriere", "ansa"])
    with pytest.raises(rassegna.UnknownSourceError) as raised:
        corpus.filter(source="Ansaa")
    message = str(raised.value)
    assert message == ("filter: no article has the source 'Ansaa'; the sources are, closest first: "
                       "'ansa', 'rai', 'corriere'")
    assert isinstance(raised.value, ValueError) and isinstance(raised.value, rassegna.InvalidValueError)
    # One misspelt name among right ones is not lost in a smaller result.
    with pytest.raises(rassegna.UnknownSourceError, match=r"'corriera'; .* closest first: 'corriere'"):
        corpus.filter(source=["ansa", "corriera"])
    with pytest.raises(rassegna.UnknownSourceError, match=r"^keyness reference: .* the source 'raii'"):
        corpus.keyness({"start": "2024"}, {"source": "raii"})
    with pytest.raises(ValueError, match=r"^keyness target: "):
        corpus.keyness({"source": "bbc"})
    assert corpus.keyness({"source": "rai"}, min_count=1).to_arrow().num_rows > 0


def test_a_source_error_on_a_corpus_without_sources_says_none_has_one(sample: rassegna.Corpus) -> None:
    with pytest.raises(rassegna.UnknownSourceError, match="no article has the source 'ansa', nor any source"):
        sample.filter(source="ansa")


def test_a_source_error_lists_ten_sources_at_most(tmp_path: Path) -> None:
    corpus = sourced(tmp_path, [f"fonte{n:02}" for n in range(12)])
    with pytest.raises(rassegna.UnknownSourceError) as raised:
        corpus.filter(source="fonte11x")
    listed = str(raised.value).split("closest first: ")[1]
    assert listed.startswith("'fonte11', ") and listed.endswith(" and 2 more")
    assert listed.count("'fonte") == 10


def test_corpus_pickles_with_its_errors() -> None:
    corpus = rassegna.Corpus.from_texts(["Uno. Due.", "", "Tre."], ids=["u", "v", "t"])
    again = pickle.loads(pickle.dumps(corpus))
    assert again.ids == corpus.ids
    def described(errors: list[rassegna.RecordError]) -> list[tuple[str, str, str]]:
        return [(e.location, e.kind, e.message) for e in errors]

    assert described(again.errors) == described(corpus.errors)
    assert list(again) == list(corpus)
    assert again.articles() == corpus.articles()
