"""The README's examples print the right numbers.

Each ```python block of README.md runs as a reader would run it (the Dask one as a script,
in a process of its own), and what it prints is checked against numbers this test computes
its own way from the bundled sample corpus, and against the outputs the README shows in its
comments. ```bash blocks install things and are not run; ```py blocks need a real cluster.
"""

from __future__ import annotations

import ast
import builtins
import math
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import rassegna

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", flags=re.S | re.M)
#: One line of each Python block, naming it; every block must be named here, so that none
#: is left unchecked.
BLOCKS = {
    "tour": "for segment in article.set_aside:",
    "captions": "print(caption.credit.text)",
    "tables": 'print(tokens.group_by("kind")',
    "entities": "counts = corpus.entity_counts().to_pandas()",
    "places": "places = corpus.places().to_pandas()",
    "mentions": "soldiers = [q for q in article.quantities",
    "statistics": "tfidf = corpus.tfidf(sublinear_tf=True, min_df=2)",
    "reading": "everything = rassegna.read(",
    "archives": "rassegna.read_batches(",
    "plots": 'matplotlib.use("Agg")',
    "duckdb": "print(duckdb.sql(",
    "dask": "LocalCluster(",
    "search": "found = corpus.search(",
    "duplicates": "groups = corpus.duplicates().to_pandas()",
    "webpages": "rassegna.parse_html(html",
}


def fenced(language: str) -> list[str]:
    return [code for lang, code in FENCE.findall(README.read_text(encoding="utf-8")) if lang == language]


def block(name: str) -> str:
    (code,) = [code for code in fenced("python") if BLOCKS[name] in code]
    return code


@dataclass
class Run:
    """A block run in this process, with what each of its lines printed."""

    code: str
    namespace: dict[str, Any] = field(default_factory=dict)
    calls: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)

    def line(self, text: str) -> int:
        (number,) = [n for n, line in enumerate(self.code.splitlines(), 1) if text in line]
        return number

    def printed(self, text: str) -> list[tuple[Any, ...]]:
        """What each print call on the line holding ``text`` printed, in order."""
        number = self.line(text)
        return [args for at, args in self.calls if at == number]

    def shown(self, text: str) -> str:
        """The output the README shows in the comment of the line holding ``text``."""
        return self.code.splitlines()[self.line(text) - 1].split("# ", 1)[1].strip()


FILENAME = "README.md example"


def run(name: str) -> Run:
    """Runs a block in the current folder, recording each ``print`` by line."""
    result = Run(block(name))

    def recording_print(*args: Any, **kwargs: Any) -> None:
        caller = sys._getframe(1)
        if caller.f_code.co_filename == FILENAME:
            result.calls.append((caller.f_lineno, args))
        builtins.print(*args, **kwargs)

    result.namespace.update({"__name__": "__main__", "print": recording_print})
    exec(compile(result.code, FILENAME, "exec"), result.namespace)
    return result


def as_text(args: tuple[Any, ...]) -> str:
    return " ".join(str(a) for a in args)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_python_block_is_checked_and_no_runnable_one_hides() -> None:
    blocks = fenced("python")
    assert sorted(name for name in BLOCKS for code in blocks if BLOCKS[name] in code) == sorted(BLOCKS)
    assert len(blocks) == len(BLOCKS)
    languages = {lang for lang, _ in FENCE.findall(README.read_text(encoding="utf-8"))}
    assert languages == {"python", "bash", "py"}
    # A ```py block is shown, not run: it must be one that cannot run here.
    assert all('Client("tcp://' in code for code in fenced("py"))


@pytest.mark.usefixtures("in_tmp")
def test_tour() -> None:
    done = run("tour")
    files = sorted(rassegna.datasets.sample_path().glob("*.txt"))
    assert as_text(done.printed("print(corpus)")[0]) == done.shown("print(corpus)")
    assert done.shown("print(corpus)") == f"<rassegna.Corpus: {len(files)} articles, 0 errors>"
    when = done.printed("print(article.date, article.time, article.author)")
    assert as_text(when[0]) == done.shown("print(article.date, article.time, article.author)")
    raw = (rassegna.datasets.sample_path() / "003_f50da71632b60aab.txt").read_text(encoding="utf-8")
    assert "5 Set 2023 10:01 - di Sara De Vico" in raw  # the byline the values come from
    set_aside = [args[1] for args in done.printed("print(segment.kind, repr(segment.text))")]
    assert "'Fine'" in set_aside
    assert all(ast.literal_eval(text) in raw for text in set_aside)  # each printed as a repr


@pytest.mark.usefixtures("in_tmp")
def test_captions_and_metadata(sample: rassegna.Corpus) -> None:
    done = run("captions")
    (caption,) = done.printed("print(caption.text)")[0]
    assert caption.rstrip().endswith("KEYSTONE")
    assert as_text(done.printed("print(caption.credit.text)")[0]) == done.shown("print(caption.credit.text)")
    article = sample[0]
    for label, text in done.printed("print([(span.label, span.text)")[0][0]:
        assert text in article.text, label
    (content,) = done.printed("print(article.content[:200])")[0]
    assert article.content.startswith(content)
    assert not any(segment.text in article.content for segment in article.set_aside)


@pytest.mark.usefixtures("in_tmp")
def test_tables(sample: rassegna.Corpus) -> None:
    done = run("tables")
    (frame,) = done.printed('print(articles[["id", "date"')[0]
    assert list(frame["id"]) == [a.id for a in sample]
    assert list(frame["tokens"]) == [sum(len(s.tokens) for s in a.sentences) for a in sample]
    assert list(frame["set_aside"]) == [len(a.set_aside) for a in sample]
    (kinds,) = done.printed('print(tokens.group_by("kind")')[0]
    counted = Counter(t.kind for a in sample for s in a.sentences for t in s.tokens)
    assert dict(zip(kinds["kind"], kinds["len"])) == counted
    assert list(kinds["len"]) == sorted(counted.values(), reverse=True)
    (ids,) = done.printed('print(corpus.filter(start="2024-01-01").ids)')[0]
    assert ids == [a.id for a in sample if a.date is not None and a.date[:4] >= "2024"]
    assert 0 < len(ids) < len(sample)


@pytest.mark.usefixtures("in_tmp")
def test_entities(sample: rassegna.Corpus) -> None:
    done = run("entities")
    text = sample[0].text
    shown = done.printed("print(entity.label, entity.text")
    assert len(shown) == 8
    for label, surface, _, canonical, start, end in shown:
        assert text[start:end] == surface and label in {"PER", "LOC", "ORG"} and canonical
    # Counts per canonical name, tallied in Rust, equal the mention table counted here.
    (counts,) = done.printed("print(counts.head(10))")[0]
    mentions = sample.entities().to_pandas()
    kept = mentions[~mentions["set_aside"]]
    by_name = kept.groupby("canonical").size()
    assert {name: by_name[name] for name in counts["canonical"]} == dict(
        zip(counts["canonical"], counts["mentions"])
    )
    assert list(counts["mentions"]) == sorted(by_name, reverse=True)[:10]
    (forms,) = done.printed('print(mentions.filter(mentions["canonical"] == "Kim Jong-un")')[0]
    expected = set(mentions[mentions["canonical"] == "Kim Jong-un"]["text"])
    assert set(forms.to_list()) == expected and len(expected) > 1
    assert all(any(form in a.text for a in sample) for form in expected)
    mine = done.namespace["mine"].to_pandas()
    assert set(mine[mine["text"] == "Mosca"]["canonical"]) == {"Russia"}
    assert "Mosca" in set(mentions["canonical"])  # without the alias, a name of its own


@pytest.mark.usefixtures("in_tmp")
def test_mentions(sample: rassegna.Corpus) -> None:
    done = run("mentions")
    article = sample["001_008b01092c8600dd"]
    quotes = done.printed("print(quote.speaker, quote.speaker_kind")
    assert len(quotes) == 3
    assert quotes[0][:3] == ("Sergei Lavrov", "person", "ha detto")  # as the comment shows
    for _, _, _, start in quotes:
        assert ast.literal_eval(start) in article.text
    ((found,),) = done.printed("print([(q.text, q.value, q.low, q.entity) for q in soldiers])")
    # 8mila soldati → 8000.0, Corea del Nord
    assert [(text, value, entity) for text, value, _, entity in found if text == "8mila soldati"] == [
        ("8mila soldati", 8000.0, "Corea del Nord")
    ]
    ((dated,),) = done.printed('print([(d.text, d.value) for d in corpus["004_154dfcbd4d86cc42"]')
    assert ("stasera", "2024-06-18") in dated  # stasera → 2024-06-18
    assert sample["004_154dfcbd4d86cc42"].date == "2024-06-18"
    (per_speaker,) = done.printed('print(quotes.groupby("speaker")')[0]
    speakers = Counter(s for s in sample.quotes().to_arrow().column("speaker").to_pylist() if s)
    assert list(per_speaker) == sorted(speakers.values(), reverse=True)[:5]
    assert all(speakers[name] == count for name, count in per_speaker.items())
    assert sum(len(a.quotes) for a in sample) == len(sample.quotes())
    (claims,) = done.printed('print(corpus.claims("soldati")')[0]
    soldiers_anywhere = [q.text for a in sample for q in a.quantities if q.unit in ("soldati", "soldato")]
    assert sorted(claims["text"]) == sorted(soldiers_anywhere) and soldiers_anywhere
    assert all(text in sentence for text, sentence in zip(claims["text"], claims["sentence_text"]))
    dates = [d for d in claims["date"] if d is not None]
    assert dates == sorted(dates)


@pytest.mark.usefixtures("in_tmp")
def test_keyword_statistics(sample: rassegna.Corpus) -> None:
    done = run("statistics")
    article = sample["003_f50da71632b60aab"]
    ((terms,),) = done.printed("print(article.terms()[:6])")
    assert terms == article.terms()[:6] and all(t == t.lower() for t in terms)
    shape, vocabulary = done.printed("print(tfidf.matrix.shape, tfidf.vocabulary[:5])")[0]
    terms_of = [set(a.terms()) for a in sample]
    assert shape[0] == len(sample)
    # min_df=2: every term of the vocabulary is in two articles or more.
    for term in vocabulary:
        assert sum(term in these for these in terms_of) >= 2, term
    (keys,) = done.printed('print(keys.to_pandas()[["term", "count_target"')[0]
    late = [a for a in sample if a.date >= "2024"]
    early = [a for a in sample if a.date < "2024"]
    for term, target, reference in zip(keys["term"], keys["count_target"], keys["count_reference"]):
        assert target == sum(a.terms().count(term) for a in late), term
        assert reference == sum(a.terms().count(term) for a in early), term


@pytest.mark.usefixtures("in_tmp")
def test_reading_and_combining(sample: rassegna.Corpus) -> None:
    done = run("reading")
    assert as_text(done.printed("print(len(corpus), corpus[0].date)")[0]) == done.shown(
        "print(len(corpus), corpus[0].date)"
    )
    (kind, message), = done.printed("print(error.kind, error.message)")
    assert f"{kind} {message}" == done.shown("print(error.kind, error.message)")
    assert message.count("feed.jsonl") == 1  # the location, once
    everything = done.namespace["everything"]
    lines = Path("feed.jsonl").read_text(encoding="utf-8").splitlines()
    notes = done.namespace["notes"]
    assert str(everything) == done.shown("print(everything)")
    assert len(everything) == (len(lines) - 1) + len(sample) + len(notes) == 8
    assert everything.ids == ["a1", *sample.ids, "n1", "n2"]
    assert [a.source for a in everything if a.id in ("n1", "n2")] == ["rai", "rai"]
    assert done.printed('print(everything.filter(source="rai").ids)')[0] == (["n1", "n2"],)
    assert str(done.printed("print(error)  # filter")[0][0]) == done.shown("print(error)  # filter")


@pytest.mark.usefixtures("in_tmp")
def test_mixed_folders_and_batches(sample: rassegna.Corpus) -> None:
    done = run("archives")
    for line in ("print(mixed[0].encoding, mixed[0].date)", "print(mixed.skipped[0].message)",
                 "print(mixed.records_seen)"):
        assert as_text(done.printed(line)[0]) == done.shown(line)
    totals = done.namespace["totals"]
    line = "print(totals.articles, totals.frequencies(top=1)"
    assert as_text(done.printed(line)[0]) == done.shown(line)
    assert totals.articles == len(sample)
    assert totals.frequencies(top=5).to_arrow() == sample.frequencies(top=5).to_arrow()


@pytest.mark.usefixtures("in_tmp")
def test_search_and_concordance(sample: rassegna.Corpus) -> None:
    done = run("search")

    def body(article: rassegna.Article) -> str:
        return f"{article.title or ''} {article.content}".lower()

    (found,) = done.printed('print(found.to_pandas()[["id", "score", "hits"]])')[0]
    expected = [a.id for a in sample if "truppe nordcoreane" in body(a) or "vladivostok" in body(a)]
    assert sorted(found["id"]) == sorted(expected) and 1 < len(expected) < len(sample)
    assert list(found["score"]) == sorted(found["score"], reverse=True)
    hits = done.namespace["hits"].to_pandas()
    assert len(hits) == found["hits"].sum()
    for row in hits.itertuples():
        assert sample[row.article].text[row.start:row.end] == row.match
    (stemmed,) = done.printed('print(corpus.search("truppa", stem=True)["id"])')[0]
    assert sorted(stemmed) == sorted(a.id for a in sample if re.search(r"\btrupp[ae]\b", body(a)))
    (kim,) = done.printed("print(corpus.search('entity:\"Kim Jong-un\" -Vladivostok')[\"id\"])")[0]
    entities = sample.entities().to_pandas()
    named = set(entities[entities["canonical"] == "Kim Jong-un"]["article"])
    assert sorted(kim) == sorted(a.id for a in sample if a.id in named and "vladivostok" not in body(a))
    (lines,) = done.printed('print(lines.to_pandas()[["left", "match", "right"]])')[0]
    assert all(m.lower().startswith("nordcorean") for m in lines["match"])
    assert len(lines) == sum(len(re.findall(r"\bnordcorean\w*", a.content.lower())) for a in sample)
    (june,) = done.printed("print(june.ids)")[0]
    assert june == [a.id for a in sample if a.date.startswith("2024-06")
                    and ("lavrov" in body(a) or "pyongyang" in body(a))]


@pytest.mark.usefixtures("in_tmp")
def test_plots(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="the plots need the plot extra")
    done = run("plots")
    assert (tmp_path / "timeline.png").stat().st_size > 1000
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Vladimir Putin" in html
    assert done.namespace["ax"].figure is not None


def test_places(sample: rassegna.Corpus) -> None:
    done = run("places")
    printed = [as_text(args) for args in done.printed("print(entity.text, entity.label, entity.place)")]
    assert printed[0] + " …" == done.shown("print(entity.text, entity.label, entity.place)")
    assert any("Kurskaya oblast'" in line and "region RU" in line for line in printed)
    top = done.namespace["places"].iloc[0]
    assert (top["canonical"], top["mentions"], top["geonameid"]) == ("Russia", 28, 2017370)
    assert "28, in five articles" in done.code
    counts = sample.entity_counts().to_arrow().to_pylist()
    russia = next(r for r in counts if r["canonical"] == "Russia")
    assert russia["mentions"] == 28 and russia["org"] > 0
    (pairs,) = done.printed("print(pairs[")[0]
    assert list(pairs["count"]) == [5]


def test_duckdb_counts_each_quote_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       sample: rassegna.Corpus) -> None:
    pytest.importorskip("duckdb", reason="the SQL example needs duckdb")
    monkeypatch.chdir(tmp_path)
    done = run("duckdb")
    (relation,) = done.printed("print(duckdb.sql(")[0]
    rows = relation.fetchall()
    # The same question asked of the tables in pandas.
    quotes = sample.quotes().to_pandas()
    quotes = quotes[quotes["speaker"].notna() & ~quotes["scare"]]
    roles = sample.roles().to_pandas()
    expected = []
    for speaker, group in quotes.groupby("speaker"):
        keys = sorted(set(roles[roles["person"] == speaker]["key"]))
        expected.append((speaker, len(group), group["article"].nunique(), ", ".join(keys) or None))
    expected.sort(key=lambda row: (-row[1], row[0]))
    assert rows == expected[:5]
    # The case a join to every role row gets wrong is among them: a speaker with several.
    role_rows = Counter(roles["person"])
    assert any(role_rows[speaker] > 1 for speaker, *_ in rows)


def test_dask_example_runs_as_a_script(tmp_path: Path, sample: rassegna.Corpus) -> None:
    pytest.importorskip("distributed", reason="the Dask example needs the dask extra")
    script = tmp_path / "dask_example.py"
    script.write_text(block("dask"), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, check=False,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    first, *rest = done.stdout.splitlines()
    shown = next(line for line in block("dask").splitlines() if "print(corpus.npartitions" in line)
    assert first == shown.split("# ", 1)[1].strip()
    files = len(list(rassegna.datasets.sample_path().glob("*.txt")))
    assert first == f"{math.ceil(files / 2)} {len(sample)} {sample.errors}"
    assert "\n".join(rest) == str(sample.entity_counts().to_pandas().head(3))


@pytest.mark.usefixtures("in_tmp")
def test_duplicates(sample: rassegna.Corpus) -> None:
    done = run("duplicates")
    (frame,) = done.printed('print(groups[["group", "article"')[0]
    # Rows by group: the cut copy (5) inside the second article, the exact copy (6) of the fourth.
    assert list(frame["article"]) == ["1", "5", "3", "6"]
    assert list(frame["relation"]) == ["representative", "within", "representative", "exact"]
    assert list(frame["representative"]) == ["1", "1", "3", "3"]
    assert 0.4 < frame["similarity"][1] < 1.0
    assert as_text(done.printed("print(len(corpus), len(corpus.deduplicate()))")[0]) == done.shown(
        "print(len(corpus), len(corpus.deduplicate()))") == f"{len(sample) + 2} {len(sample)}"
    corpus = done.namespace["corpus"]
    assert done.namespace["counts"].to_arrow() == corpus.deduplicate().entity_counts().to_arrow()


def test_web_pages() -> None:
    done = run("webpages")
    for line in ("print(article.title", "print(article.metadata_sources"):
        assert as_text(done.printed(line)[0]) == done.shown(line)
    assert "Home" not in done.namespace["article"].text
