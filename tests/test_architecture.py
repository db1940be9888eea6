"""The faces (``cli/``, ``web/``) reach the rest of ``resonanz`` through the service only.

A face may import from ``resonanz``:

* :mod:`resonanz.service` and its facade modules (``service.workspace``,
  ``service.inbox``, ``service.selection`` ...): every operation and the typed
  records the operations return;
* :mod:`resonanz.models` (the post records), :mod:`resonanz.errors` (the one error
  tree, translated by the CLI's group and the web's one handler);
* :mod:`resonanz.settings`, :mod:`resonanz.extras` and :mod:`resonanz.plugins`: how
  this installation is configured, which optional parts it has and which plug-ins
  (the CLI's commands, the web's pages) it brings (no data; the faces load their own
  commands and pages from the plug-in groups);
* its own package (``resonanz.cli.*`` inside ``cli/``, ``resonanz.web.*`` inside ``web/``).

Everything else (store, dialogue, analysis, insights, exports, importers, report,
privacy, users, connectors, catalog ...) is reached through a facade. The few
exceptions are listed in :data:`EXCEPTIONS`, each with its reason. Imports under
``if TYPE_CHECKING:`` count too: a face should not even name what it may not call.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import resonanz

SRC = Path(resonanz.__file__).resolve().parent
FACES = ("cli", "web")
#: what every face may import (a module or anything below it)
ALLOWED = (
    "resonanz.service",
    "resonanz.models",
    "resonanz.errors",
    "resonanz.settings",
    "resonanz.extras",
    "resonanz.plugins",
)
#: (file relative to ``src/resonanz``, imported module) -> why the face needs it
EXCEPTIONS = {
    ("cli/web.py", "resonanz.web"): "`resonanz serve` starts the other face, the web app",
}


def _module_of(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
    """``(line, module)`` for every ``resonanz`` module the source imports.

    Relative imports are resolved against ``module``; ``from resonanz import name``
    counts as importing ``resonanz.name`` (it is a module or a lazy top-level name).
    """
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target == "resonanz":
                for alias in node.names:
                    yield node.lineno, f"resonanz.{alias.name}"
            else:
                yield node.lineno, target


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def forbidden_imports(path: Path, source: str | None = None) -> list[str]:
    """``file:line: module`` for each import of ``path`` a face may not make."""
    relative = path.relative_to(SRC).as_posix()
    face = relative.split("/", 1)[0]
    module = _module_of(path)
    text = path.read_text(encoding="utf-8") if source is None else source
    found = []
    for line, name in imported_modules(text, module, path.name == "__init__.py"):
        if not _within(name, "resonanz"):
            continue  # the standard library and third parties are not the rule's business
        if _within(name, f"resonanz.{face}") or any(_within(name, a) for a in ALLOWED):
            continue
        if name == "resonanz.__version__":
            continue
        if any(relative == f and _within(name, m) for f, m in EXCEPTIONS):
            continue
        found.append(f"src/resonanz/{relative}:{line}: {name}")
    return found


def _face_files() -> list[Path]:
    return sorted(p for face in FACES for p in (SRC / face).rglob("*.py"))


def test_faces_import_only_the_service_records_and_errors() -> None:
    files = _face_files()
    assert len(files) > 40  # the walk found the faces
    problems = [problem for path in files for problem in forbidden_imports(path)]
    assert not problems, "faces must go through resonanz.service:\n" + "\n".join(problems)


def test_every_exception_is_still_needed() -> None:
    for file, module in EXCEPTIONS:
        text = (SRC / file).read_text(encoding="utf-8")
        names = [n for _, n in imported_modules(text, _module_of(SRC / file), False)]
        assert any(_within(n, module) for n in names), f"{file} no longer imports {module}"


def test_the_checker_catches_forbidden_imports() -> None:
    """The rule cannot pass vacuously: each kind of import is seen and judged."""
    page = SRC / "web" / "pages" / "overview.py"
    source = "\n".join(
        [
            "from resonanz.service import Workspace",  # allowed
            "from resonanz.service.inbox import sync",  # allowed
            "from resonanz.errors import NotFound",  # allowed
            "from resonanz.web.deps import get_workspace",  # own face
            "from resonanz.store.schema import posts",  # line 5: forbidden
            "import resonanz.dialogue.inbox",  # line 6: forbidden
            "from resonanz import insights",  # line 7: forbidden
            "from ...store import search",  # line 8: forbidden, relative
            "from resonanz.cli.common import state",  # line 9: the other face
            "if True:\n    from resonanz.analysis.runner import analyze",  # line 11
        ]
    )
    assert forbidden_imports(page, source) == [
        "src/resonanz/web/pages/overview.py:5: resonanz.store.schema",
        "src/resonanz/web/pages/overview.py:6: resonanz.dialogue.inbox",
        "src/resonanz/web/pages/overview.py:7: resonanz.insights",
        "src/resonanz/web/pages/overview.py:8: resonanz.store",
        "src/resonanz/web/pages/overview.py:9: resonanz.cli.common",
        "src/resonanz/web/pages/overview.py:11: resonanz.analysis.runner",
    ]
    # the listed exceptions hold for their own file only
    cli_file = SRC / "cli" / "demo.py"
    assert forbidden_imports(cli_file, "from resonanz.web import create_app") == [
        "src/resonanz/cli/demo.py:1: resonanz.web"
    ]
