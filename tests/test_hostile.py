"""Hostile input: a clear error or a sane result, never a crash of the interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rassegna


@pytest.mark.parametrize(
    "text",
    [
        "«" * 10_000 + "ciao" + "»" * 10_000,
        "“‘«" * 5_000,
        "." * 50_000,
        "'" * 10_000,
        "\x00\x01\x02 testo \x00 con NUL",
        "\u0301\u0301 segni combinanti soli \u0301",
        "😀" * 5_000,
        "\ufeffdate 2024-13 testo con data impossibile",
        " date 2024-02-30 altra data impossibile.",
        "\r\n\r\nRighe\r\nWindows\r\n\r\nFine\r\n",
        "\ud800 surrogato solitario".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    ],
)
def test_nasty_texts_give_sane_articles(text: str) -> None:
    article = rassegna.parse(text)
    for item in [*article.segments, *article.sentences, *article.tokens]:
        assert text[item.start : item.end] == item.text


def test_lone_surrogate_is_a_clear_error() -> None:
    with pytest.raises((rassegna.RassegnaError, UnicodeEncodeError)):
        rassegna.parse("a\ud800b")


def test_one_line_of_100_mb() -> None:
    text = "parola " * (100 * 1024 * 1024 // 7)
    article = rassegna.parse(text)
    assert article.token_count == text.count("parola")
    assert len(article.paragraphs) == 1


def test_invalid_utf8_and_binary_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Buongiorno \xff\xfe mondo")
    with pytest.raises(rassegna.EncodingError, match=r"bad\.txt: not valid UTF-8.*offset 11"):
        rassegna.read(bad, strict=True, encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)))
    with pytest.raises(rassegna.EncodingError, match="binary"):
        rassegna.read(binary, strict=True)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(rassegna.EmptyTextError, match=r"empty\.txt"):
        rassegna.read(empty, strict=True)


def test_a_rust_panic_becomes_an_exception_not_a_crash() -> None:
    code = (
        "import rassegna, rassegna._core as core\n"
        "try:\n"
        "    core._panic_for_tests('boom')\n"
        "except rassegna.InternalError as e:\n"
        "    print('caught', e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "caught internal error" in done.stdout and "boom" in done.stdout
