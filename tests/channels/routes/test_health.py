from __future__ import annotations

from fake_rasa import FakeRasa
from fastapi.testclient import TestClient


def test_healthz_answers_while_rasa_is_down(client: TestClient, fake_rasa: FakeRasa):
    fake_rasa.down = True
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_when_everything_answers(client: TestClient):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "ready": True,
        "checks": {"rasa": True, "actions": True, "database": True},
        "rasa_servers_ready": "1/1",
        "rasa_turns": {"in_flight": 0, "limit": 8, "refused": 0},
    }


def test_readyz_names_what_is_missing(client: TestClient, fake_rasa: FakeRasa):
    fake_rasa.down = True
    fake_rasa.actions_up = False
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"rasa": False, "actions": False, "database": True}
    assert response.json()["rasa_servers_ready"] == "0/1"
