"""What a package's source files import and call, read with :mod:`ast` (nothing runs)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

import resonanz

SRC = Path(resonanz.__file__).parent


def package_files(package: str) -> list[Path]:
    """The ``.py`` files of ``resonanz.<package>``, sorted."""
    return sorted((SRC / package).rglob("*.py"))


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(SRC.parent)}:{getattr(node, 'lineno', 0)}"


def imports(path: Path) -> Iterator[tuple[ast.AST, str]]:
    """``(node, module)`` for every import in ``path``, at any depth (lazy ones too);
    ``from a import b`` yields both ``a`` and ``a.b``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node, node.module
            for alias in node.names:
                yield node, f"{node.module}.{alias.name}"


def names(path: Path) -> Iterator[tuple[ast.AST, str]]:
    """``(node, name)`` for every name and attribute read (not assigned) in ``path``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            yield node, node.id
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            yield node, node.attr


def offending_imports(package: str, bad: Callable[[str], bool]) -> list[str]:
    """``file:line imports module`` for every import in ``resonanz.<package>`` that
    ``bad`` rejects (the package must have sources)."""
    files = package_files(package)
    assert files, f"no sources of resonanz.{package}"
    return [
        f"{where(path, node)} imports {module}"
        for path in files
        for node, module in imports(path)
        if bad(module)
    ]


def offending_names(package: str, bad: Collection[str]) -> list[str]:
    """``file:line uses name`` for every read of a name in ``bad`` in ``resonanz.<package>``."""
    return [
        f"{where(path, node)} uses {name}"
        for path in package_files(package)
        for node, name in names(path)
        if name in bad
    ]
