"""The `rassegna` command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest
from rassegna.cli import main


def test_summary_of_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary"]) == 0
    out = capsys.readouterr()
    lines = out.out.strip().splitlines()
    assert lines[0].split()[:4] == ["id", "date", "title", "author"]
    assert len(lines) == 6
    assert any("2023-09-05" in line and "Sara De Vico" in line for line in lines)
    assert "5 articles, 0 records skipped" in out.err


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
    (tmp_path / "bad.txt").write_bytes(b"\xff")
    assert main(["summary", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "bad.txt" in err and "1 articles, 1 records skipped" in err
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
