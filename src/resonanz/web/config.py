"""Options of the web app that are not workspace settings (how it is served)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from resonanz.settings import Settings, load_settings
from resonanz.web.security import ACCOUNT_POLICY, ADDRESS_POLICY, ThrottlePolicy


@dataclass(frozen=True)
class WebConfig:
    """How the app is served.

    ``secure_cookies``: ``True`` always marks cookies Secure, ``False`` never, ``None``
    when the request came over TLS (the ``https`` scheme, or ``X-Forwarded-Proto:
    https`` if ``trust_forwarded_proto`` says a reverse proxy in front sets it).
    ``settings``: the workspace settings the server was started with (``resonanz
    serve`` passes what it loaded from ``--config``, the environment and
    ``resonanz.toml``); without them they are loaded when first needed.
    """

    secure_cookies: bool | None = None
    trust_forwarded_proto: bool = False
    session_max_age: int = 12 * 3600
    upload_limit: int = 512 * 1024 * 1024
    upload_dir: Path | None = None  # default: the system temporary directory
    account_throttle: ThrottlePolicy = field(default=ACCOUNT_POLICY)
    address_throttle: ThrottlePolicy = field(default=ADDRESS_POLICY)
    settings: Settings | None = field(default=None, repr=False)  # holds secrets: no repr

    def workspace_settings(self) -> Settings:
        """The settings given, else those of the environment and ``resonanz.toml``."""
        return self.settings if self.settings is not None else load_settings()
