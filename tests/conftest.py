"""Shared fixtures: small corpora written on the fly, and the bundled sample."""

from __future__ import annotations

import pytest
import rassegna


@pytest.fixture(scope="session")
def sample() -> rassegna.Corpus:
    return rassegna.datasets.sample()


@pytest.fixture(scope="session")
def seeds(sample: rassegna.Corpus) -> dict[str, rassegna.Article]:
    """The five sample articles by the short prefix of their file name (``000`` … ``004``)."""
    return {article.id.split("_")[0]: article for article in sample}
