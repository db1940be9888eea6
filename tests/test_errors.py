"""The exception tree: one module, every class with an HTTP status and a hint, drawn.

Every exception class defined anywhere in ``resonanz`` either lives in
``resonanz.errors`` under :class:`ResonanzError` with its own ``http_status`` and
``hint``, or is private to its module (named in the errors docstring and referenced
by no other module).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import resonanz
from resonanz import errors
from resonanz.errors import ResonanzError

SRC = Path(resonanz.__file__).resolve().parent
#: exception classes that never leave their module (say why in the errors docstring)
PRIVATE = {"StatusError": "resonanz.importers.mastodon", "ItemError": "resonanz.importers.youtube"}
#: modules that cannot be imported on their own (alembic's env runs inside alembic)
SKIP = {"resonanz.store.migrations.env"}


def _modules() -> list[object]:
    found = []
    for info in pkgutil.walk_packages(resonanz.__path__, "resonanz."):
        if info.name not in SKIP:
            found.append(importlib.import_module(info.name))
    return found


def _exception_classes() -> dict[type[BaseException], str]:
    """Every exception class defined in the package -> the module defining it."""
    found: dict[type[BaseException], str] = {}
    for module in _modules():
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__.startswith("resonanz")
            ):
                found[value] = value.__module__
    return found


def _names_used_outside(module_name: str) -> set[str]:
    """Every name (identifier, attribute, import) used in the package outside ``module_name``."""
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC.parent).with_suffix("")
        dotted = ".".join(relative.parts).removesuffix(".__init__")
        if dotted == module_name:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name):
                used.add(node.id)
            elif isinstance(node, ast.Attribute):
                used.add(node.attr)
            elif isinstance(node, ast.alias):
                used.add(node.name.rsplit(".", 1)[-1])
    return used


def test_every_shared_exception_is_in_the_tree_with_status_and_hint() -> None:
    classes = _exception_classes()
    assert len(classes) > 20  # the walk found the package's classes
    for cls, module in classes.items():
        if cls.__name__ in PRIVATE:
            assert module == PRIVATE[cls.__name__]
            assert cls.__name__ not in _names_used_outside(module), cls
            continue
        assert module == "resonanz.errors", f"{cls.__name__} is defined in {module}"
        assert issubclass(cls, ResonanzError), cls
        own = vars(cls)
        assert "http_status" in own, f"{cls.__name__} declares no http_status"
        assert "hint" in own, f"{cls.__name__} declares no (default) hint"
        assert isinstance(cls.http_status, int) and 400 <= cls.http_status < 600
        assert cls.hint is None or (isinstance(cls.hint, str) and cls.hint)


def test_the_private_exceptions_are_explained_in_the_docstring() -> None:
    doc = errors.__doc__ or ""
    for name, module in PRIVATE.items():
        assert f"``{name}``" in doc
        assert module.removeprefix("resonanz.").replace(".", "/") + ".py" in doc


def _drawn_tree() -> dict[str, tuple[str | None, int, int]]:
    """name -> (parent, http status, exit code) as the errors docstring draws them."""
    doc = errors.__doc__ or ""
    block = doc.split("The tree (HTTP status, CLI exit code)::", 1)[1]
    drawn: dict[str, tuple[str | None, int, int]] = {}
    stack: list[tuple[int, str]] = []
    for line in block.splitlines():
        found = re.match(r"^(\s*(?:[│ ]   )*(?:[├└]── )?)(\w+)\s+(\d{3})\s+(\d)", line)
        if not found:
            if drawn and line.strip():
                break
            continue
        depth = len(found.group(1))
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1] if stack else None
        drawn[found.group(2)] = (parent, int(found.group(3)), int(found.group(4)))
        stack.append((depth, found.group(2)))
    return drawn


def test_the_docstring_draws_every_class_of_the_tree() -> None:
    defined = {
        name: cls
        for name, cls in vars(errors).items()
        if inspect.isclass(cls)
        and issubclass(cls, BaseException)
        and cls.__module__ == errors.__name__
    }
    drawn = _drawn_tree()
    assert set(drawn) == set(defined)
    for name, (parent, status, exit_code) in drawn.items():
        cls = defined[name]
        base = next((b for b in cls.__bases__ if issubclass(b, ResonanzError)), None)
        assert (base.__name__ if base else None) == parent, name
        assert cls.http_status == status, name
        assert cls.exit_code == exit_code, name


def test_old_import_paths_still_work() -> None:
    from resonanz.analysis.engine.pipeline import PipelineError, StageError
    from resonanz.analysis.sentiment import MissingModelError
    from resonanz.connectors.http import ApiError, ConnectorTimeout, RateLimitedError
    from resonanz.connectors.publish import ManualAction
    from resonanz.connectors.publish.base import NotDelivered
    from resonanz.dialogue.states import (
        DialogueError,
        IllegalTransition,
        NotAllowed,
        NotFound,
        ReplyRefused,
    )
    from resonanz.store.validate import Unstorable
    from resonanz.web.deps import CsrfFailed, NotAuthenticated

    for cls in (
        PipelineError,
        StageError,
        MissingModelError,
        ApiError,
        ConnectorTimeout,
        RateLimitedError,
        ManualAction,
        NotDelivered,
        DialogueError,
        IllegalTransition,
        NotAllowed,
        NotFound,
        ReplyRefused,
        Unstorable,
        CsrfFailed,
        NotAuthenticated,
    ):
        assert getattr(errors, cls.__name__) is cls


def test_joined_classes_keep_what_callers_catch() -> None:
    # the sentiment and aspect stages catch LookupError-style; store callers ValueError
    assert issubclass(errors.MissingModelError, LookupError)
    assert issubclass(errors.Unstorable, ValueError)
    # the outbox parks a ManualAction as "manual"; it must not look like a failed call
    assert not issubclass(errors.ManualAction, errors.ConnectorError)
    assert str(errors.ManualAction("post it by hand")) == "post it by hand"


def test_a_default_hint_fills_in_and_a_given_one_wins() -> None:
    assert errors.ManualAction("x").hint == errors.ManualAction.hint
    assert errors.ManualAction("x", "do y").hint == "do y"
    assert errors.UsageError("x").hint is None
