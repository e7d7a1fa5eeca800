"""Progress bars: shown per batch when asked (or when the work is big), never changing results."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import rassegna
from rassegna import progress

TEXTS = [f"Roma – Notizia numero {i}. Putin incontra Kim Jong-un." for i in range(7)] + ["   "]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "BATCH", 3)


@pytest.mark.usefixtures("small_batches")
def test_from_texts_in_batches_equals_one_call(capsys: pytest.CaptureFixture[str]) -> None:
    whole = rassegna.Corpus.from_texts(TEXTS, progress=False)
    assert "parsing" not in capsys.readouterr().err
    batched = rassegna.Corpus.from_texts(TEXTS, progress=True)
    err = capsys.readouterr().err
    assert "parsing" in err and "8/8" in err
    assert batched == whole
    assert [e.location for e in batched.errors] == ["text 7"]
    assert batched.entities() == whole.entities()
    with pytest.raises(rassegna.EmptyTextError, match="text 7"):
        rassegna.Corpus.from_texts(TEXTS, progress=True, strict=True)


@pytest.mark.usefixtures("small_batches")
def test_the_default_follows_the_size_and_the_flag(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rassegna.Corpus.from_texts(TEXTS[:3])  # one batch: quiet
    assert capsys.readouterr().err == ""
    rassegna.Corpus.from_texts(TEXTS)  # three batches: a bar
    assert "parsing" in capsys.readouterr().err
    monkeypatch.setattr(progress, "enabled", False)
    rassegna.Corpus.from_texts(TEXTS)
    assert capsys.readouterr().err == ""
    rassegna.Corpus.from_texts(TEXTS, progress=True)  # the keyword wins over the default
    assert "parsing" in capsys.readouterr().err


def test_parquet_reading_and_saving_report_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(rassegna.corpus, "PARQUET_BATCH_ROWS", 3)
    path = tmp_path / "feed.parquet"
    pq.write_table(pa.table({"text": TEXTS, "id": [f"n{i}" for i in range(len(TEXTS))]}), path)
    quiet = rassegna.read(path, progress=False)
    assert capsys.readouterr().err == ""
    loud = rassegna.read(path, progress=True)
    err = capsys.readouterr().err
    assert "reading" in err and "8/8" in err
    assert loud == quiet and len(loud) == 7
    loud.save(tmp_path / "saved", progress=True)
    assert "saving" in capsys.readouterr().err
