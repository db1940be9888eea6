"""The store knows nothing of the inbox's rules: no module of ``resonanz.store`` imports
``resonanz.dialogue`` (the dialogue package calls the store, never the other way)."""

from __future__ import annotations

import subprocess
import sys

from tests.support.source_imports import offending_imports


def _is_dialogue(module: str) -> bool:
    return module == "resonanz.dialogue" or module.startswith("resonanz.dialogue.")


def test_store_does_not_import_dialogue() -> None:
    found = offending_imports("store", _is_dialogue)
    assert found == [], "\n".join(found)


def test_loading_the_store_loads_no_dialogue_module() -> None:
    """Importing the store's schema (as the migrations do) and its inbox queries loads
    no dialogue module."""
    code = (
        "import sys, resonanz.store.schema, resonanz.store.outbox, resonanz.store.inbox_views,"
        " resonanz.store.inbox_config, resonanz.store.inbox_metrics;"
        "print(sorted(m for m in sys.modules if m.startswith('resonanz.dialogue')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
