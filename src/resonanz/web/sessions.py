"""Session cookies: signed, timestamped, HttpOnly, SameSite=Lax.

A cookie holds the user id, the user's ``session_epoch`` when it was issued, and
the CSRF token of the session. It is signed with a key kept in the database
(:func:`resonanz.users.server_secret`), so it cannot be forged or altered; it
expires after ``max_age`` seconds; and it dies early when the user's epoch moves on
(logout, password or role change, deactivation).
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from resonanz.web.config import WebConfig
from resonanz.web.security import new_csrf_token

SESSION_COOKIE = "resonanz_session"
LOGIN_COOKIE = "resonanz_login"  # the pre-session CSRF token of the login form


@dataclass(frozen=True, slots=True)
class SessionData:
    user_id: int
    epoch: int
    csrf: str


class SessionCodec:
    """Signs and checks the session and login-form cookies."""

    def __init__(self, secret: str, config: WebConfig) -> None:
        self.config = config
        self._session = URLSafeTimedSerializer(secret, salt="resonanz.session")
        self._login = URLSafeTimedSerializer(secret, salt="resonanz.login-form")

    def is_secure(self, request: Request) -> bool:
        if self.config.secure_cookies is not None:
            return self.config.secure_cookies
        if request.url.scheme == "https":
            return True
        if self.config.trust_forwarded_proto:
            forwarded = request.headers.get("x-forwarded-proto", "")
            return forwarded.split(",")[0].strip().lower() == "https"
        return False

    def _set(self, request: Request, response: Response, name: str, value: str, age: int) -> None:
        response.set_cookie(
            name,
            value,
            max_age=age,
            path="/",
            httponly=True,
            samesite="lax",
            secure=self.is_secure(request),
        )

    # -- the session ---------------------------------------------------------------

    def issue(self, request: Request, response: Response, user_id: int, epoch: int) -> str:
        """Set a fresh session cookie; returns its CSRF token."""
        csrf = new_csrf_token()
        value = self._session.dumps({"u": user_id, "e": epoch, "c": csrf})
        self._set(request, response, SESSION_COOKIE, value, self.config.session_max_age)
        return csrf

    def read(self, request: Request) -> SessionData | None:
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw or len(raw) > 4096:
            return None
        try:
            data = self._session.loads(raw, max_age=self.config.session_max_age)
        except BadSignature:  # also covers expired signatures
            return None
        if not isinstance(data, dict):
            return None
        user_id, epoch, csrf = data.get("u"), data.get("e"), data.get("c")
        if not isinstance(user_id, int) or not isinstance(epoch, int) or not isinstance(csrf, str):
            return None
        return SessionData(user_id, epoch, csrf)

    def clear(self, request: Request, response: Response) -> None:
        response.delete_cookie(
            SESSION_COOKIE,
            path="/",
            httponly=True,
            samesite="lax",
            secure=self.is_secure(request),
        )

    # -- the login form's CSRF token ---------------------------------------------------

    def login_token(self, request: Request, response: Response) -> str:
        """A token for the login form, also set (signed) as a short-lived cookie."""
        token = new_csrf_token()
        self._set(request, response, LOGIN_COOKIE, self._login.dumps(token), 3600)
        return token

    def login_token_of(self, request: Request) -> str | None:
        raw = request.cookies.get(LOGIN_COOKIE)
        if not raw or len(raw) > 1024:
            return None
        try:
            value = self._login.loads(raw, max_age=3600)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None
