from __future__ import annotations

import logging

import pytest
from fake_sms_providers import ELKS_PASSWORD, ELKS_USER

from services.notifications import SmsError
from services.notifications.elks import ElksSender


def _sender(providers, **overrides) -> ElksSender:  # type: ignore[no-untyped-def]
    settings = {"username": ELKS_USER, "password": ELKS_PASSWORD, "sender": "Vardguiden"}
    settings.update(overrides)
    return ElksSender(base_url=providers.url, **settings)


def test_a_message_is_posted_with_from_to_and_message(providers, caplog):
    caplog.set_level(logging.INFO)

    result = _sender(providers).send("+46701740605", "Påminnelse om din tid.")

    assert result.provider == "46elks" and result.status == "created" and result.reference.startswith("s")
    [seen] = providers.requests
    assert (seen.method, seen.path, seen.user) == ("POST", "/a1/sms", ELKS_USER)
    assert seen.form == {"from": "Vardguiden", "to": "+46701740605", "message": "Påminnelse om din tid."}
    assert "701740605" not in caplog.text and "Påminnelse" not in caplog.text


@pytest.mark.parametrize(
    "overrides, to, status",
    [
        ({"password": "wrong"}, "+46701740605", 401),
        ({}, "0701740605", 403),
        ({"sender": "1"}, "+46701740605", 403),
    ],
)
def test_refusals_are_errors_without_the_number(providers, overrides, to, status):
    with pytest.raises(SmsError) as caught:
        _sender(providers, **overrides).send(to, "Hej")
    assert caught.value.status_code == status
    assert "701740605" not in str(caught.value)
