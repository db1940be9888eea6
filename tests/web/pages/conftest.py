"""Page-test fixtures: the web fixtures plus a brand catalog and the seeded posts."""

from __future__ import annotations

import pytest

from resonanz.service import Workspace
from tests.web.conftest import seed


@pytest.fixture
def posts(workspace: Workspace) -> dict[str, int]:
    """The seeded posts (ids by native id) with Acme and a competitor in the catalog."""
    workspace.save_brands([{"name": "Acme", "competitors": ["Rival"]}, {"name": "Rival"}])
    return seed(workspace)
