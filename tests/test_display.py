"""Notebook views: `_repr_html_` of articles, corpora and tables, escaped and complete."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest
import rassegna
from rassegna.display import PREVIEW_ROWS, article_html

HOSTILE = (
    "Roma, 18 giugno 2024 – Vladimir Putin è arrivato a Pyongyang. "
    "«Noi & voi <script>alert('x')</script> siamo \"alleati\"», ha detto Putin.\n\n"
    "Il Cremlino <b>conferma</b> & rilancia.\n\n"
    "Per continuare a leggere l'articolo sostienici oppure accedi\n"
)


class _Walker(HTMLParser):
    """Checks that tags nest, and collects the text outside the label decorations."""

    VOID = frozenset({"br", "img", "meta"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.text: list[str] = []
        self.inside_text = 0
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        classes = dict(attrs).get("class") or ""
        self.tags.append((tag, dict(attrs)))
        label = "rassegna-label" in classes or bool(self.stack and self.stack[-1][1])
        if "rassegna-text" in classes:
            self.inside_text += 1
        self.stack.append((tag, label))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        open_tag, _ = self.stack.pop()
        assert open_tag == tag, f"</{tag}> closes <{open_tag}>"

    def handle_data(self, data: str) -> None:
        if self.inside_text and self.stack and not self.stack[-1][1]:
            self.text.append(data)


def walk(markup: str) -> _Walker:
    walker = _Walker()
    walker.feed(markup)
    walker.close()
    assert not walker.stack, f"unclosed: {walker.stack}"
    return walker


@pytest.fixture(scope="module")
def hostile() -> rassegna.Article:
    return rassegna.parse(HOSTILE, id="<x&y>", source="a\"b")


def test_hostile_article_is_escaped_and_complete(hostile: rassegna.Article) -> None:
    markup = hostile._repr_html_()
    assert "<script>" not in markup and "<b>conferma" not in markup
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in markup
    assert "Noi &amp; voi" in markup
    assert "&lt;x&amp;y&gt;" in markup and "a&quot;b" in markup
    walk(markup)  # every tag closes in order
    # The text shown, decorations aside, is exactly the article's text.
    start = markup.index('<div class="rassegna-text"')
    walker = walk(markup[start:-len("</div>")])
    assert "".join(walker.text) == hostile.text


def test_article_view_marks_entities_quotes_and_set_aside(hostile: rassegna.Article) -> None:
    walker = walk(hostile._repr_html_())
    marks = [attrs for tag, attrs in walker.tags if attrs.get("class") == "rassegna-entity"]
    entities = hostile.entities
    assert entities, "the fixture should have entities"
    assert [(m["data-label"], m["title"]) for m in marks] == [(e.label, e.canonical) for e in entities]
    quotes = [attrs for tag, attrs in walker.tags if attrs.get("class") == "rassegna-quote"]
    assert [q["title"] for q in quotes] == [q.speaker or "speaker unknown" for q in hostile.quotes]
    assert hostile.quotes and hostile.quotes[0].speaker == "Vladimir Putin"
    greyed = [attrs for tag, attrs in walker.tags if attrs.get("class") == "rassegna-set-aside"]
    assert len(greyed) == len(hostile.set_aside) >= 1


def test_sample_articles_render_their_whole_text(sample: rassegna.Corpus) -> None:
    for article in sample:
        markup = article_html(article)
        start = markup.index('<div class="rassegna-text"')
        walker = walk(markup[start:-len("</div>")])
        assert "".join(walker.text) == article.text, article.id
        assert markup.count('class="rassegna-entity"') == len(article.entities)
        assert markup.count('class="rassegna-quote"') == len(article.quotes)


def test_crossing_marks_are_cut_not_lost() -> None:
    from rassegna.display import _Mark, _marked

    text = "abcdefghij"
    marks = [_Mark(0, 5, 0, "<i>", "</i>"), _Mark(3, 8, 2, "<b>", "</b>")]
    assert _marked(text, marks) == "<i>abc<b>de</b></i><b>fgh</b>ij"
    inner = [_Mark(2, 4, 2, "<b>", "</b>"), _Mark(0, 11, 1, "<u>", "</u>")]
    assert _marked("a<b>&cdefgh", inner) == "<u>a&lt;<b>b&gt;</b>&amp;cdefgh</u>"


def test_corpus_view(sample: rassegna.Corpus) -> None:
    markup = sample._repr_html_()
    walk(markup)
    dates = sorted(d for d in sample.articles()["date"] if d)
    assert html.escape(f"{dates[0]} – {dates[-1]}") in markup
    assert f"<td>{len(sample)}</td>" in markup
    assert "0 of 5 records" in markup
    bad = rassegna.Corpus.from_texts(["Una notizia <script>. Breve.", "   "], ids=["ok", "<bad>"])
    markup = bad._repr_html_()
    walk(markup)
    assert "1 of 2 records" in markup and "records not used" in markup
    assert "<script>" not in markup
    assert repr(bad) == "<rassegna.Corpus: 1 articles, 1 errors>"


def test_table_preview_is_bounded_and_escaped() -> None:
    texts = [f"Notizia {i} <script>&. Mosca parla." for i in range(PREVIEW_ROWS + 5)]
    corpus = rassegna.Corpus.from_texts(texts)
    table = corpus.articles()
    markup = table._repr_html_()
    walk(markup)
    assert markup.count("<tr>") == PREVIEW_ROWS + 1  # the header and PREVIEW_ROWS rows
    assert "… 5 more rows" in markup and "<script>" not in markup
    assert f"{len(table.columns)} columns" in markup
    assert len(repr(table)) < 300


def test_every_result_has_a_view(sample: rassegna.Corpus) -> None:
    results = [
        sample.articles(), sample.tokens(), sample.entities(), sample.entity_counts(),
        sample.quantities(), sample.dates(), sample.quotes(), sample.roles(),
        sample.claims("soldati"), sample.frequencies(), sample.keyness({"start": "2024"}),
        sample.collocations(), sample.cooccurrence(), sample.trends(["Corea"]), sample.keyphrases(),
        sample.tfidf(),
    ]
    for result in results:
        markup = result._repr_html_()
        walk(markup)
        assert "<table>" in markup, type(result)
    assert "non-zero cells" in sample.tfidf()._repr_html_()
