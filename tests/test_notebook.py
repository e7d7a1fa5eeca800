"""examples/tour.ipynb runs from top to bottom and shows the right numbers.

The notebook is executed as a reader would run it (in a kernel, in a folder of its own), and
what each code cell prints or displays is checked against numbers this test computes its own
way from the bundled sample corpus. Every code cell is named in ``CHECKS`` by a line of its
source, so a cell added without a check fails ``test_every_code_cell_has_a_check``. The
notebook is kept without stored outputs (``test_the_notebook_stores_no_outputs``).
"""

from __future__ import annotations

import ast
import math
import re
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import rassegna
from rassegna import storage

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "tour.ipynb"
nbformat = pytest.importorskip("nbformat", reason="nbformat comes with the test extras")
nbclient = pytest.importorskip("nbclient", reason="nbclient comes with the test extras")


class Cell:
    """What one executed code cell printed and displayed."""

    def __init__(self, source: str, outputs: list[Any], folder: Path) -> None:
        self.source = source
        self.outputs = outputs
        self.folder = folder
        assert not [o for o in outputs if o.output_type == "error"], source

    @property
    def printed(self) -> list[str]:
        return "".join(o.text for o in self.outputs if o.output_type == "stream").splitlines()

    def shown(self, kind: str) -> list[str]:
        return [o["data"][kind] for o in self.outputs if kind in o.get("data", {})]

    @property
    def plain(self) -> str:
        (text,) = [o["data"]["text/plain"] for o in self.outputs if o.output_type == "execute_result"]
        return text

    @property
    def html(self) -> str:
        (html,) = [o["data"]["text/html"] for o in self.outputs if o.output_type == "execute_result"]
        return html


class _Rows(HTMLParser):
    """The rows of the HTML tables of a view, each a list of its cells' texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: Any) -> None:  # noqa: ARG002 - HTMLParser's signature
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[dict[str, str]]:
    """A displayed table (a rassegna Table or a pandas DataFrame) as one dict per row shown."""
    parser = _Rows()
    parser.feed(html)
    header, *body = parser.rows
    return [dict(zip(header, row)) for row in body]


def table_size(html: str) -> int:
    """The row count a rassegna Table's view announces (``quotes: 46 rows × 14 columns``)."""
    (rows,) = re.findall(r"</b>: (\d+) rows? ×", html)
    return int(rows)


def close(shown: str, value: float) -> bool:
    """Whether a number a table shows (4 significant digits) is ``value``."""
    if shown == "inf":
        return value == math.inf
    return float(shown) == pytest.approx(value, rel=1e-3, abs=1e-9)


def cut(shown: str) -> str:
    """A long text a table shows, without the ellipsis that cuts it."""
    return shown[:-1] if shown.endswith("…") else shown


def words(sentence: rassegna.Sentence, kinds: tuple[str, ...] = ("word",)) -> list[str]:
    return [t.text.lower() for t in sentence.tokens if t.kind in kinds]


def word_count(article: rassegna.Article) -> int:
    """Tokens as trends count them: words, numbers, abbreviations (no punctuation, no quotes)."""
    return sum(len(words(s, ("word", "number", "abbreviation"))) for s in article.sentences)


def phrase_count(article: rassegna.Article, phrase: str) -> int:
    n = len(phrase.split())
    return sum(
        " ".join(w[i:i + n]) == phrase for s in article.sentences for w in [words(s)]
        for i in range(len(w) - n + 1)
    )


def raw(article_id: str) -> str:
    return (rassegna.datasets.sample_path() / f"{article_id}.txt").read_text(encoding="utf-8")


# -- the checks, one per code cell ---------------------------------------------------------
def check_corpus_view(cell: Cell, sample: rassegna.Corpus) -> None:
    files = sorted(rassegna.datasets.sample_path().glob("*.txt"))
    assert cell.plain == f"<rassegna.Corpus: {len(files)} articles, 0 errors>"
    parser = _Rows()
    parser.feed(cell.html)
    view = dict(parser.rows)
    dates = sorted(a.date for a in sample)
    assert view == {
        "articles": str(len(files)),
        "dates": f"{dates[0][:7]} – {dates[-1][:7]}",
        "sources": f"unknown ({len(files)})",
        "errors": f"0 of {len(files)} records",
    }
    # The introduction's "five Italian articles of 2023–2024".
    assert len(files) == 5 and {d[:4] for d in dates} == {"2023", "2024"}


def check_articles(cell: Cell, sample: rassegna.Corpus) -> None:
    rows = table_rows(cell.html)
    assert table_size(cell.html) == len(rows) == 5
    assert [r["id"] for r in rows] == [p.stem for p in sorted(rassegna.datasets.sample_path().glob("*.txt"))]
    for row, article in zip(rows, sample):
        assert row["date"] == article.date
        assert int(row["sentences"]) == len(article.sentences)
        assert int(row["tokens"]) == sum(len(s.tokens) for s in article.sentences)
        assert int(row["set_aside"]) == len(article.set_aside)
        assert int(row["chars"]) == len(raw(article.id)) - raw(article.id).startswith("\ufeff")


def check_article_view(cell: Cell, sample: rassegna.Corpus) -> None:
    article = sample["003_f50da71632b60aab"]
    tokens = sum(len(s.tokens) for s in article.sentences)
    (line,) = cell.printed
    assert line.startswith('Article(id="003_f50da71632b60aab", date="2023-09-05", ')
    assert line.endswith(f", {tokens} tokens)")
    assert "5 Set 2023 10:01" in raw(article.id)  # the byline the date comes from
    (html,) = cell.shown("text/html")
    # "entities by label (hover: canonical name), quotes with their speaker, set-aside greyed"
    titles = re.findall(r'<mark class="rassegna-entity" data-label="(\w+)" title="([^"]*)"', html)
    kept = [e for e in article.entities if not e.set_aside]
    assert [(label, name) for label, name in titles] == [(e.label, e.canonical) for e in kept]
    assert len(re.findall(r'class="rassegna-quote"', html)) == len(article.quotes)
    assert len(re.findall(r'class="rassegna-set-aside"', html)) == len(article.set_aside)


def check_set_aside_and_tokens(cell: Cell, sample: rassegna.Corpus) -> None:
    article = sample["003_f50da71632b60aab"]
    text = raw(article.id)
    assert len(cell.printed) == len(article.set_aside) == 3
    for line in cell.printed:
        kind, shown = line.split(" ", 1)
        assert kind == "boilerplate" and ast.literal_eval(shown) in text
    assert "boilerplate 'Fine'" in cell.printed
    first = article.sentences[0]
    expected = [(t.text, t.kind) for t in rassegna.tokenize(first.text)[:8]]
    assert ast.literal_eval(cell.plain) == expected
    assert "".join(token for token, _ in expected).replace("’", "") in text.replace(" ", "").replace("’", "")


def kept_mentions(sample: rassegna.Corpus) -> Any:
    mentions = sample.entities().to_pandas()
    return mentions[~mentions["set_aside"]]


def check_entity_counts(cell: Cell, sample: rassegna.Corpus) -> None:
    kept = kept_mentions(sample)
    assert table_size(cell.html) == kept["canonical"].nunique()
    rows = table_rows(cell.html)
    assert len(rows) == 10
    for row in rows:
        mine = kept[kept["canonical"] == row["canonical"]]
        assert int(row["mentions"]) == len(mine), row["canonical"]
        assert int(row["articles"]) == mine["article"].nunique()
        labels = Counter(mine["label"])
        assert [int(row[k]) for k in ("per", "loc", "org")] == [labels[k] for k in ("PER", "LOC", "ORG")]
    by_name = kept.groupby("canonical").size()
    assert [int(r["mentions"]) for r in rows] == sorted(by_name, reverse=True)[:10]


def check_kim_mentions(cell: Cell, sample: rassegna.Corpus) -> None:
    rows = table_rows(cell.html)
    expected = [(a.id, e.text) for a in sample for e in a.entities if e.canonical == "Kim Jong-un"]
    assert [(r["article"], r["text"]) for r in rows] == expected
    assert all(r["label"] == "PER" and r["canonical"] == "Kim Jong-un" for r in rows)
    assert all(text in sample[article].text for article, text in expected)
    assert len({text for _, text in expected}) > 1  # one name for several forms


def check_lavrov_quotes(cell: Cell, sample: rassegna.Corpus) -> None:
    article = sample["001_008b01092c8600dd"]
    shown = ast.literal_eval(cell.plain)
    assert len(shown) == 3
    for speaker, cue, start in shown:
        assert speaker == "Sergei Lavrov" and cue in article.text and start in article.text


def check_span_table(cell: Cell, sample: rassegna.Corpus, attribute: str) -> None:
    """A per-mention table: as many rows as the articles' own lists, each text at its place."""
    if attribute != "roles":
        assert table_size(cell.html) == sum(len(getattr(a, attribute)) for a in sample)
    for row in table_rows(cell.html):
        text = sample[row["article"]].text
        assert text[int(row["start"]):int(row["end"])].startswith(cut(row["text"]))
        assert row["date"] == sample[row["article"]].date


def check_quotes(cell: Cell, sample: rassegna.Corpus) -> None:
    check_span_table(cell, sample, "quotes")
    for row in table_rows(cell.html):
        text = sample[row["article"]].text
        if row["speaker_text"]:
            assert text[int(row["speaker_start"]):int(row["speaker_end"])] == row["speaker_text"]


def check_roles(cell: Cell, sample: rassegna.Corpus) -> None:
    check_span_table(cell, sample, "roles")
    table = sample.roles().to_pandas()
    rows = {(r.article, r.start, r.end) for r in table.itertuples()}
    own = {(a.id, role.start, role.end): role for a in sample for role in a.roles}
    assert set(own) <= rows
    # The rest are role phrases ("presidente russo", "leader russo") that name nobody in their
    # own article and that the corpus names: their holder holds a role in another article.
    holders = {role.person for role in own.values() if role.person}
    extra = table[[(r.article, r.start, r.end) not in own for r in table.itertuples()]]
    assert set(extra["person"]) <= holders
    assert table_size(cell.html) == len(own) + len(extra)


def check_claims(cell: Cell, sample: rassegna.Corpus) -> None:
    soldiers = [(a.id, q.text) for a in sample for q in a.quantities if q.unit in ("soldati", "soldato")]
    assert table_size(cell.html) == len(soldiers) == 3
    rows = table_rows(cell.html)
    assert sorted((r["article"], r["text"]) for r in rows) == sorted(soldiers)
    assert all(r["text"] in cut(r["sentence_text"]) or cut(r["sentence_text"]) in sample[r["article"]].text
               for r in rows)
    for row in rows:
        text = sample[row["article"]].text
        assert text[int(row["start"]):int(row["end"])] == row["text"]


def check_tfidf(cell: Cell, sample: rassegna.Corpus) -> None:
    vocabulary = set().union(*(a.terms() for a in sample))
    assert cell.plain == f"<rassegna.Tfidf: {len(sample)} articles × {len(vocabulary)} terms>"


def check_keyness(cell: Cell, sample: rassegna.Corpus) -> None:
    late = Counter(t for a in sample if a.date >= "2024" for t in a.terms())
    early = Counter(t for a in sample if a.date < "2024" for t in a.terms())
    size_late, size_early = sum(late.values()), sum(early.values())
    assert table_size(cell.html) == sum(late[t] + early[t] >= 2 for t in late.keys() | early.keys())
    rows = table_rows(cell.html)
    assert rows
    for row in rows:
        a, b = late[row["term"]], early[row["term"]]
        assert (int(row["count_target"]), int(row["count_reference"])) == (a, b), row["term"]
        assert (int(row["size_target"]), int(row["size_reference"])) == (size_late, size_early)
        # Log-likelihood (G2) against the counts expected from the parts' sizes.
        total = size_late + size_early
        expected = [size_late * (a + b) / total, size_early * (a + b) / total]
        g2 = 2 * sum(o * math.log(o / e) for o, e in zip((a, b), expected) if o)
        assert close(row["g2"], g2) and close(row["p_value"], math.erfc(math.sqrt(g2 / 2)))
        assert close(row["per_10k_target"], a / size_late * 1e4)
        assert close(row["per_10k_reference"], b / size_early * 1e4)
        # A zero count is taken as half an occurrence for the ratio, as Hardie's log ratio does.
        ratio = (a / size_late) / (max(b, 0.5) / size_early)
        assert close(row["log_ratio"], math.log2(ratio))
        percent = math.inf if b == 0 else (a / size_late - b / size_early) / (b / size_early) * 100
        assert close(row["percent_diff"], percent)
    # The target's key terms come first.
    assert float(rows[0]["g2"]) == max(float(r["g2"]) for r in rows)


def check_collocations(cell: Cell, sample: rassegna.Corpus) -> None:
    rows = table_rows(cell.html)
    assert rows and table_size(cell.html) >= len(rows)
    for row in rows:
        n = len(row["ngram"].split())
        assert int(row["n"]) == n
        assert int(row["count"]) == sum(phrase_count(a, row["ngram"]) for a in sample) >= 3, row["ngram"]


def check_trends(cell: Cell, sample: rassegna.Corpus) -> None:
    rows = table_rows(cell.html)
    kept = kept_mentions(sample)
    assert table_size(cell.html) == len(rows) == 4
    for row in rows:
        year = [a for a in sample if a.date.startswith(row["period"])]
        if row["kind"] == "term":
            count = sum(phrase_count(a, row["name"]) for a in year)
            assert row["name"] == "corea del nord"
        else:
            count = int((kept["canonical"] == row["name"]).where(kept["date"].str[:4] == row["period"],
                                                                   False).sum())
            assert row["name"] == "Vladimir Putin"
        tokens = sum(word_count(a) for a in year)
        assert (int(row["count"]), int(row["articles"]), int(row["tokens"])) == (count, len(year), tokens)
        assert close(row["per_10k"], count / tokens * 1e4)


def check_plot(cell: Cell, sample: rassegna.Corpus) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    assert len(cell.shown("image/png")) == 1 and not cell.printed
    # "Each function returns its matplotlib Axes."
    call = cell.source.strip().rstrip(";")
    assert isinstance(eval(call, {"rassegna": rassegna, "corpus": sample}), Axes)
    plt.close("all")


def check_report(cell: Cell, sample: rassegna.Corpus) -> None:  # noqa: ARG001 - every check's signature
    report = cell.folder / "report.html"
    assert cell.printed == [f"report.html {report.stat().st_size} bytes"]
    assert report.stat().st_size > 10_000


def check_saved(cell: Cell, sample: rassegna.Corpus) -> None:
    names = sorted([f"{name}.parquet" for name in storage.tables(sample)]
                   + [storage.TEXTS, "errors.parquet", "skipped.parquet",
                      rassegna.corpus.SEARCH_FOLDER])
    assert cell.printed == [str(names)]
    assert sorted(p.name for p in (cell.folder / "saved").iterdir()) == names


def check_duckdb(cell: Cell, sample: rassegna.Corpus) -> None:
    kept = kept_mentions(sample)
    counted = sorted(
        ((name, len(group), group["article"].nunique()) for name, group in kept.groupby("canonical")),
        key=lambda row: (-row[1], row[0]),
    )[:5]
    rows = table_rows(cell.html)
    assert [(r["canonical"], int(r["mentions"]), int(r["articles"])) for r in rows] == counted


#: A line of each code cell's source, and how what the cell shows is checked.
CHECKS: dict[str, Callable[[Cell, rassegna.Corpus], None]] = {
    "corpus = rassegna.datasets.sample()": check_corpus_view,
    "corpus.articles()": check_articles,
    "print(repr(article))": check_article_view,
    "for segment in article.set_aside:": check_set_aside_and_tokens,
    "corpus.entity_counts()": check_entity_counts,
    'mentions[mentions["canonical"] == "Kim Jong-un"]': check_kim_mentions,
    "for q in lavrov.quotes[:3]": check_lavrov_quotes,
    "corpus.quotes()": check_quotes,
    "corpus.roles()": check_roles,
    'corpus.claims("soldati")': check_claims,
    "corpus.dates()": lambda cell, sample: check_span_table(cell, sample, "dates"),
    "tfidf = corpus.tfidf(sublinear_tf=True)": check_tfidf,
    'corpus.keyness({"start": "2024"}, {"end": "2023"}, min_count=2)': check_keyness,
    "corpus.collocations(min_count=3)": check_collocations,
    'corpus.trends(["Corea del Nord"], ["Vladimir Putin"], period="year")': check_trends,
    "rassegna.plot.trends(": check_plot,
    "rassegna.plot.keyness(": check_plot,
    "rassegna.plot.network(": check_plot,
    "rassegna.plot.timeline(": check_plot,
    "path = write(corpus,": check_report,
    'folder = corpus.save("saved")': check_saved,
    "import duckdb": check_duckdb,
}


def code_cells(notebook: Any) -> list[Any]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def key_of(source: str) -> str:
    (key,) = [key for key in CHECKS if key in source]
    return key


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Cell]:
    """The notebook run in a folder of its own: each code cell's outputs by its check's key."""
    folder = tmp_path_factory.mktemp("tour")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    return {key_of(cell.source): Cell(cell.source, cell.outputs, folder) for cell in code_cells(notebook)}


def test_every_code_cell_has_a_check() -> None:
    sources = [cell.source for cell in code_cells(nbformat.read(NOTEBOOK, as_version=4))]
    for source in sources:
        assert len([key for key in CHECKS if key in source]) == 1, f"no single check for:\n{source}"
    assert sorted(key_of(source) for source in sources) == sorted(CHECKS)


def test_the_notebook_stores_no_outputs() -> None:
    for cell in code_cells(nbformat.read(NOTEBOOK, as_version=4)):
        assert not cell.outputs and cell.execution_count is None, cell.source


@pytest.mark.parametrize("key", list(CHECKS))
def test_each_cell_shows_the_right_numbers(
    key: str, executed: dict[str, Cell], sample: rassegna.Corpus
) -> None:
    CHECKS[key](executed[key], sample)
