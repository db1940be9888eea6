"""Real images for the thumbnail tests: a JPEG and a PNG Chromium can draw, an SVG."""

from __future__ import annotations

import io

import pytest

from tests.hub.world import PNG

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="window.__xss=true"><circle r="5"/></svg>'


def jpeg(width: int = 32, height: int = 18, colour: tuple[int, int, int] = (200, 80, 120)) -> bytes:
    image_module = pytest.importorskip("PIL.Image", reason="Pillow (a dev dependency) is missing")
    out = io.BytesIO()
    image_module.new("RGB", (width, height), colour).save(out, format="JPEG")
    return out.getvalue()


__all__ = ["PNG", "SVG", "jpeg"]
