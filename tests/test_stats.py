"""Keyword statistics: TF-IDF parity with scikit-learn, keyness by hand, YAKE overlap, and the
other statistics' tables."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
import rassegna

sklearn_text = pytest.importorskip(
    "sklearn.feature_extraction.text", reason="scikit-learn comes with the test extras"
)

NEWS = [
    "Roma, 18 giugno 2024 – Putin vola a Pyongyang per incontrare Kim Jong-un. "
    "Il vertice tra Russia e Corea del Nord preoccupa Seul e Washington.",
    "Kim Jong-un riceve Putin: firmato un patto di difesa reciproca tra Mosca e Pyongyang. "
    "La Corea del Sud protesta.",
    "Soldati nordcoreani a Kursk, secondo l'intelligence di Seul. "
    "Mosca nega, Pyongyang tace. Kiev chiede aiuti all'Occidente.",
    "Il Pentagono conferma: truppe della Corea del Nord in Russia. Austin incontra Zelensky a Kiev.",
    "Armi e grano: l'asse Mosca-Pyongyang si rafforza. Vladivostok ospita il vertice.",
    "Fine",
]


@pytest.fixture(scope="module")
def corpus() -> rassegna.Corpus:
    sample = rassegna.datasets.sample()
    extra = rassegna.Corpus.from_texts(NEWS, ids=[f"n{i}" for i in range(len(NEWS))])
    return rassegna.Corpus(rassegna._core.Corpus.concat([sample._inner, extra._inner]))


def sklearn_tfidf(corpus: rassegna.Corpus, options: dict, **sk: object):
    """scikit-learn on rassegna's terms: the analyzer hands each article's terms over."""
    vectorizer = sklearn_text.TfidfVectorizer(analyzer=lambda article: article.terms(**options), **sk)
    matrix = vectorizer.fit_transform(list(corpus))
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
    return matrix, vocabulary, vectorizer


def untied_limit(corpus: rassegna.Corpus, options: dict) -> int:
    """A max_features at which no two terms tie on total count (scikit-learn breaks ties
    in numpy's unstable argsort order)."""
    counts = sklearn_text.CountVectorizer(analyzer=lambda a: a.terms(**options)).fit_transform(list(corpus))
    totals = np.sort(np.asarray(counts.sum(axis=0)).ravel())[::-1]
    for k in range(len(totals) - 1, 1, -1):
        if totals[k - 1] != totals[k]:
            return k
    raise AssertionError("no untied cut")


CASES = [
    ({}, {}),
    ({}, {"smooth_idf": False}),
    ({}, {"sublinear_tf": True}),
    ({}, {"norm": "l1"}),
    ({}, {"norm": None, "smooth_idf": False, "sublinear_tf": True}),
    ({}, {"min_df": 2}),
    ({}, {"min_df": 0.3, "max_df": 0.6}),
    ({}, {"max_df": 3}),
    ({}, {"use_idf": False}),
    ({"ngram_range": (1, 3)}, {"sublinear_tf": True, "min_df": 2}),
    ({"stopwords": False, "numbers": True, "min_length": 1}, {"max_df": 0.5}),
    ({"stem": True, "ngram_range": (1, 2)}, {"norm": "l1", "smooth_idf": False}),
    ({"lowercase": False, "fold_elisions": False}, {}),
]


@pytest.mark.parametrize(("options", "weights"), CASES)
def test_tfidf_equals_scikit_learn(corpus: rassegna.Corpus, options: dict, weights: dict) -> None:
    ours = corpus.tfidf(**weights, **options)
    matrix, vocabulary, vectorizer = sklearn_tfidf(corpus, options, **weights)
    assert ours.vocabulary == vocabulary
    assert ours.matrix.shape == matrix.shape == (len(corpus), len(vocabulary))
    assert abs(ours.matrix - matrix).max() <= 1e-9
    if weights.get("use_idf", True):
        assert np.allclose(ours.idf, vectorizer.idf_, rtol=0, atol=1e-12)


@pytest.mark.parametrize("options", [{}, {"ngram_range": (1, 2)}])
def test_tfidf_max_features_equals_scikit_learn(corpus: rassegna.Corpus, options: dict) -> None:
    limit = untied_limit(corpus, options)
    ours = corpus.tfidf(max_features=limit, **options)
    matrix, vocabulary, _ = sklearn_tfidf(corpus, options, max_features=limit)
    assert len(ours.vocabulary) == limit
    assert ours.vocabulary == vocabulary
    assert abs(ours.matrix - matrix).max() <= 1e-9


@pytest.mark.parametrize("weights", [{}, {"min_df": 2, "max_df": 0.9}, {"max_features": 50}])
def test_tfidf_of_texts_equals_the_corpus_path(corpus: rassegna.Corpus, weights: dict) -> None:
    texts = [a.text for a in corpus]
    fast = rassegna.tfidf(texts, ngram_range=(1, 2), sublinear_tf=True, threads=2, **weights)
    slow = rassegna.Corpus.from_texts(texts).tfidf(ngram_range=(1, 2), sublinear_tf=True, **weights)
    assert fast.vocabulary == slow.vocabulary
    assert len(fast.vocabulary) == fast.matrix.shape[1]
    # The list made while the matrix was weighed, then one made afresh from the columns.
    assert fast._result.terms() == fast.vocabulary
    assert abs(fast.matrix - slow.matrix).max() == 0
    assert fast.ids == [str(i) for i in range(len(texts))]


def test_tfidf_table_and_arrays(corpus: rassegna.Corpus) -> None:
    result = corpus.tfidf()
    table = result.table().to_pandas()
    matrix = result.matrix
    assert len(table) == matrix.nnz
    assert set(table.columns) == {"article", "term", "tf", "df", "tfidf"}
    row = table.iloc[len(table) // 2]
    i, j = corpus.ids.index(row["article"]), result.vocabulary.index(row["term"])
    assert math.isclose(matrix[i, j], row["tfidf"], rel_tol=0, abs_tol=1e-15)
    assert row["tf"] == corpus[i].terms().count(row["term"])
    assert row["df"] == result.df[j] == sum(row["term"] in a.terms() for a in corpus)
    # Rows of a text with no terms are empty, not an error, as in scikit-learn.
    empty = rassegna.tfidf(["Fine", "Kim incontra Putin a Vladivostok"])
    assert empty.matrix.shape == (2, 4) and empty.matrix[0].nnz == 0


def test_tfidf_limits_are_checked(corpus: rassegna.Corpus) -> None:
    with pytest.raises(rassegna.InvalidValueError, match="min_df"):
        corpus.tfidf(min_df=10_000)
    with pytest.raises(rassegna.InvalidValueError, match="max_df"):
        corpus.tfidf(min_df=5, max_df=2)
    with pytest.raises(rassegna.InvalidValueError, match="proportion"):
        corpus.tfidf(max_df=1.5)
    with pytest.raises(rassegna.InvalidValueError, match="norm"):
        corpus.tfidf(norm="l3")
    with pytest.raises(rassegna.InvalidValueError, match="unknown option"):
        corpus.tfidf(ngrams=2)
    with pytest.raises(rassegna.InvalidValueError, match="threads"):
        corpus.tfidf(threads=0)
    with pytest.raises(rassegna.InvalidValueError, match="entity-aware"):
        rassegna.tfidf(["testo"], entities=True)
    with pytest.raises(rassegna.InvalidValueError, match="no documents"):
        rassegna.tfidf([])
    with pytest.raises(rassegna.InvalidValueError, match="no documents"):
        rassegna.Corpus.from_texts([]).tfidf()


def test_terms_follow_the_options() -> None:
    article = rassegna.parse("Il leader dell’Ucraina e la Corea del Nord: 1.500 soldati a Kursk.")
    assert article.terms() == ["leader", "ucraina", "corea", "nord", "soldati", "kursk"]
    assert "1.500" in article.terms(numbers=True)
    assert "dell'" in article.terms(stopwords=False, fold_elisions=False)
    assert article.terms(ngram_range=(3, 3)) == ["leader dell'ucraina", "corea del nord", "soldati a kursk"]
    assert "kursk" not in article.terms(extra_stopwords=["Kursk"])
    assert article.terms(stem=True)[:2] == ["leader", "ucrain"]
    with pytest.raises(rassegna.InvalidValueError, match="lemmas"):
        article.terms(lemma=True)
    with pytest.raises(rassegna.InvalidValueError, match="ngram_range"):
        article.terms(ngram_range=(2, 1))
    with pytest.raises(rassegna.InvalidValueError, match="extra_stopwords"):
        article.terms(extra_stopwords="kursk")
    assert "di" in rassegna.stats.ITALIAN_STOPWORDS


def test_entity_terms_use_canonical_names(corpus: rassegna.Corpus) -> None:
    article = corpus["003_f50da71632b60aab"]
    terms = article.terms(entities=True)
    assert "Vladimir Putin" in terms or "Corea del Nord" in terms
    result = corpus.tfidf(entities=True)
    assert any(" " in term and term[0].isupper() for term in result.vocabulary)


def test_keyness_by_hand() -> None:
    # Target: "missile" 10 times in 1000 terms; reference: 2 times in 2000.
    # E1 = 1000 × 12 / 3000 = 4, E2 = 8; G² = 2 (10 ln(10/4) + 2 ln(2/8)) = 12.780637;
    # p = P(χ²₁ ≥ 12.780637) = 0.000350; log ratio = log2(0.01 / 0.001) = 3.321928;
    # %DIFF = 100 (0.01 − 0.001) / 0.001 = 900.
    target = " ".join(["missile"] * 10 + ["parola"] * 990)
    reference = " ".join(["missile"] * 2 + ["parola"] * 1998)
    corpus = rassegna.Corpus.from_texts([target, reference])
    table = corpus.keyness([True, False], min_count=1).to_pandas().set_index("term")
    row = table.loc["missile"]
    assert (row["count_target"], row["count_reference"]) == (10, 2)
    assert (row["size_target"], row["size_reference"]) == (1000, 2000)
    assert row["g2"] == pytest.approx(12.780637, abs=1e-6)
    assert row["p_value"] == pytest.approx(0.000350, abs=1e-6)
    assert row["log_ratio"] == pytest.approx(3.321928, abs=1e-6)
    assert row["percent_diff"] == pytest.approx(900.0, abs=1e-9)
    assert row["per_10k_target"] == pytest.approx(100.0)
    assert table.index[0] == "missile"


def test_keyness_parts_by_filter_corpus_and_mask(corpus: rassegna.Corpus) -> None:
    by_dict = corpus.keyness({"start": "2024"}, {"end": "2023"}).to_arrow()
    mask_2024 = [bool(a.date and a.date.startswith("2024")) for a in corpus]
    mask_2023 = [bool(a.date and a.date.startswith("2023")) for a in corpus]
    assert by_dict.equals(corpus.keyness(mask_2024, mask_2023).to_arrow())
    assert by_dict.equals(corpus.keyness(corpus.filter(start="2024"), corpus.filter(end="2023")).to_arrow())
    with pytest.raises(rassegna.InvalidValueError, match="mask"):
        corpus.keyness([True])
    with pytest.raises(rassegna.InvalidValueError):
        corpus.keyness("2024")


def test_collocations(corpus: rassegna.Corpus) -> None:
    table = corpus.collocations(min_count=3).to_pandas()
    assert "corea del nord" in set(table["ngram"])
    row = table.set_index("ngram").loc["corea del nord"]
    assert row["n"] == 3 and row["count"] >= 3
    assert (table["count"] >= 3).all()
    assert table["npmi"].is_monotonic_decreasing
    by_ll = corpus.collocations(sort_by="log_likelihood").to_pandas()
    assert by_ll["log_likelihood"].is_monotonic_decreasing
    with pytest.raises(rassegna.InvalidValueError):
        corpus.collocations(sort_by="chi2")
    with pytest.raises(rassegna.InvalidValueError):
        corpus.collocations(sizes=(1, 2))


def test_cooccurrence_table_and_graph(corpus: rassegna.Corpus) -> None:
    pytest.importorskip("networkx")
    pairs = corpus.cooccurrence(of="terms", within="article", min_count=2)
    frame = pairs.to_pandas()
    assert (frame["source"] < frame["target"]).all()
    pair = frame[(frame["source"] == "corea") & (frame["target"] == "nord")].iloc[0]
    both = sum("corea" in a.terms() and "nord" in a.terms() for a in corpus)
    assert pair["count"] == both
    graph = pairs.to_networkx()
    assert graph["corea"]["nord"]["weight"] == both
    assert pickle.loads(pickle.dumps(pairs)).to_arrow().equals(pairs.to_arrow())
    entities = corpus.cooccurrence(labels=["PER"]).to_pandas()
    assert len(entities) > 0
    with pytest.raises(rassegna.InvalidValueError, match="within"):
        corpus.cooccurrence(within="paragraph")
    with pytest.raises(rassegna.InvalidValueError, match="labels"):
        corpus.cooccurrence(labels=["MISC"])


def test_trends_per_period(corpus: rassegna.Corpus) -> None:
    table = corpus.trends(["Corea del Nord", "Kursk"], period="year").to_pandas()
    assert set(table["name"]) == {"corea del nord", "kursk"}
    assert list(table["period"].unique()) == ["2023", "2024"]
    for year in ("2023", "2024"):
        rows = table[(table["period"] == year) & (table["name"] == "kursk")]
        dated = [a for a in corpus if a.date and a.date.startswith(year)]
        assert rows["count"].item() == sum(a.terms().count("kursk") for a in dated)
    assert (table["per_10k"] == table["count"] * 10_000 / table["tokens"]).all()
    with pytest.raises(rassegna.InvalidValueError, match="period"):
        corpus.trends(["kursk"], period="decade")
    with pytest.raises(rassegna.InvalidValueError, match="no term"):
        corpus.trends(["della"])


def test_frequencies(corpus: rassegna.Corpus) -> None:
    top = corpus.frequencies(top=5).to_pandas()
    assert len(top) == 5 and top["count"].is_monotonic_decreasing
    first = top.iloc[0]
    assert first["count"] == sum(a.terms().count(first["term"]) for a in corpus)
    per = corpus.frequencies(per_article=True, top=3).to_pandas()
    assert per.groupby("article").size().max() == 3


def test_keyphrases_overlap_yake(corpus: rassegna.Corpus) -> None:
    yake = pytest.importorskip("yake", reason="yake comes with the test extras")
    stopwords = set(rassegna.stats.ITALIAN_STOPWORDS)
    overlaps = []
    for article in rassegna.datasets.sample():
        ours = {k.lower() for k, _ in article.keyphrases(top=10)}
        extractor = yake.KeywordExtractor(lan="it", top=10, stopwords=stopwords)
        theirs = {k.lower().replace("’", "'") for k, _ in extractor.extract_keywords(article.content)}
        overlaps.append(len(ours & theirs) / 10)
    assert sum(overlaps) / len(overlaps) >= 0.8, overlaps
    table = corpus.keyphrases(top=3).to_pandas()
    assert table.groupby("article")["rank"].max().max() == 3
    first = corpus[0]
    assert table[table["article"] == first.id]["phrase"].tolist() == [k for k, _ in first.keyphrases(top=3)]


def test_results_convert() -> None:
    corpus = rassegna.datasets.sample()
    result = corpus.tfidf()
    assert result.to_polars().shape[0] == result.matrix.nnz
    assert result.vocabulary_[result.vocabulary[3]] == 3
    assert "Tfidf" in repr(result)


def test_tfidf_of_a_stream_of_texts() -> None:
    # More texts than one chunk of work: converted, counted and merged a chunk at a time.
    texts = [f"Kim incontra Putin a Vladivostok, giorno {i}." for i in range(1500)]
    streamed = rassegna.tfidf(iter(texts), numbers=True)
    listed = rassegna.tfidf(texts, numbers=True, threads=1)
    assert streamed.vocabulary == listed.vocabulary
    assert abs(streamed.matrix - listed.matrix).max() == 0
    assert streamed.matrix.shape == (1500, 1500 + 5)  # the numbers and five words
    # A bad item after several chunks were handed on names its position.
    with pytest.raises(rassegna.FormatError, match="text 600"):
        rassegna.tfidf([*texts[:600], 3])
