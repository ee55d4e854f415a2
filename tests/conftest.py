"""Fixtures shared by every test: a private, migrated database per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from services.store import Base, configure, reset_engine
from services.store.db import get_engine


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite database with every table, used by ``services.store`` for this test."""
    import services.store.models  # noqa: F401 - registers every table on Base

    url = f"sqlite:///{tmp_path / 'test.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    configure(url)
    Base.metadata.create_all(get_engine())
    yield url
    reset_engine()
    configure("")
