"""Articles: metadata, segments, set-aside text, sentences and tokens, on the sample and on
texts written for the purpose."""

from __future__ import annotations

import pickle

import pytest
import rassegna

SEED_DATES = {"000": "2024-10", "001": "2024-11", "002": "2023-09", "003": "2023-09-05", "004": "2024-06-18"}
PAYWALL = "Per continuare a leggere l'articolo sostienici oppure accedi"


@pytest.mark.parametrize(("seed", "date"), sorted(SEED_DATES.items()))
def test_seed_dates(seeds: dict[str, rassegna.Article], seed: str, date: str) -> None:
    assert seeds[seed].date == date


def test_seed_with_title_and_byline(seeds: dict[str, rassegna.Article]) -> None:
    article = seeds["003"]
    assert article.title == (
        "Armi, si rafforza l’asse Mosca-Corea. Allarme in Occidente: Kim vedrà Putin a Vladivostok"
    )
    assert article.author == "Sara De Vico"
    assert article.time == "10:01"
    spans = {span.label: span for span in article.metadata}
    for label in ("date", "time", "title", "author"):
        span = spans[label]
        assert article.text[span.start : span.end] == span.text
    assert spans["author"].text == "Sara De Vico"
    kinds = [segment.kind for segment in article.segments]
    assert kinds[:2] == ["title", "byline"]


def test_other_seeds_have_no_title(seeds: dict[str, rassegna.Article]) -> None:
    assert [seeds[s].title for s in ("000", "001", "002", "004")] == [None] * 4


def test_paywall_and_fine_are_set_aside_not_lost(seeds: dict[str, rassegna.Article]) -> None:
    article = seeds["003"]
    aside = [segment.text for segment in article.set_aside]
    assert aside == [PAYWALL, "Fine", PAYWALL]
    assert all(segment.kind == "boilerplate" for segment in article.set_aside)
    assert PAYWALL not in article.content
    assert "\nFine\n" not in article.content
    for segment in article.set_aside:
        assert article.text[segment.start : segment.end] == segment.text
    assert all(PAYWALL not in sentence.text for sentence in article.sentences)


def test_photo_captions_carry_their_credits(seeds: dict[str, rassegna.Article]) -> None:
    first = seeds["000"].captions
    assert len(first) == 1
    assert first[0].text.startswith("Il presidente russo Putin con il leader della Corea del Nord")
    assert first[0].credit.text == "KEYSTONE"
    second = seeds["004"].captions
    assert len(second) == 1
    assert second[0].text.startswith("La visita di Kim Jong Un in Russia")
    assert second[0].credit.text == "(Ansa, credit: Epa)"
    assert "KEYSTONE" in seeds["000"].credits
    assert "(Ansa, credit: Epa)" in seeds["004"].credits


def test_headings_of_seed_000(seeds: dict[str, rassegna.Article]) -> None:
    headings = [s.text for s in seeds["000"].segments if s.kind == "heading"]
    assert headings == [
        "Faccia a faccia a Kiev tra Austin e Zelensky",
        "Intanto sul campo la situazione rimane molto difficile",
        "«L'invio di truppe da Pyongyang un'escalation significativa»",
    ]


def test_dateline_of_seed_004(seeds: dict[str, rassegna.Article]) -> None:
    article = seeds["004"]
    datelines = [s.text for s in article.segments if s.kind == "dateline"]
    assert any(d.startswith("Roma, 18 giugno 2024") for d in datelines)


def test_every_span_points_into_the_text(sample: rassegna.Corpus) -> None:
    for article in sample:
        for item in [*article.segments, *article.sentences, *article.tokens, *article.metadata]:
            assert article.text[item.start : item.end] == item.text
        assert article.token_count == len(article.tokens) == sum(len(s.tokens) for s in article.sentences)


def test_sentences_split_well_on_seed_001(seeds: dict[str, rassegna.Article]) -> None:
    sentences = [s.text for s in seeds["001"].sentences]
    assert (
        "Russia e Usa “sono sull’orlo di un conflitto militare diretto“, ha detto Sergei Lavrov in "
        "un’intervista pubblicata oggi dal quotidiano turco Hurriyet."
    ) in sentences


WRITTEN = """Titolo di prova: Kim incontra Putin

Mosca, 12 settembre 2023 – Il leader nordcoreano è arrivato. Il dott. Rossi ha commentato: \
«Siamo pronti.» Poi è ripartito.

Un sottotitolo breve

Il secondo paragrafo parla di 1.500 soldati e di 1,5 milioni di dollari. Fine del discorso.

Leggi anche: tutte le notizie sulla Corea

© Riproduzione riservata
"""


def test_written_article() -> None:
    article = rassegna.parse(WRITTEN, id="prova", source="test")
    assert (article.id, article.source) == ("prova", "test")
    assert article.date == "2023-09-12"
    kinds = [s.kind for s in article.segments]
    assert kinds.count("boilerplate") == 2
    assert "heading" in kinds
    assert article.title == "Titolo di prova: Kim incontra Putin"
    assert [s.text for s in article.set_aside] == [
        "Leggi anche: tutte le notizie sulla Corea", "© Riproduzione riservata"
    ]
    sentences = [s.text for s in article.sentences]
    assert "Il dott. Rossi ha commentato: «Siamo pronti.»" in sentences
    assert "Il secondo paragrafo parla di 1.500 soldati e di 1,5 milioni di dollari." in sentences
    assert "Fine del discorso." in sentences


def test_overrides_win_and_bad_dates_are_refused() -> None:
    article = rassegna.parse(WRITTEN, date="2023-09-13T08:00:00", title="Altro titolo", url="https://example.org/a")
    assert (article.date, article.title, article.url) == ("2023-09-13", "Altro titolo", "https://example.org/a")
    with pytest.raises(rassegna.InvalidValueError, match="date"):
        rassegna.parse(WRITTEN, id="x", date="13/09/2023")
    with pytest.raises(rassegna.InvalidValueError):
        rassegna.parse(WRITTEN, date="2024-02-30")


def test_empty_text_is_a_clear_error() -> None:
    with pytest.raises(rassegna.EmptyTextError) as raised:
        rassegna.parse("  \n\n ", id="vuoto")
    assert raised.value.location == "vuoto"
    assert isinstance(raised.value, rassegna.RassegnaError)


def test_parse_many_matches_parse_and_names_the_bad_text() -> None:
    texts = [WRITTEN, "Solo una frase.", "Un'altra frase. E poi due."]
    many = rassegna.parse_many(texts, threads=2)
    assert many == [rassegna.parse(t) for t in texts]
    with pytest.raises(rassegna.EmptyTextError, match="text 1"):
        rassegna.parse_many(["Bene.", ""])
    with pytest.raises(rassegna.InvalidValueError):
        rassegna.parse_many(texts, threads=0)
    with pytest.raises(rassegna.FormatError, match="text 1: expected str, got int"):
        rassegna.parse_many(["Bene.", 5])
    with pytest.raises(rassegna.InvalidValueError, match="ids"):
        rassegna.parse_many(texts, ids=["a", "b"])
    with pytest.raises(rassegna.InvalidValueError, match="ids"):
        rassegna.parse_many(texts[:1], ids=["a", "b"])


def test_parse_many_can_skip_the_unusable_texts_keeping_their_positions() -> None:
    texts = ["Bene.", "", "Anche questa.", "   \n", "Ultima."]
    many = rassegna.parse_many(texts, errors="skip")
    assert [i for i, article in enumerate(many) if article is None] == [1, 3]
    assert [a.text for a in many if a is not None] == ["Bene.", "Anche questa.", "Ultima."]
    # A value that is not a text at all is a mistake in the call, not an unusable text.
    with pytest.raises(rassegna.FormatError, match="text 1: expected str, got int"):
        rassegna.parse_many(["Bene.", 5], errors="skip")  # type: ignore[list-item]
    with pytest.raises(rassegna.InvalidValueError, match="errors"):
        rassegna.parse_many(texts, errors="ignore")  # type: ignore[call-overload]


@pytest.mark.parametrize("threads", [None, 1, 2, 3])
def test_parse_many_keeps_order_across_chunks(threads: int | None) -> None:
    texts = (f"Notizia numero {i}. Seconda frase." for i in range(1000))
    articles = rassegna.parse_many(texts, ids=[str(i) for i in range(1000)], threads=threads)
    assert [a.id for a in articles] == [str(i) for i in range(1000)]
    assert all(a.sentences[0].text == f"Notizia numero {i}." for i, a in enumerate(articles))


def test_pickle_round_trip(sample: rassegna.Corpus) -> None:
    for article in sample:
        again = pickle.loads(pickle.dumps(article))
        assert again == article
        assert again.date == article.date and again.id == article.id
        assert [s.text for s in again.segments] == [s.text for s in article.segments]
    token = sample[0].tokens[0]
    assert pickle.loads(pickle.dumps(token)) == token
    span = sample[0].metadata[0]
    assert pickle.loads(pickle.dumps(span)) == span


def test_reprs_are_short(seeds: dict[str, rassegna.Article]) -> None:
    text = repr(seeds["003"])
    assert text.startswith("Article(id=") and "2023-09-05" in text and len(text) < 200
    assert len(repr(seeds["001"].paragraphs[0])) < 120
