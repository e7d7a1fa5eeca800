"""Named entities: scoring and retraining the model, and the alias table.

``article.entities`` and ``corpus.entities()`` find them; this module is for judging and
replacing the model that does.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Union

from rassegna import _core
from rassegna._core import NerModel

PathLike = Union[str, "os.PathLike[str]"]


def evaluate_ner(
    path: PathLike, *, model: NerModel | None = None, threads: int | None = None
) -> dict[str, Any]:
    """Scores ``model`` (default: the bundled one) on a KIND-format file.

    Entities count only with exact start, end and label, as KIND's ``ner_spans.py score``
    counts them. Returns ``{"PER": {...}, "LOC": {...}, "ORG": {...}, "micro": {...},
    "sentences": n}``, each score a dict of precision, recall, f1, support, tp, fp and fn.
    """
    return (model or NerModel.bundled()).evaluate(path, threads=threads)


def train_ner(
    paths: PathLike | Sequence[PathLike],
    *,
    epochs: int = 12,
    seed: int = 1,
    folds: int = 5,
    ensemble: int = 1,
    threads: int | None = None,
) -> NerModel:
    """Trains an entity model on KIND-format files (``token<TAB>IOB tag`` lines, a blank line
    between sentences, labels PER, LOC, ORG).

    The bundled model's gazetteers and word clusters are reused; the training names become a
    gazetteer, jackknifed over ``folds`` contiguous folds; ``ensemble`` perceptrons with seeds
    ``seed``, ``seed + 1``, ... are averaged. Deterministic given ``seed``. Save the result with
    ``model.save(path)``, load it with ``NerModel.load(path)``, and pass it as ``model=`` to
    ``corpus.entities()`` or ``article.find_entities()``.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return _core.train_ner(
        list(paths), epochs=epochs, seed=seed, folds=folds, ensemble=ensemble, threads=threads
    )


def default_aliases() -> dict[str, str]:
    """The bundled alias table, ``{alias: canonical}``, aliases in key form (lower case,
    hyphens as spaces). Extend it per call with ``aliases={...}``."""
    return _core.default_aliases()
