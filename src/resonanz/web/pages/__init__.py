"""The web pages: server-rendered Jinja2 with htmx partial updates.

One module per page (or settings section); :func:`routers` hands their routers
to the app factory: it is the ``builtin`` entry point of the ``resonanz.pages``
plug-in group (see ``docs/plugins.md``).
"""

from __future__ import annotations

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """Every page router, in the order the app should include them."""
    from resonanz.web.pages import (
        creators,
        inbox,
        mentions,
        overview,
        thread,
        topics,
        transparency,
        voices,
    )
    from resonanz.web.pages.settings import routers as settings_routers

    return [
        overview.router,
        mentions.router,
        thread.router,
        topics.router,
        voices.router,
        creators.router,
        transparency.router,
        inbox.router,
        *settings_routers(),
    ]
