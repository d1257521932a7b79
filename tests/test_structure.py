"""The package's structure: no two modules import each other, directly or round a circle
(counting every import: at the top, under TYPE_CHECKING and inside functions), so a reader can
take the modules in order; and the two interfaces that were both called ``api`` have names
that say which room they are."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted((SRC / "milex").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The milex modules that ``name`` imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in modules:  # `from milex.web import pages`: the submodule
                    out.add(sub)
                elif base in modules:
                    out.add(base)
    out.discard(name)
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


# The one circle left, on purpose: the claim checker's reader and verifier dispatch to the claim
# kinds, which plug in through a registry (milex.claims.kinds discovers its modules) and build
# on the reader's and verifier's shared parts. Any other circle fails.
PLUGIN_REGISTRY = ["milex.claims.extract", "milex.claims.kinds", "milex.claims.verify"]


def test_no_import_circles() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert [c for c in _cycles(graph) if c != PLUGIN_REGISTRY] == []


def test_the_circles_named_in_issue_16_are_gone() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert "milex.web.app" not in graph["milex.web.pages"] | graph["milex.web.scenarios"]
    assert "milex.data.store" not in graph["milex.data.importers.csv"]


def test_the_cycle_finder_finds_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_reader_resolves_submodules_and_relative_imports(tmp_path: Path) -> None:
    src = tmp_path / "m.py"
    src.write_text(
        "from milex.web import pages\nfrom . import rest\nfrom milex import __version__\n"
        "def f():\n    from milex.data.store import open_readonly\n",
        encoding="utf-8",
    )
    modules = {n: src for n in ("milex", "milex.web.pages", "milex.web.rest", "milex.data.store")}
    assert _imports("milex.web.m", src, modules) == {
        "milex",
        "milex.web.pages",
        "milex.web.rest",
        "milex.data.store",
    }


def test_no_module_is_called_api() -> None:
    """The Python API is milex.session, the REST routes milex.web.rest."""
    assert not [p for p in (SRC / "milex").rglob("api.py")]
    assert (SRC / "milex" / "session.py").exists()
    assert (SRC / "milex" / "web" / "rest.py").exists()
