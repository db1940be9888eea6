"""The web's one error handler: every class of the tree answers with its ``http_status``.

Routes added for the test raise each class of :mod:`resonanz.errors`, once under
``/api/`` (JSON) and once as a page (HTML).
"""

from __future__ import annotations

import html
import inspect
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from resonanz import errors
from resonanz.errors import ResonanzError
from resonanz.service import Workspace
from resonanz.web import create_app

CLASSES = {
    name: cls
    for name, cls in vars(errors).items()
    if inspect.isclass(cls) and issubclass(cls, ResonanzError)
}


def _make(cls: type[ResonanzError]) -> ResonanzError:
    if cls is errors.StageError:
        return cls("spam", [1, 2], ValueError("broken"))  # type: ignore[call-arg]
    return cls("it went wrong", "do this instead")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    path: Path = tmp_path_factory.mktemp("errors") / "resonanz.db"
    router = APIRouter()

    @router.get("/api/v1/raise/{name}")
    def api_raise(name: str) -> None:
        raise _make(CLASSES[name])

    @router.get("/raise/{name}")
    def page_raise(name: str) -> None:
        raise _make(CLASSES[name])

    workspace = Workspace(f"sqlite:///{path}")
    return TestClient(create_app(workspace, page_routers=[router]))


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_the_api_answers_with_the_class_status(client: TestClient, name: str) -> None:
    cls = CLASSES[name]
    exc = _make(cls)
    response = client.get(f"/api/v1/raise/{name}")
    assert response.status_code == cls.http_status
    body = response.json()
    if cls is errors.NotAuthenticated:
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert body == {"detail": "it went wrong"}
    elif cls is errors.CsrfFailed:
        assert body == {
            "detail": "The form has expired or was sent from elsewhere. "
            "Reload the page and try again.",
            "hint": "do this instead",
        }
    elif cls is errors.ReplyRefused:
        assert body == {
            "detail": {"message": exc.message, "hint": exc.hint, "code": "inbox.refused"}
        }
    elif issubclass(cls, errors.DialogueError):
        assert body == {"detail": exc.message}
    else:
        assert body == {"detail": exc.message, "hint": exc.hint}


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_pages_show_the_class_status(client: TestClient, name: str) -> None:
    cls = CLASSES[name]
    response = client.get(f"/raise/{name}", follow_redirects=False)
    if cls is errors.NotAuthenticated:
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=%2Fraise%2FNotAuthenticated"
        return
    assert response.status_code == cls.http_status
    assert "text/html" in response.headers["content-type"]
    assert html.escape(_make(cls).hint or "", quote=False) in response.text
