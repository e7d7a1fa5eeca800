"""Places: entities linked to GeoNames records, the places table, place co-occurrence, the map,
and the gold of the sample corpus."""

from __future__ import annotations

import pickle
import runpy
import sys
from pathlib import Path

import pytest
import rassegna

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_places.py"


def test_entities_name_their_places_with_italian_exonyms() -> None:
    article = rassegna.parse(
        "La Russia ha deciso. Mosca ha risposto a Washington dopo il vertice di Pechino, "
        "mentre a Kazan e in Crimea si vota. Parla Vladimir Putin."
    )
    places = {e.text: e.place for e in article.entities}
    assert places["Russia"].geonameid == 2017370 and places["Russia"].kind == "country"
    assert places["Mosca"].geonameid == 524901 and places["Mosca"].country == "RU"
    assert places["Pechino"].geonameid == 1816670
    assert places["Kazan"].country == "RU", "the article is about Russia"
    assert places["Crimea"].kind == "region"
    assert places["Vladimir Putin"] is None
    moscow = places["Mosca"]
    assert (moscow.name, round(moscow.lat), round(moscow.lon)) == ("Mosca", 56, 38)
    assert moscow.population > 10_000_000
    entity = next(e for e in article.entities if e.text == "Mosca")
    assert pickle.loads(pickle.dumps(entity)) == entity
    assert pickle.loads(pickle.dumps(moscow)) == moscow
    assert "Mosca" in repr(moscow)


def test_places_table_counts_a_state_tagged_org_or_loc_once() -> None:
    corpus = rassegna.Corpus.from_texts(
        ["La Russia ha deciso di inviare truppe. Il presidente è tornato in Russia.",
         "Il ministro è arrivato a Mosca. Poi è ripartito da Mosca."],
        dates=["2024-06-18", "2023-09-01"],
    )
    rows = {r["name"]: r for r in corpus.places().to_arrow().to_pylist()}
    assert rows["Russia"]["mentions"] == 2 and rows["Russia"]["kind"] == "country"
    assert rows["Mosca"]["geonameid"] == 524901 and rows["Mosca"]["first_date"] == "2023-09-01"
    counts = {r["canonical"]: r for r in corpus.entity_counts().to_arrow().to_pylist()}
    assert counts["Russia"]["geonameid"] == 2017370 and counts["Russia"]["place"] == "Russia"
    mentions = corpus.entities().to_arrow().to_pylist()
    assert {m["geonameid"] for m in mentions if m["text"] == "Mosca"} == {524901}


def test_place_cooccurrence_counts_states_whatever_their_label(sample: rassegna.Corpus) -> None:
    def russia_pyongyang(**options: object) -> int:
        pairs = sample.cooccurrence("entities", **options).to_arrow().to_pylist()
        return next(p["count"] for p in pairs if {p["source"], p["target"]} == {"Russia", "Pyongyang"})

    # The tagger calls Russia ORG where it acts; a filter on the LOC label misses those.
    assert russia_pyongyang(places=True) == 5
    assert russia_pyongyang(labels=["LOC"]) < 5
    people_and_places = sample.cooccurrence("entities", labels=["PER"], places=True).to_arrow()
    assert "Vladimir Putin" in set(people_and_places.column("source").to_pylist()) | set(
        people_and_places.column("target").to_pylist())


def test_the_map_draws_every_place_over_the_outlines(sample: rassegna.Corpus) -> None:
    matplotlib = pytest.importorskip("matplotlib", reason="matplotlib comes with the test extras")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from rassegna import plot

    table = sample.places()
    ax = plot.map(table)
    drawn = sum(len(c.get_offsets()) for c in ax.collections)
    assert drawn == len(table) > 10
    assert len(ax.patches) > 150, "country outlines"
    plt.close("all")


def test_sample_places_gold(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["bench_places.py", "--part", "sample"])
    with pytest.raises(SystemExit) as done:
        runpy.run_path(str(BENCH), run_name="__main__")
    out = capsys.readouterr().out
    assert done.value.code == 0, out
    accuracy = float(out.split("linking accuracy ")[1].split(" ")[0])
    assert accuracy >= 0.95, out
