"""The gateway on a real PostgreSQL that goes away: 503 with Retry-After, nothing lost, nothing twice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_rasa import FakeRasa
from fastapi.testclient import TestClient

from channels.app import create_app
from channels.settings import Settings
from devtools.servers import PostgresServer, postgres_server
from services.store import Base, configure, reset_engine
from services.store.db import get_engine
from tests.channels.routes.test_sms import GREETING, TOKEN, messages_in, twilio


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    import services.store.models  # noqa: F401 - registers every table on Base

    with postgres_server() as server:
        configure(server.url)
        Base.metadata.create_all(get_engine())
        reset_engine()
        yield server
    configure("")


@pytest.fixture
def client(postgres: PostgresServer, fake_rasa: FakeRasa) -> Iterator[TestClient]:
    fake_rasa.reply = GREETING
    settings = Settings(
        app_env="test", database_url=postgres.url, twilio_auth_token=TOKEN,
        rasa_timeout_seconds=0.5, health_timeout_seconds=0.2,
    )  # fmt: skip
    with TestClient(create_app(settings, rasa_transport=fake_rasa.transport())) as test_client:
        yield test_client
    reset_engine()


def test_the_web_api_answers_503_while_the_database_is_down(
    client: TestClient, postgres: PostgresServer, fake_rasa
):
    started = client.post("/api/messages", json={"text": "hej"})
    assert started.status_code == 200
    conversation = started.json()["conversation_id"]

    postgres.stop()
    try:
        response = client.post(
            "/api/messages", json={"conversation_id": conversation, "text": "jag har feber", "language": "sv"}
        )
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        assert response.json()["error"]["code"] == "unavailable"
        assert "112" in response.json()["error"]["message"]
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["database"] is False
    finally:
        postgres.start()

    assert [m["message"] for m in fake_rasa.received] == ["hej"]  # the failed turn never reached Rasa
    again = client.post("/api/messages", json={"conversation_id": conversation, "text": "jag har feber"})
    assert again.status_code == 200
    assert [m["message"] for m in fake_rasa.received] == ["hej", "jag har feber"]


def test_an_sms_during_the_outage_is_handled_exactly_once_when_the_provider_retries(
    client: TestClient, postgres: PostgresServer, fake_rasa: FakeRasa
):
    postgres.stop()
    try:
        refused = twilio(client, "hej", "SM-outage-1", phone="+46701112233")
        assert refused.status_code == 503  # the provider tries again later
        assert refused.headers["Retry-After"] == "30"
    finally:
        postgres.start()
    assert fake_rasa.received == []

    retried = twilio(client, "hej", "SM-outage-1", phone="+46701112233")
    assert retried.status_code == 200
    assert messages_in(retried)  # answered
    duplicate = twilio(client, "hej", "SM-outage-1", phone="+46701112233")
    assert duplicate.status_code == 200 and messages_in(duplicate) == []
    assert len(fake_rasa.received) == 1
