"""Creating engines and bringing a database up to the current schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from resonanz.errors import StoreError
from resonanz.extras import install_hint

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS:d}")
    finally:
        cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` (``sqlite:///path`` or ``postgresql+psycopg://...``).

    SQLite connections get WAL journaling, ``synchronous=NORMAL``, enforced foreign
    keys and a busy timeout; JSON columns are (de)serialised with orjson on both.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(
            f"invalid database URL {url!r}",
            hint="use sqlite:///path/to/file.db or postgresql+psycopg://user@host/db",
        ) from exc
    options: dict[str, Any] = {"json_serializer": _json_dumps, "json_deserializer": orjson.loads}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        options["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
    else:
        options["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **options)
    except (NoSuchModuleError, ImportError) as exc:
        raise StoreError(
            f"no database driver for {parsed.drivername!r}: {exc}",
            hint=install_hint("postgres", "PostgreSQL"),
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _lock_path(engine: Engine, suffix: str) -> Path | None:
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(f"{database}{suffix}")


@contextmanager
def file_lock(engine: Engine, suffix: str, wait: bool) -> Iterator[bool]:
    """Hold the exclusive ``flock`` on ``<database><suffix>``; yields whether it was got.

    With ``wait`` it blocks until the lock is free, else it yields ``False`` at once
    when another process holds it. Always ``True`` where no lock file applies
    (PostgreSQL, in-memory SQLite) or the platform has no ``flock``.
    """
    path = _lock_path(engine, suffix)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux/macOS
        path = None
    if path is None:
        yield True
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


#: PostgreSQL advisory lock key serialising schema upgrades ("resonanz" in ASCII)
_MIGRATE_LOCK = 0x7265736F6E616E7A


def migrate(engine: Engine) -> None:
    """Upgrade the database to the newest schema revision (idempotent).

    Processes opening the same database at once upgrade it one after the other (a
    lock file next to a SQLite database, an advisory lock on PostgreSQL), so the
    second finds the schema current instead of failing on "table already exists".
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with file_lock(engine, ".migrate-lock", wait=True), engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(_MIGRATE_LOCK)))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise StoreError(
            f"cannot reach the database: {exc.orig}",
            hint="check the database URL and that the server is running",
        ) from exc


def is_initialised(engine: Engine) -> bool:
    """Whether the schema has been created (the ``posts`` table exists)."""
    try:
        return inspect(engine).has_table("posts")
    except OperationalError as exc:
        raise StoreError(f"cannot reach the database: {exc.orig}") from exc
