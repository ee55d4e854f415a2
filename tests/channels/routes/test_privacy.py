"""A web conversation's data: download it, erase it, and erasure asked for in the chat."""

from __future__ import annotations

from fake_rasa import FakeRasa
from fastapi.testclient import TestClient

from services import conversations, privacy
from services.applications.models import Application
from services.store import session_scope

ERASED_REPLY = [
    {"recipient_id": "x", "text": "Klart. Vi har raderat samtalet."},
    {"recipient_id": "x", "custom": {"erase_conversation": True}},
]


def test_the_data_of_a_conversation_can_be_downloaded(client: TestClient):
    conversation = client.post("/api/messages", json={"text": "hej"}).json()["conversation_id"]
    response = client.get(f"/api/conversations/{conversation}/data")
    assert response.status_code == 200
    assert response.json()["conversation_id"] == conversation and response.json()["channel"] == "web"


def test_unknown_or_malformed_ids_get_a_clear_404(client: TestClient):
    for conversation in ("A" * 32, "not-an-id", "x" * 200):
        response = client.get(f"/api/conversations/{conversation}/data", headers={"accept-language": "en"})
        assert response.status_code == 404
        assert response.json()["error"]["message"].startswith("We cannot find this conversation")


def test_delete_erases_the_conversation_and_keeps_sent_applications(client: TestClient):
    conversation = client.post("/api/messages", json={"text": "hej", "language": "en"}).json()[
        "conversation_id"
    ]
    with session_scope() as session:
        session.add(Application(service="home_care", conversation_key=conversation))
        session.add(Application(service="income_support", conversation_key=conversation, status="received"))
    response = client.delete(f"/api/conversations/{conversation}")
    assert response.status_code == 200
    assert response.json()["erased"]["drafts"] == 1 and response.json()["kept"]["applications"] == 1
    assert response.json()["message"].startswith("Done. We have deleted the conversation.")
    assert client.get(f"/api/conversations/{conversation}/data").status_code == 404


def test_erasure_confirmed_in_the_chat_gives_the_page_a_new_empty_conversation(
    client: TestClient, fake_rasa: FakeRasa
):
    first = client.post("/api/messages", json={"text": "hej"}).json()["conversation_id"]
    with session_scope() as session:
        session.add(Application(service="home_care", conversation_key=first))
    fake_rasa.reply = ERASED_REPLY
    answer = client.post("/api/messages", json={"conversation_id": first, "text": "ja"}).json()
    assert answer["messages"] == [{"text": "Klart. Vi har raderat samtalet.", "buttons": [], "data": {}}]
    assert answer["conversation_id"] != first
    assert conversations.find_conversation(first) is None
    assert privacy.export(first).drafts == 0
    assert conversations.find_conversation(answer["conversation_id"]) is not None
