"""The page without JavaScript: POST / shows the conversation from the tracker; errors, language, summary."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from fake_rasa import FakeRasa
from fastapi.testclient import TestClient

from channels.routes.web import Entry, transcript_from_events

GREETING = {
    "recipient_id": "x",
    "text": "Hej! Vad vill du göra?",
    "buttons": [{"title": "Råd om symtom", "payload": "/report_symptoms"}],
}


@dataclass
class TrackingRasa(FakeRasa):
    """The fake Rasa, also keeping each conversation's tracker events as Rasa would."""

    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.startswith("/conversations/") and request.method == "GET" and not self.down:
            return httpx.Response(200, json={"events": self.events.get(path.split("/")[2], [])})
        response = await super().handle(request)
        if path == "/webhooks/rest/webhook":
            body = self.received[-1]
            tracker = self.events.setdefault(body["sender"], [])
            tracker.append({"event": "user", "text": body["message"], "metadata": body["metadata"]})
            for item in self.reply:
                data = {"buttons": item.get("buttons"), "custom": item.get("custom")}
                tracker.append({"event": "bot", "text": item.get("text"), "data": data})
        elif path.endswith("/tracker/events"):
            self.events.setdefault(path.split("/")[2], []).append(json.loads(request.content))
        return response


@pytest.fixture
def fake_rasa() -> TrackingRasa:
    return TrackingRasa(reply=[GREETING])


def conversation_id_in(page: str) -> str:
    found = re.search(r'name="conversation_id" value="([^"]*)"', page)
    assert found is not None
    return found.group(1)


def log_texts(page: str) -> list[str]:
    return re.findall(r'<span class="text" lang="(?:sv|en)">(.*?)</span>', page, flags=re.S)


def test_the_start_page_has_the_landmarks_the_form_and_the_emergency_line(client: TestClient):
    page = client.get("/").text
    assert '<main id="main"' in page and 'role="log" aria-live="polite"' in page
    assert '<form id="chat-form" method="post" action="/"' in page
    assert '<label for="message">Ditt meddelande</label>' in page
    assert '<a class="skip" href="#message">Hoppa till chatten</a>' in page
    assert "Vid akut fara för liv: ring 112." in page
    assert 'name="language" value="sv"' in page  # the first message is sent in the page's language
    assert 'id="choices" class="choices" hidden' in page
    assert 'id="summary-form" method="post" action="/summary" class="save" hidden' in page


def test_a_message_posted_without_javascript_comes_back_with_the_conversation(
    client: TestClient, fake_rasa: TrackingRasa
):
    first = client.post("/", data={"text": "hej", "conversation_id": "", "language": "sv"})
    assert first.status_code == 200
    conversation_id = conversation_id_in(first.text)
    sent = fake_rasa.received[-1]
    assert (sent["sender"], sent["message"], sent["metadata"]["language"]) == (conversation_id, "hej", "sv")
    assert log_texts(first.text) == ["hej", "Hej! Vad vill du göra?"]
    assert '<button type="submit" name="text" value="/report_symptoms">Råd om symtom</button>' in first.text
    assert " autofocus" in first.text

    fake_rasa.reply = [
        {"recipient_id": "x", "text": "Rad ett.\nRad två."},
        {"recipient_id": "x", "custom": {"triage_level": "self_care"}},
    ]
    # a choice comes after the (empty) input in the form, so it is the text that counts
    form = urlencode([("conversation_id", conversation_id), ("text", ""), ("text", "/report_symptoms")])
    second = client.post("/", content=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert fake_rasa.received[-1]["message"] == "/report_symptoms"
    # the whole conversation, read from the tracker; the choice is shown by its title
    assert log_texts(second.text) == ["hej", "Hej! Vad vill du göra?", "Råd om symtom", "Rad ett.\nRad två."]
    assert 'id="choices" class="choices" hidden' in second.text  # old choices no longer apply
    assert 'id="summary-form" method="post" action="/summary" class="save">' in second.text


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"text": "   "}, 422, "Skriv ett meddelande först."),
        ({"text": "a" * 2001}, 422, "Meddelandet är för långt. Skriv högst 2000 tecken."),
        (
            {"text": "hej", "conversation_id": "A" * 32},
            404,
            "Vi hittar inte samtalet. Börja ett nytt samtal.",
        ),
        (
            {"text": "hello", "language": "en", "conversation_id": "nope"},
            404,
            "We cannot find this conversation.",
        ),
    ],
)
def test_bad_input_is_shown_in_the_page_with_what_was_written_kept(
    client: TestClient, fake_rasa: TrackingRasa, fields, status, message
):
    response = client.post("/", data=fields)
    assert response.status_code == status
    assert f'<p id="message-error" class="error" role="alert">{message}' in response.text
    assert f'value="{fields["text"]}"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert f'<html lang="{fields.get("language", "sv")}">' in response.text
    assert fake_rasa.received == []
    assert 'name="conversation_id" value=""' in response.text  # an unknown conversation is not kept


def test_an_error_mid_conversation_keeps_the_conversation(client: TestClient):
    conversation_id = conversation_id_in(client.post("/", data={"text": "hej"}).text)
    response = client.post("/", data={"text": "", "conversation_id": conversation_id})
    assert response.status_code == 422
    assert log_texts(response.text) == ["hej", "Hej! Vad vill du göra?"]
    assert conversation_id_in(response.text) == conversation_id


def test_the_language_switch_changes_the_page_and_then_the_conversation(
    client: TestClient, fake_rasa: TrackingRasa
):
    conversation_id = conversation_id_in(client.post("/", data={"text": "hej"}).text)
    switched = client.post("/", data={"conversation_id": conversation_id, "language": "en"})
    assert '<html lang="en">' in switched.text and "Your message" in switched.text
    assert log_texts(switched.text) == ["hej", "Hej! Vad vill du göra?"]  # still there, still Swedish
    assert '<span class="text" lang="sv">Hej! Vad vill du göra?</span>' in switched.text
    assert 'name="language" value="en"' in switched.text

    fake_rasa.reply = [{"recipient_id": "x", "text": "Hello!"}]
    answered = client.post("/", data={"conversation_id": conversation_id, "text": "hi", "language": "en"})
    assert fake_rasa.slot_events == [(conversation_id, {"event": "slot", "name": "language", "value": "en"})]
    assert fake_rasa.received[-1]["metadata"]["language"] == "en"
    assert '<span class="text" lang="en">Hello!</span>' in answered.text
    assert '<html lang="en">' in answered.text


def test_display_settings_are_remembered_in_cookies(client: TestClient):
    response = client.post("/", data={"theme": "contrast", "conversation_id": ""})
    assert 'class="theme-contrast size-100"' in response.text
    assert response.cookies.get("theme") == "contrast"
    assert 'aria-pressed="true">Hög kontrast' in response.text
    client.post("/", data={"text_size": "200"})
    assert 'class="theme-contrast size-200"' in client.get("/").text
    client.cookies.clear()
    client.cookies.update({"theme": "x", "text_size": "9"})
    assert 'class="theme-default size-100"' in client.get("/").text


def test_rasa_down_shows_the_unavailable_message_and_keeps_the_text(
    client: TestClient, fake_rasa: TrackingRasa
):
    fake_rasa.down = True
    response = client.post("/", data={"text": "hej"})
    assert response.status_code == 503
    assert "Assistenten fungerar inte just nu." in response.text
    assert 'value="hej"' in response.text


def test_the_summary_shows_what_was_decided(client: TestClient, fake_rasa: TrackingRasa):
    fake_rasa.reply = [
        {"recipient_id": "x", "text": "Kontakta vårdcentralen i dag.\nSök vård direkt om det blir värre."},
        {"recipient_id": "x", "custom": {"triage_level": "same_day"}},
        {"recipient_id": "x", "text": "Din tid är bokad.", "custom": {"booking_reference": "K7Q2MX"}},
    ]
    conversation_id = conversation_id_in(client.post("/", data={"text": "ont i örat"}).text)
    summary = client.post("/summary", data={"conversation_id": conversation_id})
    assert summary.status_code == 200
    assert summary.headers["cache-control"] == "no-store"
    page = summary.text
    assert "<h1>Sammanfattning av samtalet</h1>" in page
    assert "<strong>Hur bråttom:</strong> Kontakta vården i dag." in page
    assert "Kontakta vårdcentralen i dag.\nSök vård direkt om det blir värre." in page
    assert "<strong>Bokningsnummer:</strong> K7Q2MX" in page
    assert "Vid akut fara för liv: ring 112." in page
    assert client.get(f"/summary?conversation_id={conversation_id}").text == page


def test_a_summary_with_nothing_decided_says_so_and_an_unknown_one_is_refused(client: TestClient):
    conversation_id = conversation_id_in(client.post("/", data={"text": "hej"}).text)
    assert (
        "Det finns inget att spara än."
        in client.post("/summary", data={"conversation_id": conversation_id}).text
    )
    unknown = client.get("/summary?conversation_id=nope")
    assert unknown.status_code == 404 and "Vi hittar inte samtalet." in unknown.text


def test_the_transcript_follows_the_language_slot_and_joins_data_to_its_text():
    events = [
        {"event": "slot", "name": "language", "value": "sv"},
        {"event": "user", "text": "hej", "metadata": {"language": "sv"}},
        {"event": "bot", "text": "Okej, English.", "data": {"custom": {"language": "en"}}},
        {"event": "user", "text": "/deny", "metadata": {}},
        {"event": "bot", "text": "Advice.", "data": {"buttons": None, "custom": None}},
        {"event": "bot", "text": None, "data": {"custom": {"triage_level": "routine"}}},
        {"event": "action", "name": "action_listen"},
    ]
    assert transcript_from_events(events) == [
        Entry("user", "hej", "sv"),
        Entry("bot", "Okej, English.", "en", [], {"language": "en"}),
        Entry("user", "/deny", "en"),
        Entry("bot", "Advice.", "en", [], {"triage_level": "routine"}),
    ]
