"""The README's examples run, and the type stubs match the compiled module."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_has_examples() -> None:
    assert len(python_blocks()) >= 2


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_readme_example_runs(index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    exec(compile(python_blocks()[index], f"README.md example {index}", "exec"), {})


def test_stubs_match_the_module() -> None:
    pytest.importorskip("mypy", reason="mypy comes with the test extras")
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "rassegna._core", "--ignore-missing-stub"],
        check=False, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_python_package_type_checks() -> None:
    """The pure-Python modules (display, plot, report, storage, …) against the stubs, as an
    editor or Jupyter sees them."""
    pytest.importorskip("mypy", reason="mypy comes with the test extras")
    package = Path(__file__).resolve().parent.parent / "python" / "rassegna"
    done = subprocess.run(
        [sys.executable, "-m", "mypy", str(package), "--ignore-missing-imports", "--no-incremental"],
        check=False, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
