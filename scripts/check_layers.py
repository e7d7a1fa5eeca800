"""Fails when a module of rassegna imports, directly or through others, a module that imports it.

Two graphs are checked, each node one file:

- Python: every module of ``python/rassegna``. All imports count, also those inside
  functions and under ``if TYPE_CHECKING:``: a lazy import hides a cycle, it does not remove
  it. ``from rassegna import x`` is an import of the submodule ``rassegna.x`` when there is
  one, else of the package itself (``__init__.py``, the public face, which imports everything).
  The compiled ``rassegna._core`` is the floor: it imports nothing of Python's.
- Rust: every file of ``src/`` (the library crate; ``src/bin`` is another crate). A file
  depends on the files whose items it names in ``use`` lines and in paths written out in the
  code (``crate::stats::counts::Strings``, ``super::tags::Label``). A name that a ``mod.rs``
  only re-exports (``pub use in_article::Entity``) leads to the file that defines it, since
  ``mod.rs`` is the folder's front door, not a layer. Unit tests (``#[cfg(test)]`` modules)
  are left out: a test may build its input with anything in the crate.

Run ``python scripts/check_layers.py``; it prints each cycle and exits 1, or prints the
layers it found and exits 0. ``tests/test_layers.py`` runs it with the test suite.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "rassegna"


# -- Python ------------------------------------------------------------------------------------
def python_graph(package_dir: Path) -> dict[str, set[str]]:
    modules = {
        PACKAGE if path.name == "__init__.py" else f"{PACKAGE}.{path.stem}": path
        for path in package_dir.glob("*.py")
    }
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            for target in _imported(node, set(modules)):
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def _imported(node: ast.AST, modules: set[str]) -> Iterable[str]:
    """The modules an import statement names (``from rassegna import x``: the submodule
    ``rassegna.x`` if there is one, else the package)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom):
        base = PACKAGE if node.level else (node.module or "")
        if node.level and node.module:
            base = f"{PACKAGE}.{node.module}"
        if base != PACKAGE:
            yield base
            return
        for alias in node.names:
            submodule = f"{PACKAGE}.{alias.name}"
            # The compiled core is not in the graph: it imports nothing of the package.
            yield submodule if submodule in modules or alias.name == "_core" else PACKAGE


# -- Rust --------------------------------------------------------------------------------------
USE = re.compile(r"\buse\s+((?:crate|super|self)\b[^;]*);", re.S)
PATH = re.compile(r"\b((?:crate|super)(?:\s*::\s*[A-Za-z_][A-Za-z0-9_]*)+)")
REEXPORT = re.compile(r"\bpub(?:\([^)]*\))?\s+use\s+([^;]*);", re.S)


RAW_STRING = re.compile(r'b?r(#*)"')
CHAR = re.compile(r"'(?:\\u\{[0-9a-fA-F]+\}|\\.|[^\\'\n])'")


def strip_rust(source: str) -> str:
    """The source without comments, string and char literals, and `#[cfg(test)]` modules."""
    out = []
    i, n = 0, len(source)
    while i < n:
        char = source[i]
        raw = RAW_STRING.match(source, i) if char in "br" else None
        if raw and (i == 0 or not (source[i - 1].isalnum() or source[i - 1] == "_")):
            close = '"' + raw.group(1)
            end = source.find(close, raw.end())
            i = n if end < 0 else end + len(close)
            out.append('""')
        elif source.startswith("//", i):
            end = source.find("\n", i)
            i = n if end < 0 else end
        elif source.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if source.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif source.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif char == '"':
            i += 1
            while i < n and source[i] != '"':
                i += 2 if source[i] == "\\" else 1
            i += 1
            out.append('""')
        elif char == "'" and (literal := CHAR.match(source, i)):
            i = literal.end()
            out.append("' '")
        else:  # code, or the quote of a lifetime
            out.append(char)
            i += 1
    return _drop_test_modules("".join(out))


def _drop_test_modules(text: str) -> str:
    while True:
        match = re.search(r"#\[cfg\(test\)\]\s*(?:pub\s+)?mod\s+\w+\s*(\{|;)", text)
        if not match:
            return text
        if match.group(1) == ";":
            text = text[: match.start()] + text[match.end():]
            continue
        depth, j = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        text = text[: match.start()] + text[j:]


def expand_use(tree: str) -> list[list[str]]:
    """`a::{b, c::{d, e as f}}` as its paths: [a, b], [a, c, d], [a, c, e]."""
    tree = re.sub(r"\s+", "", re.sub(r"\s+as\s+\w+", "", tree))
    paths: list[list[str]] = []

    def walk(prefix: list[str], part: str) -> None:
        brace = part.find("{")
        if brace < 0:
            paths.append(prefix + [s for s in part.split("::") if s])
            return
        head = [s for s in part[:brace].split("::") if s]
        for item in _split_top(part[brace + 1: part.rindex("}")]):
            walk(prefix + head, item)

    walk([], tree)
    return paths


def _split_top(text: str) -> list[str]:
    items, depth, current = [], 0, []
    for char in text:
        if char == "," and depth == 0:
            items.append("".join(current))
            current = []
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        current.append(char)
    items.append("".join(current))
    return [item for item in items if item]


class RustCrate:
    def __init__(self, src: Path) -> None:
        self.files: dict[tuple[str, ...], Path] = {}
        for path in src.rglob("*.rs"):
            relative = path.relative_to(src)
            if relative.parts[0] == "bin":
                continue
            if relative.name == "lib.rs":
                module: tuple[str, ...] = ()
            elif relative.name == "mod.rs":
                module = tuple(relative.parts[:-1])
            else:
                module = (*relative.parts[:-1], relative.stem)
            self.files[module] = path
        self.code = {m: strip_rust(p.read_text(encoding="utf-8")) for m, p in self.files.items()}
        self.reexports = {m: self._reexports(m) for m in self.files}

    def _reexports(self, module: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        """Names a file re-exports, each with the module the name comes from."""
        found: dict[str, tuple[str, ...]] = {}
        for match in REEXPORT.finditer(self.code[module]):
            for path in expand_use(match.group(1)):
                if path[-1] not in ("self", "*"):
                    found[path[-1]] = self.resolve(module, path[:-1], follow=False)
        return found

    def resolve(self, module: tuple[str, ...], path: list[str], follow: bool = True) -> tuple[str, ...]:
        """The file a path written in `module` leads to: the deepest module it names, or the
        file a name re-exported there comes from (with `follow`)."""
        if not path:
            return module
        head, rest = path[0], path[1:]
        if head == "crate":
            base: tuple[str, ...] = ()
        elif head == "super":
            base = module[:-1]
            while rest and rest[0] == "super":
                base, rest = base[:-1], rest[1:]
        elif head == "self":
            base = module
        else:
            base = module
            rest = path
        current = base
        for segment in rest:
            if (*current, segment) in self.files:
                current = (*current, segment)
                continue
            if follow and segment in self.reexports.get(current, {}):
                return self.reexports[current][segment]
            return current
        return current

    def folder_graph(self) -> dict[str, set[str]]:
        """The same dependencies between the crate's top-level modules (`text`, `article`,
        `stats`…): a layer may use only the layers below it. `lib.rs` is left out: it
        declares them all."""
        graph: dict[str, set[str]] = {}
        for module, targets in self.graph().items():
            if module == "crate":
                continue
            top = module.split("::")[0]
            graph.setdefault(top, set())
            for target in targets:
                other = target.split("::")[0]
                if other not in (top, "crate"):
                    graph[top].add(other)
        for targets in list(graph.values()):
            for target in targets:
                graph.setdefault(target, set())
        return graph

    def graph(self) -> dict[str, set[str]]:
        names = {m: "crate" if not m else "::".join(m) for m in self.files}
        graph: dict[str, set[str]] = {names[m]: set() for m in self.files}
        for module, code in self.code.items():
            targets = [path for match in USE.finditer(code) for path in expand_use(match.group(1))]
            targets.extend(re.sub(r"\s+", "", match.group(1)).split("::") for match in PATH.finditer(code))
            for path in targets:
                target = self.resolve(module, path)
                if target != module and target in names:
                    graph[names[module]].add(names[target])
        return graph


# -- cycles ------------------------------------------------------------------------------------
def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layers(graph: dict[str, set[str]]) -> list[list[str]]:
    """Modules by depth: those importing nothing of the graph first."""
    depth: dict[str, int] = {}

    def of(node: str) -> int:
        if node not in depth:
            depth[node] = 0
            depth[node] = 1 + max((of(n) for n in graph[node]), default=-1)
        return depth[node]

    for node in graph:
        of(node)
    out: list[list[str]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for node, d in depth.items():
        out[d].append(node)
    return [sorted(layer) for layer in out]


def explain(graph: dict[str, set[str]], component: list[str]) -> str:
    members = set(component)
    edges = [f"{a} -> {b}" for a in component for b in sorted(graph[a]) if b in members]
    return "  " + "\n  ".join(edges)


def check(root: Path = ROOT, verbose: bool = True) -> list[str]:
    """The cycles found, described; empty when the layers hold."""
    package_dir = root / "python" / PACKAGE
    problems = []
    crate = RustCrate(root / "src")
    graphs = (
        ("Python", python_graph(package_dir)),
        ("Rust", crate.graph()),
        ("Rust top-level", crate.folder_graph()),
    )
    for kind, graph in graphs:
        found = cycles(graph)
        problems.extend(
            f"{kind} import cycle among {', '.join(component)}:\n{explain(graph, component)}"
            for component in found
        )
        if verbose and not found:
            print(f"{kind}: {len(graph)} modules, no cycle; layers from the floor up:")
            for depth, layer in enumerate(layers(graph)):
                print(f"  {depth}: {' '.join(layer)}")
    return problems


def main() -> int:
    problems = check()
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
