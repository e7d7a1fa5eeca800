"""Search, hits, concordance and the new filters, on a small corpus written here."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
import rassegna
from rassegna import _core
from rassegna.cli import main

TEXTS = [
    "Le truppe nordcoreane sono arrivate a Kursk. Kim Jong-un ha parlato con Lavrov a "
    "Vladivostok della cooperazione militare.",
    "Perché la città resiste? Un soldato ucraino racconta la guerra, e la città è ferma.",
    "Il ministro Lavrov ha incontrato Kim a Pyongyang. Il presidente russo Vladimir Putin è "
    "atteso in autunno.",
    "Una truppa di giornalisti aspettava il leader nordcoreano. Putin non è arrivato.",
    "Nessuna notizia rilevante oggi, solo pioggia su Milano.",
]
DATES = ["2024-06-18", "2024-06-20", "2024-07-02", "2024-08", None]
SOURCES = ["ANSA", "Il Post", "ANSA", "Avvenire", "Il Post"]
TITLES = ["Truppe in Russia", "Kiev", "Lavrov a Pyongyang", "Il vertice", "Meteo"]


@pytest.fixture(scope="module")
def corpus() -> rassegna.Corpus:
    return rassegna.Corpus.from_texts(TEXTS, ["a", "b", "c", "d", "e"], dates=DATES,
                                      sources=SOURCES, titles=TITLES)


def ids(corpus: rassegna.Corpus, query: str, **options: object) -> list[str]:
    return sorted(corpus.search(query, **options)["id"])


def test_words_are_found_in_any_case_and_with_or_without_accents(corpus: rassegna.Corpus) -> None:
    assert ids(corpus, "lavrov") == ["a", "c"]
    assert ids(corpus, "CITTA") == ids(corpus, "città") == ["b"]
    assert ids(corpus, "lavrov kim") == ["a", "c"]
    assert ids(corpus, "lavrov putin") == ["c"]


def test_phrases_prefixes_proximity_and_operators(corpus: rassegna.Corpus) -> None:
    assert ids(corpus, '"truppe nordcoreane"') == ["a"]
    assert ids(corpus, '"nordcoreane truppe"') == []
    assert ids(corpus, "nordcorean*") == ["a", "d"]
    assert ids(corpus, '"kim vladivostok"~7') == ids(corpus, '"vladivostok kim"~7') == ["a"]
    assert ids(corpus, '"kim vladivostok"~3') == []
    assert ids(corpus, "lavrov NOT pyongyang") == ids(corpus, "lavrov -pyongyang") == ["a"]
    assert ids(corpus, "kursk OR milano") == ["a", "e"]
    assert ids(corpus, "putin AND (autunno OR giornalisti)") == ["c", "d"]
    assert ids(corpus, "Jong-un") == ["a"]


def test_stemming_is_asked_for(corpus: rassegna.Corpus) -> None:
    assert ids(corpus, "truppa") == ["d"]
    assert ids(corpus, "truppa", stem=True) == ["a", "d"]


def test_fields_and_date_ranges(corpus: rassegna.Corpus) -> None:
    assert ids(corpus, "title:pyongyang") == ["c"]
    assert ids(corpus, "source:ansa") == ["a", "c"]
    assert ids(corpus, 'source:"il post"') == ["b", "e"]
    assert ids(corpus, "date:[2024-06 TO 2024-07]") == ["a", "b", "c"]
    assert ids(corpus, "date:2024-08-15") == ["d"]
    assert ids(corpus, "putin -date:2024-07") == ["d"]


def test_entities_by_canonical_name(corpus: rassegna.Corpus) -> None:
    # Article d says only "Putin"; c names him in full, so both are "Vladimir Putin".
    assert ids(corpus, 'entity:"Vladimir Putin"') == ["c", "d"]
    assert ids(corpus, 'entity:"vladimir putin" -source:ansa') == ["d"]
    assert corpus.filter(entities="Vladimir Putin").ids == ["c", "d"]
    both = corpus.filter(entities=["Vladimir Putin", "Sergej Lavrov"], entity_match="all").ids
    lavrov = set(corpus.filter(entities=["Sergej Lavrov"]).ids)
    assert both == [i for i in ["c", "d"] if i in lavrov]


def test_ranking_and_pages(corpus: rassegna.Corpus) -> None:
    found = corpus.search("città OR truppe OR lavrov")
    assert found.columns == ["id", "date", "source", "title", "score", "hits"]
    scores = found["score"]
    assert scores == sorted(scores, reverse=True)
    # c names Lavrov in its title and body, a once in its body.
    assert corpus.search("lavrov")["id"] == ["c", "a"]
    assert corpus.search("città OR truppe OR lavrov", limit=2)["id"] == found["id"][:2]
    assert corpus.search("città OR truppe OR lavrov", limit=2, offset=1)["id"] == found["id"][1:3]
    assert corpus.search("città")["hits"] == [2]


def test_hits_are_str_offsets_after_non_ascii_text(corpus: rassegna.Corpus) -> None:
    hits = corpus.search("resiste OR ferma").hits(window=2)
    assert hits.columns == ["article", "sentence", "start", "end", "left", "match", "right",
                            "sentence_text"]
    text = corpus["b"].text
    for row in hits.to_arrow().to_pylist():
        assert text[row["start"]:row["end"]] == row["match"]
    first = hits.to_arrow().to_pylist()[0]
    assert (first["left"], first["match"], first["right"]) == ("la città ", "resiste", "? Un soldato")
    assert first["sentence_text"] == "Perché la città resiste?"
    phrase = corpus.search('"truppe nordcoreane"').hits()
    assert phrase["match"] == ["truppe nordcoreane"]
    assert corpus.search("lavrov -kursk").hits()["article"] == ["c"]


def test_concordance(corpus: rassegna.Corpus) -> None:
    lines = corpus.concordance("la", window=1)
    assert lines.columns == ["article", "sentence", "start", "end", "left", "match", "right"]
    assert len(lines) == 3, "della is not la"
    for row in lines.to_arrow().to_pylist():
        assert corpus[row["article"]].text[row["start"]:row["end"]].lower() == "la"
    by_right = corpus.concordance("la", window=1, sort="right")["right"]
    assert [r.strip() for r in by_right] == ["città", "città", "guerra"]
    by_left = corpus.concordance("la", window=1, sort="left")["left"]
    assert [r.strip() for r in by_left] == ["e", "Perché", "racconta"]
    assert len(corpus.concordance("citta")) == 2
    assert corpus.concordance("nordcorean*")["match"] == ["nordcoreane", "nordcoreano"]
    assert corpus.concordance(r"\bK\w+", regex=True)["match"] == ["Kursk", "Kim", "Kim"]
    html = corpus.concordance("città")._repr_html_()
    assert "<mark" in html and "città</mark>" in html
    assert pickle.loads(pickle.dumps(lines)) == lines


def test_a_catastrophic_regex_is_linear_and_a_bad_one_is_reported() -> None:
    corpus = rassegna.Corpus.from_texts(["a" * 50_000 + "b"])
    assert len(corpus.concordance("(a+)+$", regex=True)) == 0
    with pytest.raises(rassegna.InvalidValueError, match="not a valid regular expression"):
        corpus.concordance("(unclosed", regex=True)
    with pytest.raises(rassegna.InvalidValueError, match="sort="):
        corpus.concordance("a", sort="middle")


@pytest.mark.parametrize(("query", "column"), [
    ("", 1),
    ("di la che", 1),
    ('kim "truppe', 5),
    ("(kim OR putin", 1),
    ("kim OR putin)", 13),
    ("kim AND", 5),
    ("città autore:Rossi", 7),
    ("date:[2024-13 TO 2024-07]", 7),
])
def test_malformed_queries_say_where(corpus: rassegna.Corpus, query: str, column: int) -> None:
    with pytest.raises(rassegna.QueryError, match=f"column {column}:") as raised:
        corpus.search(query)
    assert isinstance(raised.value, rassegna.InvalidValueError)
    assert raised.value.location == query


def test_bad_arguments(corpus: rassegna.Corpus) -> None:
    with pytest.raises(rassegna.InvalidValueError, match="limit=0"):
        corpus.search("kim", limit=0)
    with pytest.raises(rassegna.InvalidValueError, match="query"):
        corpus.search(None)  # type: ignore[arg-type]
    with pytest.raises(rassegna.InvalidValueError, match="more than 10000"):
        rassegna.Corpus.from_texts([" ".join(f"a{n}" for n in range(10_001))]).search("a*")
    with pytest.raises(rassegna.InvalidValueError, match="entity_match"):
        corpus.filter(entities="Kim", entity_match="some")


def test_filter_by_query_ids_and_dates_together(corpus: rassegna.Corpus) -> None:
    assert corpus.filter(query="lavrov OR putin").ids == ["a", "c", "d"]
    assert corpus.filter(query="lavrov OR putin", start="2024-07").ids == ["c", "d"]
    assert corpus.filter(ids=["e", "a", "zz"]).ids == ["a", "e"]
    assert corpus.filter(query="kim", ids=["c"]).ids == ["c"]


def test_save_and_load_keep_the_index(corpus: rassegna.Corpus, tmp_path: Path) -> None:
    expected = corpus.search("kim OR città")
    corpus.save(tmp_path / "saved")
    assert (tmp_path / "saved" / "search" / "search.json").is_file()
    loaded = rassegna.load(tmp_path / "saved")
    assert _core._search_indexed(loaded._inner), "the index is opened, not built again"
    assert loaded.search("kim OR città") == expected
    assert loaded.search("kim OR città").hits() == expected.hits()
    # Saved again where it was opened from, the index stays readable.
    loaded.save(tmp_path / "saved")
    assert rassegna.load(tmp_path / "saved").search("kim OR città") == expected


def test_joined_corpora_join_their_indexes(corpus: rassegna.Corpus) -> None:
    other = rassegna.Corpus.from_texts(["Kim è tornato a Pyongyang in treno."], ["f"])
    corpus.search("kim")
    other.search("kim")
    joined = corpus + other
    assert _core._search_indexed(joined._inner)
    whole = rassegna.Corpus.from_texts([*TEXTS, "Kim è tornato a Pyongyang in treno."],
                                       ["a", "b", "c", "d", "e", "f"], dates=[*DATES, None],
                                       sources=[*SOURCES, None], titles=[*TITLES, None])
    assert joined.search("kim OR pyongyang")["id"] == whole.search("kim OR pyongyang")["id"]
    assert joined.search("kim")["score"] == whole.search("kim")["score"]
    assert rassegna.concat([corpus, other]).search("treno")["id"] == ["f"]
    assert joined.search('entity:"Vladimir Putin"')["id"] == whole.search('entity:"Vladimir Putin"')["id"]


def test_cli_prints_and_writes_hits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(TEXTS[1], encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXTS[4], encoding="utf-8")
    out = tmp_path / "hits.parquet"
    assert main(["search", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "città", "-o", str(out)]) == 0
    printed = capsys.readouterr()
    assert re.search(r"\[città\] resiste", printed.out)
    assert "2 hits in 1 articles" in printed.err
    import pyarrow.parquet as pq

    assert pq.read_table(out).column("match").to_pylist() == ["città", "città"]
    assert main(["search", str(tmp_path / "a.txt"), '"città'] ) == 1
    assert "column 1" in capsys.readouterr().err
