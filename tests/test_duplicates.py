"""Near-duplicates: wire copies found, distinct articles left alone, each story counted once."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import rassegna
from rassegna import _core

WIRE = (
    "Bari, approvato il bilancio del Comune\n\n"
    "Il consiglio comunale di Bari ha approvato ieri sera il bilancio di previsione per il "
    "prossimo anno con i voti della maggioranza, dopo una seduta durata più di sei ore.\n\n"
    "L'opposizione ha lasciato l'aula prima del voto finale, denunciando tagli ai servizi "
    "sociali, alle scuole dell'infanzia e ai trasporti pubblici delle periferie.\n\n"
    "Il sindaco ha difeso la manovra parlando di conti in ordine e di nuovi investimenti per "
    "le strade, i parchi e gli impianti sportivi dei quartieri più lontani dal centro.\n"
)
# The wire as an outlet runs it: its own headline and byline, a paragraph moved, a typo, an
# accent dropped and a boilerplate line.
EDITED = (
    "Bilancio, via libera in consiglio tra le proteste\n\n"
    "di Maria Rossi\n\n"
    "L'opposizione ha lasciato l'aula prima del voto finale, denunciando tagli ai servizi "
    "sociali, alle scuole dell'infanzia e ai trasporti pubblici delle periferie.\n\n"
    "Il consiglio comunale di Bari ha approvato ieri sera il bilancio di previsone per il "
    "prossimo anno con i voti della maggioranza, dopo una seduta durata piu di sei ore.\n\n"
    "Il sindaco ha difeso la manovra parlando di conti in ordine e di nuovi investimenti per "
    "le strade, i parchi e gli impianti sportivi dei quartieri più lontani dal centro.\n\n"
    "Riproduzione riservata\n"
)
# The wire whole, and as much again of the outlet's own.
LONGER = WIRE + (
    "\nIn serata la giunta ha annunciato un incontro con i sindacati dei dipendenti comunali "
    "per discutere del rinnovo dei contratti e delle assunzioni previste dal piano triennale.\n\n"
    "I revisori dei conti avevano chiesto chiarimenti sulle entrate attese dalla tassa di "
    "soggiorno, cresciute negli ultimi due anni grazie al turismo crocieristico e ai voli low "
    "cost che collegano la città con il nord Europa.\n\n"
    "La prossima seduta del consiglio è fissata per la fine del mese, quando si discuterà il "
    "piano delle opere pubbliche e la vendita di alcuni immobili comunali.\n"
)
FOOTER = (
    "\n\nCronache del Levante è un quotidiano indipendente fondato a Bari nel 2010 da un gruppo "
    "di giornalisti pugliesi che raccontano ogni giorno la regione ai suoi lettori.\n"
)
MATCH = (
    "Il Bari vince il derby\n\n"
    "Il Bari ha battuto il Lecce per due a uno allo stadio San Nicola davanti a trentamila "
    "spettatori, con un gol nei minuti di recupero che ha fatto esplodere la curva nord."
    + FOOTER
)
PORT = (
    "Nuove gru al porto\n\n"
    "Il porto di Bari avrà entro l'estate tre nuove gru per i container, finanziate con i fondi "
    "del piano di ripresa, e un terminal per i traghetti diretti in Albania e in Grecia."
    + FOOTER
)
# The same story (the same council, the same vote) told in other words.
SAME_TOPIC = (
    "Consiglio comunale, la maggioranza regge\n\n"
    "Seduta fiume a Palazzo di Città: dopo sei ore di discussione i consiglieri della "
    "maggioranza hanno votato compatti la manovra, mentre le minoranze sono uscite dall'aula "
    "parlando di un documento che penalizza welfare, asili e autobus di quartiere.\n"
)


def corpus(*texts: str, dates: list[str] | None = None) -> rassegna.Corpus:
    return rassegna.Corpus.from_texts(list(texts), dates=dates)


@pytest.fixture(scope="module")
def news() -> rassegna.Corpus:
    texts = [MATCH, LONGER, WIRE, EDITED, PORT, WIRE, SAME_TOPIC]
    dates = ["2024-03-02", "2024-03-02", "2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04",
             "2024-03-01"]
    return corpus(*texts, dates=dates)


def rows(table: rassegna.Table) -> list[dict]:
    return table.to_arrow().to_pylist()


def test_copies_are_grouped_with_the_earliest_article_as_representative(news: rassegna.Corpus) -> None:
    found = rows(news.duplicates())
    assert [r["article"] for r in found] == ["1", "2", "3", "5"]
    assert {r["group"] for r in found} == {0}
    assert {r["representative"] for r in found} == {"2"}
    relation = {r["article"]: r["relation"] for r in found}
    assert relation == {"1": "contains", "2": "representative", "3": "near", "5": "exact"}
    similarity = {r["article"]: r["similarity"] for r in found}
    assert similarity["2"] == similarity["5"] == 1.0
    assert 0.5 <= similarity["3"] < 1.0
    # The longer article has the whole wire: containment 1, similarity about a half.
    longer = next(r for r in found if r["article"] == "1")
    assert longer["containment"] == 1.0 and longer["similarity"] < 0.6
    assert longer["words"] > next(r for r in found if r["article"] == "2")["words"]
    assert set(news.duplicates().to_arrow().column_names) == {
        "group", "article", "index", "date", "source", "title", "representative",
        "representative_index", "similarity", "containment", "relation", "words"}


def test_similarities_are_exact_jaccard_of_the_shingles(news: rassegna.Corpus) -> None:
    shingles = [set(np.frombuffer(b, "<u8").tolist())
                for b in _core._duplicate_shingles(news._inner, shingle_size=5)]
    for row in rows(news.duplicates()):
        mine, theirs = shingles[row["index"]], shingles[row["representative_index"]]
        assert row["similarity"] == len(mine & theirs) / len(mine | theirs)
        assert row["containment"] == len(mine & theirs) / len(theirs)
    # Words are folded for case and accents: "più" and "piu" are one word.
    plain = corpus(WIRE, WIRE.replace("più", "piu").replace("Il sindaco", "IL SINDACO"))
    assert [r["relation"] for r in rows(plain.duplicates())] == ["representative", "exact"]


def test_a_shared_footer_or_a_shared_topic_is_no_copy(news: rassegna.Corpus) -> None:
    grouped = {r["article"] for r in rows(news.duplicates())}
    assert not grouped & {"0", "4", "6"}


def test_deduplicate_keeps_one_article_per_group(news: rassegna.Corpus) -> None:
    assert news.deduplicate().ids == ["0", "2", "4", "6"]
    assert news.deduplicate(keep="first").ids == ["0", "1", "4", "6"]
    assert news.deduplicate(keep="longest").ids == ["0", "1", "4", "6"]
    assert news.deduplicate(keep="latest").ids == ["0", "4", "5", "6"]
    with pytest.raises(rassegna.InvalidValueError, match="keep"):
        news.deduplicate(keep="shortest")


def test_counting_methods_count_each_story_once(news: rassegna.Corpus) -> None:
    once = news.deduplicate()
    assert news.frequencies(dedupe=True).to_arrow() == once.frequencies().to_arrow()
    bilancio = {r["term"]: r["count"] for r in rows(news.frequencies())}["bilancio"]
    assert {r["term"]: r["count"] for r in rows(news.frequencies(dedupe=True))}["bilancio"] < bilancio
    assert news.entity_counts(dedupe=True).to_arrow() == once.entity_counts().to_arrow()
    assert news.trends(["bilancio"], dedupe=True).to_arrow() == once.trends(["bilancio"]).to_arrow()
    assert news.quotes(dedupe=True).to_arrow() == once.quotes().to_arrow()
    assert news.tfidf(dedupe=True).vocabulary == once.tfidf().vocabulary
    keyness = news.keyness({"start": "2024-03-02"}, min_count=1, dedupe=True).to_arrow()
    # Of the March 2 articles only the match is kept: the wire's words are not key to them.
    assert "bilancio" not in keyness.column("term").to_pylist()[:5]
    assert "dedupe" in str(__import__("inspect").signature(rassegna.Corpus.frequencies))


def test_empty_and_one_word_articles() -> None:
    texts = ["—", "...", "Sì.", "Sì!", "No.", WIRE]
    found = rows(corpus(*texts).duplicates())
    # Two identical one-word articles are the same text; nothing else is grouped.
    assert [(r["article"], r["relation"]) for r in found] == [("2", "representative"), ("3", "exact")]
    assert corpus("—").duplicates().to_arrow().num_rows == 0
    assert rassegna.Corpus.from_texts([]).duplicates().to_arrow().num_rows == 0


def test_many_copies_make_one_group() -> None:
    texts = [WIRE] * 1500 + [WIRE.replace("sei ore", f"{n} ore") for n in range(500)] + [MATCH]
    many = corpus(*texts)
    found = rows(many.duplicates())
    assert len(found) == 2000 and {r["group"] for r in found} == {0}
    assert many.deduplicate().ids == ["0", "2000"]


def test_candidates_and_parameters() -> None:
    news = corpus(WIRE, EDITED, MATCH)
    signatures = news._engine.run("_duplicate_signatures", shingle_size=5, num_perm=128)
    found = _core._duplicate_candidates(signatures, bands=42)
    assert found.pairs == [(0, 1)]
    assert found.copy_of == [0, 1, 2]
    for bad in ({"threshold": 0}, {"threshold": 1.5}, {"containment": -1}, {"shingle_size": 0},
                {"shingle_size": 100}, {"num_perm": 0}, {"bands": 0}, {"bands": 200}):
        with pytest.raises(rassegna.InvalidValueError):
            news.duplicates(**bad)


def test_signatures_travel_pickled() -> None:
    news = corpus(WIRE, EDITED)
    (signatures,) = news._engine.run("_duplicate_signatures", shingle_size=5, num_perm=64)
    again = pickle.loads(pickle.dumps(signatures))
    # What travels is the signatures; the shingles stay, and are asked for again.
    assert pickle.dumps(again) == pickle.dumps(signatures)
    assert _core._duplicate_candidates([again], bands=16).wanted() == [(0, True), (1, True)]
    assert _core._duplicate_candidates([signatures], bands=16).wanted() == [(0, False), (1, False)]


def test_a_ten_megabyte_article() -> None:
    huge = "\n\n".join([WIRE.strip()] * (10_000_000 // len(WIRE)))
    assert len(huge) > 9_900_000
    found = rows(corpus(WIRE, huge, MATCH).duplicates())
    # Its distinct shingles are the wire's and the few at the seams between copies.
    assert [(r["article"], r["relation"]) for r in found] == [("0", "representative"), ("1", "near")]
    assert found[1]["containment"] == 1.0
