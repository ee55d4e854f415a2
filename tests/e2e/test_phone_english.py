"""An English phone call through the gateway with the real Rasa behind it, answered with the keypad only."""

from __future__ import annotations

from devtools.stack import Stack
from tests.e2e.twilio_webhooks import Caller, spoken

ENGLISH = 'voice="Polly.Amy" language="en-GB"'


def test_an_english_triage_by_phone_with_the_keypad_only(stack: Stack):
    caller = Caller(stack, "+46702220003")  # no other test's number
    assert "For English, press 2." in spoken(caller.press("/voice/twilio"))
    greeting = caller.press("/voice/twilio/language", "2")
    assert 'language="en-GB"' in greeting and 'language="sv-SE"' not in greeting
    assert "Press 1 for Advice about symptoms." in spoken(greeting)
    assert "Press 3 for Sore throat." in spoken(caller.press("/voice/twilio/turn", "1"))
    twiml = caller.press("/voice/twilio/turn", "3")
    for _ in range(8):
        if "Get help at once if:" in spoken(twiml):
            break
        assert "Press 2 for No." in spoken(twiml)
        twiml = caller.press("/voice/twilio/turn", "2")
    else:
        raise AssertionError("no advice after eight answers")
    advice = spoken(twiml)
    assert "You can probably look after this yourself for now." in advice  # self-care
    assert "Call 112 if it is life-threatening." in advice
    assert ENGLISH in twiml and "sv-SE" not in twiml
