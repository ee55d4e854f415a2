"""SMS through the gateway with the real Rasa behind it: signed webhooks, numbers only."""

from __future__ import annotations

import re

from devtools.stack import Stack
from tests.e2e.twilio_webhooks import Texter, query


def channel_of_booking(stack: Stack, reference: str) -> str:
    [(channel,)] = query(stack, "SELECT channel FROM appointments WHERE reference = :r", r=reference)
    return channel


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
    reference = re.search(r"Ditt bokningsnummer är (\w+)", confirmation)
    assert reference, confirmation
    assert channel_of_booking(stack, reference.group(1)) == "sms"


def test_an_english_triage_by_sms_with_numbers_only_then_a_booking(stack: Stack):
    """A sore throat on one side is for care today; the booking offered right after it is recorded as SMS."""
    texter = Texter(stack, "+46702220002")
    assert "Reply 1 for Advice about symptoms" in " ".join(texter.send("hello"))
    assert "3 for Sore throat" in " ".join(texter.send("1"))
    for answer in ("3", "2", "2"):  # sore throat; can swallow; no noise when breathing in
        assert "Reply 1 for Yes, 2 for No, 3 for Don't know." in " ".join(texter.send(answer))
    advice = " ".join(texter.send("1"))  # the pain is on one side: same day
    assert "Contact your health centre (vårdcentral) today." in advice
    assert "Call 112 if it is life-threatening." in advice
    assert "Reply 1 for Yes, book a visit" in advice
    assert "Where do you want to go?" in " ".join(texter.send("1"))
    assert "Reply 1 for" in " ".join(texter.send("1"))  # the first municipality: today's and tomorrow's times
    assert "personal identity number" in " ".join(texter.send("1"))  # the first time
    assert "Reply 1 for Yes, book it" in " ".join(texter.send("196109055670"))  # no other test's person
    confirmation = " ".join(texter.send("1"))
    reference = re.search(r"Your booking number is (\w+)", confirmation)
    assert reference, confirmation
    assert channel_of_booking(stack, reference.group(1)) == "sms"
