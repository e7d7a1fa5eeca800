"""examples/tour.ipynb runs from top to bottom, so it never rots."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "tour.ipynb"


def test_tour_notebook_runs(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat", reason="nbformat comes with the test extras")
    nbclient = pytest.importorskip("nbclient", reason="nbclient comes with the test extras")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("rassegna.Corpus" in h for h in html)  # the corpus view
    assert any('class="rassegna-entity"' in h for h in html)  # the article view
    pngs = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pngs) == 4  # the four plots
    assert (tmp_path / "report.html").stat().st_size > 10_000
    assert (tmp_path / "saved" / "entities.parquet").exists()
