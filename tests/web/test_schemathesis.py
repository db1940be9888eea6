"""Against a real uvicorn server on 127.0.0.1: sign in over HTTP, and let schemathesis
throw generated requests at every operation of the OpenAPI schema: no 5xx allowed."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from resonanz.service import Workspace
from resonanz.web import create_app
from tests.web.conftest import PASSWORD, Member, seed

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(workspace: Workspace, team: dict[str, Member]) -> Iterator[str]:
    seed(workspace)
    port = _free_port()
    config = uvicorn.Config(
        create_app(workspace), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not instance.started:
        assert thread.is_alive(), "uvicorn did not start"
        assert time.monotonic() < deadline, "uvicorn did not start in time"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=30)


def test_real_server_login_and_api(server: str, team: dict[str, Member]) -> None:
    with httpx.Client(base_url=server, follow_redirects=False) as client:
        assert client.get("/api/v1/posts").status_code == 401
        page = client.get("/login")
        assert page.status_code == 200
        assert page.headers["x-content-type-options"] == "nosniff"
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        signed_in = client.post(
            "/login", data={"username": "analyst", "password": PASSWORD, "csrf_token": token}
        )
        assert signed_in.status_code == 303
        assert client.get("/api/v1/me").json()["role"] == "analyst"
        bearer = {"Authorization": f"Bearer {team['viewer'].token}"}
        with httpx.Client(base_url=server) as other:
            assert other.get("/api/v1/me", headers=bearer).json()["role"] == "viewer"


def test_schemathesis_finds_no_server_errors(
    server: str, team: dict[str, Member], tmp_path: Path
) -> None:
    examples = os.environ.get("RESONANZ_SCHEMATHESIS_EXAMPLES", "25")
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{server}/api/v1/openapi.json",
        "--url",
        server,
        "--header",
        f"Authorization: Bearer {team['admin'].token}",
        "--checks",
        "not_a_server_error",
        # These two could lock the fuzzer out (revoking its own token, deactivating its
        # admin); tests in test_auth.py and test_roles.py cover them.
        "--exclude-name",
        "DELETE /api/v1/tokens/{token_id}",
        "--exclude-name",
        "PATCH /api/v1/users/{user_id}",
        "--max-examples",
        examples,
        "--seed",
        "20261126",
        "--request-timeout",
        "60",
        "--no-color",
    ]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=1500,
        cwd=tmp_path,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-6000:]
    tested = re.search(r"Tested: (\d+)", output)
    assert tested and int(tested.group(1)) >= 20, output[-3000:]
    assert re.search(r"\d+ generated, \d+ passed", output), output[-3000:]
