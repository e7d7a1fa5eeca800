"""The corpus report: one self-contained HTML file (styles inline, plots as base64 PNG, no
external URL) with the corpus overview, the articles, the top canonical entities with their
roles, who said what, the numbers by unit over time, keyword trends, keyness between two
periods and the co-occurrence network.

``rassegna report [PATH] -o report.html`` on the command line; :func:`report` (the HTML as a
string) or :func:`write` from Python. Needs matplotlib and networkx (``rassegna[plot]``).
"""

from __future__ import annotations

import base64
import datetime
import io
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

from rassegna import plot
from rassegna import progress as _progress
from rassegna._core import __version__
from rassegna.display import escape
from rassegna.stats import NEWS_STOPWORDS

if TYPE_CHECKING:  # pragma: no cover
    from rassegna.corpus import Corpus
    from rassegna.tables import Table

PathLike = Union[str, "os.PathLike[str]"]
#: A period as ``(start, end)`` ISO dates at any precision; either may be None (open).
Period = tuple[Optional[str], Optional[str]]

#: Headings of the sections, in order (tests look for them in the rendered page).
SECTIONS = (
    "Overview",
    "Articles",
    "People, places and organisations",
    "Places",
    "Who said what",
    "The numbers",
    "Keyword trends",
    "Keyness",
    "Co-occurrence network",
)
ARTICLE_ROWS = 500
QUOTES_PER_SPEAKER = 3
#: Keyness shows terms seen this often in both parts together, with a difference this
#: unlikely by chance, and warns below this many articles in a part.
KEYNESS_MIN_COUNT = 3
KEYNESS_P = 0.05
KEYNESS_FEW_ARTICLES = 5

# How a speaker's kind reads next to their name.
SPEAKER_KINDS = {
    "person": "person",
    "organisation": "organisation",
    "place": "state or place",
    "unknown": "not in the entity list",
}

STYLE = """
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 2em auto;
       max-width: 1100px; color: #222; line-height: 1.45; padding: 0 1em; }
h1 { border-bottom: 3px solid #c0504d; padding-bottom: 0.2em; }
h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.5em; vertical-align: top; text-align: left; }
th { background: #f3f3f3; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.note { color: #666; font-size: 0.9em; }
img { max-width: 100%; }
blockquote { margin: 0.2em 0 0.2em 1em; color: #333; }
"""


def write(
    corpus: Corpus,
    output: PathLike,
    *,
    title: str = "rassegna report",
    top: int = 20,
    target: Period | None = None,
    reference: Period | None = None,
    stopwords: Iterable[str] | None = None,
    progress: bool | None = None,
    dedupe: bool = False,
) -> Path:
    """Writes :func:`report` to ``output`` (UTF-8) and returns its path."""
    path = Path(output)
    path.write_text(
        report(corpus, title=title, top=top, target=target, reference=reference,
               stopwords=stopwords, progress=progress, dedupe=dedupe),
        encoding="utf-8",
    )
    return path


def report(
    corpus: Corpus,
    *,
    title: str = "rassegna report",
    top: int = 20,
    target: Period | None = None,
    reference: Period | None = None,
    stopwords: Iterable[str] | None = None,
    progress: bool | None = None,
    dedupe: bool = False,
) -> str:
    """The report as one HTML document. ``top``: rows of the ranked tables and names in the
    plots. Keyness compares ``target`` with ``reference`` (periods as ``(start, end)``); by
    default, the latest half of the dated articles with the earliest half.

    The keyword sections count names whole (``Casa Bianca``, not ``casa`` and ``bianca``) and
    leave out the Italian stop-words and ``stopwords``: by default
    :data:`rassegna.stats.NEWS_STOPWORDS` (reporting verbs, modal filler, words of any
    story); ``stopwords=[]`` keeps them all. The overview says how many articles are copies
    of another (:meth:`Corpus.duplicates`); with ``dedupe=True`` every other section counts
    each story once (:meth:`Corpus.deduplicate`)."""
    keywords = {
        "entities": True,
        "extra_stopwords": sorted(NEWS_STOPWORDS if stopwords is None else set(stopwords)),
    }
    copies = corpus.duplicates()
    overview = corpus
    corpus = corpus._without_copies(copies) if dedupe else corpus
    sections: list[tuple[str, Callable[[], str]]] = [
        ("Overview", lambda: _overview(overview, copies, dedupe)),
        ("Articles", lambda: _articles(corpus)),
        ("People, places and organisations", lambda: _entities(corpus, top)),
        ("Places", lambda: _places(corpus, top)),
        ("Who said what", lambda: _quotes(corpus, top)),
        ("The numbers", lambda: _numbers(corpus, top)),
        ("Keyword trends", lambda: _trends(corpus, keywords)),
        ("Keyness", lambda: _keyness(corpus, top, target, reference, keywords)),
        ("Co-occurrence network", lambda: _network(corpus, top)),
    ]
    bar = _progress.bar(
        _progress.wanted(progress, len(corpus) // _progress.BATCH + 1), len(sections), "report",
        unit="section",
    )
    parts = []
    try:
        for heading, build in sections:
            parts.append(f'<section><h2 id="{_anchor(heading)}">{escape(heading)}</h2>{build()}</section>')
            bar.update()
    finally:
        bar.close()
    contents = " · ".join(f'<a href="#{_anchor(h)}">{escape(h)}</a>' for h, _ in sections)
    made = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html>\n<html lang=\"it\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1><p class=\"note\">rassegna {escape(__version__)}, {made}</p>"
        f"<nav>{contents}</nav>{''.join(parts)}</body></html>\n"
    )


# -- sections --------------------------------------------------------------------------------


def _overview(corpus: Corpus, copies: Table, dedupe: bool) -> str:
    articles = corpus.articles()
    groups = copies.to_arrow().column("group").to_pylist()
    dates = sorted(d for d in articles["date"] if d)
    sources = Counter(s or "unknown" for s in articles["source"])
    facts = [
        ("articles", f"{len(corpus)}"),
        ("records read", f"{corpus.records_seen}"),
        ("records not used", f"{len(corpus.errors)}"),
        ("records skipped (not articles)", f"{len(corpus.skipped)}"),
        ("dates", f"{dates[0]} – {dates[-1]}" if dates else "none"),
        ("undated articles", f"{len(articles) - len(dates)}"),
        ("sources", ", ".join(f"{s} ({n})" for s, n in sources.most_common())),
        ("tokens", f"{sum(articles['tokens']):,}"),
        ("copies", f"{_plural(len(groups) - len(set(groups)), 'near-duplicate')} of another article, "
                   f"in {_plural(len(set(groups)), 'group')}"
                   + ("; each story counted once below" if dedupe else "")),
    ]
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in facts)
    lists = ""
    for heading, records in (("Records not used", corpus.errors),
                             ("Records skipped", corpus.skipped)):
        if records:
            lists += f"<h3>{heading}</h3>" + _table(
                ["location", "kind", "message"],
                [[e.location, e.kind, _without_location(e.message, e.location)]
                 for e in records[:ARTICLE_ROWS]],
            )
    return f"<table>{table}</table>{lists}"


def _articles(corpus: Corpus) -> str:
    table = corpus.articles().to_arrow().to_pylist()
    for position, row in enumerate(table):
        row["position"] = position
    table.sort(key=lambda r: (r["date"] or "", r["id"] or ""))
    rows = [
        [r["date"], r["source"], r["title"] or _stand_in_title(corpus[r["position"]]), r["author"],
         r["id"], r["tokens"]]
        for r in table[:ARTICLE_ROWS]
    ]
    note = (
        f'<p class="note">The first {ARTICLE_ROWS} of {len(table)} articles by date.</p>'
        if len(table) > ARTICLE_ROWS else ""
    )
    return note + _table(["date", "source", "title", "author", "id", "tokens"], rows, numeric={5})


def _stand_in_title(article: Any) -> str:
    """For an article without a title: the heading it opens with, or its lead sentence,
    marked as such."""
    opening = next((s for s in article.segments if s.kind in ("heading", "paragraph")), None)
    if opening is None:
        return ""
    if opening.kind == "heading":
        return f"(heading) {_short(opening.text, 120)}"
    lead = next((t for t in article.sentences if t.start >= opening.start), None)
    return f"(lead) {_short(lead.text if lead else opening.text, 120)}"


def _entities(corpus: Corpus, top: int) -> str:
    counts = corpus.entity_counts().to_arrow().slice(0, top).to_pylist()
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    for row in corpus.roles().to_arrow().to_pylist():
        role = row["key"] + (f" ({row['organization']})" if row["organization"] else "")
        roles[row["person"]][role] += 1
    rows = [
        [
            c["canonical"], c["label"], c["mentions"], c["articles"],
            ", ".join(role for role, _ in roles[c["canonical"]].most_common(3)),
            ", ".join(c["surface_forms"][:4]),
            f"{c['first_date'] or '?'} – {c['last_date'] or '?'}",
        ]
        for c in counts
    ]
    table = _table(
        ["name", "label", "mentions", "articles", "roles", "written as", "dates"], rows,
        numeric={2, 3},
    )
    return table + _figure(lambda ax: plot.timeline(corpus, top=min(top, 15), ax=ax), (10, 6))


def _places(corpus: Corpus, top: int) -> str:
    table = corpus.places()
    if not len(table):
        return '<p class="note">No place named.</p>'
    rows = [
        [p["canonical"], p["kind"], p["country"] or "", p["geonameid"] or "", p["mentions"],
         p["articles"], f"{p['first_date'] or '?'} – {p['last_date'] or '?'}"]
        for p in table.to_arrow().slice(0, top).to_pylist()
    ]
    return (
        _figure(lambda ax: plot.map(table, ax=ax), (10, 5.5))
        + _table(["place", "kind", "country", "GeoNames id", "mentions", "articles", "dates"], rows,
                 numeric={4, 5})
        + '<p class="note">Places from GeoNames (CC BY 4.0), outlines from Natural Earth.</p>'
    )


def _quotes(corpus: Corpus, top: int) -> str:
    """Quotes grouped by canonical speaker (people, organisations, states), then those of
    anonymous sources, each with the words that describe its source."""
    by_speaker: dict[str, list[dict[str, Any]]] = defaultdict(list)
    kinds: dict[str, str] = {}
    anonymous: list[dict[str, Any]] = []
    unattributed = 0
    for row in corpus.quotes().to_arrow().to_pylist():
        if row["scare"] or row["nested"]:
            continue
        if row["speaker"]:
            by_speaker[row["speaker"]].append(row)
            kinds.setdefault(row["speaker"], row["speaker_kind"])
        elif row["speaker_kind"] == "anonymous":
            anonymous.append(row)
        else:
            unattributed += 1
    if not by_speaker and not anonymous:
        return '<p class="note">No attributed quotes.</p>'
    speakers = sorted(by_speaker, key=lambda s: (-len(by_speaker[s]), s))[:top]
    items = []
    for speaker in speakers:
        quotes = by_speaker[speaker]
        kind = SPEAKER_KINDS.get(kinds[speaker], kinds[speaker])
        items.append(
            f"<h3>{escape(speaker)} <span class=\"note\">({kind}, {len(quotes)})</span></h3>"
            + _quote_list(quotes, QUOTES_PER_SPEAKER)
        )
    if anonymous:
        items.append(
            f"<h3>Anonymous sources <span class=\"note\">({len(anonymous)})</span></h3>"
            + _quote_list(anonymous, QUOTES_PER_SPEAKER * 2, describe=True)
        )
    if unattributed:
        items.append(
            f'<p class="note">{unattributed} more quotes whose speaker the text does not '
            "say.</p>"
        )
    return "".join(items)


def _quote_list(quotes: list[dict[str, Any]], shown: int, *, describe: bool = False) -> str:
    """Blockquotes for the first ``shown`` quotes; ``describe`` adds who the source is."""
    html = "".join(
        f"<blockquote>«{escape(_short(q['text'], 300))}» <span class=\"note\">"
        + (f"anonymous: {escape(q['speaker_text'] or '')} · " if describe else "")
        + f"{escape(q['date'] or '')} · {escape(q['article'])}</span></blockquote>"
        for q in quotes[:shown]
    )
    hidden = len(quotes) - shown
    return html + (f'<p class="note">… {hidden} more</p>' if hidden > 0 else "")


def _numbers(corpus: Corpus, top: int) -> str:
    """Amounts per unit and period: how many, and the largest value stated."""
    rows = [r for r in corpus.quantities().to_arrow().to_pylist() if r["unit"]]
    if not rows:
        return '<p class="note">No amounts found.</p>'
    period = _period(corpus)
    chars = plot.PERIOD_CHARS[period]
    units = Counter(r["unit"] for r in rows)
    periods = sorted({(r["date"] or "undated")[:chars] for r in rows})
    cells: dict[tuple[str, str], list[float]] = defaultdict(list)
    mentions: Counter[tuple[str, str]] = Counter()
    for r in rows:
        key = (r["unit"], (r["date"] or "undated")[:chars])
        mentions[key] += 1
        value = r["value"] if r["value"] is not None else r["high"]
        if value is not None:
            cells[key].append(value)
    body = []
    for unit, _ in units.most_common(top):
        line = [unit]
        for p in periods:
            if not mentions[(unit, p)]:
                line.append("")
            else:
                largest = max(cells[(unit, p)], default=None)
                most = f", max {_number(largest)}" if largest is not None else ""
                line.append(f"{mentions[(unit, p)]}×{most}")
        body.append(line)
    note = (
        f'<p class="note">Per {period}: how many amounts of each unit were stated, and the '
        "largest (the upper bound of a vague amount).</p>"
    )
    return note + _table(["unit", *periods], body)


def _trends(corpus: Corpus, keywords: dict[str, Any]) -> str:
    terms = corpus.frequencies(top=6, **keywords)["term"][:6]
    if not terms:
        return '<p class="note">No terms.</p>'
    period = _period(corpus)
    return (
        f'<p class="note">The six most frequent terms per {period}, per 10,000 tokens (names '
        "counted whole; stop-words and words of any news story left out).</p>"
        + _figure(lambda ax: plot.trends(corpus, terms, period=period, per_10k=True, ax=ax,
                                         **keywords), (10, 4.5))
    )


def _keyness(
    corpus: Corpus, top: int, target: Period | None, reference: Period | None,
    keywords: dict[str, Any],
) -> str:
    if target is not None or reference is not None:
        target_part: Any = _as_filter(target)
        reference_part: Any = _as_filter(reference) if reference is not None else None
        names = (_describe(target), _describe(reference) if reference is not None else "the rest")
        target_mask = corpus._mask(target_part, "target")
        reference_mask = (corpus._mask(reference_part, "reference") if reference_part is not None
                          else [not m for m in target_mask])
    else:
        dated = sorted((d, i) for i, d in enumerate(corpus.articles()["date"]) if d)
        if len(dated) < 2:
            return '<p class="note">Keyness needs at least two dated articles.</p>'
        half = len(dated) // 2
        early = {i for _, i in dated[:half]}
        late = {i for _, i in dated[half:]}
        target_part = target_mask = [i in late for i in range(len(corpus))]
        reference_part = reference_mask = [i in early for i in range(len(corpus))]
        names = (f"latest half ({dated[half][0]} – {dated[-1][0]})",
                 f"earliest half ({dated[0][0]} – {dated[half - 1][0]})")
    sizes = (sum(target_mask), sum(reference_mask))
    for name, size in zip(names, sizes):
        if not size:
            return (f'<p class="note">No article in {escape(name)}: there is nothing to compare. '
                    "Choose periods that hold articles (<code>--target START:END</code>).</p>")
    table = corpus.keyness(target_part, reference_part, min_count=KEYNESS_MIN_COUNT, **keywords)
    rows = [r for r in table.to_arrow().to_pylist() if r["p_value"] < KEYNESS_P]
    header = ["term", "count (target)", "count (reference)", "G²", "p", "log ratio"]
    sides = []
    for name, keep in ((names[0], lambda r: r["log_ratio"] > 0), (names[1], lambda r: r["log_ratio"] < 0)):
        side = sorted((r for r in rows if keep(r)), key=lambda r: (-r["g2"], r["term"]))[:top]
        body = [
            [r["term"], r["count_target"], r["count_reference"], _number(r["g2"]),
             f"{r['p_value']:.3f}", _number(r["log_ratio"])]
            for r in side
        ]
        shown = (_table(header, body, numeric={1, 2, 3, 4, 5}) if body
                 else '<p class="note">No term passes the thresholds.</p>')
        sides.append(
            f'<div style="display: inline-block; vertical-align: top; margin-right: 2em">'
            f"<h3>Key in {escape(name)}</h3>{shown}</div>"
        )
    few = [f"{escape(n)} has {s} article{'s' if s != 1 else ''}"
           for n, s in zip(names, sizes) if s < KEYNESS_FEW_ARTICLES]
    caution = (f'<p class="note"><b>Few articles</b>: {"; ".join(few)}. With so little text, '
               "key terms are indications, not findings.</p>") if few else ""
    return (
        f"<p>Target: <b>{escape(names[0])}</b> ({sizes[0]} articles); reference: "
        f"<b>{escape(names[1])}</b> ({sizes[1]} articles).</p>{caution}"
        f'<p class="note">Terms seen at least {KEYNESS_MIN_COUNT} times whose difference has '
        f"p &lt; {KEYNESS_P} (G², one degree of freedom); names counted whole, stop-words and "
        "words of any news story left out.</p>"
        + _figure(lambda ax: plot.keyness(table, top=top // 2 or 1, labels=names, ax=ax), (9, 6))
        + "".join(sides)
    )


def _network(corpus: Corpus, top: int) -> str:
    pairs = corpus.cooccurrence("entities", within="sentence")
    if not len(pairs):
        return '<p class="note">No entities found together.</p>'
    return (
        '<p class="note">Names found in the same sentence: node size by mentions, edge width by '
        "co-occurrences.</p>"
        + _figure(lambda ax: plot.network(corpus, top=top, ax=ax), (10, 8))
    )


# -- helpers ---------------------------------------------------------------------------------


def _figure(draw: Callable[[Any], Any], size: tuple[float, float]) -> str:
    """A plot as an embedded PNG. Figures are made without pyplot: no global state, no GUI."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, dpi=100)
    draw(figure.subplots())
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="plot" src="data:image/png;base64,{data}">'


def _table(header: list[str], rows: list[list[Any]], numeric: set[int] = frozenset()) -> str:  # type: ignore[assignment]
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(
            f"<td class=\"n\">{escape(v)}</td>" if i in numeric else f"<td>{escape(v)}</td>"
            for i, v in enumerate(row)
        ) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _period(corpus: Corpus) -> str:
    """Months for a corpus spanning up to three years, years beyond."""
    years = {d[:4] for d in corpus.articles()["date"] if d}
    return "year" if len(years) > 3 else "month"


def _as_filter(period: Period | None) -> dict[str, str]:
    start, end = period or (None, None)
    return {k: v for k, v in (("start", start), ("end", end)) if v}


def _describe(period: Period | None) -> str:
    start, end = period or (None, None)
    return f"{start or '…'} – {end or '…'}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.3g}"


def _without_location(message: str, location: str) -> str:
    """The message of an error whose location has a column of its own."""
    prefix = f"{location}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _anchor(heading: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in heading.lower())
