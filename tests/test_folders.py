"""Reading a folder: links are followed, each real file is read once, loops are reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import rassegna

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt",
                                reason="symbolic links as on POSIX systems")


def test_a_loop_is_reported_and_every_file_is_read_once(tmp_path: Path) -> None:
    folder, outside = tmp_path / "archive", tmp_path / "elsewhere"
    (folder / "a").mkdir(parents=True)
    outside.mkdir()
    (folder / "a" / "putin.txt").write_text("Mosca, 3 settembre 2023\n\nPutin parla.\n", encoding="utf-8")
    (outside / "kim.txt").write_text("Pyongyang, 19 giugno 2024\n\nKim ascolta.\n", encoding="utf-8")
    (folder / "a" / "loop").symlink_to("..")                    # back to the folder: a loop
    (folder / "again.txt").symlink_to(folder / "a" / "putin.txt")  # the same file, twice
    (folder / "kim.txt").symlink_to(outside / "kim.txt")          # a file outside the folder

    corpus = rassegna.read(folder)

    assert corpus.ids == ["a/putin", "kim"]
    assert len(corpus.errors) == 1
    (loop,) = corpus.errors
    assert loop.location.endswith(os.path.join("a", "loop"))
    assert "loop" in loop.message
    assert corpus.records_seen == len(corpus) + len(corpus.errors)
