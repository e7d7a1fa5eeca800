"""Plots draw what the data says (Agg backend: no display needed)."""

from __future__ import annotations

from collections import Counter

import pytest
import rassegna
from rassegna import plot

matplotlib = pytest.importorskip("matplotlib", reason="matplotlib comes with the test extras")
matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures() -> object:
    yield
    plt.close("all")


def test_trends_draw_one_line_per_name_with_the_counts(sample: rassegna.Corpus) -> None:
    table = sample.trends(["Corea del Nord"], ["Vladimir Putin"], period="year")
    ax = plot.trends(sample, ["Corea del Nord"], ["Vladimir Putin"], period="year")
    assert isinstance(ax, matplotlib.axes.Axes)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"corea del nord", "Vladimir Putin (entity)"}
    rows = table.to_arrow().to_pylist()
    periods = sorted({r["period"] for r in rows})
    for line in ax.get_lines():
        name = next(r["name"] for r in rows if line.get_label() in (r["name"], f"{r['name']} ({r['kind']})"))
        expected = [next(r["count"] for r in rows if r["name"] == name and r["period"] == p) for p in periods]
        assert list(line.get_ydata()) == expected
        assert [mdates.num2date(x).strftime("%Y") for x in line.get_xdata()] == periods
    assert sum(sum(line.get_ydata()) for line in ax.get_lines()) > 0
    per = plot.trends(table, per_10k=True, ax=plt.subplots()[1])
    assert per.get_ylabel() == "mentions per 10,000 tokens"


def test_keyness_bars_diverge_with_the_terms(sample: rassegna.Corpus) -> None:
    table = sample.keyness({"start": "2024"}, {"end": "2023"}, min_count=2)
    rows = table.to_arrow().to_pylist()
    ax = plot.keyness(table, top=4)
    bars = ax.patches
    labels = [t.get_text() for t in ax.get_yticklabels()]
    widths = [bar.get_width() for bar in bars]
    assert len(bars) == len(labels) > 0
    by_term = {r["term"]: r["log_ratio"] for r in rows}
    assert widths == pytest.approx([by_term[t] for t in labels])
    assert widths == sorted(widths)  # reference's strongest at the bottom, target's on top
    positive = sorted((r["log_ratio"] for r in rows if r["log_ratio"] > 0), reverse=True)[:4]
    negative = sorted(r["log_ratio"] for r in rows if r["log_ratio"] < 0)[:4]
    assert sorted(w for w in widths if w > 0) == pytest.approx(sorted(positive))
    assert sorted(w for w in widths if w < 0) == pytest.approx(sorted(negative))
    assert len(negative) > 0 and len(positive) > 0
    signed = plot.keyness(sample, {"start": "2024"}, {"end": "2023"}, min_count=2, measure="g2",
                          ax=plt.subplots()[1])
    g2 = {r["term"]: (r["g2"] if r["log_ratio"] >= 0 else -r["g2"]) for r in rows}
    for bar, label in zip(signed.patches, signed.get_yticklabels()):
        assert bar.get_width() == pytest.approx(g2[label.get_text()])


def test_network_nodes_and_edges_follow_the_counts(sample: rassegna.Corpus) -> None:
    pairs = sample.cooccurrence("entities").to_arrow().to_pylist()
    ax = plot.network(sample, top=8)
    nodes = [c for c in ax.collections if isinstance(c, PathCollection)]
    edges = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(nodes) == 1 and len(edges) == 1
    mentions: dict[str, int] = {}
    for r in pairs:
        mentions[r["source"]] = r["source_count"]
        mentions[r["target"]] = r["target_count"]
    kept = sorted(mentions, key=lambda n: (-mentions[n], n))[:8]
    names = sorted(t.get_text() for t in ax.texts)
    assert names == sorted(kept)
    sizes = list(nodes[0].get_sizes())
    assert len(sizes) == len(kept)
    by_name = dict(zip(sorted(kept), sizes))  # nodes are drawn in name order
    for a in kept:
        for b in kept:
            if mentions[a] > mentions[b]:
                assert by_name[a] > by_name[b]
    expected_edges = [r for r in pairs if r["source"] in kept and r["target"] in kept]
    widths = list(edges[0].get_linewidths())
    assert len(edges[0].get_segments()) == len(expected_edges)
    assert max(widths) == pytest.approx(5.5)  # the most frequent pair is the widest
    assert sorted(widths) == pytest.approx(sorted(
        0.5 + 5.0 * r["count"] / max(p["count"] for p in expected_edges) for r in expected_edges
    ))


def test_timeline_shows_who_appears_when(sample: rassegna.Corpus) -> None:
    mentions = [
        r for r in sample.entities().to_arrow().to_pylist() if not r["set_aside"] and r["date"]
    ]
    total = Counter(r["canonical"] for r in mentions)
    top = sorted(total, key=lambda n: (-total[n], n))[:5]
    ax = plot.timeline(sample, top=5, period="month")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == list(reversed(top))
    dots = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(dots) == 5
    for row, (dot, name) in enumerate(zip(dots, reversed(top))):
        months = Counter(r["date"][:7] for r in mentions if r["canonical"] == name)
        xs = [mdates.num2date(x).strftime("%Y-%m") for x, _ in dot.get_offsets()]
        assert sorted(xs) == sorted(months) and all(y == row for _, y in dot.get_offsets())
    chosen = plot.timeline(sample.entities(), ["Kim Jong-un"], period="year", ax=plt.subplots()[1])
    assert [t.get_text() for t in chosen.get_yticklabels()] == ["Kim Jong-un"]
    with pytest.raises(ValueError, match="period"):
        plot.timeline(sample, period="week")


def test_time_axes_are_proportional_and_show_empty_periods() -> None:
    # Three months with articles, far apart: 2023-09, 2024-06, 2024-10.
    corpus = rassegna.Corpus.from_texts(
        [f"Titolo {i}\n\nLa Russia e la Corea del Nord firmano un accordo a Mosca." for i in range(3)],
        dates=["2023-09-10", "2024-06-18", "2024-10-01"],
    )
    ax = plot.trends(corpus, ["Russia"], period="month")
    (line,) = ax.get_lines()
    xs = list(line.get_xdata())
    ys = list(line.get_ydata())
    assert len(xs) == 14  # every month from 2023-09 to 2024-10
    assert [y == y for y in ys].count(True) == 3  # the others are gaps (NaN), not zeros
    filled = [x for x, y in zip(xs, ys) if y == y]
    days = [(b - a) for a, b in zip(filled, filled[1:])]
    assert days == [274.0, 122.0]  # 2023-09-01 → 2024-06-01 → 2024-10-01
    timeline = plot.timeline(corpus, top=1, period="month", ax=plt.subplots()[1])
    (dots,) = [c for c in timeline.collections if isinstance(c, PathCollection)]
    offsets = sorted(x for x, _ in dots.get_offsets())
    assert [b - a for a, b in zip(offsets, offsets[1:])] == [274.0, 122.0]


def test_network_has_a_legend_for_its_colours(sample: rassegna.Corpus) -> None:
    ax = plot.network(sample, top=15)
    legend = ax.get_legend()
    assert legend is not None
    assert {t.get_text() for t in legend.get_texts()} <= {"person", "place", "organisation"}
    assert len(legend.get_texts()) >= 2
