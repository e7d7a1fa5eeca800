"""`year=`: the default year of a collection whose records carry no date."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import rassegna
from rassegna.cli import main

DATELINE = "MOSCA, 10 FEB (ANSA) - Il Cremlino ha parlato di nuovo con Pyongyang. (ANSA)."
UNDATED = "Il Cremlino ha parlato di nuovo con Pyongyang, dicono fonti diplomatiche."
DATED_TEXT = "Roma, 5 settembre 2023 - Il governo ha parlato di nuovo con Pyongyang."


def test_parse_completes_a_yearless_dateline_with_the_year() -> None:
    assert rassegna.parse(DATELINE).date is None
    assert rassegna.parse(DATELINE, year=2024).date == "2024-02-10"


def test_an_article_without_any_date_gets_the_year() -> None:
    assert rassegna.parse(UNDATED, year=2024).date == "2024"


def test_the_records_own_date_and_the_texts_win_over_the_year() -> None:
    assert rassegna.parse(DATELINE, date="2023", year=2024).date == "2023-02-10"
    assert rassegna.parse(UNDATED, date="2022-05-01", year=2024).date == "2022-05-01"
    assert rassegna.parse(DATED_TEXT, year=2024).date == "2023-09-05"


def test_from_texts_takes_the_year() -> None:
    corpus = rassegna.Corpus.from_texts([DATELINE, UNDATED], year=2024)
    assert [a.date for a in corpus] == ["2024-02-10", "2024"]
    dated = rassegna.Corpus.from_texts([DATELINE], dates=["2021"], year=2024)
    assert dated[0].date == "2021-02-10"


def test_read_of_a_folder_and_of_json_lines_take_the_year(tmp_path: Path) -> None:
    folder = tmp_path / "agency"
    folder.mkdir()
    (folder / "a.txt").write_text(DATELINE, encoding="utf-8")
    (folder / "b.txt").write_text(UNDATED, encoding="utf-8")
    assert [a.date for a in rassegna.read(folder, year=2024)] == ["2024-02-10", "2024"]
    lines = tmp_path / "agency.jsonl"
    lines.write_text(
        json.dumps({"id": "own", "text": DATELINE, "date": "2023"}) + "\n"
        + json.dumps({"id": "none", "text": DATELINE}) + "\n",
        encoding="utf-8",
    )
    assert [a.date for a in rassegna.read(lines, year=2024)] == ["2023-02-10", "2024-02-10"]
    assert [a.date for a in rassegna.read([folder, lines], year=2024)] == [
        "2024-02-10", "2024", "2023-02-10", "2024-02-10"
    ]


def test_read_of_csv_and_parquet_take_the_year(tmp_path: Path) -> None:
    table = tmp_path / "agency.csv"
    table.write_text(f'id,text,date\nown,"{DATELINE}",2023\nnone,"{DATELINE}",\n', encoding="utf-8")
    assert [a.date for a in rassegna.read(table, year=2024)] == ["2023-02-10", "2024-02-10"]
    parquet = tmp_path / "agency.parquet"
    pq.write_table(pa.table({"text": [DATELINE, UNDATED], "date": ["2023", None]}), parquet)
    assert [a.date for a in rassegna.read(parquet, year=2024)] == ["2023-02-10", "2024"]


def test_the_year_survives_pickling_and_saving(tmp_path: Path) -> None:
    article = rassegna.parse(DATELINE, year=2024)
    assert pickle.loads(pickle.dumps(article)).date == "2024-02-10"
    corpus = rassegna.Corpus.from_texts([DATELINE, UNDATED], year=2024)
    assert [a.date for a in pickle.loads(pickle.dumps(corpus))] == ["2024-02-10", "2024"]
    again = rassegna.load(corpus.save(tmp_path / "saved"))
    assert [a.date for a in again] == ["2024-02-10", "2024"]
    assert again == corpus


def test_saves_of_format_1_with_and_without_a_year_column_still_load(tmp_path: Path) -> None:
    """Format 1 kept the given values as columns; the first of its files had no year."""
    columns = {"text": [DATELINE, UNDATED], "id": ["a", None], "source": ["ansa", None],
               "date": [None, None], "title": [None, None], "url": [None, None]}
    metadata = {b"rassegna.errors": b"[]", b"rassegna.format": b"1"}
    for year in (None, [2024, None]):
        folder = tmp_path / f"saved-{year is not None}"
        folder.mkdir()
        table = pa.table(columns if year is None else {**columns, "year": pa.array(year, pa.int16())})
        pq.write_table(table.replace_schema_metadata(metadata), folder / "texts.parquet")
        loaded = rassegna.load(folder)
        assert [(a.id, a.source) for a in loaded] == [("a", "ansa"), (None, None)]
        assert loaded[0].date == ("2024-02-10" if year else None)


@pytest.mark.parametrize("year", [0, 10000, -3, True, "2024", 2024.0])
def test_a_year_that_is_no_year_raises_naming_the_argument(year: object, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DATELINE, encoding="utf-8")
    calls = [
        lambda: rassegna.parse(DATELINE, year=year),  # type: ignore[arg-type]
        lambda: rassegna.Corpus.from_texts([DATELINE], year=year),  # type: ignore[arg-type]
        lambda: rassegna.Corpus.from_texts([], year=year),  # type: ignore[arg-type]
        lambda: rassegna.read(tmp_path, year=year),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(rassegna.InvalidValueError, match=r"^year: invalid year"):
            call()


def test_the_command_line_takes_the_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(DATELINE, encoding="utf-8")
    output = tmp_path / "articles.csv"
    assert main(["summary", str(tmp_path / "a.txt"), "--year", "2024", "-o", str(output)]) == 0
    assert "2024-02-10" in capsys.readouterr().out
    assert main(["summary", str(tmp_path / "a.txt")]) == 0
    assert "2024-02-10" not in capsys.readouterr().out
