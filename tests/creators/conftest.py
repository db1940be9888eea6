"""The creators' test world (see tests/support/creators_world.py)."""

from tests.support.creators_world import world

__all__ = ["world"]
