"""One exception tree. Every error says what went wrong and what to do about it.

Every exception that leaves the module raising it is defined here, under
:class:`ResonanzError`. Each class declares

* ``http_status`` -- the status the web app answers with (one handler,
  ``resonanz.web.app``, reads it);
* ``hint`` -- the default advice, used when the raiser gives none (``None`` where
  every raiser gives its own, so what users see does not change);
* ``exit_code`` -- inherited: 2 for usage errors, 1 otherwise (the CLI's one place,
  ``resonanz.cli.common.ResonanzGroup``, prints ``error:``/``hint:`` and exits with it).

``key``/``values`` name a message in the web's catalogs (``web/i18n/{de,en}.json``)
so the web can say it in the user's language; ``message``/``hint`` stay the English
text for the command line and logs.

The tree (HTTP status, CLI exit code)::

    ResonanzError                      500  1
    ├── UsageError                     400  2
    │   ├── InputError                 400  2
    │   │   └── UnknownFormatError     400  2
    │   ├── ConfigError                400  2
    │   ├── Unstorable                 400  2  (also a ValueError)
    │   ├── TooLarge                   413  2
    │   ├── InvalidValue               422  2
    │   ├── PipelineError              400  2
    │   ├── UnknownCreator             404  2
    │   ├── CreatorConflict            409  2
    │   ├── DialogueError              400  2
    │   │   ├── IllegalTransition      409  2
    │   │   ├── NotAllowed             403  2
    │   │   ├── ReplyRefused           422  2
    │   │   └── NotFound               404  2
    │   └── HubError                   400  2
    │       ├── HubRefused             409  2
    │       └── HubUnknown             404  2
    ├── StoreError                     503  1
    ├── ConnectorError                 500  1
    │   ├── QuotaExceededError         500  1
    │   │   └── RateLimitedError       500  1
    │   ├── AuthError                  500  1
    │   └── ApiError                   500  1
    │       ├── ConnectorTimeout       500  1
    │       └── NotDelivered           500  1
    ├── ManualAction                   500  1
    ├── MissingModelError              500  1  (also a LookupError)
    ├── StageError                     500  1
    ├── PluginLoadError                500  1
    ├── NotAuthenticated               401  1
    └── CsrfFailed                     403  1

Their old homes re-export them (``resonanz.dialogue.states.NotFound``,
``resonanz.connectors.http.ApiError``, ``resonanz.web.deps.NotAuthenticated``...).

Private on purpose (never leave their module, so they stay outside the tree):
``StatusError`` (``importers/mastodon.py``) and ``ItemError`` (``importers/youtube.py``)
are per-record mapping failures that the importer itself turns into a ``Rejected``
record; no other module catches or sees them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar


class ResonanzError(Exception):
    """Base class. ``hint`` tells the user what to do next."""

    http_status: ClassVar[int] = 500
    hint: str | None = None
    exit_code: ClassVar[int] = 1
    #: the catalog key of the message (``None``: the English ``message`` is all there is)
    key: str | None = None

    def __init__(
        self,
        message: str = "",
        hint: str | None = None,
        *,
        key: str | None = None,
        values: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint
        if key is not None:
            self.key = key
        self.values: dict[str, str] = dict(values or {})

    def __str__(self) -> str:
        return self.message


class UsageError(ResonanzError):
    """The request cannot be carried out as given (bad option, unknown format...)."""

    http_status = 400
    hint: str | None = None
    exit_code = 2


class InputError(UsageError):
    """An input file is unusable as a whole (unreadable, unknown format, empty)."""

    http_status = 400
    hint: str | None = None


class UnknownFormatError(InputError):
    """No importer recognised the input, or a forced format name is not registered."""

    http_status = 400
    hint = "name the format explicitly (see `resonanz import --help` for the formats)"


class ConfigError(UsageError):
    """Settings, catalog or mapping files are invalid."""

    http_status = 400
    hint: str | None = None


class Unstorable(UsageError, ValueError):
    """One post cannot be stored as it is (id out of range, date before 1970...).

    Raised by ``resonanz.store.validate.check_post``; the import turns it into a
    rejected record naming the reason.
    """

    http_status = 400
    hint = "the post is quarantined; fix it in the source and import it again"


class TooLarge(UsageError):
    """An upload is larger than the configured limit."""

    http_status = 413
    hint: str | None = None


class InvalidValue(UsageError):
    """A value of the request is malformed (e.g. an author not written ``PLATFORM:HANDLE``)."""

    http_status = 422
    hint: str | None = None


class PipelineError(UsageError):
    """The stages cannot form a pipeline (unmet requirement, cycle, duplicate name)."""

    http_status = 400
    hint = "check the stages named in the settings' analysis section"


class UnknownCreator(UsageError):
    """No creator (or account, partnership) of the directory has that name or id."""

    http_status = 404
    hint = "list the creators with `resonanz creators list`"


class CreatorConflict(UsageError):
    """The directory already holds it: a slug in use, an account of another creator."""

    http_status = 409
    hint: str | None = None


class DialogueError(UsageError):
    """An inbox action cannot be done as asked (wrong state, wrong person, bad reply).

    ``key`` names the message in the UI catalogs (``web/i18n/{de,en}.json``; the hint
    under ``key + ".hint"``) and ``values`` fills its placeholders, so the web app and
    the API can say it in the user's language; ``message``/``hint`` are the English
    text for the command line and logs.
    """

    http_status = 400
    hint: str | None = None


class IllegalTransition(DialogueError):
    """The item's state does not allow the requested move."""

    http_status = 409
    hint: str | None = None


class NotAllowed(DialogueError):
    """The acting user may not do this (e.g. approve their own reply)."""

    http_status = 403
    hint: str | None = None


class ReplyRefused(DialogueError):
    """The reply breaks the transparency rules (account not declared, undisclosed incentive)."""

    http_status = 422
    hint = "reply from an account declared for the brand and disclose any incentive"


class NotFound(DialogueError):
    """No such inbox item (or template, rule)."""

    http_status = 404
    hint: str | None = None


class HubError(UsageError):
    """A curation step of the creator hub cannot be carried out."""

    http_status = 400
    hint: str | None = None


class HubRefused(HubError):
    """The hub's rules refuse the step (creator not in the hub, undisclosed advertising)."""

    http_status = 409
    hint: str | None = None


class HubUnknown(HubError):
    """The collection, creator or item named does not exist."""

    http_status = 404
    hint: str | None = None


class StoreError(ResonanzError):
    """The database could not be reached or is in an unexpected state."""

    http_status = 503
    hint: str | None = None


class ConnectorError(ResonanzError):
    """A live platform API call failed."""

    http_status = 500
    hint: str | None = None


class QuotaExceededError(ConnectorError):
    """The platform refused the call because a quota or rate limit is exhausted."""

    http_status = 500
    hint: str | None = None


class RateLimitedError(QuotaExceededError):
    """HTTP 429 or a platform quota; ``retry_after`` is in seconds when known."""

    http_status = 500
    hint: str | None = None

    def __init__(
        self, message: str, hint: str | None = None, *, retry_after: float | None = None
    ) -> None:
        super().__init__(message, hint)
        self.retry_after = retry_after


class AuthError(ConnectorError):
    """Credentials are missing or were rejected by the platform."""

    http_status = 500
    hint = "check the platform credentials in the environment or settings"


class ApiError(ConnectorError):
    """A platform answered with an error that is neither auth nor quota.

    ``status`` is the HTTP status (0 when no answer arrived) and ``reason`` the
    platform's machine-readable reason when it gave one (e.g. ``commentsDisabled``).
    """

    http_status = 500
    hint: str | None = None

    def __init__(
        self, message: str, hint: str | None = None, *, status: int = 0, reason: str = ""
    ) -> None:
        super().__init__(message, hint)
        self.status = status
        self.reason = reason


class ConnectorTimeout(ApiError):
    """No (complete) answer arrived in time, even after retrying."""

    http_status = 500
    hint: str | None = None


class NotDelivered(ApiError):
    """The request surely did not reach the platform (connection refused): safe to resend."""

    http_status = 500
    hint: str | None = None


class ManualAction(ResonanzError):
    """The adapter cannot post; a person has to (the text and link are in the outbox).

    Not a :class:`ConnectorError`: nothing failed. The outbox catches it and parks
    the entry as ``manual`` until someone confirms the reply was posted.
    """

    http_status = 500
    hint = "post the reply by hand, then confirm it in the outbox"


class MissingModelError(ResonanzError, LookupError):
    """A language's sentiment model is not shipped with this installation.

    The sentiment and aspect stages catch it and fall back (lexicon, no scores).
    """

    http_status = 500
    hint = "build the model with `resonanz train` or analyse without that language"


class StageError(ResonanzError):
    """A stage raised while analyzing a batch; nothing of that batch was stored."""

    http_status = 500
    hint = "the posts stay pending; fix or disable the stage and run `resonanz analyze` again"

    def __init__(self, stage: str, keys: Sequence[int | str], cause: BaseException) -> None:
        shown = ", ".join(str(k) for k in list(keys)[:5]) + (" ..." if len(keys) > 5 else "")
        super().__init__(
            f"analysis stage {stage!r} failed on {len(keys)} post(s) [{shown}]: "
            f"{type(cause).__name__}: {cause}",
            hint="the posts stay pending; fix or disable the stage and run `resonanz analyze` again",
        )
        self.stage = stage
        self.keys = list(keys)
        self.cause = cause


class PluginLoadError(ResonanzError):
    """A registered plug-in (importer, analyzer, exporter) failed to load."""

    http_status = 500
    hint = "reinstall the plug-in's package or uninstall it"


class NotAuthenticated(ResonanzError):
    """No valid session or token: 401 for the API, a redirect to /login for pages."""

    http_status = 401
    hint: str | None = None


class CsrfFailed(ResonanzError):
    """A cookie-authenticated write came without the session's CSRF token."""

    http_status = 403
    hint: str | None = None
    key = "error.csrf"
