"""POST /api/messages: the contract, language, bad input and an unavailable Rasa."""

from __future__ import annotations

import time

import pytest
from fake_rasa import FakeRasa
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from services.store import session_scope
from services.store.models import Conversation


def conversation_count() -> int:
    with session_scope() as session:
        return int(session.execute(select(func.count()).select_from(Conversation)).scalar_one())


def test_new_conversation_gets_an_unguessable_id_and_the_bot_messages(
    client: TestClient, fake_rasa: FakeRasa
):
    fake_rasa.reply = [
        {
            "recipient_id": "x",
            "text": "Hej! Vad vill du göra?",
            "buttons": [{"title": "Boka en tid", "payload": "/book_appointment"}],
        },
    ]
    response = client.post("/api/messages", json={"conversation_id": None, "text": "hej", "language": None})
    assert response.status_code == 200
    body = response.json()
    assert len(body["conversation_id"]) == 32
    assert body["messages"] == [
        {
            "text": "Hej! Vad vill du göra?",
            "buttons": [{"title": "Boka en tid", "payload": "/book_appointment"}],
            "data": {},
        }
    ]
    [sent] = fake_rasa.received
    assert sent["sender"] == body["conversation_id"] and sent["message"] == "hej"
    assert sent["metadata"]["language"] == "sv" and sent["metadata"]["message_id"]

    second = client.post("/api/messages", json={"conversation_id": body["conversation_id"], "text": "ja"})
    assert second.status_code == 200
    assert second.json()["conversation_id"] == body["conversation_id"]
    assert conversation_count() == 1


def test_ids_differ_between_conversations(client: TestClient):
    ids = {client.post("/api/messages", json={"text": "hej"}).json()["conversation_id"] for _ in range(5)}
    assert len(ids) == 5


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Hello, I need some help please", None, "en"),
        ("hej jag behöver hjälp", None, "sv"),
        ("ok", None, "sv"),
        ("hej", "en", "en"),
    ],
)
def test_first_message_sets_the_language(client: TestClient, fake_rasa: FakeRasa, text, language, expected):
    client.post("/api/messages", json={"text": text, "language": language})
    assert fake_rasa.received[-1]["metadata"]["language"] == expected


def test_a_language_picked_mid_conversation_is_set_on_the_rasa_tracker(
    client: TestClient, fake_rasa: FakeRasa
):
    conversation_id = client.post("/api/messages", json={"text": "hej"}).json()["conversation_id"]
    client.post("/api/messages", json={"conversation_id": conversation_id, "text": "help", "language": "en"})
    assert fake_rasa.slot_events == [(conversation_id, {"event": "slot", "name": "language", "value": "en"})]
    assert fake_rasa.received[-1]["metadata"]["language"] == "en"


def test_a_switch_made_in_the_chat_is_remembered(client: TestClient, fake_rasa: FakeRasa):
    fake_rasa.reply = [
        {"recipient_id": "x", "text": "OK, English."},
        {"recipient_id": "x", "custom": {"language": "en"}},
    ]
    body = client.post("/api/messages", json={"text": "engelska tack"}).json()
    assert body["messages"] == [{"text": "OK, English.", "buttons": [], "data": {"language": "en"}}]
    client.post("/api/messages", json={"conversation_id": body["conversation_id"], "text": "hi"})
    assert fake_rasa.received[-1]["metadata"]["language"] == "en"


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"text": ""}, 422, "empty"),
        ({"text": "   \n "}, 422, "empty"),
        ({"text": "a" * 2001}, 422, "too_long"),
        ({"text": "hej", "language": "de"}, 422, "bad_language"),
        ({"text": 5}, 422, "bad_request"),
        ({}, 422, "bad_request"),
        ({"text": "hej", "conversation_id": "not-a-real-id"}, 404, "unknown_conversation"),
        ({"text": "hej", "conversation_id": "A" * 32}, 404, "unknown_conversation"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(
    client: TestClient, fake_rasa: FakeRasa, payload, status, code
):
    response = client.post("/api/messages", json=payload)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"] and "Traceback" not in response.text
    assert conversation_count() == 0
    assert fake_rasa.received == []


def test_errors_come_in_the_persons_language(client: TestClient):
    english = client.post("/api/messages", json={"text": "", "language": "en"}).json()["error"]
    assert english["message"] == "Please write a message first."
    by_browser = client.post(
        "/api/messages", json={"text": ""}, headers={"Accept-Language": "en-GB,en;q=0.9"}
    )
    assert by_browser.json()["error"]["language"] == "en"
    swedish = client.post("/api/messages", json={"text": ""}).json()["error"]
    assert swedish["message"] == "Skriv ett meddelande först."


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b'{"text": "h\xe4j"}', b"\xff\xfe\x00", b"[1, 2]"],
)
def test_malformed_or_non_utf8_bodies_are_refused(client: TestClient, raw: bytes):
    response = client.post("/api/messages", content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code in (400, 422)
    assert response.json()["error"]["code"] == "bad_request"
    assert conversation_count() == 0


def test_an_oversized_body_is_refused_before_it_is_read(client: TestClient):
    response = client.post("/api/messages", json={"text": "x" * 20_000})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "body_too_large"


def test_rasa_down_gives_503_with_a_clear_message_in_the_persons_language(
    client: TestClient, fake_rasa: FakeRasa
):
    fake_rasa.down = True
    response = client.post("/api/messages", json={"text": "hello", "language": "en"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    message = response.json()["messages"][0]
    assert "112" in message["text"] and "1177" in message["text"]
    assert message["text"].startswith("The assistant is not working right now.")
    assert message["data"] == {"error": "unavailable"}


def test_slow_rasa_answers_within_the_timeout(client: TestClient, fake_rasa: FakeRasa):
    fake_rasa.delay = 2.0
    started = time.monotonic()
    response = client.post("/api/messages", json={"text": "hej"})
    assert response.status_code == 503
    assert time.monotonic() - started < 1.5
    assert response.json()["messages"][0]["text"].startswith("Assistenten fungerar inte just nu.")


def test_silent_rasa_with_the_action_server_down_is_reported(client: TestClient, fake_rasa: FakeRasa):
    fake_rasa.reply = []
    fake_rasa.actions_up = False
    response = client.post("/api/messages", json={"text": "hej"})
    assert response.status_code == 503


def test_rasa_coming_back_works_without_a_restart(client: TestClient, fake_rasa: FakeRasa):
    fake_rasa.down = True
    conversation_id = client.post("/api/messages", json={"text": "hej"}).json()["conversation_id"]
    fake_rasa.down = False
    response = client.post("/api/messages", json={"conversation_id": conversation_id, "text": "hej"})
    assert response.status_code == 200
    assert response.json()["messages"][0]["text"] == "Hej!"


def test_the_chat_page_is_labelled_and_has_a_live_log(client: TestClient):
    page = client.get("/")
    assert page.status_code == 200
    assert '<label for="message">Ditt meddelande</label>' in page.text
    assert 'aria-live="polite"' in page.text and "<main" in page.text
    english = client.get("/?lang=en")
    assert '<html lang="en">' in english.text and "Your message" in english.text
