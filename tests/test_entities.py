"""Entities: the model's output on articles, canonical names, corpus tables, evaluation and
retraining."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import rassegna
from rassegna.cli import main

# A small KIND-format file: token<TAB>IOB tag lines, a blank line between sentences.
KIND_SENTENCES = [
    [("Vladimir", "B-PER"), ("Putin", "I-PER"), ("è", "O"), ("a", "O"), ("Mosca", "B-LOC"), (".", "O")],
    [("La", "O"), ("Nato", "B-ORG"), ("incontra", "O"), ("Mark", "B-PER"), ("Rutte", "I-PER"),
     ("a", "O"), ("Bruxelles", "B-LOC"), (".", "O")],
    [("Il", "O"), ("Cremlino", "B-ORG"), ("ha", "O"), ("parlato", "O"), ("con", "O"), ("Pechino", "B-LOC"),
     (".", "O")],
]


def write_kind(path: Path, sentences: list[list[tuple[str, str]]], times: int = 1) -> Path:
    lines = []
    for sentence in sentences * times:
        lines += [f"{token}\t{tag}" for token, tag in sentence] + [""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_entities_slice_the_article_text_with_str_offsets() -> None:
    # Accents and a no-break space before the names: byte and str offsets differ.
    article = rassegna.parse("Perché\u00a0così? Il presidente russo Vladimir Putin è arrivato a Pyongyang.")
    found = {(e.text, e.label) for e in article.entities}
    assert ("Vladimir Putin", "PER") in found
    assert ("Pyongyang", "LOC") in found
    for entity in article.entities:
        assert article.text[entity.start : entity.end] == entity.text
        assert entity.sentence is not None
        sentence = article.sentences[entity.sentence]
        assert sentence.start <= entity.start < entity.end <= sentence.end
    # Titles such as "il presidente" stay outside the span; demonyms are not entities.
    assert not any("presidente" in e.text or e.text == "russo" for e in article.entities)


def test_short_forms_and_misspellings_take_the_fullest_name(seeds: dict[str, rassegna.Article]) -> None:
    article = seeds["000"]
    by_text: dict[str, set[str]] = {}
    for entity in article.entities:
        by_text.setdefault(entity.text, set()).add(entity.canonical)
    assert by_text["Putin"] == {"Vladimir Putin"}
    # The article writes "Llyod Austin": the text keeps it, the canonical name mends it.
    assert by_text["Llyod Austin"] == {"Lloyd Austin"}
    assert by_text["Austin"] == {"Lloyd Austin"}
    misspelt = next(e for e in article.entities if e.text == "Llyod Austin")
    assert "Llyod" in article.text[misspelt.start :]


def test_spelling_variants_and_aliases_unify_across_the_corpus(sample: rassegna.Corpus) -> None:
    mentions = sample.entities().to_pandas()
    kim = mentions[mentions["text"].str.startswith("Kim Jong")]
    assert set(kim["text"]) >= {"Kim Jong Un", "Kim Jong-un"}
    assert set(kim["canonical"]) == {"Kim Jong-un"}
    usa = mentions[mentions["text"] == "Usa"]
    assert len(usa) > 0 and set(usa["canonical"]) == {"Stati Uniti"}
    onu = mentions[mentions["text"] == "Onu"]
    assert set(onu["canonical"]) == {"Nazioni Unite"}


def test_aliases_extend_the_bundled_table() -> None:
    corpus = rassegna.Corpus.from_texts(["Mosca e Pechino firmano un accordo con gli Usa."])
    default = corpus.entities().to_pandas()
    assert set(default[default["text"] == "Mosca"]["canonical"]) == {"Mosca"}
    mine = corpus.entities(aliases={"Mosca": "Russia"}).to_pandas()
    assert set(mine[mine["text"] == "Mosca"]["canonical"]) == {"Russia"}
    # The bundled aliases still apply.
    assert set(mine[mine["text"] == "Usa"]["canonical"]) == {"Stati Uniti"}
    assert rassegna.default_aliases()["rpdc"] == "Corea del Nord"
    article = corpus[0]
    assert {e.canonical for e in article.find_entities(aliases={"Pechino": "Cina"})} >= {"Cina"}


def test_entities_in_set_aside_text_are_marked_and_not_counted() -> None:
    text = (
        "Mosca e Pyongyang firmano un accordo\n\n"
        "Il ministro Sergei Lavrov è arrivato a Pyongyang.\n\n"
        "Leggi anche: Antonio Guterres a Mosca\n"
    )
    corpus = rassegna.Corpus.from_texts([text], ids=["a"])
    article = corpus[0]
    guterres = [e for e in article.entities if e.text == "Antonio Guterres"]
    assert guterres and all(e.set_aside and e.sentence is None for e in guterres)
    assert all(not e.set_aside for e in article.entities if e.text == "Sergei Lavrov")
    counts = corpus.entity_counts().to_pandas()
    assert "Antonio Guterres" not in set(counts["canonical"])
    assert "Sergei Lavrov" in set(counts["canonical"])
    title = [e for e in article.entities if e.segment == "title"]
    assert {e.text for e in title} >= {"Mosca", "Pyongyang"}


def test_corpus_tables(sample: rassegna.Corpus) -> None:
    mentions = sample.entities()
    assert mentions.columns == [
        "article", "date", "source", "start", "end", "label", "text", "canonical", "sentence",
        "segment", "set_aside", "place", "geonameid",
    ]
    frame = mentions.to_pandas()
    texts = {a.id: a.text for a in sample}
    for row in frame.head(50).itertuples():
        assert texts[row.article][row.start : row.end] == row.text
    assert set(frame["label"]) == {"PER", "LOC", "ORG"}
    assert mentions.to_polars().height == len(frame) == mentions.to_arrow().num_rows

    counts = sample.entity_counts().to_pandas()
    assert list(counts.columns) == [
        "canonical", "label", "mentions", "per", "loc", "org", "articles", "surface_forms",
        "first_date", "last_date", "place", "geonameid",
    ]
    assert counts["mentions"].is_monotonic_decreasing
    assert (counts["mentions"] == counts["per"] + counts["loc"] + counts["org"]).all()
    putin = counts[counts["canonical"] == "Vladimir Putin"].iloc[0]
    assert putin["label"] == "PER"
    assert putin["articles"] == 5
    assert set(putin["surface_forms"]) == {"Putin", "Vladimir Putin"}
    assert (putin["first_date"], putin["last_date"]) == ("2023-09", "2024-11")
    not_set_aside = frame[~frame["set_aside"]]
    assert counts["mentions"].sum() == len(not_set_aside)


def test_empty_corpus_tables_have_their_columns() -> None:
    corpus = rassegna.Corpus.from_texts([])
    assert corpus.entities().num_rows == 0
    assert "canonical" in corpus.entity_counts().columns


def test_entities_and_models_pickle(sample: rassegna.Corpus) -> None:
    entity = sample[0].entities[0]
    assert pickle.loads(pickle.dumps(entity)) == entity
    assert repr(entity).startswith("Entity(")
    bundled = rassegna.NerModel.bundled()
    assert repr(pickle.loads(pickle.dumps(bundled))) == "NerModel(bundled)"
    # An article's entities survive the article's own round trip.
    article = sample[3]
    assert pickle.loads(pickle.dumps(article)).entities == article.entities


def test_evaluate_ner_scores_exact_spans(tmp_path: Path) -> None:
    path = write_kind(tmp_path / "dev.tsv", KIND_SENTENCES)
    scores = rassegna.evaluate_ner(path)
    assert set(scores) == {"PER", "LOC", "ORG", "micro", "sentences"}
    assert scores["sentences"] == 3
    micro = scores["micro"]
    assert micro["support"] == 7
    assert micro["tp"] + micro["fn"] == 7
    assert 0.0 <= micro["f1"] <= 1.0
    assert scores["PER"]["tp"] == 2  # two people's names: the bundled model knows them

    # A file annotated differently: the same model scores worse on it.
    wrong = [[(t, "B-ORG" if tag == "B-LOC" else tag) for t, tag in s] for s in KIND_SENTENCES]
    worse = rassegna.evaluate_ner(write_kind(tmp_path / "wrong.tsv", wrong))
    assert worse["micro"]["f1"] < micro["f1"]


def test_train_ner_learns_the_annotation_it_is_given(tmp_path: Path) -> None:
    # Cities annotated as ORG: a model trained on that must follow it; the bundled model won't.
    relabelled = [[(t, tag.replace("LOC", "ORG")) for t, tag in s] for s in KIND_SENTENCES]
    train = write_kind(tmp_path / "train.tsv", relabelled, times=20)
    model = rassegna.train_ner(train, epochs=3, folds=0, seed=7)
    assert rassegna.evaluate_ner(train, model=model)["micro"]["f1"] > 0.95
    assert rassegna.evaluate_ner(train)["ORG"]["f1"] < 0.9
    article = rassegna.parse("Il presidente Vladimir Putin è a Mosca.")
    labels = {e.text: e.label for e in article.find_entities(model=model)}
    assert labels.get("Mosca") == "ORG"

    path = tmp_path / "model.bin"
    model.save(path)
    loaded = rassegna.NerModel.load(path)
    assert loaded.to_bytes() == model.to_bytes()
    assert pickle.loads(pickle.dumps(model)).to_bytes() == model.to_bytes()
    again = rassegna.train_ner(train, epochs=3, folds=0, seed=7)
    assert again.to_bytes() == model.to_bytes()  # deterministic given the seed


def test_entity_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(rassegna.ReadError, match=r"missing\.tsv"):
        rassegna.evaluate_ner(tmp_path / "missing.tsv")
    bad = tmp_path / "bad.tsv"
    bad.write_text("Putin\tB-XYZ\n", encoding="utf-8")
    with pytest.raises(rassegna.InvalidValueError, match=r"bad\.tsv.*XYZ"):
        rassegna.evaluate_ner(bad)
    empty = write_kind(tmp_path / "plain.tsv", [[("nulla", "O")]])
    with pytest.raises(rassegna.InvalidValueError, match="no entities"):
        rassegna.train_ner(empty)
    with pytest.raises(rassegna.InvalidValueError):
        rassegna.train_ner([])
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a model")
    with pytest.raises(rassegna.FormatError, match=r"junk\.bin"):
        rassegna.NerModel.load(junk)


def test_cli_entities_evaluate_and_train(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entities", "--top", "5", "-o", str(tmp_path / "m.parquet")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["canonical", "label", "mentions"]
    assert len(out) == 6
    assert (tmp_path / "m.parquet").exists()
    dev = write_kind(tmp_path / "dev.tsv", KIND_SENTENCES)
    assert main(["evaluate-ner", str(dev)]) == 0
    assert "micro" in capsys.readouterr().out
    model = tmp_path / "model.bin"
    command = ["train-ner", str(dev), "-o", str(model), "--epochs", "2", "--folds", "0", "--dev", str(dev)]
    assert main(command) == 0
    assert model.exists()
    assert main(["evaluate-ner", str(dev), "--model", str(model)]) == 0


def test_transliterations_of_one_name_are_one_referent_across_the_corpus() -> None:
    corpus = rassegna.Corpus.from_texts(
        [
            "Mosca, 5 settembre 2023 – Il portavoce del Cremlino Dmitry Peskov ha detto che "
            "il ministro della Difesa russo Serghei Shoigu non andrà a Pyongyang.",
            "Roma, 6 settembre 2023 – Il portavoce del Cremlino Dmitri Peskov ha smentito. "
            "Il ministro della Difesa russo, Sergei K. Shoigu, è rimasto a Mosca.",
        ],
        ids=["a", "b"],
    )
    mentions = corpus.entities().to_pandas()
    people = mentions[mentions["label"] == "PER"]
    by_text = dict(zip(people["text"], people["canonical"]))
    assert by_text["Dmitry Peskov"] == by_text["Dmitri Peskov"]
    assert by_text["Serghei Shoigu"] == by_text["Sergei K. Shoigu"]
    counts = corpus.entity_counts().to_pandas().set_index("canonical")
    assert counts.loc[by_text["Dmitri Peskov"], "articles"] == 2


def test_the_sample_has_no_common_nouns_media_people_or_glued_place_pairs(
    sample: rassegna.Corpus,
) -> None:
    mentions = sample.entities().to_pandas()
    found = list(zip(mentions["text"], mentions["label"]))
    surfaces = {text for text, _ in found}
    # `il regime di Pyongyang`: a common noun, not a name.
    assert "regime" not in surfaces
    # Newspapers are organisations, never people.
    for medium in ("Hurriyet", "Vedomosti", "Rodong Sinmun"):
        assert (medium, "PER") not in found, medium
        assert (medium, "ORG") in found, medium
    # `Asse Mosca-Pyongyang`, `l'asse Mosca-Corea`: each side is a place of its own.
    assert not any("-" in text and label == "LOC" for text, label in found if "Mosca" in text)
    axis = next(a for a in sample if "Asse Mosca-Pyongyang" in a.text)
    at = axis.text.index("Mosca-Pyongyang")
    sides = {e.text for e in axis.entities if at <= e.start < at + len("Mosca-Pyongyang")}
    assert sides == {"Mosca", "Pyongyang"}
