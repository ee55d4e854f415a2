"""SMS through the gateway with the real Rasa behind it: signed webhooks, numbers only."""

from __future__ import annotations

import itertools
import re
from urllib.parse import urlencode

import httpx
from twilio.request_validator import RequestValidator

from devtools.stack import TWILIO_TEST_TOKEN, Stack

_ids = itertools.count(1)


class Texter:
    """A person texting the Twilio webhook from one number."""

    def __init__(self, stack: Stack, phone: str) -> None:
        self.url = f"{stack.gateway_url}/sms/twilio"
        self.phone = phone

    def send(self, body: str) -> list[str]:
        params = {
            "MessageSid": f"SM{next(_ids):032d}",
            "From": self.phone,
            "To": "+46766860000",
            "Body": body,
        }
        signature = RequestValidator(TWILIO_TEST_TOKEN).compute_signature(self.url, params)
        headers = {"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}
        response = httpx.post(self.url, content=urlencode(params), headers=headers, timeout=15)
        assert response.status_code == 200, response.text
        return re.findall(r"<Message>(.*?)</Message>", response.text, flags=re.S)


def test_an_emergency_by_sms_is_answered_with_112_at_once(stack: Stack):
    replies = Texter(stack, "+46701110001").send("min pappa har svår bröstsmärta och kan inte andas")
    assert replies and "112" in replies[0]
    assert all(len(reply) <= 160 for reply in replies)


def test_a_triage_by_sms_with_numbers_only(stack: Stack):
    texter = Texter(stack, "+46701110002")
    greeting = texter.send("hej")
    assert "Svara 1 för Råd om symtom" in " ".join(greeting)
    assert "Berätta med egna ord" in " ".join(texter.send("1"))
    replies = texter.send("jag har ont i halsen sedan igår")
    for _ in range(8):
        joined = " ".join(replies)
        if "Sök vård direkt om" in joined:
            break
        assert "Svara 1 för Ja, 2 för Nej, 3 för Vet inte." in joined
        replies = texter.send("2")
    else:
        raise AssertionError("no advice after eight answers")
    assert all(len(reply) <= 160 for reply in replies)


def test_a_booking_by_sms_with_numbers_only(stack: Stack):
    """The sender's number is already verified on SMS: no code is asked, only the personnummer."""
    texter = Texter(stack, "+46701110004")
    texter.send("hej")
    for choice in ("2", "2", "1", "1"):  # book, doctor, the first municipality, the first time
        replies = " ".join(texter.send(choice))
        assert "Svara 1 för" in replies or "personnummer" in replies, replies
    assert "Svara 1 för Ja, boka" in " ".join(texter.send("199003071231"))  # a person no other test uses
    confirmation = " ".join(texter.send("1"))
    assert "Ditt bokningsnummer är" in confirmation
