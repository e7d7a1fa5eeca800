"""`rassegna report`: one self-contained HTML file, rendered by a real headless browser."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rassegna
from rassegna.cli import main
from rassegna.report import SECTIONS, report

pytest.importorskip("matplotlib", reason="matplotlib comes with the test extras")

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", "-o", str(path), "--no-progress"]) == 0
    return path


def test_report_is_self_contained(sample_report: Path, sample: rassegna.Corpus) -> None:
    page = sample_report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for heading in SECTIONS:
        assert f">{heading}</h2>" in page.replace("&#x27;", "'")
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
    assert "<link" not in page and "<script" not in page
    images = re.findall(r'<img alt="plot" src="data:image/png;base64,([^"]+)">', page)
    assert len(images) == 5  # timeline, map, trends, keyness, network
    places = page.split(">Places</h2>", 1)[1].split("<h2", 1)[0]
    assert "<td>Russia</td><td>country</td><td>RU</td><td>2017370</td>" in places
    for data in images:
        assert base64.b64decode(data).startswith(PNG)
    for article in sample:
        assert article.id in page
    assert "Sergei Lavrov" in page  # who said what
    # Keyword sections hold whole names and no news filler on the sample too.
    section = page.split(">Keyness</h2>", 1)[1].split("<h2", 1)[0]
    key_terms = {t.casefold() for t in re.findall(r"<tr><td>([^<]+)</td>", section)}
    assert key_terms, "the sample's halves have key terms"
    assert not key_terms & {"casa", "bianca", "new", "york", "times", "secondo", "detto",
                            "potrebbe", "parte", "corea", "nord", "keystone", "ansa"}, key_terms
    # An article without a title shows its lead sentence, marked as such.
    untitled = next(a for a in sample if a.title is None)
    lead = next(t.text for t in untitled.sentences if t.start >= untitled.paragraphs[0].start)
    assert f"(lead) {lead[:60]}" in page.replace("&#x27;", "'")
    assert "soldati" in page  # the numbers


def test_report_keyness_periods(tmp_path: Path, sample: rassegna.Corpus) -> None:
    page = report(sample, target=("2024", None), reference=(None, "2023"), progress=False)
    assert re.search(
        r"Target: <b>2024 – …</b> \(\d+ articles\); reference: <b>… – 2023</b> \(\d+ articles\)", page
    )
    default = report(sample, progress=False)
    dates = sorted(d for d in sample.articles()["date"] if d)
    assert f"earliest half ({dates[0]} – {dates[len(dates) // 2 - 1]})" in default
    out = tmp_path / "r.html"
    assert main(["report", "-o", str(out), "--target", "2024:", "--no-progress"]) == 0
    assert re.search(r"Target: <b>2024 – …</b> \(\d+ articles\); reference: <b>the rest</b>",
                     out.read_text(encoding="utf-8"))
    with pytest.raises(SystemExit, match="START:END"):
        main(["report", "-o", str(out), "--target", "2024"])
    # A period without articles says so, from the command line too.
    assert main(["report", "-o", str(out), "--target", "2030:", "--no-progress"]) == 0
    assert "No article in 2030 – …: there is nothing to compare" in out.read_text(encoding="utf-8")


def test_report_of_a_file_escapes_and_lists_errors(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "x<1>", "title": "<script>alert(1)</script> & co", "date": "2024-06-18",
                    "text": "Roma – Putin e Kim Jong-un a Pyongyang. "
                            "«Siamo alleati contro chi ci minaccia», ha detto Putin."})
        + "\n" + json.dumps({"id": "x2", "titolo": "senza testo"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    assert main(["report", str(feed), "-o", str(out), "--no-progress"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page and "x&lt;1&gt;" in page
    assert f"{feed}:2" in page and "Records not used" in page
    assert page.count(f"{feed}:2") == 1, "the location has its own column, not in the message"
    assert "«Siamo alleati contro chi ci minaccia»" in page


def test_the_overview_lists_the_records_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Roma, 3 marzo 2024 – Putin parla a Mosca. Breve.", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    out = tmp_path / "r.html"
    assert main(["report", str(tmp_path), "-o", str(out), "--no-progress"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<th>records skipped (not articles)</th><td>1</td>" in page
    assert "Records skipped" in page and "a .png file: not a kind rassegna reads" in page


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def test_report_renders_in_a_headless_browser(sample_report: Path, tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("no chromium binary on PATH (Debian: apt-get install -y chromium)")
    from PIL import Image

    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--user-data-dir={tmp_path / 'profile'}"]
    shot = tmp_path / "shot.png"
    url = sample_report.resolve().as_uri()
    subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1280,2400", url],
                   check=True, capture_output=True, timeout=180)
    with Image.open(shot) as image:
        assert image.size == (1280, 2400)
        pixels = image.convert("RGB")
        colours = pixels.getcolors(maxcolors=1 << 20) or []
        assert len(colours) > 200, "the page looks blank"
        white = sum(n for n, rgb in colours if min(rgb) > 245)
        assert white < 0.97 * 1280 * 2400, "almost nothing drawn"
        # The plots render: the keyness bars' red and blue appear somewhere on a full-page shot.
    full = tmp_path / "full.png"
    subprocess.run([*flags, f"--screenshot={full}", "--window-size=1280,12000", url],
                   check=True, capture_output=True, timeout=180)
    with Image.open(full) as image:
        rgb = image.convert("RGB")
        colours = {c for _, c in rgb.getcolors(maxcolors=1 << 22) or []}
        assert (192, 80, 77) in colours and (79, 129, 189) in colours  # keyness bars, from PNGs
    dom = subprocess.run([*flags, "--dump-dom", url], check=True, capture_output=True,
                         text=True, timeout=180).stdout
    for heading in SECTIONS:
        assert f">{heading}</h2>" in dom.replace("&#x27;", "'")
    assert dom.count("<img") == 5  # with the map


def test_report_without_matplotlib_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    assert main(["report", "-o", str(tmp_path / "r.html")]) == 1
    assert "pip install 'rassegna[plot]'" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_who_said_what_groups_organisations_and_shows_anonymous_sources() -> None:
    corpus = rassegna.Corpus.from_texts([
        "La Farnesina ha fatto sapere che «la situazione è monitorata con attenzione». Un "
        "funzionario europeo, che ha chiesto di restare anonimo, ha parlato di «un passo "
        "indietro molto grave».",
        "La Farnesina ha ribadito: «Nessun italiano è in pericolo nella zona».",
    ])
    page = report(corpus, progress=False)
    section = page.split(">Who said what</h2>", 1)[1].split("<h2", 1)[0]
    assert 'Farnesina <span class="note">(organisation, 2)</span>' in section
    assert 'Anonymous sources <span class="note">(1)</span>' in section
    assert "anonymous: Un funzionario europeo" in section


def test_report_counts_copies_and_dedupes_on_request(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    shutil.copytree(rassegna.datasets.sample_path(), folder)
    original = sorted(folder.glob("*.txt"))[1]
    (folder / "zz_copy.txt").write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(folder), "-o", str(out), "--no-progress"]) == 0
    overview = out.read_text(encoding="utf-8").split(">Articles</h2>", 1)[0]
    assert "1 near-duplicate of another article, in 1 group<" in overview
    assert main(["report", str(folder), "-o", str(out), "--no-progress", "--dedupe"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "in 1 group; each story counted once below" in page
    articles = page.split(">Articles</h2>", 1)[1].split("<h2", 1)[0]
    assert original.stem in articles and "zz_copy" not in articles
