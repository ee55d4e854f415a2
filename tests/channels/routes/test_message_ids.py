"""Every message goes to Rasa with an id; a message sent again after "unavailable" keeps its id."""

from __future__ import annotations

from fake_rasa import FakeRasa
from fastapi.testclient import TestClient


def test_the_id_the_page_gives_is_passed_on(client: TestClient, fake_rasa: FakeRasa):
    client.post("/api/messages", json={"text": "hej", "message_id": "page-1"})
    assert fake_rasa.received[-1]["metadata"]["message_id"] == "page-1"


def test_without_an_id_the_gateway_gives_each_message_its_own(client: TestClient, fake_rasa: FakeRasa):
    client.post("/api/messages", json={"text": "hej"})
    client.post("/api/messages", json={"text": "hej"})
    first, second = (m["metadata"]["message_id"] for m in fake_rasa.received[-2:])
    assert first and second and first != second


def test_a_malformed_id_is_refused_before_anything_is_sent(client: TestClient, fake_rasa: FakeRasa):
    for bad in ("", "x" * 65, "a b", "ä", 7):
        response = client.post("/api/messages", json={"text": "hej", "message_id": bad})
        assert response.status_code == 422, bad
    assert fake_rasa.received == []


def test_the_page_without_javascript_keeps_the_id_with_the_kept_text(client: TestClient, fake_rasa: FakeRasa):
    fake_rasa.down = True
    page = client.post("/", data={"text": "jag har feber", "message_id": "form-1"})
    assert page.status_code == 503
    assert 'name="message_id" value="form-1"' in page.text  # sent again, it is the same message
    fake_rasa.down = False
    page = client.post("/", data={"text": "jag har feber", "message_id": "form-1"})
    assert page.status_code == 200
    assert fake_rasa.received[-1]["metadata"]["message_id"] == "form-1"
    assert 'name="message_id" value="form-1"' not in page.text  # the next message gets a new id
