"""The package and the crate are layered: no module imports, directly or not, one that imports
it (scripts/check_layers.py, which CI also runs on its own)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "check_layers.py"


@pytest.fixture(scope="module")
def layers() -> ModuleType:
    if not SCRIPT.exists():  # pragma: no cover - an installed copy without the sources
        pytest.skip("scripts/check_layers.py is not beside the tests")
    spec = importlib.util.spec_from_file_location("check_layers", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_layers"] = module
    spec.loader.exec_module(module)
    return module


def test_the_repository_has_no_import_cycle(layers: ModuleType) -> None:
    assert layers.check(ROOT, verbose=False) == []


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_cycles_hidden_in_functions_and_type_checking_are_found(layers: ModuleType, tmp_path: Path) -> None:
    write(tmp_path, {
        "python/rassegna/__init__.py": "from rassegna.a import A\n",
        "python/rassegna/a.py": "from rassegna import _core\n\ndef f():\n    from rassegna.b import B\n",
        "python/rassegna/b.py": (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from rassegna.a import A\n"
        ),
        "python/rassegna/c.py": "from rassegna import __version__\n",
        "src/lib.rs": "mod x;\n",
    })
    problems = layers.check(tmp_path, verbose=False)
    assert any("rassegna.a, rassegna.b" in p for p in problems)
    # A name taken from the package's front door is an import of the package itself.
    assert not any("rassegna.c" in p for p in problems)
    (tmp_path / "python/rassegna/__init__.py").write_text("from rassegna.c import x\n")
    assert any("rassegna, rassegna.c" in p for p in layers.check(tmp_path, verbose=False))


def test_rust_cycles_through_reexports_and_written_paths_are_found(
    layers: ModuleType, tmp_path: Path
) -> None:
    write(tmp_path, {
        "python/rassegna/__init__.py": "",
        "src/lib.rs": "pub mod stats;\npub mod text;\n",
        "src/text/mod.rs": "mod words;\npub use words::Word;\n",
        "src/text/words.rs": "// use crate::stats::Count; (a comment is no import)\npub struct Word;\n",
        "src/stats/mod.rs": "mod counts;\nmod intern;\npub use counts::Count;\n",
        "src/stats/counts.rs": (
            "use super::intern::Interner;\nuse crate::text::Word;\npub struct Count;\n"
            "#[cfg(test)]\nmod tests {\n    use crate::stats::intern::Interner;\n}\n"
        ),
        "src/stats/intern.rs": "pub fn make() -> super::counts::Count { super::Count }\n",
    })
    problems = layers.check(tmp_path, verbose=False)
    assert len(problems) == 1 and "stats::counts, stats::intern" in problems[0], problems
    # A test module may reach anywhere; the text layer must not reach up to stats.
    write(tmp_path, {
        "src/stats/intern.rs": "pub struct Interner;\n",
        "src/text/words.rs": "pub struct Word { n: crate::stats::Count }\n",
    })
    problems = layers.check(tmp_path, verbose=False)
    assert len(problems) == 2, problems
    assert any("Rust top-level" in p and "stats, text" in p for p in problems)
    write(tmp_path, {"src/text/words.rs": "pub struct Word;\n"})
    assert layers.check(tmp_path, verbose=False) == []
