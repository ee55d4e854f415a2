from __future__ import annotations

import logging

import pytest
from fake_sms_providers import TWILIO_SID, TWILIO_TOKEN

from services.notifications import SmsError
from services.notifications.twilio import TwilioSender


def _sender(providers, **overrides) -> TwilioSender:  # type: ignore[no-untyped-def]
    settings = {"account_sid": TWILIO_SID, "auth_token": TWILIO_TOKEN, "from_number": "+46701740699"}
    settings.update(overrides)
    return TwilioSender(base_url=providers.url, **settings)


def test_a_message_is_posted_form_encoded_with_basic_auth(providers, caplog):
    caplog.set_level(logging.INFO)

    result = _sender(providers).send("+46701740605", "Din tid är bokad.")

    assert result.provider == "twilio" and result.status == "queued" and result.reference.startswith("SM")
    [seen] = providers.requests
    assert seen.method == "POST" and seen.path == f"/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"
    assert seen.user == TWILIO_SID and seen.content_type.startswith("application/x-www-form-urlencoded")
    assert seen.form == {"To": "+46701740605", "From": "+46701740699", "Body": "Din tid är bokad."}
    assert "701740605" not in caplog.text and "bokad" not in caplog.text


def test_a_messaging_service_can_send_instead_of_a_number(providers):
    _sender(providers, from_number=None, messaging_service_sid="MG" + "a" * 32).send("+46701740605", "Hej")
    assert providers.requests[0].form["MessagingServiceSid"] == "MG" + "a" * 32
    assert "From" not in providers.requests[0].form


def test_a_wrong_token_is_an_error_without_the_number(providers):
    with pytest.raises(SmsError) as caught:
        _sender(providers, auth_token="wrong").send("+46701740605", "Hej")
    assert caught.value.status_code == 401 and "20003" in str(caught.value)
    assert "701740605" not in str(caught.value)


def test_an_unreachable_api_is_an_error():
    sender = TwilioSender(
        account_sid=TWILIO_SID,
        auth_token="x",
        from_number="+46701740699",
        base_url="http://127.0.0.1:9",
        timeout=2,
    )
    with pytest.raises(SmsError):
        sender.send("+46701740605", "Hej")


def test_a_sender_needs_a_from_number_or_a_messaging_service():
    with pytest.raises(ValueError):
        TwilioSender(account_sid=TWILIO_SID, auth_token="x")
