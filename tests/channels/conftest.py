from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))

from fake_rasa import FakeRasa  # noqa: E402

from channels.app import create_app  # noqa: E402
from channels.settings import Settings  # noqa: E402


@pytest.fixture
def fake_rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def settings(database: str) -> Settings:
    return Settings(
        app_env="test", database_url=database, rasa_timeout_seconds=0.3, health_timeout_seconds=0.2
    )


@pytest.fixture
def client(settings: Settings, fake_rasa: FakeRasa) -> Iterator[TestClient]:
    app = create_app(settings, rasa_transport=fake_rasa.transport())
    with TestClient(app) as test_client:
        yield test_client
