"""The import graph of models/ and desktop/, read from the source (AST), type-only imports included."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGES = ("models", "desktop")


def module_name(repo: Path, path: Path) -> str:
    parts = list(path.relative_to(repo).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(repo: Path) -> dict[str, Path]:
    """Every module and package of ours by dotted name."""
    return {module_name(repo, p): p for pkg in PACKAGES for p in sorted((repo / pkg).rglob("*.py"))}


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The longest known module that `name` is or lies in (a.b.C -> a.b)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def imports(repo: Path) -> dict[str, set[str]]:
    """module -> the modules of ours it imports anywhere in its body (functions, TYPE_CHECKING blocks too)."""
    known = modules(repo)
    graph: dict[str, set[str]] = {}
    for mod, path in known.items():
        deps: set[str] = set()
        is_pkg = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    pkg = mod if is_pkg else mod.rpartition(".")[0]
                    for _ in range(node.level - 1):
                        pkg = pkg.rpartition(".")[0]
                    base = f"{pkg}.{base}" if base else pkg
                # `from a import b` may name a submodule b or a name defined in a
                targets = [f"{base}.{a.name}" for a in node.names] or [base]
            else:
                continue
            for t in targets:
                r = _resolve(t, known)
                if r and r != mod:
                    deps.add(r)
        graph[mod] = deps
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or None. A package's __init__ importing its own
    submodules is a cycle too when a submodule imports the package back."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for d in sorted(graph.get(m, ())):
            if state.get(d) == 1:
                return stack[stack.index(d):] + [d]
            if d not in state:
                found = visit(d)
                if found:
                    return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return None


def room(module: str) -> str:
    """The subpackage a module belongs to: models.asr.engine -> models.asr; models.options -> models.options."""
    return ".".join(module.split(".")[:2])


def mutual_rooms(graph: dict[str, set[str]]) -> dict[tuple[str, str], list[str]]:
    """Pairs of subpackages that import each other (a, b with a < b) -> the imports that make the pair."""
    edges: dict[tuple[str, str], list[str]] = {}
    for mod, deps in graph.items():
        for dep in deps:
            a, b = room(mod), room(dep)
            if a != b and "." in a and "." in b:  # the top packages' own __init__ is not a room
                edges.setdefault((a, b), []).append(f"{mod} -> {dep}")
    return {(a, b): edges[(a, b)] + edges[(b, a)] for (a, b) in sorted(edges) if a < b and (b, a) in edges}
