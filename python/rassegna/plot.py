"""Plots with matplotlib, each drawn on an Axes (a new figure unless ``ax=`` is given) and
returning it, so a notebook can go on styling it.

Every function takes a :class:`rassegna.Corpus` and computes what it shows, or the result
table it would compute (``corpus.trends(...)``, ``corpus.keyness(...)``…) when you already
have it. Needs matplotlib (``pip install 'rassegna[plot]'``); the network also needs networkx.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rassegna.corpus import Corpus
from rassegna.tables import Table

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["keyness", "map", "network", "timeline", "trends"]

#: Entity label colours, as in the notebook view (displaCy's).
LABEL_COLOURS = {"PER": "#aa9cfc", "LOC": "#ff9561", "ORG": "#7aecec"}
LABEL_NAMES = {"PER": "person", "LOC": "place", "ORG": "organisation"}
PERIOD_CHARS = {"year": 4, "month": 7, "day": 10}


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("rassegna.plot needs matplotlib: pip install 'rassegna[plot]'") from error
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=size)
    return ax


def trends(
    data: Corpus | Table,
    terms: Sequence[str] | None = None,
    entity_names: Sequence[str] | None = None,
    *,
    period: str = "month",
    per_10k: bool = False,
    ax: Axes | None = None,
    **options: Any,
) -> Axes:
    """Mentions of ``terms`` and of entities by their canonical names (``entity_names``) per
    period, one line each (``per_10k=True``: per 10,000 tokens, to compare periods of
    different sizes). ``data`` is a corpus or a table from :meth:`Corpus.trends`."""
    table: Table = (data.trends(terms, entity_names, period=period, **options)
                    if isinstance(data, Corpus) else data)
    value = "per_10k" if per_10k else "count"
    series: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for row in table.to_arrow().to_pylist():
        series[(row["kind"], row["name"])][row["period"]] = row[value]
    with_articles = sorted({p for s in series.values() for p in s})
    periods = _all_periods(with_articles, period)
    ax = _axes(ax, (max(6.0, 0.25 * len(periods) + 4), 4.0))
    dates = [_x(p) for p in periods]
    for (kind, name), counts in series.items():
        label = name if kind == "term" else f"{name} ({kind})"
        # A period without articles is a gap, not a zero.
        ax.plot(dates, [counts.get(p, float("nan")) for p in periods], marker="o", label=label)
    _shade_empty(ax, periods, set(with_articles), period)
    _date_axis(ax, period)
    ax.set_ylabel("mentions per 10,000 tokens" if per_10k else "mentions")
    ax.set_xlabel(period)
    ax.set_title("Trends")
    if series:
        ax.legend(fontsize="small")
    return ax


def _x(period_name: str) -> float:
    """Where a period starts on a date axis (matplotlib's day numbers)."""
    import matplotlib.dates as mdates

    return float(mdates.date2num(_period_start(period_name)))


def _period_start(name: str) -> datetime.date:
    """The first day of a period named as the trends and timeline name them: ``2024``,
    ``2024-06``, ``2024-06-17`` (a day, or the Monday naming an ISO week)."""
    parts = [int(p) for p in name.split("-")]
    return datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _next_period(day: datetime.date, period: str) -> datetime.date:
    if period == "year":
        return datetime.date(day.year + 1, 1, 1)
    if period == "month":
        return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return day + datetime.timedelta(days=7 if period == "week" else 1)


def _period_name(day: datetime.date, period: str) -> str:
    return day.isoformat()[: PERIOD_CHARS.get(period, 10)]


def _all_periods(names: Sequence[str], period: str) -> list[str]:
    """Every period from the first to the last of ``names``, those without articles too."""
    if not names:
        return []
    day, last = _period_start(names[0]), _period_start(names[-1])
    out = []
    while day <= last:
        out.append(_period_name(day, period))
        day = _next_period(day, period)
    return out


def _shade_empty(ax: Axes, periods: Sequence[str], with_articles: set[str], period: str) -> None:
    """Greys the periods that have no article, so that a gap reads as one."""
    empty = [p for p in periods if p not in with_articles]
    for p in empty:
        start = _period_start(p)
        end = _period_name(_next_period(start, period), period)
        ax.axvspan(_x(p), _x(end), color="#f0f0f0", zorder=0, lw=0)
    if empty:
        ax.text(0.99, 0.98, "grey: no articles", transform=ax.transAxes, ha="right", va="top",
                fontsize="x-small", color="#888")


def _date_axis(ax: Axes, period: str) -> None:
    """A time axis: positions proportional to dates, labels at the period's precision."""
    import matplotlib.dates as mdates

    pattern = {"year": "%Y", "month": "%Y-%m"}.get(period, "%Y-%m-%d")
    ax.xaxis.set_major_formatter(mdates.DateFormatter(pattern))
    ax.tick_params(axis="x", labelrotation=45)


def keyness(
    data: Corpus | Table,
    target: Any = None,
    reference: Any = None,
    *,
    top: int = 10,
    measure: str = "log_ratio",
    labels: tuple[str, str] = ("target", "reference"),
    ax: Axes | None = None,
    **options: Any,
) -> Axes:
    """Diverging bars: the ``top`` key terms of the target (right, positive ``measure``) and of
    the reference (left, negative). ``data`` is a corpus (then ``target`` and ``reference`` are
    as in :meth:`Corpus.keyness`) or a table from it; ``measure`` is any of its numeric
    columns (``log_ratio``, ``g2``, ``pct_diff``). G² is signed by the direction of the
    difference so both sides show."""
    if isinstance(data, Corpus):
        if target is None:
            raise ValueError("keyness(corpus, target, reference): target is needed")
        table = data.keyness(target, reference, **options)
    else:
        table = data
    rows = table.to_arrow().to_pylist()

    def signed(row: dict[str, Any]) -> float:
        value = float(row[measure] or 0.0)
        if measure == "g2" and row["log_ratio"] is not None and row["log_ratio"] < 0:
            return -abs(value)
        return value

    scored = [(row["term"], signed(row)) for row in rows]
    positive = sorted((s for s in scored if s[1] > 0), key=lambda s: -s[1])[:top]
    negative = sorted((s for s in scored if s[1] < 0), key=lambda s: s[1])[:top]
    # Bottom to top: the reference's strongest at the bottom, the target's strongest on top.
    bars = sorted(positive + negative, key=lambda s: s[1])
    ax = _axes(ax, (7.0, max(3.0, 0.3 * len(bars) + 1)))
    ax.barh(
        [term for term, _ in bars],
        [value for _, value in bars],
        color=["#c0504d" if value > 0 else "#4f81bd" for _, value in bars],
    )
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(f"{measure}: ← {labels[1]} · {labels[0]} →")
    ax.set_title("Keyness")
    return ax


def network(
    data: Corpus | Table,
    *,
    top: int = 30,
    min_count: int = 1,
    layout_seed: int = 1,
    ax: Axes | None = None,
    **options: Any,
) -> Axes:
    """The entity co-occurrence network: the ``top`` most mentioned names among the pairs,
    node size by mentions, edge width by co-occurrences, colour by label when known.
    ``data`` is a corpus (``options`` go to :meth:`Corpus.cooccurrence`) or a co-occurrence
    table. The layout is networkx's spring layout with a fixed seed, so it is reproducible."""
    import networkx as nx

    labels: dict[str, str] = {}
    table: Table
    if isinstance(data, Corpus):
        table = data.cooccurrence("entities", min_count=min_count, **options)
        counts = data.entity_counts()
        labels = dict(zip(counts["canonical"], counts["label"]))
    else:
        table = data
    graph = nx.Graph()
    for row in table.to_arrow().to_pylist():
        if row["count"] < min_count:
            continue
        graph.add_node(row["source"], count=row["source_count"])
        graph.add_node(row["target"], count=row["target_count"])
        graph.add_edge(row["source"], row["target"], weight=row["count"])
    keep = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["count"], n))[:top]
    graph = graph.subgraph(keep)
    ax = _axes(ax, (9.0, 7.0))
    ax.set_title("Co-occurrence")
    ax.set_axis_off()
    if not graph.number_of_nodes():
        return ax
    nodes = sorted(graph.nodes)
    edges = sorted(graph.edges, key=lambda e: tuple(sorted(e)))
    position = nx.spring_layout(graph, seed=layout_seed, weight="weight")
    biggest = max(graph.nodes[n]["count"] for n in nodes)
    largest_edge = max(graph.edges[e]["weight"] for e in edges) if edges else 1
    nx.draw_networkx_edges(
        graph, position, edgelist=edges, ax=ax, edge_color="#999",
        width=[0.5 + 5.0 * graph.edges[e]["weight"] / largest_edge for e in edges],
    )
    nx.draw_networkx_nodes(
        graph, position, nodelist=nodes, ax=ax,
        node_size=[100 + 1400 * graph.nodes[n]["count"] / biggest for n in nodes],
        node_color=[LABEL_COLOURS.get(labels.get(n, ""), "#ccc") for n in nodes],
    )
    nx.draw_networkx_labels(graph, position, ax=ax, font_size=8)
    shown = sorted({labels[n] for n in nodes if n in labels})
    if shown:
        from matplotlib.lines import Line2D

        handles = [
            Line2D([], [], marker="o", linestyle="", markersize=9,
                   markerfacecolor=LABEL_COLOURS.get(label, "#ccc"), markeredgecolor="none",
                   label=LABEL_NAMES.get(label, label))
            for label in shown
        ]
        ax.legend(handles=handles, loc="lower right", fontsize="small", frameon=False)
    return ax


def timeline(
    data: Corpus | Table,
    entities: Sequence[str] | None = None,
    *,
    top: int = 10,
    period: str = "month",
    ax: Axes | None = None,
) -> Axes:
    """Who appears when: one row per canonical name (the ``top`` most mentioned, or
    ``entities``), a dot per period it is mentioned in, sized by its mentions. ``data`` is a
    corpus or its :meth:`Corpus.entities` table; set-aside mentions are left out and undated
    articles are not shown. ``period`` is ``year``, ``month`` or ``day`` (a date given to a
    coarser precision stays at it)."""
    if period not in PERIOD_CHARS:
        raise ValueError(f"period={period!r}: expected one of {sorted(PERIOD_CHARS)}")
    table: Table = data.entities() if isinstance(data, Corpus) else data
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    total: dict[str, int] = defaultdict(int)
    for row in table.to_arrow().select(["date", "canonical", "set_aside"]).to_pylist():
        if row["set_aside"] or not row["date"]:
            continue
        counts[row["canonical"]][row["date"][: PERIOD_CHARS[period]]] += 1
        total[row["canonical"]] += 1
    names = list(entities) if entities is not None else sorted(total, key=lambda n: (-total[n], n))[:top]
    with_articles = sorted({p for n in names for p in counts.get(n, {})})
    periods = _all_periods(with_articles, period)
    ax = _axes(ax, (max(6.0, 0.25 * len(periods) + 4), 0.4 * len(names) + 1.5))
    biggest = max((c for n in names for c in counts.get(n, {}).values()), default=1)
    for row, name in enumerate(reversed(names)):
        cells = sorted(counts.get(name, {}).items())
        ax.scatter(
            [_x(p) for p, _ in cells], [row] * len(cells),
            s=[30 + 400 * c / biggest for _, c in cells], label=name,
        )
    ax.set_yticks(range(len(names)), list(reversed(names)))
    if periods:
        last = _period_start(periods[-1])
        margin = (_next_period(last, period) - last).days / 2
        ax.set_xlim(_x(periods[0]) - margin, _x(periods[-1]) + margin)
    _date_axis(ax, period)
    ax.set_ylim(-0.5, max(len(names) - 0.5, 0.5))
    ax.set_title("Who appears when")
    ax.set_axisbelow(True)
    ax.grid(True, axis="y", color="#eee")
    return ax


def map(  # shadows the builtin inside this module only: callers write rassegna.plot.map
    data: Corpus | Table,
    *,
    top: int | None = None,
    labels: int = 10,
    ax: Axes | None = None,
) -> Axes:
    """The places the corpus names, as circles whose area grows with their mentions, over
    country outlines (Natural Earth 1:110m, public domain, shipped with rassegna: no tiles, no
    network). ``data`` is a corpus or a table from :meth:`Corpus.places`; ``top``: only the
    most mentioned places; the ``labels`` most mentioned are named."""
    import json
    from importlib import resources

    table = data.places() if isinstance(data, Corpus) else data
    rows = table.to_arrow().to_pylist()[:top]
    ax = _axes(ax, (10.0, 5.5))
    outlines = json.loads((resources.files("rassegna") / "data" / "countries_110m.json").read_text())
    for country in outlines["countries"]:
        for ring in country["rings"]:
            xs, ys = zip(*ring)
            ax.fill(xs, ys, facecolor="#eeeeee", edgecolor="#999999", linewidth=0.4, zorder=1)
    most = max((r["mentions"] for r in rows), default=1)
    colours = {"country": "#4f81bd", "city": "#c0504d", "region": "#9bbb59", "continent": "#8064a2"}
    for kind, colour in colours.items():
        mine = [r for r in rows if r["kind"] == kind]
        if mine:
            ax.scatter([r["lon"] for r in mine], [r["lat"] for r in mine],
                       s=[20 + 600 * r["mentions"] / most for r in mine], color=colour, alpha=0.6,
                       edgecolors="white", linewidths=0.6, label=kind, zorder=2)
    for r in rows[:labels]:
        ax.annotate(r["canonical"], (r["lon"], r["lat"]), fontsize=8, zorder=3,
                    xytext=(4, 4), textcoords="offset points")
    # The part of the world the places are in, with a margin.
    lons, lats = [r["lon"] for r in rows] or [-160.0, 160.0], [r["lat"] for r in rows] or [-50.0, 75.0]
    ax.set_xlim(max(-180.0, min(lons) - 20), min(180.0, max(lons) + 20))
    ax.set_ylim(max(-60.0, min(lats) - 15), min(85.0, max(lats) + 15))
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"Places ({len(rows)}), sized by mentions")
    if rows:
        ax.legend(loc="lower left", fontsize=8, markerscale=0.5)
    return ax
