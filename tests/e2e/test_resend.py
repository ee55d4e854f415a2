"""A message sent again with the same id (after "unavailable") is answered, never handled twice."""

from __future__ import annotations

import httpx


def user_texts(stack, conversation_id: str) -> list[str]:
    tracker = httpx.get(
        f"{stack.rasa_url}/conversations/{conversation_id}/tracker",
        params={"token": stack.env["RASA_TOKEN"]},
        timeout=10,
    ).json()
    return [e["text"] for e in tracker["events"] if e["event"] == "user"]


def test_the_same_message_sent_twice_is_handled_once(stack):
    api = f"{stack.gateway_url}/api/messages"
    first = httpx.post(
        api, json={"text": "jag har ont i halsen", "message_id": "resend-1"}, timeout=20
    ).json()
    conversation = first["conversation_id"]
    body = {"conversation_id": conversation, "text": "nej", "message_id": "resend-2"}
    answered = httpx.post(api, json=body, timeout=20)
    again = httpx.post(api, json=body, timeout=20)  # as after a lost answer
    assert answered.status_code == again.status_code == 200
    assert again.json()["messages"] == answered.json()["messages"]
    assert user_texts(stack, conversation) == ["jag har ont i halsen", "nej"]
