"""Optional extras (``web``, ``pdf``, ``postgres``, ``scale``): how to install them, and a check.

The install command depends on how Resonanz is installed: from a clone (an editable
install or ``PYTHONPATH=src``) the extra is added with ``pip install -e '.[web]'`` in
the clone; from an index with ``pip install 'resonanz[web]'``. Hints also tell the user
to activate the virtual environment the running interpreter belongs to when it is not
the active one, because that is where the extra must go.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

from resonanz.errors import ResonanzError

# the modules each extra provides, as imported (not as distribution names)
EXTRA_MODULES: dict[str, tuple[str, ...]] = {
    "web": ("fastapi", "uvicorn", "argon2", "itsdangerous", "tomli_w"),
    "pdf": ("weasyprint",),
    "postgres": ("psycopg",),
    "scale": ("dask", "distributed"),
}


def clone_root() -> Path | None:
    """The source checkout Resonanz runs from, or ``None`` for an installed package."""
    package = Path(__file__).resolve().parent
    root = package.parent.parent  # <clone>/src/resonanz
    pyproject = root / "pyproject.toml"
    if package.parent.name != "src" or not pyproject.is_file():
        return None
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError:
        return None
    return root if 'name = "resonanz"' in text else None


def _relative(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def activate_hint() -> str | None:
    """``. .venv/bin/activate`` when the interpreter's venv is not the active one."""
    if sys.prefix == sys.base_prefix:
        return None
    active = os.environ.get("VIRTUAL_ENV")
    if active and Path(active).resolve() == Path(sys.prefix).resolve():
        return None
    script = Path(sys.prefix) / ("Scripts" if os.name == "nt" else "bin") / "activate"
    return f". {_relative(script)}"


def install_command(extra: str) -> str:
    """The pip command that adds ``extra`` to this installation."""
    root = clone_root()
    if root is None:
        return f"pip install 'resonanz[{extra}]'"
    command = f"pip install -e '.[{extra}]'"
    if Path.cwd().resolve() != root:
        command = f"cd {root} && {command}"
    return command


def install_hint(extra: str, purpose: str) -> str:
    """A sentence telling the user how to install ``extra`` (for ``purpose``)."""
    steps = [install_command(extra)]
    activate = activate_hint()
    if activate is not None:
        steps.insert(0, activate)
    joined = " then ".join(f"`{step}`" for step in steps)
    return f"{purpose} needs the {extra} extra: run {joined}"


def missing_modules(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported here."""
    missing: list[str] = []
    for name in EXTRA_MODULES[extra]:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def require_extra(extra: str, purpose: str) -> None:
    """Raise a :class:`ResonanzError` with an install hint when ``extra`` is missing."""
    missing = missing_modules(extra)
    if missing:
        raise ResonanzError(
            f"{purpose} needs the optional '{extra}' dependencies, which are not installed "
            f"(missing: {', '.join(missing)})",
            hint=install_hint(extra, purpose),
        )
