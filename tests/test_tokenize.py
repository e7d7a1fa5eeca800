"""The tokenizer as Python sees it: Italian rules, and offsets that are `str` indices."""

from __future__ import annotations

import unicodedata

import pytest
import rassegna


def texts(text: str) -> list[str]:
    return [t.text for t in rassegna.tokenize(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dell'Ucraina", ["dell'", "Ucraina"]),
        ("l’articolo", ["l’", "articolo"]),
        ("un'escalation", ["un'", "escalation"]),
        ("un po' di pace", ["un", "po'", "di", "pace"]),
        ("13mila container", ["13mila", "container"]),
        ("1.500 e 1,5", ["1.500", "e", "1,5"]),
        ("il 75/o anniversario", ["il", "75/o", "anniversario"]),
        ("alle 10:01 del 2023-09-05.", ["alle", "10:01", "del", "2023-09-05", "."]),
        # Two capitalised names joined by a hyphen are two tokens (`Mosca-Pyongyang`), so
        # that the tagger can tell a pair from one name; given names stay whole.
        ("Kim Jong-un e Yoon Suk-yeol nell'Indo-Pacifico",
         ["Kim", "Jong-un", "e", "Yoon", "Suk-yeol", "nell'", "Indo", "-", "Pacifico"]),
        ("S.p.A., U.S.A. ecc.", ["S.p.A.", ",", "U.S.A.", "ecc."]),
        ("«Sì» “no” ‘forse’", ["«", "Sì", "»", "“", "no", "”", "‘", "forse", "’"]),
        ("vedi https://www.ansa.it/x?y=1.", ["vedi", "https://www.ansa.it/x?y=1", "."]),
        ("scrivi a redazione@esempio.it #Ucraina @Cremlino",
         ["scrivi", "a", "redazione@esempio.it", "#Ucraina", "@Cremlino"]),
    ],
)
def test_italian_rules(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_kinds() -> None:
    text = "Il dott. Rossi: «8mila» soldati, € 2,5 #Kursk https://x.it 👍"
    kinds = {t.text: t.kind for t in rassegna.tokenize(text)}
    assert kinds["dott."] == "abbreviation"
    assert kinds["8mila"] == "number"
    assert kinds["«"] == "quote"
    assert kinds[","] == "punct"
    assert kinds["€"] == "symbol"
    assert kinds["#Kursk"] == "hashtag"
    assert kinds["https://x.it"] == "url"
    assert kinds["Rossi"] == "word"


@pytest.mark.parametrize(
    "text",
    [
        "Città «già» l’Occidente – Пу́тин 김정은 😀👍🏽 🇮🇹 fine.",
        unicodedata.normalize("NFD", "La città è già più su: perché?"),
        "Asse\u00a0Mosca-Pyongyang\u202fe Kim",
        "",
        "   \n\t ",
    ],
)
def test_offsets_are_str_indices(text: str) -> None:
    previous_end = 0
    for token in rassegna.tokenize(text):
        assert text[token.start : token.end] == token.text
        assert token.start >= previous_end
        previous_end = token.end


def test_nfd_words_stay_whole() -> None:
    nfd = unicodedata.normalize("NFD", "città perché")
    assert texts(nfd) == nfd.split(" ")


def test_no_break_spaces_separate_tokens() -> None:
    assert texts("verticeM\u00a0– il primo") == ["verticeM", "–", "il", "primo"]
