"""Web pages: ``rassegna.parse_html`` on pages this test writes itself.

The metadata table below is the one the issue asks for: each variant of a page's head
(JSON-LD, a JSON-LD ``@graph``, OpenGraph, Twitter, ``<meta>`` names, ``<time>``, none) with
the fields rassegna finds in it and where it read each.
"""

from __future__ import annotations

import pickle

import pytest
import rassegna

PARAGRAPH = (
    "Il consiglio comunale, riunito ieri sera in seduta straordinaria, ha approvato il bilancio "
    "dopo una lunga discussione sulle spese per le scuole, le strade e i trasporti pubblici."
)
SECOND = (
    "La sindaca ha spiegato che i fondi per le mense arriveranno entro giugno, mentre i lavori "
    "sulle strade della periferia cominceranno, tempo permettendo, in autunno."
)


def page(head: str = "", body: str = "", lang: str = "it") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>'
        '<header><nav><a href="/">Home</a> <a href="/politica">Politica</a></nav></header>'
        '<div class="cookie-banner">Questo sito usa cookie, accetta per continuare.</div>'
        f"<main><article><h1>Approvato il bilancio del Comune</h1>{body}<p>{PARAGRAPH}</p>"
        f"<p>{SECOND}</p></article>"
        '<aside class="related"><h3>Leggi anche</h3>'
        '<ul><li><a href="/a">Un altro articolo</a></li></ul></aside><section id="comments">'
        "<p>Commento di un lettore, lungo abbastanza da sembrare un paragrafo vero.</p>"
        "</section></main><footer>© Il Quotidiano, tutti i diritti riservati</footer></body></html>"
    )


JSON_LD = """<script type="application/ld+json">{"@context": "https://schema.org",
  "@type": "NewsArticle", "headline": "Approvato il bilancio", "datePublished": "2024-06-18T08:00:00+02:00",
  "dateModified": "2024-06-19T10:00:00+02:00", "author": [{"@type": "Person", "name": "Sara Rossi"},
  {"@type": "Person", "name": "Luca Bianchi"}],
  "publisher": {"@type": "Organization", "name": "Il Quotidiano"},
  "articleSection": "Politica", "keywords": ["bilancio", "comune"], "inLanguage": "it-IT"}</script>"""
GRAPH = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "La Gazzetta"}, {"@type": "Person", "@id": "#sara", "name": "Sara Rossi"},
  {"@type": ["Article"], "headline": "Bilancio, via libera", "datePublished": "2024-06-18",
   "author": {"@id": "#sara"}}]}</script>"""
OPENGRAPH = """<meta property="og:title" content="Bilancio: sì del consiglio">
<meta property="og:site_name" content="Il Corriere di Paese">
<meta property="og:url" content="https://www.corriere.example/2024/06/18/bilancio">
<meta property="article:published_time" content="2024-06-18T07:00:00Z">
<meta property="article:modified_time" content="2024-06-18T09:00:00Z">
<meta property="article:section" content="Cronaca">
<meta property="article:tag" content="bilancio"><meta property="article:tag" content="scuole">"""
TWITTER = """<meta name="twitter:title" content="Il bilancio in breve">
<meta name="author" content="Marta Neri"><meta name="date" content="18/06/2024">
<meta name="pubdate" content="2024-06-17"><meta name="news_keywords" content="bilancio, mense">"""
TIME_ONLY = '<link rel="canonical" href="https://comune.example/notizie/bilancio">'
TIME_BODY = '<p class="data"><time datetime="2024-06-16T18:30">16 giugno</time></p>'

#: (variant, head, body, {field: (value, origin)}): the table of fields found.
METADATA = [
    (
        "json-ld",
        JSON_LD,
        "",
        {
            "title": ("Approvato il bilancio", "json-ld"),
            "date": ("2024-06-18", "json-ld"),
            "modified": ("2024-06-19", "json-ld"),
            "authors": (["Sara Rossi", "Luca Bianchi"], "json-ld"),
            "source": ("Il Quotidiano", "json-ld"),
            "section": ("Politica", "json-ld"),
            "keywords": (["bilancio", "comune"], "json-ld"),
            "language": ("it", "json-ld"),
        },
    ),
    (
        "json-ld @graph",
        GRAPH,
        "",
        {
            "title": ("Bilancio, via libera", "json-ld"),
            "date": ("2024-06-18", "json-ld"),
            "authors": (["Sara Rossi"], "json-ld"),
            "source": ("La Gazzetta", "json-ld"),
            "language": ("it", "html"),
        },
    ),
    (
        "opengraph",
        OPENGRAPH,
        "",
        {
            "title": ("Bilancio: sì del consiglio", "opengraph"),
            "date": ("2024-06-18", "opengraph"),
            "modified": ("2024-06-18", "opengraph"),
            "source": ("Il Corriere di Paese", "opengraph"),
            "url": ("https://www.corriere.example/2024/06/18/bilancio", "opengraph"),
            "section": ("Cronaca", "opengraph"),
            "keywords": (["bilancio", "scuole"], "opengraph"),
        },
    ),
    (
        "twitter and meta",
        TWITTER,
        "",
        {
            "title": ("Il bilancio in breve", "twitter"),
            # `18/06/2024` is ambiguous (day or month first): the next name gives the date.
            "date": ("2024-06-17", "meta"),
            "authors": (["Marta Neri"], "meta"),
            "keywords": (["bilancio", "mense"], "meta"),
        },
    ),
    (
        "time, canonical, h1",
        TIME_ONLY,
        TIME_BODY,
        {
            "title": ("Approvato il bilancio del Comune", "text"),
            "date": ("2024-06-16", "time"),
            "url": ("https://comune.example/notizie/bilancio", "html"),
            "canonical_url": ("https://comune.example/notizie/bilancio", "html"),
            "source": ("comune.example", "url"),
        },
    ),
    (
        "nothing",
        "",
        "",
        {"title": ("Approvato il bilancio del Comune", "text"), "date": (None, None)},
    ),
]


def field(article: rassegna.Article, name: str):
    return getattr(article, name)


@pytest.mark.parametrize(("variant", "head", "body", "expected"), METADATA, ids=[m[0] for m in METADATA])
def test_metadata_table(variant: str, head: str, body: str, expected: dict) -> None:
    article = rassegna.parse_html(page(head, body))
    sources = article.metadata_sources
    for name, (value, origin) in expected.items():
        assert field(article, name) == value, (variant, name)
        assert sources.get(name) == origin, (variant, name, sources)


def test_main_text_keeps_the_article_and_leaves_the_page_out() -> None:
    body = (
        "<h2>Le scuole</h2><ul><li>mense in tutte le primarie</li><li>nuove palestre</li></ul>"
        "<blockquote>È un bilancio che guarda ai ragazzi, ha detto la sindaca.</blockquote>"
        '<figure><img src="a.jpg"><figcaption>La sindaca in aula. Foto: ANSA</figcaption></figure>'
        '<p class="leggi">Leggi anche: il bilancio dell\'anno scorso</p><p>Riproduzione riservata</p>'
    )
    article = rassegna.parse_html(page(JSON_LD, body))
    text = article.text
    assert text.startswith("Approvato il bilancio\n\n")
    kept_parts = ["Le scuole", "mense in tutte le primarie", "nuove palestre", "guarda ai ragazzi"]
    for kept in [*kept_parts, PARAGRAPH, SECOND]:
        assert kept in article.content, kept
    for left_out in ["Home", "cookie", "Un altro articolo", "Commento di un lettore", "diritti riservati"]:
        assert left_out not in text, left_out
    assert [c.credit.text for c in article.captions] == ["Foto: ANSA"]
    set_aside = [s.text for s in article.set_aside]
    assert "Riproduzione riservata" in set_aside
    assert any(s.startswith("Leggi anche") for s in set_aside)
    assert "Riproduzione riservata" not in article.content


def test_given_values_win_and_bytes_are_decoded() -> None:
    html = page(OPENGRAPH)
    article = rassegna.parse_html(html, url="https://altro.example/x", id="p1")
    given = (article.id, article.url, article.metadata_sources["url"])
    assert given == ("p1", "https://altro.example/x", "given")
    legacy = html.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252", errors="replace")
    assert rassegna.parse_html(legacy).title == "Bilancio: sì del consiglio"
    latin = html.replace('<meta charset="utf-8">', "").encode("latin-1", errors="replace")
    assert rassegna.parse_html(latin, encoding="latin-1").title == "Bilancio: sì del consiglio"
    assert rassegna.parse_html(html.encode("utf-8")).text == rassegna.parse_html(html).text


def test_page_metadata_survives_pickling() -> None:
    article = rassegna.parse_html(page(JSON_LD))
    again = pickle.loads(pickle.dumps(article))
    assert again == article
    assert (again.authors, again.keywords, again.metadata_sources) == (
        article.authors,
        article.keywords,
        article.metadata_sources,
    )


def test_articles_table_has_the_page_columns() -> None:
    table = rassegna.Corpus.from_texts([PARAGRAPH]).articles().to_pandas()
    for column in ["modified", "authors", "publisher", "section", "keywords", "language", "canonical_url"]:
        assert column in table.columns
        assert table[column].isna().all()


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html><body></body></html>",
        "<nav><a href=/>Home</a></nav>",
        "<p>breve</p>",
        "<script>x</script>",
        # an attribute's quote never closed: the rest of the page is its value, as in browsers
        f'<p class="x>{PARAGRAPH}</p><p>{SECOND}',
    ],
)
def test_a_page_without_text_is_an_error_naming_it(html: str) -> None:
    with pytest.raises(rassegna.FormatError, match="pagina-7"):
        rassegna.parse_html(html, id="pagina-7")


def test_not_a_page_is_an_error() -> None:
    with pytest.raises(rassegna.FormatError, match="expected str or bytes"):
        rassegna.parse_html(42)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "html",
    [
        # unclosed, misnested, truncated
        f"<html><body><div><p>{PARAGRAPH}<p>{SECOND}<div><b><i>{PARAGRAPH}</b></i>",
        f"<p>{PARAGRAPH}</div></span></p></p><p>{SECOND}<!-- mai chiuso",
        f"<p>{PARAGRAPH}<script>if (a < b) {{ document.write('<p>no</p>') }}",
        f"<table><tr><td>{PARAGRAPH}<td>{SECOND}<tr><td>{PARAGRAPH}</table>",
    ],
)
def test_broken_html_still_gives_its_text(html: str) -> None:
    article = rassegna.parse_html(html)
    assert article.token_count > 0
    assert "document.write" not in article.text


def test_deep_nesting_does_not_overflow_the_stack() -> None:
    depth = 100_000
    html = "<div>" * depth + f"<p>{PARAGRAPH}</p>" + "</div>" * depth
    assert PARAGRAPH in rassegna.parse_html(html).text
    unclosed = "<span><b>" * depth + PARAGRAPH
    assert PARAGRAPH in rassegna.parse_html(unclosed).text


def test_a_ten_megabyte_page() -> None:
    paragraphs = "".join(f"<p>{n}. {PARAGRAPH}</p>" for n in range(55_000))
    html = page(JSON_LD, f"<div class='testo'>{paragraphs}</div>")
    assert len(html) > 10_000_000
    article = rassegna.parse_html(html)
    assert len(article.paragraphs) > 55_000
