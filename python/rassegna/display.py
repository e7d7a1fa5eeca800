"""HTML for notebooks: the ``_repr_html_`` of articles, corpora and result tables.

Every piece of text that reaches the page goes through :func:`html.escape` (quotes included,
since names also go into ``title`` attributes). Styles are inline, so the views look the same
in Jupyter, VS Code, GitHub's notebook viewer and the standalone report.

This module is a floor of the package: it imports none of the classes it draws, and reads
them by what they offer (a corpus's ``articles()`` and ``errors``, a table's ``to_arrow()``
and ``name``), so that they can all import it.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from rassegna._core import Article

#: Rows shown by a table's preview.
PREVIEW_ROWS = 10
#: Characters shown per table cell.
CELL_CHARS = 80
#: Record errors listed by a corpus's view.
PREVIEW_ERRORS = 5

#: Entity label colours, as displaCy's.
LABEL_COLOURS = {"PER": "#aa9cfc", "LOC": "#ff9561", "ORG": "#7aecec"}
OTHER_COLOUR = "#ddd"
QUOTE_COLOUR = "#2a7ab0"
FONT = "font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; line-height: 1.6"


def escape(value: Any) -> str:
    """Text for HTML content or a quoted attribute value."""
    return html.escape("" if value is None else str(value), quote=True)


# -- articles --------------------------------------------------------------------------------


class _Mark(NamedTuple):
    start: int
    end: int
    rank: int  # outer layers first when two marks start together: set-aside, quote, entity
    open: str
    close: str


def article_html(article: Article) -> str:
    """An article as displaCy shows a document: its header (title, date, author, source, id),
    then the text with entities highlighted by label (the canonical name on hover), quotes
    underlined and tagged with their speaker, and set-aside text (paywall prompts, share lines)
    greyed."""
    text = article.text
    marks = [
        _Mark(
            segment.start, segment.end, 0,
            f'<span class="rassegna-set-aside" title="set aside: {escape(segment.kind)}" '
            'style="color: #999; background: #f4f4f4">',
            "</span>",
        )
        for segment in article.set_aside
    ]
    for quote in article.quotes:
        speaker = quote.speaker or "speaker unknown"
        marks.append(_Mark(
            quote.start, quote.end, 1,
            f'<span class="rassegna-quote" title="{escape(speaker)}" '
            f'style="border-bottom: 2px solid {QUOTE_COLOUR}">',
            f'<sup class="rassegna-label" style="color: {QUOTE_COLOUR}; font-size: 0.7em; font-weight: bold; '
            f'margin-left: 0.2em">— {escape(speaker)}</sup></span>',
        ))
    for entity in article.entities:
        colour = LABEL_COLOURS.get(entity.label, OTHER_COLOUR)
        marks.append(_Mark(
            entity.start, entity.end, 2,
            f'<mark class="rassegna-entity" data-label="{escape(entity.label)}" '
            f'title="{escape(entity.canonical)}" style="background: {colour}; padding: 0 0.2em; '
            'border-radius: 0.25em">',
            f'<span class="rassegna-label" style="font-size: 0.65em; font-weight: bold; margin-left: 0.3em; '
            f'vertical-align: middle">{escape(entity.label)}</span></mark>',
        ))
    facts = [
        ("date", " ".join(v for v in (article.date, article.time) if v)),
        ("author", article.author),
        ("source", article.source),
        ("id", article.id),
    ]
    header = " · ".join(f"<span title=\"{name}\">{escape(v)}</span>" for name, v in facts if v)
    legend = " ".join(
        f'<mark style="background: {colour}; padding: 0 0.3em; border-radius: 0.25em">{label}</mark>'
        for label, colour in LABEL_COLOURS.items()
    )
    title = escape(article.title) if article.title else "<i>untitled</i>"
    return (
        f'<div class="rassegna-article" style="{FONT}">'
        f'<div style="font-size: 1.2em; font-weight: bold">{title}</div>'
        f'<div style="color: #555">{header}</div>'
        f'<div style="font-size: 0.8em; color: #555">{legend} '
        f'<span style="border-bottom: 2px solid {QUOTE_COLOUR}">quote</span> '
        '<span style="color: #999; background: #f4f4f4">set aside</span></div>'
        '<div class="rassegna-text" style="white-space: pre-wrap; margin-top: 0.5em">'
        f"{_marked(text, marks)}</div></div>"
    )


def _marked(text: str, marks: Iterable[_Mark]) -> str:
    """The text, escaped, with the marks as nested elements. A mark crossing the end of an
    enclosing one is cut there (HTML elements cannot overlap); its start tag opens again after."""
    ordered = sorted(
        (m for m in marks if 0 <= m.start < m.end <= len(text)),
        key=lambda m: (m.start, -m.end, m.rank),
    )
    out: list[str] = []
    _render(text, ordered, 0, len(text), out)
    return "".join(out)


def _render(text: str, marks: Sequence[_Mark], start: int, end: int, out: list[str]) -> None:
    position = start
    index = 0
    while index < len(marks):
        mark = marks[index]
        index += 1
        begin = max(mark.start, position)
        finish = min(mark.end, end)
        if begin >= finish:
            continue
        out.append(html.escape(text[position:begin], quote=False))
        inner = [m for m in marks[index:] if m.start < finish]
        out.append(mark.open)
        _render(text, inner, begin, finish, out)
        out.append(mark.close)
        position = finish
        # Marks that started inside this one were drawn there; those reaching past it go on.
        rest = [
            m._replace(start=finish) for m in inner if m.end > finish
        ] + list(marks[index + len(inner):])
        marks = sorted(rest, key=lambda m: (m.start, -m.end, m.rank))
        index = 0
    out.append(html.escape(text[position:end], quote=False))


# -- corpora ---------------------------------------------------------------------------------


def corpus_html(corpus: Any) -> str:
    """A corpus's size, date range, sources and the records that could not be used."""
    table = corpus.articles()
    dates = sorted(d for d in table["date"] if d)
    undated = len(table) - len(dates)
    span = f"{dates[0]} – {dates[-1]}" if dates else "no dates"
    if undated and dates:
        span += f" ({undated} undated)"
    sources = Counter(s or "unknown" for s in table["source"])
    source_list = ", ".join(f"{escape(s)} ({n})" for s, n in sources.most_common(10))
    if len(sources) > 10:
        source_list += f", … {len(sources) - 10} more"
    errors = corpus.errors
    rows = "".join(
        f"<tr><td>{escape(e.location)}</td><td>{escape(e.kind)}</td>"
        f"<td>{escape(_short(e.message))}</td></tr>"
        for e in errors[:PREVIEW_ERRORS]
    )
    error_part = ""
    if errors:
        more = f"<div>… {len(errors) - PREVIEW_ERRORS} more</div>" if len(errors) > PREVIEW_ERRORS else ""
        error_part = (
            "<details><summary>records not used</summary><table>"
            "<tr><th>location</th><th>kind</th><th>message</th></tr>"
            f"{rows}</table>{more}</details>"
        )
    return (
        f'<div class="rassegna-corpus" style="{FONT}"><b>rassegna.Corpus</b>'
        f"<table><tr><th style=\"text-align: left\">articles</th><td>{len(corpus)}</td></tr>"
        f"<tr><th style=\"text-align: left\">dates</th><td>{escape(span)}</td></tr>"
        f"<tr><th style=\"text-align: left\">sources</th><td>{source_list or '—'}</td></tr>"
        f"<tr><th style=\"text-align: left\">errors</th><td>{len(errors)} of "
        f"{corpus.records_seen} records</td></tr></table>{error_part}</div>"
    )


# -- tables ----------------------------------------------------------------------------------


def table_html(table: Any, rows: int = PREVIEW_ROWS) -> str:
    """A bounded preview: the first ``rows`` rows, each cell cut at ``CELL_CHARS`` characters."""
    arrow = table.to_arrow()
    head = arrow.slice(0, rows).to_pylist()
    columns = arrow.column_names
    cells = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_short(_cell(row[c])))}</td>" for c in columns) + "</tr>"
        for row in head
    )
    more = f"<p>… {arrow.num_rows - rows} more rows</p>" if arrow.num_rows > rows else ""
    return (
        f'<div class="rassegna-table"><p><b>{escape(table.name)}</b>: {arrow.num_rows} rows × '
        f"{len(columns)} columns</p>"
        f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>{more}</div>"
    )


def tfidf_html(tfidf: Any, rows: int = PREVIEW_ROWS) -> str:
    """The matrix's shape and a preview of its long table."""
    articles, terms = tfidf.shape
    return (
        f"<div><p><b>rassegna.Tfidf</b>: {articles} articles × {terms} terms, "
        f"{tfidf.matrix.nnz} non-zero cells</p>{table_html(tfidf.table(), rows)}</div>"
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def _short(text: str, limit: int = CELL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- concordances ----------------------------------------------------------------------------


def concordance_html(table: Any, rows: int = 50) -> str:
    """Keyword-in-context lines: left context right-aligned, the match highlighted, right
    context left-aligned, so the matches line up in one column."""
    arrow = table.to_arrow()
    cell = "padding: 0 0.3em; white-space: nowrap; overflow: hidden"
    body = "".join(
        f'<tr><td style="color: #888; {cell}">{escape(line["article"])}</td>'
        f'<td style="text-align: right; {cell}">{escape(_short_left(line["left"], 60))}</td>'
        f'<td style="{cell}"><mark style="background: #ffe08a; font-weight: bold">'
        f'{escape(line["match"])}</mark></td>'
        f'<td style="text-align: left; {cell}">{escape(_short(line["right"], 60))}</td></tr>'
        for line in arrow.slice(0, rows).to_pylist()
    )
    more = f"<p>… {arrow.num_rows - rows} more lines</p>" if arrow.num_rows > rows else ""
    return (
        f'<div class="rassegna-concordance" style="{FONT}"><p><b>{escape(table.name)}</b>: '
        f"{arrow.num_rows} lines</p><table>{body}</table>{more}</div>"
    )


def _short_left(text: str, limit: int) -> str:
    """The end of ``text``: the words nearest a match."""
    return text if len(text) <= limit else "…" + text[len(text) - limit + 1:]
