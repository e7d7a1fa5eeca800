"""A corpus of agency-style articles (datelines with and without a year, agency sign-offs,
photo credits, several sources): datelines and credits stay metadata, names are written
normally, and the report's keyword sections hold neither name fragments nor news filler."""

from __future__ import annotations

import re

import pytest
import rassegna
from rassegna.exceptions import InvalidValueError
from rassegna.report import report
from rassegna.stats import NEWS_STOPWORDS

pytest.importorskip("matplotlib", reason="matplotlib comes with the test extras")

WIRES = [
    ("ANSA", "2024-02-10", "Lavrov: nessuna tregua",
     "MOSCA, 10 FEB (ANSA) - Il ministro degli Esteri russo Sergei Lavrov ha detto che «non ci "
     "sarà alcuna tregua finché l'Occidente arma Kiev». Secondo Lavrov la Casa Bianca potrebbe "
     "cambiare linea. Il New York Times scrive che la Casa Bianca prepara nuove sanzioni. (ANSA)."),
    ("ANSA", "2024", "Vertice a Pyongyang",
     "PYONGYANG, 18 GIU (ANSA) - Vladimir Putin è arrivato a Pyongyang per il vertice con Kim "
     "Jong-un. La Casa Bianca segue la visita con preoccupazione, secondo il New York Times. "
     "Putin ha detto che «la cooperazione militare crescerà». (ANSA).\n\n"
     "Putin e Kim Jong-un all'aeroporto di Pyongyang. Foto: KEYSTONE"),
    ("ANSA", "2024-06", "La Casa Bianca risponde",
     "WASHINGTON, 20 GIU 2024 (ANSA) - La Casa Bianca ha definito l'accordo tra Mosca e "
     "Pyongyang «un pericolo per la regione». Il New York Times riferisce che la Casa Bianca "
     "potrebbe inviare nuovi aiuti a Kiev. (ANSA)."),
    ("AGI", "2023-09", "Kim in Russia",
     "VLADIVOSTOK, 13 SET 2023 (AGI) - Kim Jong-un ha incontrato Vladimir Putin al cosmodromo di "
     "Vostochny. I due leader hanno parlato di satelliti, munizioni e grano. Secondo fonti "
     "sudcoreane, Pyongyang potrebbe fornire proiettili d'artiglieria a Mosca. (AGI)."),
    ("AGI", "2023-09", "Seul in allerta",
     "SEUL, 14 SET (AGI) - Il governo sudcoreano ha espresso «grave preoccupazione» per le "
     "munizioni che Pyongyang potrebbe fornire alla Russia. Secondo Seul i proiettili "
     "d'artiglieria sarebbero già partiti verso il fronte. (AGI)."),
    ("AGI", "2023-10", "Munizioni al fronte",
     "ROMA, 2 OTT (AGI) - A Roma il governo italiano ha convocato l'ambasciatore russo. "
     "Secondo il ministero della Difesa, munizioni e proiettili d'artiglieria nordcoreani sono "
     "arrivati al fronte ucraino. Roma chiede nuove sanzioni. (AGI)."),
]


@pytest.fixture(scope="module")
def wires() -> rassegna.Corpus:
    sources, dates, titles, texts = zip(*WIRES)
    return rassegna.Corpus.from_texts(
        [f"{title}\n\n{text}" for title, text in zip(titles, texts)],
        ids=[f"w{i}" for i in range(len(WIRES))], dates=list(dates), sources=list(sources),
    )


METADATA = {"ANSA", "AGI", "KEYSTONE", "FEB", "GIU", "SET", "OTT"}


def test_datelines_are_read_as_place_agency_and_date(wires: rassegna.Corpus) -> None:
    articles = wires.articles()
    assert list(articles["place"]) == ["Mosca", "Pyongyang", "Washington", "Vladivostok", "Seul", "Roma"]
    assert list(articles["agency"]) == ["ANSA"] * 3 + ["AGI"] * 3
    # A yearless dateline takes its year from the record's date.
    assert wires["w0"].date == "2024-02-10"
    assert wires["w1"].date == "2024-06-18"
    assert wires["w4"].date == "2023-09-14"
    assert "KEYSTONE" in " ".join(wires["w1"].credits)


def test_no_agency_credit_or_month_is_an_entity_or_a_key_term(wires: rassegna.Corpus) -> None:
    entities = wires.entities().to_pandas()
    found = set(entities["text"]) | set(entities["canonical"])
    assert not found & METADATA, found & METADATA
    for name in entities["canonical"]:
        letters = [c for c in name if c.isalpha()]
        assert not (len(letters) > 3 and all(c.isupper() for c in letters)), name
    assert "Roma" in set(entities["canonical"]) and "Mosca" in set(entities["canonical"])
    terms = set(wires.frequencies(entities=True, extra_stopwords=sorted(NEWS_STOPWORDS))["term"])
    assert not {t.upper() for t in terms} & METADATA
    key = wires.keyness({"source": "ANSA"}, {"source": "AGI"}, min_count=2, entities=True,
                        extra_stopwords=sorted(NEWS_STOPWORDS))
    key_terms = {t.casefold() for t in key["term"]}
    assert not {t.upper() for t in key_terms} & METADATA
    assert "casa bianca" in key_terms and "new york times" in key_terms
    assert not key_terms & {"casa", "bianca", "new", "york", "times", "secondo", "detto", "potrebbe"}


def _key_cells(page: str) -> set[str]:
    section = page.split(">Keyness</h2>", 1)[1].split("<h2", 1)[0]
    return {m.casefold() for m in re.findall(r"<tr><td>([^<]+)</td>", section)}


def test_report_keyword_sections_hold_whole_names_and_no_filler(wires: rassegna.Corpus) -> None:
    page = report(wires, target=("2024", None), reference=(None, "2023"), progress=False)
    cells = _key_cells(page)
    assert "casa bianca" in cells, cells
    assert not cells & {"casa", "bianca", "new", "york", "times", "secondo", "detto", "potrebbe",
                        "parte", "ansa", "agi"}, cells
    assert "p &lt; 0.05" in page
    assert "Few articles" in page  # three articles a side
    terms = wires.frequencies(top=6, entities=True, extra_stopwords=sorted(NEWS_STOPWORDS))["term"]
    assert not {"corea", "nord", "kim", "secondo"} & {t.casefold() for t in terms}
    # Other stop-words replace the news ones: the option is honoured.
    other = report(wires, target=("2024", None), reference=(None, "2023"),
                   stopwords=["artiglieria", "proiettili"], progress=False)
    assert "artiglieria" in cells and not _key_cells(other) & {"artiglieria", "proiettili"}


def test_an_empty_period_says_so(wires: rassegna.Corpus) -> None:
    page = report(wires, target=("2030", None), progress=False)
    assert "No article in 2030 – …: there is nothing to compare" in page
    with pytest.raises(InvalidValueError, match="no article in"):
        wires.keyness({"start": "2030"})
