"""Fetching one thumbnail, carefully (``resonanz hub build --fetch-thumbnails``).

Every URL and every redirect target must pass the :class:`~resonanz.hub.images.HostPolicy`
(http/https, an allowed host); redirects are followed by hand, at most
:data:`MAX_REDIRECTS`, each target checked again. The body is streamed and dropped as
soon as it passes ``max_bytes`` (a ``Content-Length`` beyond it is refused before
reading); a whole fetch may take at most ``timeout`` seconds, however slowly the
server drips. What arrives must be JPEG, PNG, WebP or GIF by its magic bytes (the
``Content-Type`` header is not trusted); SVG is refused. Failures are values
(:class:`Failed`), never exceptions, with a German reason first.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from resonanz.hub.images import HostPolicy, sniff

MAX_REDIRECTS = 3
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_TIMEOUT = 10.0
USER_AGENT = "resonanz-hub/0.1 (self-hosted creator hub; thumbnail copy)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    media_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Failed:
    url: str
    reason: str


def client(timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    """An HTTP client that never follows redirects by itself and sends no cookies back."""
    return httpx.Client(
        follow_redirects=False,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT, "Accept": "image/jpeg,image/png,image/webp,image/gif"},
        trust_env=False,
    )


def _read(response: httpx.Response, max_bytes: int, deadline: float) -> bytes | str:
    declared = response.headers.get("Content-Length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        return f"zu groß: {int(declared)} Bytes (too large)"
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            return f"zu groß: mehr als {max_bytes} Bytes (too large)"
        if time.monotonic() > deadline:
            return "Zeitüberschreitung (timeout)"
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_image(
    http: httpx.Client,
    url: str,
    policy: HostPolicy,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
) -> Fetched | Failed:
    """Fetch ``url`` under the rules of the module docstring."""
    deadline = time.monotonic() + timeout
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        refusal = policy.refusal(current)
        if refusal is not None:
            return Failed(url, refusal if current == url else f"Weiterleitung: {refusal}")
        try:
            with http.stream("GET", current) as response:
                if response.status_code in _REDIRECTS:
                    target = response.headers.get("Location")
                    if not target:
                        return Failed(url, "Weiterleitung ohne Ziel (redirect without target)")
                    current = urljoin(current, target)
                    continue
                if response.status_code != 200:
                    return Failed(url, f"HTTP {response.status_code}")
                body = _read(response, max_bytes, deadline)
        except httpx.TimeoutException:
            return Failed(url, "Zeitüberschreitung (timeout)")
        except httpx.HTTPError as exc:
            return Failed(url, f"nicht erreichbar (unreachable): {type(exc).__name__}")
        if isinstance(body, str):
            return Failed(url, body)
        media_type = sniff(body)
        if media_type is None:
            return Failed(url, "kein JPEG, PNG, WebP oder GIF (not a JPEG, PNG, WebP or GIF)")
        return Fetched(url, media_type, body)
    return Failed(url, f"mehr als {MAX_REDIRECTS} Weiterleitungen (too many redirects)")
