"""rassegna.dask on a LocalCluster of two worker processes gives the results of one machine."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet
import pytest
import rassegna

distributed = pytest.importorskip("distributed", reason="rassegna.dask comes with the dask extra")
rdask = pytest.importorskip("rassegna.dask")

# A lone "Putin" sorts first, "Vladimir Putin" last: with two files to a partition they are
# read by different partitions (and, on two workers, possibly by different processes).
LONE_SURNAME = (
    "Mosca, 3 settembre 2023\n\n"
    "Ieri Putin ha parlato a lungo con i giornalisti a Mosca. Il presidente russo ha detto "
    "che la Russia spenderà 3 miliardi di dollari.\n"
)
FULL_NAME = (
    "Pyongyang, 19 giugno 2024\n\n"
    "Il presidente russo Vladimir Putin è arrivato a Pyongyang, dove Kim Jong-un lo ha accolto. "
    "Vladimir Putin ha detto: “Siamo pronti a firmare l'accordo”.\n"
)


@pytest.fixture(scope="module")
def client() -> Any:
    cluster = distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus, a nested folder, an article that says only "Putin" and one that
    says "Vladimir Putin", two unusable files, and files of every kind: a Windows-1252 text,
    JSON Lines and Parquet with one article each, an image (skipped)."""
    root = tmp_path_factory.mktemp("archive")
    shutil.copytree(rassegna.datasets.sample_path(), root / "sample")
    (root / "a_putin.txt").write_text(LONE_SURNAME, encoding="utf-8")
    (root / "sample" / "empty.txt").write_text("  \n", encoding="utf-8")
    (root / "sample" / "zz_binary.md").write_bytes(b"\x89PNG\x00garbage \xe8\x00")
    (root / "sample" / "cp1252.txt").write_bytes("Roma, 3 marzo 2024\n\nLa città è così.".encode("cp1252"))
    (root / "m_feed.jsonl").write_text(json.dumps({"id": "feed", "text": FULL_NAME}) + "\n", encoding="utf-8")
    pa_table = pa.table({"id": ["tabella"], "text": [LONE_SURNAME]})
    pa.parquet.write_table(pa_table, root / "n_tabella.parquet")
    (root / "foto.png").write_bytes(b"\x89PNG")
    (root / "z_vladimir.txt").write_text(FULL_NAME, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def local(folder: Path) -> rassegna.Corpus:
    return rassegna.read(folder)


@pytest.fixture(scope="module")
def dist(client: Any, folder: Path) -> Any:  # noqa: ARG001 - read on the client's cluster
    return rdask.read(folder, files_per_partition=2)


def same(a: rassegna.Table, b: rassegna.Table) -> None:
    x, y = a.to_arrow(), b.to_arrow()
    assert x.schema == y.schema
    assert x.num_rows == y.num_rows
    for name in x.column_names:
        if pa.types.is_floating(x.schema.field(name).type):
            # Exactly equal, NaN where NaN (keyness of a term absent from one part).
            np.testing.assert_array_equal(x[name].to_numpy(), y[name].to_numpy())
        else:
            assert x[name].to_pylist() == y[name].to_pylist(), name
    assert a.name == b.name


def test_partitions_are_spread_over_two_worker_processes(client: Any, dist: Any) -> None:
    # Files of one article two by two, the JSON Lines file alone, the Parquet file last.
    assert dist.npartitions == 8
    assert len(client.scheduler_info()["workers"]) == 2
    pids = set(client.run(lambda: __import__("os").getpid()).values())
    assert len(pids) == 2


def test_articles_and_errors_of_every_partition(dist: Any, local: rassegna.Corpus) -> None:
    assert len(dist) == len(local) == 10
    assert dist.ids == local.ids
    assert dist.records_seen == local.records_seen == 13
    assert [(s.location, s.message) for s in dist.skipped] == [
        (s.location, s.message) for s in local.skipped
    ]
    assert [Path(s.location).name for s in local.skipped] == ["foto.png"]
    errors = [(e.location, e.kind, e.message) for e in dist.errors]
    assert errors == [(e.location, e.kind, e.message) for e in local.errors]
    assert len(errors) == 2 and any("empty.txt" in e[0] for e in errors)
    same(dist.articles(), local.articles())
    same(dist.tokens(), local.tokens())
    assert dist.compute().ids == local.ids


def test_canonical_names_are_settled_across_partitions(dist: Any, local: rassegna.Corpus) -> None:
    entities = dist.entities()
    same(entities, local.entities())
    rows = entities.to_arrow().to_pylist()
    lone = [r for r in rows if r["article"] == "a_putin" and r["text"] == "Putin"]
    assert lone and all(r["canonical"] == "Vladimir Putin" for r in lone)
    # The partition alone would have kept the short form: the merge is what names it.
    alone = _only(dist, "a_putin").entities()
    assert "Putin" in alone["canonical"]
    same(dist.entity_counts(), local.entity_counts())
    same(dist.places(), local.places())
    aliases = {"Vlad": "Vladimir Putin"}
    same(dist.entities(aliases=aliases), local.entities(aliases=aliases))
    same(dist.entity_counts(aliases=aliases), local.entity_counts(aliases=aliases))
    model = rassegna.NerModel.bundled()  # a model given by the caller travels to the workers
    same(dist.entity_counts(model=model), local.entity_counts(model=model))


def _only(dist: Any, article_id: str) -> rassegna.Corpus:
    corpus = dist.compute()
    return rassegna.Corpus.from_texts([corpus[article_id].text], [article_id])


def test_mentions_with_roles_named_across_partitions(dist: Any, local: rassegna.Corpus) -> None:
    for name in ("quantities", "dates", "quotes", "roles"):
        same(getattr(dist, name)(), getattr(local, name)())
    assert len(local.quotes()) > 0


def test_term_statistics_equal_the_local_ones(dist: Any, local: rassegna.Corpus) -> None:
    for options in ({}, {"entities": True, "stem": True}, {"ngram_range": (1, 2), "lowercase": False}):
        d, one = dist.tfidf(**options), local.tfidf(**options)
        assert d.vocabulary == one.vocabulary
        assert d.ids == one.ids
        np.testing.assert_array_equal(d.df, one.df)
        np.testing.assert_allclose(d.idf, one.idf, rtol=0, atol=1e-12)
        assert (d.matrix != one.matrix).nnz == 0 or abs(d.matrix - one.matrix).max() <= 1e-12
        np.testing.assert_array_equal(d.matrix.indptr, one.matrix.indptr)
        np.testing.assert_array_equal(d.matrix.indices, one.matrix.indices)
        same(d.table(), one.table())
        same(dist.frequencies(**options), local.frequencies(**options))
    d = dist.tfidf(sublinear_tf=True, norm="l1", min_df=2, max_df=0.9, max_features=50)
    one = local.tfidf(sublinear_tf=True, norm="l1", min_df=2, max_df=0.9, max_features=50)
    assert d.vocabulary == one.vocabulary
    np.testing.assert_allclose(d.matrix.toarray(), one.matrix.toarray(), rtol=0, atol=1e-12)
    same(dist.frequencies(top=15, threads=1), local.frequencies(top=15))
    same(dist.frequencies(per_article=True, top=5), local.frequencies(per_article=True, top=5))
    same(dist.keyphrases(5), local.keyphrases(5))


def test_keyness_and_cooccurrence_equal_the_local_ones(dist: Any, local: rassegna.Corpus) -> None:
    part = {"end": "2023"}
    same(dist.keyness(part, min_count=1), local.keyness(part, min_count=1))
    mask = [i % 2 == 0 for i in range(len(local))]
    same(dist.keyness(mask), local.keyness(mask))
    same(dist.keyness(mask, {"end": "2023"}, entities=True),
         local.keyness(mask, {"end": "2023"}, entities=True))
    with pytest.raises(rassegna.UnknownSourceError):
        dist.keyness(mask, {"source": "ansa"})
    same(dist.cooccurrence(), local.cooccurrence())
    same(dist.cooccurrence(labels=["PER"], within="article"),
         local.cooccurrence(labels=["PER"], within="article"))
    same(dist.cooccurrence("terms", within="window", window=3, min_count=2),
         local.cooccurrence("terms", within="window", window=3, min_count=2))


def test_trends_and_claims_equal_the_local_ones(dist: Any, local: rassegna.Corpus) -> None:
    terms, people = ["soldati", "Corea del Nord", "missili"], ["Vladimir Putin", "Kim Jong-un"]
    for period in ("day", "week", "month", "year"):
        trends = dist.trends(terms, people, period=period)
        same(trends, local.trends(terms, people, period=period))
    # September 2023's two articles are in different partitions: its row sums them.
    months = trends_by_period(local.trends(None, ["Vladimir Putin"], period="month"))
    assert months["2023-09"]["articles"] >= 2
    same(dist.trends(["corea"], stem=True), local.trends(["corea"], stem=True))
    for unit in ("soldati", "dollari", "container"):
        same(dist.claims(unit), local.claims(unit))
    # Rows of later partitions come first when their articles are older.
    years = dist.claims("anni").to_arrow().to_pylist()
    assert [row["date"] for row in years] == ["2023-09-05", "2024-06-18", "2024-10", "2024-11"]
    for unit in ("anni", "anno"):
        same(dist.claims(unit), local.claims(unit))


def test_collocations_equal_the_local_ones(dist: Any, local: rassegna.Corpus) -> None:
    same(dist.collocations(min_count=2), local.collocations(min_count=2))
    same(dist.collocations(sizes=(2, 2), min_count=1, sort_by="log_likelihood", stem=True),
         local.collocations(sizes=(2, 2), min_count=1, sort_by="log_likelihood", stem=True))
    same(dist.collocations(sizes=(3, 3), min_count=2, entities=True),
         local.collocations(sizes=(3, 3), min_count=2, entities=True))
    assert len(dist.collocations(min_count=2).to_arrow()) > 10
    with pytest.raises(rassegna.InvalidValueError, match="sizes"):
        dist.collocations(sizes=(1, 4))


def trends_by_period(table: rassegna.Table) -> dict[str, dict[str, Any]]:
    return {row["period"]: row for row in table.to_arrow().to_pylist()}


def test_a_filtered_corpus_settles_its_own_names(dist: Any, local: rassegna.Corpus) -> None:
    d, one = dist.filter(start="2024"), local.filter(start="2024")
    assert d.ids == one.ids
    same(d.entities(), one.entities())
    same(d.tfidf().table(), one.tfidf().table())


@pytest.mark.usefixtures("client")
def test_archive_files_are_partitions(tmp_path: Path) -> None:
    texts = [LONE_SURNAME, FULL_NAME] + [a.text for a in rassegna.datasets.sample()]
    for n, chunk in enumerate([texts[:3], texts[3:]]):
        lines = [json.dumps({"id": f"{n}-{i}", "text": t}) for i, t in enumerate(chunk)]
        lines.insert(1, '{"id": "broken", "text": ')
        (tmp_path / f"part{n}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    dist = rdask.read(str(tmp_path / "*.jsonl"))
    assert dist.npartitions == 2
    local = rassegna.Corpus(
        rassegna._core.Corpus.concat([rassegna.read(p)._inner for p in sorted(tmp_path.glob("*.jsonl"))])
    )
    assert dist.ids == local.ids
    assert [e.location for e in dist.errors] == [e.location for e in local.errors]
    assert len(dist.errors) == 2
    same(dist.entities(), local.entities())
    same(dist.keyness({"end": "2023"}), local.keyness({"end": "2023"}))


@pytest.mark.usefixtures("dist")
def test_workers_size_rayon_to_their_threads(client: Any) -> None:
    threads = client.run(lambda: __import__("os").environ.get("RAYON_NUM_THREADS"))
    assert set(threads.values()) == {"1"}


def test_what_travels_between_processes_pickles(dist: Any, local: rassegna.Corpus) -> None:
    for error in dist.errors:
        back = pickle.loads(pickle.dumps(error))
        assert (back.location, back.kind, back.message) == (error.location, error.kind, error.message)
    (named,) = dist._engine._named_bag(None, None, None).take(1, npartitions=1)
    back = pickle.loads(pickle.dumps(named))
    assert isinstance(back, rdask._Named)
    first = len(back.corpus)
    got = pa.RecordBatchReader.from_stream(back.corpus.entities_table()).read_all()
    assert got.to_pylist() == local.entities().to_arrow().slice(0, got.num_rows).to_pylist()
    assert first == len(named.corpus)
    tally = rassegna._core._name_tally(named.base)
    assert pickle.loads(pickle.dumps(tally)) == tally
    assert tally != rassegna._core._name_tally(rassegna.datasets.sample()._inner)
    found = rdask._Found(named.base, None, None)
    assert rassegna._core._name_tally(found.corpus, found=True) == tally
    back = pickle.loads(pickle.dumps(found))
    assert rassegna._core._name_tally(back.corpus, found=True) == tally


def test_bad_arguments_are_reported(dist: Any, tmp_path: Path) -> None:
    with pytest.raises(rassegna.InvalidValueError):
        dist.keyness([True])
    with pytest.raises(rassegna.InvalidValueError):
        dist.keyness({"when": "2024"})
    with pytest.raises(rassegna.InvalidValueError):
        rdask.read(tmp_path, files_per_partition=0)
    with pytest.raises(rassegna.ReadError):
        rdask.read(str(tmp_path / "*.jsonl"))


@pytest.mark.usefixtures("client")
def test_the_default_year_reaches_every_partition(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(
            "MOSCA, 10 FEB (ANSA) - Il Cremlino ha parlato di nuovo. (ANSA).", encoding="utf-8"
        )
    dist = rdask.read(str(tmp_path), files_per_partition=1, year=2024)
    assert dist.npartitions == 2
    assert list(dist.articles().to_arrow().column("date").to_pylist()) == ["2024-02-10"] * 2


def test_search_and_concordance_equal_the_local_ones(dist: Any, local: rassegna.Corpus) -> None:
    for query in ("putin", "presidente OR giornalisti", '"presidente russo"', "mosc*",
                  'entity:"Vladimir Putin"'):
        found, one = dist.search(query), local.search(query)
        same(found, one)
        same(found.hits(), one.hits())
    same(dist.search("putin", limit=1, offset=1), local.search("putin", limit=1, offset=1))
    same(dist.concordance("putin", sort="left"), local.concordance("putin", sort="left"))
    assert dist.filter(query="putin").ids == local.filter(query="putin").ids
    assert dist.filter(entities=["Vladimir Putin"]).ids == local.filter(entities=["Vladimir Putin"]).ids


@pytest.mark.usefixtures("client")
def test_duplicates_across_partitions_equal_the_local_ones(tmp_path: Path) -> None:
    from test_duplicates import EDITED, LONGER, MATCH, PORT, WIRE

    for name, text in zip("abcdefg", [WIRE, MATCH, EDITED, PORT, LONGER, WIRE, ""]):
        (tmp_path / f"{name}.txt").write_text(text or "   ", encoding="utf-8")
    dist, local = rdask.read(tmp_path, files_per_partition=2), rassegna.read(tmp_path)
    same(dist.duplicates(), local.duplicates())
    # The wire, its edited copy, the longer version and the exact copy, in three partitions.
    assert dist.duplicates().to_arrow().column("index").to_pylist() == [0, 2, 4, 5]
    assert dist.deduplicate().ids == local.deduplicate().ids
    same(dist.frequencies(dedupe=True), local.frequencies(dedupe=True))
