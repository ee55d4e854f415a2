"""SMS webhooks: authenticity first, then duplicates, limits, keywords, numbered choices."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from fake_rasa import FakeRasa
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from channels.app import create_app
from channels.settings import Settings
from services.messaging.models import InboundMessage
from services.store import session_scope

TOKEN = "twilio-test-token"
SECRET = "elks-secret-abc"
PHONE = "+46701234567"
TWILIO_URL = "http://testserver/sms/twilio"
GREETING = [
    {"recipient_id": "x", "text": "Hej! Vad vill du göra?",
     "buttons": [{"title": "Råd om symtom", "payload": "/report_symptoms"},
                 {"title": "Boka en tid", "payload": "/book_appointment"}]},
]  # fmt: skip


@pytest.fixture
def sms_settings(database: str) -> Settings:
    return Settings(
        app_env="test", database_url=database, rasa_timeout_seconds=0.5, health_timeout_seconds=0.2,
        twilio_auth_token=TOKEN, elks_webhook_secret=SECRET, sms_per_minute=5, sms_daily_cap=8,
    )  # fmt: skip


@pytest.fixture
def sms_client(sms_settings: Settings, fake_rasa: FakeRasa) -> Iterator[TestClient]:
    fake_rasa.reply = GREETING
    with TestClient(create_app(sms_settings, rasa_transport=fake_rasa.transport())) as client:
        yield client


def twilio(client: TestClient, body: str, sid: str, *, sign: bool = True, phone: str = PHONE, **headers):
    params = {"MessageSid": sid, "From": phone, "To": "+46766860000", "Body": body}
    if sign:
        headers["X-Twilio-Signature"] = RequestValidator(TOKEN).compute_signature(TWILIO_URL, params)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return client.post("/sms/twilio", content=urlencode(params), headers=headers)


def messages_in(response) -> list[str]:
    text = response.text
    return [part.split("</Message>")[0] for part in text.split("<Message>")[1:]]


def stored_inbound() -> int:
    with session_scope() as session:
        return int(session.execute(select(func.count()).select_from(InboundMessage)).scalar_one())


def test_a_signed_message_is_answered_with_numbered_choices(sms_client: TestClient, fake_rasa: FakeRasa):
    response = twilio(sms_client, "hej", "SM1")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert messages_in(response) == ["Hej! Vad vill du göra? Svara 1 för Råd om symtom, 2 för Boka en tid."]
    sender = fake_rasa.received[0]["sender"]
    assert PHONE not in sender and "701234567" not in sender and len(sender) == 64


def test_a_number_or_the_words_select_a_choice(sms_client: TestClient, fake_rasa: FakeRasa):
    twilio(sms_client, "hej", "SM1")
    twilio(sms_client, "2", "SM2")
    assert fake_rasa.received[-1]["message"] == "/book_appointment"
    twilio(sms_client, "råd om symtom", "SM3")
    assert fake_rasa.received[-1]["message"] == "/report_symptoms"
    twilio(sms_client, "jag har ont i halsen", "SM4")
    assert fake_rasa.received[-1]["message"] == "jag har ont i halsen"


def test_the_same_number_is_the_same_conversation(sms_client: TestClient, fake_rasa: FakeRasa):
    twilio(sms_client, "hej", "SM1")
    twilio(sms_client, "hej igen", "SM2")
    twilio(sms_client, "hej", "SM3", phone="0709876543")
    senders = [r["sender"] for r in fake_rasa.received]
    assert senders[0] == senders[1] != senders[2]


def test_a_retried_message_is_acknowledged_but_not_processed_again(
    sms_client: TestClient, fake_rasa: FakeRasa
):
    first = twilio(sms_client, "hej", "SM1")
    again = twilio(sms_client, "hej", "SM1")
    assert first.status_code == again.status_code == 200
    assert messages_in(again) == []
    assert len(fake_rasa.received) == 1


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"sign": False}, 403),
        ({"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"}, 403),
    ],
)
def test_unsigned_or_badly_signed_requests_are_refused_and_store_nothing(
    sms_client, fake_rasa, change, status
):
    sign = change.pop("sign", True)
    params = {"MessageSid": "SM1", "From": PHONE, "Body": "hej"}
    headers = {"Content-Type": "application/x-www-form-urlencoded", **change}
    if sign and "X-Twilio-Signature" not in headers:
        headers["X-Twilio-Signature"] = RequestValidator(TOKEN).compute_signature(TWILIO_URL, params)
    response = sms_client.post("/sms/twilio", content=urlencode(params), headers=headers)
    assert response.status_code == status
    assert stored_inbound() == 0 and fake_rasa.received == []


def test_oversized_malformed_and_wrong_method_requests_are_refused(
    sms_client: TestClient, fake_rasa: FakeRasa
):
    big = {"MessageSid": "SM1", "From": PHONE, "Body": "x" * 11_000}
    signature = RequestValidator(TOKEN).compute_signature(TWILIO_URL, big)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
    assert sms_client.post("/sms/twilio", content=urlencode(big), headers=headers).status_code == 413
    missing = {"From": PHONE, "Body": "hej"}
    headers["X-Twilio-Signature"] = RequestValidator(TOKEN).compute_signature(TWILIO_URL, missing)
    assert sms_client.post("/sms/twilio", content=urlencode(missing), headers=headers).status_code == 400
    as_json = sms_client.post("/sms/twilio", json=missing, headers={"X-Twilio-Signature": "x"})
    assert as_json.status_code in (403, 415)
    assert sms_client.get("/sms/twilio").status_code == 405
    assert stored_inbound() == 0 and fake_rasa.received == []


def test_stop_help_and_start(sms_client: TestClient, fake_rasa: FakeRasa):
    twilio(sms_client, "hej", "SM1")
    stop = twilio(sms_client, "STOPP", "SM2")
    assert messages_in(stop) == ["Du får inga fler sms från oss. Skicka START om du vill börja igen."]
    assert messages_in(twilio(sms_client, "hallå?", "SM3")) == []
    assert len(fake_rasa.received) == 1
    started = twilio(sms_client, "START", "SM4")
    assert messages_in(started) and fake_rasa.received[-1]["message"] == "hej"
    help_text = " ".join(messages_in(twilio(sms_client, "hjälp", "SM5")))
    assert "STOPP" in help_text and "112" in help_text
    assert len(fake_rasa.received) == 2


def test_a_number_sending_too_fast_is_ignored(sms_client: TestClient, fake_rasa: FakeRasa):
    replies = [messages_in(twilio(sms_client, f"meddelande {i}", f"SM{i}")) for i in range(7)]
    assert all(replies[:5]) and replies[5:] == [[], []]
    assert len(fake_rasa.received) == 5


def test_the_daily_cap_on_messages_sent(sms_client: TestClient, sms_settings: Settings, fake_rasa: FakeRasa):
    sms_settings.sms_per_minute = 100
    fake_rasa.reply = [{"recipient_id": "x", "text": "Svar. " * 40}]  # 240 characters: two messages each
    sent = [len(messages_in(twilio(sms_client, f"fråga {i}", f"SM{i}"))) for i in range(6)]
    assert sum(sent) == 8 and sent[-1] == 0


def test_46elks_with_the_secret_replies_in_the_body(sms_client: TestClient, fake_rasa: FakeRasa):
    form = {"id": "s1", "from": PHONE, "to": "+46766860000", "message": "hej", "direction": "incoming"}
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    response = sms_client.post(f"/sms/46elks/{SECRET}", content=urlencode(form), headers=headers)
    assert response.status_code == 200
    assert response.text == "Hej! Vad vill du göra? Svara 1 för Råd om symtom, 2 för Boka en tid."
    wrong = sms_client.post(
        "/sms/46elks/not-the-secret", content=urlencode({**form, "id": "s2"}), headers=headers
    )
    assert wrong.status_code == 404
    assert len(fake_rasa.received) == 1


def test_46elks_allow_list(sms_client: TestClient, sms_settings: Settings, fake_rasa: FakeRasa):
    sms_settings.elks_allowed_ips = "192.0.2.10"
    form = {"id": "s1", "from": PHONE, "message": "hej"}
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    assert (
        sms_client.post(f"/sms/46elks/{SECRET}", content=urlencode(form), headers=headers).status_code == 403
    )
    assert stored_inbound() == 0


def test_webhooks_without_a_configured_secret_do_not_exist(database: str, fake_rasa: FakeRasa):
    settings = Settings(app_env="test", database_url=database)
    with TestClient(create_app(settings, rasa_transport=fake_rasa.transport())) as client:
        assert twilio(client, "hej", "SM1").status_code == 404


def test_the_number_never_reaches_the_logs(sms_client: TestClient, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)
    twilio(sms_client, "hej", "SM1")
    twilio(sms_client, "hej", "SM1")
    assert not any("701234567" in record.getMessage() for record in caplog.records)
