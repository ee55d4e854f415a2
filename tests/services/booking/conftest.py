"""Booking fixtures: a database on SQLite or, when ``TEST_POSTGRES_URL`` is set, on PostgreSQL."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from services.booking.timeutil import LOCAL_TZ
from services.store import Base, configure, reset_engine
from services.store.db import create_engine_for, get_engine

sys.path.insert(0, str(Path(__file__).parent))

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not POSTGRES_URL, reason="set TEST_POSTGRES_URL to run against PostgreSQL"),
    ),
]

# A fixed "now": Wednesday 12 March 2025, 10:00 in Stockholm.
NOW = datetime(2025, 3, 12, 10, 0, tzinfo=LOCAL_TZ)


@pytest.fixture(params=BACKENDS)
def any_database(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A fresh database with every table: a SQLite file, or a private schema in PostgreSQL."""
    import services.store.models  # noqa: F401 - registers every table on Base

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        schema = None
    else:
        schema = f"test_{uuid.uuid4().hex[:12]}"
        admin = create_engine_for(POSTGRES_URL)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        url = str(make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"}))
    monkeypatch.setenv("DATABASE_URL", url)
    configure(url)
    Base.metadata.create_all(get_engine())
    yield request.param
    reset_engine()
    configure("")
    if schema:
        admin = create_engine_for(POSTGRES_URL)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
