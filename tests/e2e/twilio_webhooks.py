"""A person texting or calling the gateway's Twilio webhooks (signed as Twilio signs), and the stored rows."""

from __future__ import annotations

import itertools
import re
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import create_engine, text
from twilio.request_validator import RequestValidator

from devtools.stack import TWILIO_TEST_TOKEN, Stack

SERVICE_NUMBER = "+46766860000"
_ids = itertools.count(1)


def post_signed(url: str, params: dict[str, str]) -> str:
    signature = RequestValidator(TWILIO_TEST_TOKEN).compute_signature(url, params)
    headers = {"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}
    response = httpx.post(url, content=urlencode(params), headers=headers, timeout=15)
    assert response.status_code == 200, response.text
    return response.text


class Texter:
    """A person texting the Twilio SMS webhook from one number; ``send`` returns the reply messages."""

    def __init__(self, stack: Stack, phone: str) -> None:
        self.url = f"{stack.gateway_url}/sms/twilio"
        self.phone = phone

    def send(self, body: str) -> list[str]:
        sid = f"SM{next(_ids):032d}"
        params = {"MessageSid": sid, "From": self.phone, "To": SERVICE_NUMBER, "Body": body}
        return re.findall(r"<Message>(.*?)</Message>", post_signed(self.url, params), flags=re.S)


class Caller:
    """A person on a phone call; ``press`` sends keypad digits to a voice webhook and returns the TwiML."""

    def __init__(self, stack: Stack, phone: str) -> None:
        self.base = stack.gateway_url
        self.phone = phone

    def press(self, path: str, digits: str | None = None) -> str:
        params = {"CallSid": "CA" + self.phone[-8:], "From": self.phone, "To": SERVICE_NUMBER}
        if digits is not None:
            params["Digits"] = digits
        return post_signed(f"{self.base}{path}", params)

    def say(self, speech: str) -> str:
        """What Twilio heard the caller say at a turn (``SpeechResult``): answers digits cannot give."""
        params = {"CallSid": "CA" + self.phone[-8:], "From": self.phone, "To": SERVICE_NUMBER}
        params |= {"SpeechResult": speech, "Confidence": "0.9"}
        return post_signed(f"{self.base}/voice/twilio/turn", params)


def spoken(twiml: str) -> str:
    return " ".join(re.findall(r"<Say [^>]*>(.*?)</Say>", twiml))


def query(stack: Stack, sql: str, **params: Any) -> list[tuple]:
    """Rows from the stack's own database, to check what a conversation stored."""
    engine = create_engine(stack.database_url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()
