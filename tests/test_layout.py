"""The shape of the code a newcomer relies on: layers, no import circle, short functions.

Read from the source with `ast`, so a new module is checked the day it lands.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "scheduler", "conversations")
# bot/'s folders from the bottom up: a folder imports only its own and lower ones.
BOT_LAYERS = (
    "core",
    "db",
    "channels",
    "people",
    "events",
    "escalations",
    "turns",
    "campaigns",
    "console",
    "web",
    "cli",
)
MAX_FUNCTION_LINES = 60


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, tuple[Path, ast.Module]]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            found[_module_name(path)] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return found


SOURCES = _sources()


def _imported(module: str, tree: ast.Module) -> set[str]:
    """Our modules that `module` imports (`from a import b` counts a.b when b is a module)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                base = ".".join([*module.split(".")[: -node.level], node.module])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in names if name in SOURCES}


GRAPH = {module: _imported(module, tree) - {module} for module, (_, tree) in SOURCES.items()}


def _cycle_from(start: str) -> list[str] | None:
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        module, path = stack.pop()
        for target in GRAPH[module]:
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None


def test_no_import_circle_among_our_modules() -> None:
    circles = [c for m in sorted(GRAPH) if (c := _cycle_from(m)) is not None]
    assert circles == [], " -> ".join(circles[0]) if circles else ""


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "bot" or len(parts) < 3:
        return None  # bot itself, or a module at bot/'s top level
    assert parts[1] in BOT_LAYERS, f"{module}: bot/{parts[1]}/ is not a known layer"
    return BOT_LAYERS.index(parts[1])


def test_no_bot_folder_imports_a_folder_above_it() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if (low := _layer(module)) is not None
        and (high := _layer(target)) is not None
        and high > low
    ]
    assert upward == []


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("scheduler", ("bot",)), ("conversations", ("bot", "scheduler"))],
)
def test_dependencies_point_one_way(package: str, forbidden: tuple[str, ...]) -> None:
    wrong = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        if module.split(".")[0] == package
        for target in targets
        if target.split(".")[0] in forbidden
    ]
    assert wrong == []


def _functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_no_import_inside_a_function_in_bot() -> None:
    hidden = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for module, (path, tree) in SOURCES.items()
        if module.startswith("bot")
        for function in _functions(tree)
        for node in ast.walk(function)
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]
    assert hidden == []


def test_no_function_in_bot_is_longer_than_a_screen() -> None:
    long = [
        f"{path.relative_to(ROOT)}:{function.lineno} {function.name} "
        f"({(function.end_lineno or function.lineno) - function.lineno + 1} lines)"
        for module, (path, tree) in SOURCES.items()
        if module.startswith("bot")
        for function in _functions(tree)
        if (function.end_lineno or function.lineno) - function.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []
