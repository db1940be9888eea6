"""The web face: app factory, login and sessions, REST API, pages, templates, static files.

Start it with ``resonanz serve``; build it in code with :func:`create_app`.
"""

from resonanz.web.app import create_app
from resonanz.web.config import WebConfig

__all__ = ["WebConfig", "create_app"]
