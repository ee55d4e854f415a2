"""``get_sms_sender`` chooses the provider from ``SMS_PROVIDER``."""

from __future__ import annotations

import pytest

from services.notifications import get_sms_sender
from services.notifications.elks import ElksSender
from services.notifications.outbox import OutboxSender
from services.notifications.twilio import TwilioSender


def test_the_outbox_is_the_default():
    assert isinstance(get_sms_sender({}), OutboxSender)
    assert isinstance(get_sms_sender({"SMS_PROVIDER": "outbox"}), OutboxSender)


def test_twilio_and_46elks_read_their_settings():
    twilio = get_sms_sender(
        {
            "SMS_PROVIDER": "twilio",
            "TWILIO_ACCOUNT_SID": "AC1",
            "TWILIO_AUTH_TOKEN": "t",
            "TWILIO_FROM_NUMBER": "+46701740699",
            "TWILIO_API_BASE_URL": "http://127.0.0.1:1/",
        }
    )
    assert isinstance(twilio, TwilioSender) and twilio.base_url == "http://127.0.0.1:1"
    elks = get_sms_sender(
        {
            "SMS_PROVIDER": "46elks",
            "ELKS_API_USERNAME": "u",
            "ELKS_API_PASSWORD": "p",
            "ELKS_SENDER": "Vardguiden",
        }
    )
    assert isinstance(elks, ElksSender) and elks.base_url == "https://api.46elks.com"


@pytest.mark.parametrize(
    "env, message",
    [
        ({"SMS_PROVIDER": "twilio", "TWILIO_ACCOUNT_SID": "AC1"}, "TWILIO_AUTH_TOKEN"),
        (
            {"SMS_PROVIDER": "twilio", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"},
            "TWILIO_FROM_NUMBER",
        ),
        ({"SMS_PROVIDER": "46elks"}, "ELKS_API_USERNAME"),
        ({"SMS_PROVIDER": "carrier-pigeon"}, "unknown SMS_PROVIDER"),
    ],
)
def test_missing_settings_are_named(env, message):
    with pytest.raises(RuntimeError, match=message):
        get_sms_sender(env)
