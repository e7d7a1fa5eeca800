"""The type stubs match the compiled module, and the package type-checks against them.
(The README's examples are run and their numbers checked in test_readme.py.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


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
