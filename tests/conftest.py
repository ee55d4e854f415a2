"""Fixtures shared by every test: a private, migrated database per test; Hypothesis kept out of the tree."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from services.store import Base, configure, reset_engine
from services.store.db import get_engine

# Hypothesis keeps caches (and, unless told otherwise, an example database) in ./.hypothesis: put them in
# the temporary directory instead, and keep no example database, so a test run leaves the tree as it was.
# The default profile is reproducible for CI; `pytest --hypothesis-profile=explore` searches afresh.
set_hypothesis_home_dir(
    os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY")
    or Path(tempfile.gettempdir()) / f"hypothesis-{os.getuid()}-self-care-assistant"
)
settings.register_profile("ci", database=None, derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", database=None, deadline=None, max_examples=1000, print_blob=True)
settings.load_profile("ci")


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
