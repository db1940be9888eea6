"""One exception tree. Every error says what went wrong and what to do about it."""

from __future__ import annotations


class ResonanzError(Exception):
    """Base class. ``hint`` tells the user what to do next."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(ResonanzError):
    """The request cannot be carried out as given (bad option, unknown format...)."""

    exit_code = 2


class InputError(UsageError):
    """An input file is unusable as a whole (unreadable, unknown format, empty)."""


class UnknownFormatError(InputError):
    """No importer recognised the input, or a forced format name is not registered."""


class ConfigError(UsageError):
    """Settings, catalog or mapping files are invalid."""


class StoreError(ResonanzError):
    """The database could not be reached or is in an unexpected state."""


class ConnectorError(ResonanzError):
    """A live platform API call failed."""


class QuotaExceededError(ConnectorError):
    """The platform refused the call because a quota or rate limit is exhausted."""


class AuthError(ConnectorError):
    """Credentials are missing or were rejected by the platform."""


class PluginLoadError(ResonanzError):
    """A registered plug-in (importer, analyzer, exporter) failed to load."""
