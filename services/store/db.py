"""SQLAlchemy engine and sessions, written in the 2.0 style (runs on SQLAlchemy 1.4 beside Rasa).

SQLite with WAL is the embedded default; PostgreSQL is chosen by setting ``DATABASE_URL``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, declarative_base, sessionmaker

Base = declarative_base()

DEFAULT_DATABASE_URL = "sqlite:///var/assistant.db"

_lock = threading.Lock()
_engine: Engine | None = None
_sessionmaker: sessionmaker | None = None
_configured_url: str | None = None


def configure(url: str) -> None:
    """Use ``url`` from now on (a process's settings object calls this once at start-up)."""
    global _configured_url
    reset_engine()
    _configured_url = url


def database_url() -> str:
    """The configured database URL: ``configure()``, else ``DATABASE_URL``, else SQLite in ``var/``."""
    return _configured_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        # WAL lets the gateway, Rasa and the action server read while one of them writes.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def create_engine_for(url: str) -> Engine:
    """Create an engine for ``url``; SQLite files get their folder and pragmas."""
    from sqlalchemy import create_engine

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True, connect_args={"check_same_thread": False, "timeout": 10})
        _configure_sqlite(engine)
        return engine
    # pool_pre_ping: connections from before a database restart are tested, not used dead. A short connect
    # timeout lets the gateway tell the person "unavailable" in time when the database cannot be reached.
    connect_args = {"connect_timeout": 2} if parsed.get_backend_name() == "postgresql" else {}
    return create_engine(url, future=True, pool_pre_ping=True, connect_args=connect_args)


def get_engine() -> Engine:
    """The process's engine, created on first use from ``DATABASE_URL``."""
    global _engine, _sessionmaker
    with _lock:
        if _engine is None:
            _engine = create_engine_for(database_url())
            _sessionmaker = sessionmaker(bind=_engine, future=True, expire_on_commit=False)
        return _engine


def reset_engine() -> None:
    """Dispose of the engine so the next use reads ``DATABASE_URL`` again (tests, forks)."""
    global _engine, _sessionmaker
    with _lock:
        if _engine is not None:
            _engine.dispose()
        _engine = None
        _sessionmaker = None


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session that commits when the block ends and rolls back on an exception."""
    get_engine()
    assert _sessionmaker is not None
    session: Session = _sessionmaker()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
