"""read_batches streams a collection as corpora of bounded size; Totals adds them up."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import rassegna


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    sample = rassegna.datasets.sample()
    for index, article in enumerate(sample):
        (folder / f"{index:02}.txt").write_text(article.text, encoding="utf-8")
    lines = [json.dumps({"id": f"j{i}", "text": a.text}) for i, a in enumerate(sample)]
    (folder / "sub" / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "sub" / "vuoto.txt").write_text(" ", encoding="utf-8")
    (folder / "sub" / "foto.png").write_bytes(b"\x89PNG")
    pq.write_table(pa.table({"id": ["p0"], "text": [sample[0].text]}), folder / "tabella.parquet")
    return folder


@pytest.mark.parametrize("batch_size", [1, 3, 100])
def test_batches_hold_what_one_read_holds(tmp_path: Path, batch_size: int) -> None:
    folder = _folder(tmp_path)
    whole = rassegna.read(folder)
    batches = list(rassegna.read_batches(folder, batch_size=batch_size))
    assert all(b.records_seen <= batch_size for b in batches)
    assert [i for b in batches for i in b.ids] == whole.ids
    assert [e.location for b in batches for e in b.errors] == [e.location for e in whole.errors]
    assert [s.location for b in batches for s in b.skipped] == [s.location for s in whole.skipped]
    assert sum(b.records_seen for b in batches) == whole.records_seen == 13


def test_totals_of_the_batches_are_the_totals_of_the_whole(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    whole = rassegna.read(folder)
    totals = rassegna.Totals()
    for batch in rassegna.read_batches(folder, batch_size=4):
        totals.add(batch)
    assert (totals.articles, totals.errors, totals.skipped) == (len(whole), 1, 1)
    top = totals.frequencies(top=50).to_arrow().to_pylist()
    assert top == whole.frequencies(top=50).to_arrow().to_pylist()
    counts = totals.entity_counts().to_arrow()
    expected = whole.entity_counts().to_arrow()
    # Names are settled within each batch, so rows may split; mentions add up all the same.
    assert pa.compute.sum(counts["mentions"]).as_py() == pa.compute.sum(expected["mentions"]).as_py()
    one_batch = rassegna.Totals()
    one_batch.add(whole)
    assert one_batch.entity_counts().to_arrow().to_pylist() == whole.entity_counts().to_arrow().to_pylist()
    assert "11 articles" in repr(totals)


def test_bad_batch_sizes_and_inputs(tmp_path: Path) -> None:
    for size in (0, -1, True, 2.5):
        with pytest.raises(rassegna.InvalidValueError, match="batch_size"):
            next(rassegna.read_batches(tmp_path, batch_size=size))  # type: ignore[arg-type]
    with pytest.raises(rassegna.ReadError, match="nowhere"):
        next(rassegna.read_batches(tmp_path / "nowhere"))
    assert list(rassegna.read_batches(tmp_path)) == []
    assert rassegna.Totals().frequencies().to_arrow().to_pylist() == []
    assert rassegna.Totals().entity_counts().to_arrow().to_pylist() == []
