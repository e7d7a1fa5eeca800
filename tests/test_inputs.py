"""Combining inputs: read() of several paths and patterns, corpus + corpus and concat, and the
values from_texts takes beside the texts."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
import rassegna

LONE_SURNAME = "Mosca, 3 settembre 2023\n\nIeri Putin ha parlato a lungo con i giornalisti a Mosca.\n"
FULL_NAME = (
    "Pyongyang, 19 giugno 2024\n\nIl presidente russo Vladimir Putin è arrivato a Pyongyang, "
    "dove Kim Jong-un lo ha accolto.\n"
)


def write_jsonl(path: Path, rows: list[dict[str, object]], broken: bool = False) -> Path:
    lines = [json.dumps(row) for row in rows]
    if broken:
        lines.append("{non è json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A folder of two articles and an unreadable file; two JSON Lines feeds, one with a
    broken line and an article of its own source; a CSV whose text column is `corpo`."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "a.txt").write_text(LONE_SURNAME, encoding="utf-8")
    (tmp_path / "folder" / "b.txt").write_text("Una notizia. Breve.", encoding="utf-8")
    (tmp_path / "folder" / "binary.txt").write_bytes(b"Citt\x00")
    (tmp_path / "feeds").mkdir()
    write_jsonl(tmp_path / "feeds" / "2023.jsonl", [{"id": "f1", "text": "Primo. Testo."}], broken=True)
    write_jsonl(tmp_path / "feeds" / "2024.jsonl",
                [{"id": "f2", "text": FULL_NAME, "source": "rai"}, {"id": "f3", "text": "Terzo."}])
    return tmp_path


def described(corpus: rassegna.Corpus) -> list[tuple[str, str]]:
    return [(Path(e.location).name, e.kind) for e in corpus.errors]


def test_a_list_of_a_folder_and_a_pattern_is_one_corpus_in_the_order_given(archive: Path) -> None:
    corpus = rassegna.read([archive / "folder", str(archive / "feeds" / "*.jsonl")], source="ansa")
    assert corpus.ids == ["a", "b", "f1", "f2", "f3"]
    assert described(corpus) == [("binary.txt", "binary"), ("2023.jsonl:2", "format")]
    assert corpus.records_seen == 3 + 2 + 2
    # The options apply to every input: each article without a source of its own gets `ansa`.
    assert [a.source for a in corpus] == ["ansa", "ansa", "ansa", "rai", "ansa"]
    # Reading the inputs one by one gives the same articles and errors.
    parts = [rassegna.read(archive / "folder", source="ansa")] + [
        rassegna.read(archive / "feeds" / name, source="ansa") for name in ("2023.jsonl", "2024.jsonl")
    ]
    assert corpus == rassegna.concat(parts)


def test_a_pattern_alone_and_across_folders(archive: Path) -> None:
    assert rassegna.read(str(archive / "feeds" / "2024.*")).ids == ["f2", "f3"]
    assert rassegna.read(str(archive / "**" / "*.jsonl")).ids == ["f1", "f2", "f3"]
    # A pattern may name folders too; each is read whole.
    assert rassegna.read(str(archive / "fold*")).ids == ["a", "b"]


def test_options_such_as_the_text_column_apply_to_every_input(tmp_path: Path) -> None:
    for name, body in (("uno.csv", "Primo."), ("due.csv", "Secondo.")):
        (tmp_path / name).write_text(f"codice,corpo\n{name[:3]},{body}\n", encoding="utf-8")
    corpus = rassegna.read([tmp_path / "uno.csv", tmp_path / "due.csv"], text_column="corpo",
                           id_column="codice")
    assert corpus.ids == ["uno", "due"] and corpus.errors == []
    without = rassegna.read([tmp_path / "uno.csv", tmp_path / "due.csv"], id_column="codice")
    assert described(without) == [("uno.csv", "missing_column"), ("due.csv", "missing_column")]


def test_strict_stops_at_the_first_bad_record_of_any_input(archive: Path) -> None:
    with pytest.raises(rassegna.FormatError) as raised:
        rassegna.read([archive / "feeds" / "2024.jsonl", archive / "feeds" / "2023.jsonl"], strict=True)
    assert raised.value.location == f"{archive / 'feeds' / '2023.jsonl'}:2"


def test_a_pattern_that_matches_nothing_is_an_error_naming_it(archive: Path) -> None:
    pattern = str(archive / "feeds" / "*.parquet")
    with pytest.raises(rassegna.ReadError) as raised:
        rassegna.read([archive / "folder", pattern])
    assert str(raised.value) == f"{pattern}: no file or folder matches this pattern"
    assert raised.value.location == pattern
    with pytest.raises(rassegna.ReadError, match="no file or folder matches"):
        rassegna.read(pattern)


def test_a_file_whose_name_looks_like_a_pattern_is_read_as_itself(tmp_path: Path) -> None:
    path = tmp_path / "articolo[1].txt"
    path.write_text("Una notizia. Breve.", encoding="utf-8")
    assert rassegna.read([path]).ids == ["articolo[1]"]


def test_what_read_cannot_take_says_so(tmp_path: Path) -> None:
    with pytest.raises(rassegna.InvalidValueError, match="empty list"):
        rassegna.read([])
    with pytest.raises(rassegna.InvalidValueError, match="item 1 is a int"):
        rassegna.read([tmp_path, 3])
    with pytest.raises(rassegna.ReadError, match="nessuno"):
        rassegna.read([tmp_path / "nessuno.jsonl"])


def test_corpora_add_up_and_names_are_settled_over_the_whole(archive: Path) -> None:
    folder = rassegna.read(archive / "folder")
    feeds = rassegna.read(archive / "feeds" / "2024.jsonl")
    both = folder + feeds
    assert both.ids == ["a", "b", "f2", "f3"]
    assert described(both) == [("binary.txt", "binary")]
    assert both.records_seen == folder.records_seen + feeds.records_seen
    assert both == rassegna.concat([folder, feeds])
    # Alone, the folder's `Putin` has no full name; beside the feed's `Vladimir Putin`, it has.
    assert "Vladimir Putin" not in folder.entities().to_arrow().column("canonical").to_pylist()
    named = both.entities().to_pandas()
    assert set(named[named["article"] == "a"]["canonical"]) >= {"Vladimir Putin"}
    # Ids stay as they are, repeated ones too; the first is the one an id finds.
    twice = folder + folder
    assert twice.ids == ["a", "b", "a", "b"] and len(twice.errors) == 2
    assert twice["b"].text == folder["b"].text


def test_what_concat_cannot_take_says_so(sample: rassegna.Corpus) -> None:
    with pytest.raises(rassegna.InvalidValueError, match="no corpora"):
        rassegna.concat([])
    with pytest.raises(rassegna.InvalidValueError, match="item 1 is a str"):
        rassegna.concat([sample, "archivio"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        sample + 1  # type: ignore[operator]


def test_distributed_corpora_add_up_where_they_are(archive: Path) -> None:
    rdask = pytest.importorskip("rassegna.dask", reason="rassegna.dask comes with the dask extra")
    folder = rdask.read(archive / "folder")
    feeds = rdask.read(str(archive / "feeds" / "*.jsonl"))
    both = folder + feeds
    assert isinstance(both, rdask.Corpus)
    assert both.npartitions == folder.npartitions + feeds.npartitions
    local = rassegna.read([archive / "folder", str(archive / "feeds" / "*.jsonl")])
    assert both.ids == local.ids
    assert described(both) == described(local)
    assert both.entities().to_arrow().equals(local.entities().to_arrow())
    with pytest.raises(rassegna.InvalidValueError, match=r"\.compute\(\) first"):
        folder + local
    assert (folder.compute() + local).ids == ["a", "b", *local.ids]


def test_from_texts_takes_dates_sources_titles_and_urls() -> None:
    texts = ["Uno. Due.", "Tre.", "Quattro."]
    corpus = rassegna.Corpus.from_texts(
        texts, ids=["x", "y", "z"],
        dates=["2024-06-18", datetime.date(2023, 9, 5), None],
        sources=["ansa", "rai", float("nan")],  # NaN: a missing value as pandas reads it
        titles=["Un titolo", None, None],
        urls=[None, None, "https://esempio.it/z"],
    )
    assert [(a.id, a.date, a.source, a.title, a.url) for a in corpus] == [
        ("x", "2024-06-18", "ansa", "Un titolo", None),
        ("y", "2023-09-05", "rai", None, None),
        ("z", None, None, None, "https://esempio.it/z"),
    ]
    assert corpus.filter(source="rai").ids == ["y"]
    assert corpus.filter(start="2024").ids == ["x"]
    # A value that is not a date is the record's error, as a bad date column's would be.
    dated = rassegna.Corpus.from_texts(texts, dates=["ieri", None, None])
    assert dated.ids == ["1", "2"]
    assert [(e.location, e.kind) for e in dated.errors] == [("text 0", "invalid_value")]


def test_from_texts_in_batches_gives_the_values_one_call_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"Notizia numero {n}. Breve." for n in range(5)]
    sources = ["ansa", None, "rai", "ansa", None]
    dates = ["2024-01", "2024-02", None, "2024-04", "2024-05"]
    whole = rassegna.Corpus.from_texts(texts, sources=sources, dates=dates, progress=False)
    monkeypatch.setattr(rassegna.progress, "BATCH", 2)
    batched = rassegna.Corpus.from_texts(texts, sources=sources, dates=dates, progress=True)
    assert batched == whole
    assert [a.source for a in batched] == sources and [a.date for a in batched] == dates


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"dates": ["2024"]}, "dates: 1 value for 3 texts; expected one per text"),
        ({"ids": ["a", "b"]}, "ids: 2 values for 3 texts; expected one per text"),
        ({"titles": ["a", "b", "c", "d"]}, "titles: 4 values for 3 texts; expected one per text"),
        ({"sources": "ansa"}, "sources: expected a list of one value per text, got one str "
                              "(sources=['ansa'] * len(texts) gives it to every text)"),
        ({"urls": [None, 7, None]}, "urls[1]: expected str or None, got int"),
    ],
)
def test_from_texts_says_which_values_do_not_fit(given: dict[str, object], message: str) -> None:
    with pytest.raises(rassegna.InvalidValueError) as raised:
        rassegna.Corpus.from_texts(["Uno.", "Due.", "Tre."], **given)  # type: ignore[arg-type]
    assert str(raised.value) == message
    assert raised.value.location == message.split(":")[0]
