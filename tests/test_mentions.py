"""Quantities, dates, quotes and roles: per article, per corpus, on texts written here and on
the bundled seeds."""

from __future__ import annotations

import pickle

import pytest
import rassegna


def find(items: list, text: str):
    """The first mention whose text is ``text``; fails the test when there is none."""
    for item in items:
        if item.text == text:
            return item
    raise AssertionError(f"{text!r} not among {[i.text for i in items]}")


# -- quantities ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "span", "value", "unit"),
    [
        ("Un pacchetto da 400 milioni di dollari.", "400 milioni di dollari", 400_000_000, "USD"),
        ("Arrivano 13mila container.", "13mila container", 13_000, "container"),
        ("Un prestito di € 2,5 mln.", "€ 2,5 mln", 2_500_000, "EUR"),
        ("Costa un miliardo di euro.", "un miliardo di euro", 1_000_000_000, "EUR"),
        ("Ha distrutto tre droni.", "tre droni", 3, "droni"),
        ("Sono ventimila persone.", "ventimila persone", 20_000, "persone"),
        ("Il 30% dei voti.", "30%", 30, "%"),
        ("Ne servono 1.500 per il fronte, cioè 1,5 milioni di proiettili.", "1,5 milioni di proiettili",
         1_500_000, "proiettili"),
    ],
)
def test_quantities(text: str, span: str, value: float, unit: str) -> None:
    article = rassegna.parse(text)
    quantity = find(article.quantities, span)
    assert quantity.value == value
    assert quantity.unit == unit
    assert article.text[quantity.start:quantity.end] == span


def test_quantity_modifiers_and_vague_amounts() -> None:
    article = rassegna.parse(
        "Circa 12mila soldati, oltre due anni di guerra, decine di missili e alcune migliaia "
        "di soldati della Corea del Nord."
    )
    about = find(article.quantities, "Circa 12mila soldati")
    assert (about.value, about.modifier, about.approximate) == (12_000, "circa", True)
    over = find(article.quantities, "oltre due anni")
    assert (over.value, over.low, over.high) == (2, 2, None)
    tens = find(article.quantities, "decine di missili")
    assert tens.value is None and tens.approximate and tens.low == 20 and tens.unit == "missili"
    some = find(article.quantities, "alcune migliaia di soldati")
    assert some.modifier == "alcune"


def test_labels_times_and_dates_are_not_quantities() -> None:
    article = rassegna.parse("Alle 10:01 del 5 settembre 2023, l'articolo 4 del trattato, il molo 33.")
    assert article.quantities == []


# -- dates --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "date", "span", "value", "precision"),
    [
        ("Roma, 18 giugno 2024 – Putin arriva.", None, "18 giugno 2024", "2024-06-18", "day"),
        ("Accadde il 5/9/2023.", None, "5/9/2023", "2023-09-05", "day"),
        ("Risale al settembre del 2014.", None, "settembre del 2014", "2014-09", "month"),
        ("Accadde nel 2022.", None, "2022", "2022", "year"),
        ("Arriva il 5 settembre.", "2023-08-30", "5 settembre", "2023-09-05", "day"),
        ("Ieri ha parlato.", "2024-06-18", "Ieri", "2024-06-17", "day"),
        ("La settimana scorsa ha parlato.", "2024-06-18", "La settimana scorsa", "2024-06-10/2024-06-16",
         "day"),
        ("Il mese scorso ha parlato.", "2024-06-18", "Il mese scorso", "2024-05", "month"),
        ("Era lì lo scorso settembre.", "2024-06-18", "lo scorso settembre", "2023-09", "month"),
    ],
)
def test_dates(text: str, date: str | None, span: str, value: str, precision: str) -> None:
    article = rassegna.parse(text, date=date)
    found = find(article.dates, span)
    assert (found.value, found.precision) == (value, precision)


def test_dates_that_cannot_be_resolved_stay_null() -> None:
    article = rassegna.parse("Ieri ha detto che giovedì ci sarà l'incontro.", date="2024-06")
    assert [(d.text, d.value) for d in article.dates] == [("Ieri", None), ("giovedì", None)]


# -- quotes -------------------------------------------------------------------------------
def test_quote_marks_and_speakers() -> None:
    article = rassegna.parse(
        "«Parleranno dell'Ucraina e del Medio Oriente», ha precisato il Cremlino. "
        "Il consigliere Jake Sullivan ha assicurato che “Pyongyang pagherà un prezzo alto”. "
        "L'Occidente parla di «escalation»."
    )
    quotes = article.quotes
    assert [q.text for q in quotes] == [
        "Parleranno dell'Ucraina e del Medio Oriente",
        "Pyongyang pagherà un prezzo alto",
        "escalation",
    ]
    assert quotes[0].speaker == "Cremlino" and quotes[0].cue == "ha precisato"
    assert (quotes[0].speaker_kind, quotes[0].speaker_text) == ("organisation", "il Cremlino")
    assert quotes[1].speaker == "Jake Sullivan"
    assert quotes[1].speaker_text == "Il consigliere Jake Sullivan"
    assert article.text[quotes[1].speaker_start:quotes[1].speaker_end] == quotes[1].speaker_text
    assert quotes[2].scare and quotes[2].speaker is None
    assert (quotes[2].speaker_kind, quotes[2].speaker_text) == ("unknown", None)
    for q in quotes:
        assert article.text[q.start:q.end] == q.text


def test_unbalanced_marks_do_not_eat_the_article() -> None:
    article = rassegna.parse("Ha detto «non ci saranno altre armi.\n\nIl secondo paragrafo è cronaca.")
    assert [q.text for q in article.quotes] == ["non ci saranno altre armi."]


def test_a_role_names_the_speaker() -> None:
    article = rassegna.parse(
        "Il portavoce del Cremlino Dmitri Peskov ha parlato di Kiev. Più tardi “non abbiamo "
        "nulla da aggiungere”, ha detto il portavoce."
    )
    assert article.quotes[0].speaker == "Dmitri Peskov"
    roles = article.roles
    assert roles[0].person == "Dmitri Peskov" and roles[0].organization == "Cremlino"
    assert roles[0].text == "portavoce del Cremlino"
    assert roles[-1].person_start is None


# -- the seeds ----------------------------------------------------------------------------
def test_seed_quantities(seeds: dict[str, rassegna.Article]) -> None:
    dollars = find(seeds["000"].quantities, "400 milioni di dollari")
    assert (dollars.value, dollars.unit) == (400_000_000, "USD")
    containers = find(seeds["000"].quantities, "13mila container")
    assert (containers.value, containers.unit) == (13_000, "container")
    soldiers = find(seeds["001"].quantities, "8mila soldati")
    assert (soldiers.value, soldiers.unit, soldiers.entity) == (8_000, "soldati", "Corea del Nord")


def test_seed_dates(seeds: dict[str, rassegna.Article]) -> None:
    forum = find(seeds["002"].dates, "Dal 10 al 13 settembre")
    assert seeds["002"].date == "2023-09"
    assert forum.value == "2023-09-10/2023-09-13"
    forum = find(seeds["003"].dates, "dal 10 al 13 settembre")
    assert seeds["003"].date == "2023-09-05"
    assert forum.value == "2023-09-10/2023-09-13" and forum.kind == "range"
    tonight = find(seeds["004"].dates, "stasera")
    assert seeds["004"].date == "2024-06-18"
    assert (tonight.value, tonight.precision) == ("2024-06-18", "day")


def test_seed_quotes(seeds: dict[str, rassegna.Article]) -> None:
    lavrov = find(seeds["001"].quotes, "sono sull’orlo di un conflitto militare diretto")
    assert lavrov.speaker == "Sergei Lavrov"
    rutte = [q for q in seeds["000"].quotes if q.text.startswith("L'invio di truppe della Corea")]
    assert [q.speaker for q in rutte] == ["Mark Rutte"]


def test_seed_roles(seeds: dict[str, rassegna.Article]) -> None:
    rutte = find(seeds["000"].roles, "segretario generale della Nato")
    assert (rutte.person, rutte.organization) == ("Mark Rutte", "Nato")
    peskov = find(seeds["001"].roles, "portavoce del Cremlino")
    assert peskov.person == "Dmitri Peskov"


# -- corpus tables --------------------------------------------------------------------------
def test_corpus_tables(sample: rassegna.Corpus) -> None:
    quantities = sample.quantities().to_pandas()
    assert {"article", "date", "start", "end", "text", "value", "unit", "entity"} <= set(quantities.columns)
    row = quantities[quantities.text == "400 milioni di dollari"].iloc[0]
    assert row.value == 400_000_000 and row.unit == "USD" and row.date == "2024-10"
    dates = sample.dates().to_polars()
    assert dates.filter(dates["text"] == "stasera")["value"].to_list() == ["2024-06-18"]
    quotes = sample.quotes().to_arrow()
    assert quotes.num_rows == sum(len(a.quotes) for a in sample)
    roles = sample.roles()
    assert "Mark Rutte" in roles["person"]
    for article in sample:
        ids = quotes.column("article").cast("string").to_numpy(zero_copy_only=False)
        table = quotes.filter(ids == article.id)
        for row in table.to_pylist():
            assert article.text[row["start"]:row["end"]] == row["text"]


def test_corpus_names_a_role_from_another_article(sample: rassegna.Corpus) -> None:
    # 004 says only "Il presidente russo assicura …"; 000 and 002 name him.
    quotes = sample.quotes().to_pandas()
    unshakeable = quotes[(quotes.article == "004_154dfcbd4d86cc42") & (quotes.text == "incrollabile")]
    assert unshakeable.speaker.tolist() == ["Vladimir Putin"]


def test_claims(sample: rassegna.Corpus) -> None:
    claims = sample.claims("soldato").to_pandas()
    assert claims.text.tolist() == ["circa 12mila soldati", "Alcune migliaia di soldati", "8mila soldati"]
    assert list(claims.date) == sorted(claims.date)
    assert all(s in a.text for s, a in zip(claims.sentence_text, (sample[i] for i in claims.article)))
    assert len(sample.claims("dollari")) == 1


def test_empty_corpus_tables_keep_their_columns() -> None:
    corpus = rassegna.Corpus.from_texts([])
    assert len(corpus.quotes()) == 0
    assert "speaker" in corpus.quotes().columns


def test_mentions_pickle_and_repr(seeds: dict[str, rassegna.Article]) -> None:
    article = seeds["001"]
    for item in [article.quantities[0], article.dates[0], article.quotes[0], article.roles[0]]:
        assert pickle.loads(pickle.dumps(item)) == item
        assert len(repr(item)) < 120
    assert "Lavrov" in repr(article.quotes[0])


def test_offsets_are_str_indices_in_multibyte_text() -> None:
    article = rassegna.parse("Città già «è così», ha detto Mario Rossi. Poi 3mila € e 2 anni.")
    for item in article.quantities + article.quotes + article.dates:
        assert article.text[item.start:item.end] == item.text


@pytest.mark.parametrize(
    "text", ["«", "“ ” “", "13mila", "dal 10 al", "il presidente", "' ‘ ’ \"", "Il 31 febbraio 2023."]
)
def test_hostile_inputs_do_not_fail(text: str) -> None:
    article = rassegna.parse(text)
    assert isinstance(article.quantities + article.dates + article.quotes + article.roles, list)
