"""The `rassegna` command."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest
import rassegna
from rassegna.cli import main


def test_summary_of_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary"]) == 0
    out = capsys.readouterr()
    lines = out.out.strip().splitlines()
    assert lines[0].split()[:4] == ["id", "date", "title", "author"]
    assert len(lines) == 6
    assert any("2023-09-05" in line and "Sara De Vico" in line for line in lines)
    assert "5 articles, 0 unusable, 0 skipped" in out.err


@pytest.mark.usefixtures("capsys")
def test_summary_writes_parquet_and_csv(tmp_path: Path) -> None:
    assert main(["summary", "-o", str(tmp_path / "a.parquet")]) == 0
    assert pq.read_table(tmp_path / "a.parquet").num_rows == 5
    assert main(["summary", "--output", str(tmp_path / "a.csv")]) == 0
    assert pcsv.read_csv(tmp_path / "a.csv").column("author").to_pylist()[3] == "Sara De Vico"


def test_summary_of_a_folder_reports_skipped_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ok.txt").write_text("Una notizia. Breve.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "foto.png").write_bytes(b"\x89PNG")
    assert main(["summary", str(tmp_path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"unusable {tmp_path / 'bad.txt'}: looks like a binary file (NUL byte at offset 0)",
        f"skipped {tmp_path / 'foto.png'}: a .png file: not a kind rassegna reads",
        "1 articles, 1 unusable, 1 skipped",
    ]
    assert main(["summary", str(tmp_path), "--strict"]) == 1
    assert "bad.txt" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("rassegna") is None, reason="console script not on PATH")
def test_console_script_is_installed() -> None:
    done = subprocess.run(["rassegna", "summary"], check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Sara De Vico" in done.stdout


def test_module_entry_point() -> None:
    done = subprocess.run([sys.executable, "-m", "rassegna.cli", "summary"],
                          check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Sara De Vico" in done.stdout


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"rassegna {rassegna.__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", rassegna.__version__)
    run = subprocess.run([sys.executable, "-m", "rassegna.cli", "--version"],
                         check=False, capture_output=True, text=True, timeout=120)
    assert (run.returncode, run.stdout) == (0, f"rassegna {rassegna.__version__}\n")


@pytest.mark.parametrize("command", ["summary", "entities", "report"])
def test_an_empty_folder_is_an_error_not_an_empty_result(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "vuota"
    empty.mkdir()
    output = tmp_path / ("out.html" if command == "report" else "out.parquet")
    assert main([command, str(empty), "-o", str(output)]) == 1
    err = capsys.readouterr().err
    assert err == f"rassegna: no article to work on: {empty} is an empty folder\n"
    assert not output.exists()


def test_a_folder_without_text_files_says_what_it_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "note.docx").write_bytes(b"PK")
    (tmp_path / "foto.jpg").write_bytes(b"\xff\xd8")
    assert main(["summary", str(tmp_path)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"rassegna: no article to work on: {tmp_path}: 2 files seen, none of a kind rassegna reads "
        "(text, web pages, WARC, JSON Lines, JSON, CSV/TSV, Parquet)"
    )


def test_a_folder_of_unusable_files_lists_them_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "binario.txt").write_bytes(b"Citt\x00 pi\x00 bella")
    (tmp_path / "vuoto.md").write_text("  \n", encoding="utf-8")
    (tmp_path / "note.csv").write_text("x\n", encoding="utf-8")
    assert main(["summary", str(tmp_path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:3] == [
        f"unusable {tmp_path / 'binario.txt'}: looks like a binary file (NUL byte at offset 4)",
        f"unusable {tmp_path / 'note.csv'}: missing column \"text\"",
        f"unusable {tmp_path / 'vuoto.md'}: empty text",
    ]
    assert err[3:] == [
        f"rassegna: no article to work on: {tmp_path}: 3 files seen, 3 of kinds rassegna reads, "
        "3 records read, none usable (binary: 1, empty_text: 1, missing_column: 1; each listed "
        "above, with why)"
    ]


def test_several_inputs_and_patterns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("Una notizia. Breve.", encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "f1", "text": "Un'altra notizia. Breve."}) + "\n", encoding="utf-8")
    assert main(["summary", str(tmp_path / "*.txt"), str(feed)]) == 0
    out = capsys.readouterr()
    assert [line.split()[0] for line in out.out.splitlines()[1:]] == ["a", "f1"]
    pattern = tmp_path / "*.md"
    assert main(["summary", str(pattern)]) == 1
    assert capsys.readouterr().err == f"rassegna: {pattern}: no file or folder matches this pattern\n"
    empty = tmp_path / "e.jsonl"
    empty.write_text("", encoding="utf-8")
    assert main(["summary", str(empty), str(tmp_path / "*.txt")]) == 0
    assert main(["summary", str(empty)]) == 1
    assert capsys.readouterr().err.endswith(f"rassegna: no article to work on: {empty}: no record in it\n")


def test_a_skipped_record_names_its_location_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "rotto.txt"
    broken.write_bytes(b"Una notizia \xe8 rotta.")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "Una notizia. Breve."}) + "\n{non json\n", encoding="utf-8")
    for command in ("summary", "report"):
        args = [command, str(broken), str(feed), "--encoding", "utf-8"]
        assert main(args + (["-o", str(tmp_path / "r.html")] if command == "report" else [])) == 0
        unusable = [line for line in capsys.readouterr().err.splitlines() if line.startswith("unusable")]
        assert unusable == [
            f"unusable {broken}: not valid UTF-8 (first invalid byte at offset 12)",
            f"unusable {feed}:2: invalid JSON: key must be a string at line 1 column 2",
        ]
