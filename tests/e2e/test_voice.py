"""A phone call through the gateway with the real Rasa behind it, answered with the keypad only."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import httpx
from twilio.request_validator import RequestValidator

from devtools.stack import TWILIO_TEST_TOKEN, Stack


class Caller:
    def __init__(self, stack: Stack, phone: str) -> None:
        self.base = stack.gateway_url
        self.phone = phone

    def post(self, path: str, **fields: str) -> str:
        params = {"CallSid": "CA" + self.phone[-8:], "From": self.phone, "To": "+46766860000", **fields}
        url = f"{self.base}{path}"
        signature = RequestValidator(TWILIO_TEST_TOKEN).compute_signature(url, params)
        headers = {"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}
        response = httpx.post(url, content=urlencode(params), headers=headers, timeout=15)
        assert response.status_code == 200, response.text
        return " ".join(re.findall(r"<Say [^>]*>(.*?)</Say>", response.text))


def test_a_triage_by_phone_with_the_keypad_only(stack: Stack):
    caller = Caller(stack, "+46701110003")
    assert "tryck 1" in caller.post("/voice/twilio")
    greeting = caller.post("/voice/twilio/language", Digits="1")
    assert "Tryck 1 för Råd om symtom." in greeting
    describe = caller.post("/voice/twilio/turn", Digits="1")
    assert "Tryck 3 för Ont i halsen." in describe
    spoken = caller.post("/voice/twilio/turn", Digits="3")
    for _ in range(8):
        if "Sök vård direkt om" in spoken:
            break
        assert "Tryck 2 för Nej." in spoken
        spoken = caller.post("/voice/twilio/turn", Digits="2")
    else:
        raise AssertionError("no advice after eight answers")
