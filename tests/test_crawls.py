"""Saved pages, crawls and tables of pages through ``rassegna.read``: files this test writes.

A folder of pages (one in windows-1252 declared by ``<meta>``, one gzipped), a WARC crawl
with the records a real crawl holds beside its pages, a truncated crawl, and tables whose
column holds pages; every record is an article, an error or a skipped record.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import rassegna

BODY = (
    "<p>Il presidente russo Vladimir Putin è arrivato a Pyongyang, dove Kim Jong-un lo ha "
    "accolto all'aeroporto con una cerimonia solenne e una lunga stretta di mano.</p>"
    "<p>I due leader hanno firmato un accordo di partenariato strategico che prevede "
    "assistenza reciproca in caso di aggressione, secondo le agenzie di stampa.</p>"
)


def page(title: str, date: str, charset: str = "utf-8", extra: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="it"><head><meta charset="{charset}"><title>{title}</title>'
        f'<meta property="article:published_time" content="{date}">'
        '<meta property="og:site_name" content="Il Quotidiano"></head><body>'
        '<nav><a href="/">Home</a> <a href="/esteri">Esteri</a></nav>'
        f"<article><h1>{title}</h1>{BODY}{extra}</article>"
        "<footer>Tutti i diritti riservati</footer></body></html>"
    )


def warc_record(kind: str, block: bytes, fields: str = "") -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-{len(block)}>\r\n"
            f"{fields}Content-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def response(html: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK",
             url: str = "https://www.quotidiano.example/a") -> bytes:
    http = (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
            "Date: Wed, 19 Jun 2024 10:00:00 GMT\r\n\r\n").encode() + html
    return warc_record("response", http, f"WARC-Target-URI: {url}\r\n")


def crawl(path: Path) -> Path:
    records = [
        warc_record("warcinfo", b"software: test crawler"),
        warc_record("request", b"GET /a HTTP/1.1\r\nHost: www.quotidiano.example\r\n\r\n"),
        response(page("Putin a Pyongyang", "2024-06-19T08:00:00Z").encode()),
        response(page("Senza data", "").replace('content=""', "").encode("cp1252"),
                 content_type="text/html; charset=windows-1252",
                 url="https://www.quotidiano.example/b"),
        response(b"\x89PNG\r\n", content_type="image/png", url="https://www.quotidiano.example/l.png"),
        response(b"<html>gone</html>", status="404 Not Found", url="https://www.quotidiano.example/c"),
    ]
    path.write_bytes(b"".join(gzip.compress(r) for r in records))  # one gzip member a record
    return path


def test_a_folder_of_saved_pages(tmp_path: Path) -> None:
    folder = tmp_path / "pagine"
    folder.mkdir()
    (folder / "putin.html").write_text(page("Putin a Pyongyang", "2024-06-19T08:00:00Z"),
                                       encoding="utf-8")
    latin = page("Città più calma", "2024-06-20", charset="iso-8859-1")
    (folder / "citta.htm").write_bytes(latin.encode("cp1252"))
    (folder / "vuota.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (folder / "compressa.html.gz").write_bytes(gzip.compress(page("Gzip", "2024-06-21").encode()))
    (folder / "foglio.css").write_text("body {}", encoding="utf-8")
    corpus = rassegna.read(folder)
    assert corpus.ids == ["citta", "compressa", "putin"]
    citta = corpus["citta"]
    assert (citta.title, citta.date, citta.encoding, citta.source) == (
        "Città più calma", "2024-06-20", "windows-1252", "Il Quotidiano")
    assert "Home" not in citta.text and "diritti riservati" not in citta.content
    assert "Pyongyang" in corpus["putin"].content
    assert [(Path(e.location).name, e.kind) for e in corpus.errors] == [("vuota.html", "format")]
    assert [Path(s.location).name for s in corpus.skipped] == ["foglio.css"]
    table = corpus.articles().to_arrow()
    assert table.column("encoding").to_pylist() == ["windows-1252", "UTF-8", "UTF-8"]
    assert table.column("publisher").to_pylist() == ["Il Quotidiano"] * 3


def test_a_crawl_gives_its_pages_and_counts_the_rest(tmp_path: Path) -> None:
    path = crawl(tmp_path / "crawl.warc.gz")
    corpus = rassegna.read(path)
    assert [a.url for a in corpus] == ["https://www.quotidiano.example/a",
                                       "https://www.quotidiano.example/b"]
    first, second = corpus
    assert (first.date, first.title, first.encoding) == ("2024-06-19", "Putin a Pyongyang", "UTF-8")
    # No date on the page: the day it was served.
    assert (second.date, second.encoding) == ("2024-06-19", "windows-1252")
    skipped = [(s.location.rsplit(":", 1)[1], s.message.split(": ", 1)[1]) for s in corpus.skipped]
    assert skipped == [("record 1", "a WARC warcinfo record"), ("record 2", "a WARC request record"),
                       ("record 5", "not a web page (image/png)"), ("record 6", "HTTP status 404")]
    assert corpus.records_seen == 6 and not corpus.errors
    assert [b.records_seen for b in rassegna.read_batches(path, batch_size=4)] == [4, 2]


def test_a_truncated_crawl_keeps_what_came_before(tmp_path: Path) -> None:
    whole = crawl(tmp_path / "crawl.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) - 40])
    corpus = rassegna.read(cut)
    assert len(corpus) == 2 and len(corpus.skipped) == 3
    (error,) = corpus.errors
    assert error.location == f"{cut}:record 6" and "gzip" in error.message
    lying = tmp_path / "lying.warc"
    records = gzip.decompress(whole).replace(b"Content-Length: 4", b"Content-Length: 9", 1)
    lying.write_bytes(records)
    read = rassegna.read(lying)
    assert read.records_seen >= 5 and len(read) == 2


def test_tables_of_pages(tmp_path: Path) -> None:
    rows = [{"id": "p1", "html": page("Putin a Pyongyang", "2024-06-19"), "source": "rss"},
            {"id": "p2", "html": "<html><body></body></html>"}]
    lines = tmp_path / "pagine.jsonl"
    lines.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    table = tmp_path / "pagine.parquet"
    pq.write_table(pa.Table.from_pylist(rows), table)
    for path in (lines, table):
        corpus = rassegna.read(path, html_column="html")
        assert corpus.ids == ["p1"], path
        assert corpus["p1"].title == "Putin a Pyongyang" and corpus["p1"].source == "rss"
        assert "Home" not in corpus["p1"].text
        assert [e.kind for e in corpus.errors] == ["format"]
    with pytest.raises(rassegna.MissingColumnError):
        rassegna.read(lines, html_column="pagina", strict=True)
