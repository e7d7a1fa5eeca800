"""Sample data shipped with rassegna."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rassegna.corpus import Corpus, read


def sample_path() -> Path:
    """The folder of the bundled sample corpus: five Italian articles (2023–2024) on the
    Russia–North Korea axis, as they were collected (headers, paywall prompts and all)."""
    return Path(str(resources.files("rassegna") / "data" / "sample"))


def sample(*, threads: int | None = None) -> Corpus:
    """The bundled sample corpus, parsed."""
    return read(sample_path(), strict=True, threads=threads)
