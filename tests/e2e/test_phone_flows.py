"""A booking and an application completed by phone: signed Twilio Voice webhooks through the real stack.

The caller's own number counts as verified on the phone channel (as on SMS), so the only identity question is
the personnummer, keyed as digits ended with #. Choices are answered with one key each.
"""

from __future__ import annotations

import re

from devtools.stack import Stack
from tests.e2e.twilio_webhooks import Caller, query, spoken

SWEDISH = 'voice="Polly.Astrid" language="sv-SE"'
ENGLISH = 'voice="Polly.Amy" language="en-GB"'
BOOKING_PHONE, BOOKING_PNR = "+46703330001", "195802141233"  # no other test's number or person
APPLICATION_PHONE, APPLICATION_PNR = "+46703330002", "197306112462"


def only_in(twiml: str, voice: str) -> bool:
    """Every <Say> of the turn is in ``voice`` (and there is at least one)."""
    says = re.findall(r"<Say ([^>]*)>", twiml)
    return bool(says) and all(attributes == voice for attributes in says)


def test_a_swedish_booking_by_phone_with_the_keypad_only(stack: Stack):
    caller = Caller(stack, BOOKING_PHONE)
    assert "tryck 1" in spoken(caller.press("/voice/twilio"))
    assert "Tryck 2 för Boka en tid." in spoken(caller.press("/voice/twilio/language", "1"))
    for key, asked in [
        ("2", "Tryck 2 för Läkare."),  # book a visit
        ("2", "Tryck 1 för Norrvik."),  # a doctor
        ("1", "Välj en tid."),  # the first municipality
        ("1", "personnummer"),  # the first time; the number calling is already verified
    ]:
        twiml = caller.press("/voice/twilio/turn", key)
        assert asked in spoken(twiml), (key, spoken(twiml))
        assert only_in(twiml, SWEDISH)
    twiml = caller.press("/voice/twilio/turn", BOOKING_PNR + "#")
    assert 'finishOnKey="#"' not in twiml and "Tryck 1 för Ja, boka." in spoken(twiml)
    done = caller.press("/voice/twilio/turn", "1")
    reference = re.search(r"Ditt bokningsnummer är (\w+)", spoken(done))
    assert reference, spoken(done)
    assert only_in(done, SWEDISH)

    stored = query(stack, "SELECT channel FROM appointments WHERE reference = :r", r=reference.group(1))
    assert stored == [("phone",)]
    [(receipt,)] = query(stack, 'SELECT body FROM sms_outbox WHERE "to" = :to', to=BOOKING_PHONE)
    assert reference.group(1) in receipt  # "Du får ett sms med tiden"


def test_an_english_transport_service_application_by_phone(stack: Stack):
    """Keypad digits for every answer but one: what the illness or disability is, a free-text question with
    no digit answer, is spoken (SpeechResult), as the phone channel takes free text."""
    caller = Caller(stack, APPLICATION_PHONE)
    caller.press("/voice/twilio")
    assert "Press 3 for Apply for support." in spoken(caller.press("/voice/twilio/language", "2"))
    assert "Press 3 for Transport service." in spoken(caller.press("/voice/twilio/turn", "3"))
    assert "Press 1 for Yes." in spoken(caller.press("/voice/twilio/turn", "3"))  # what it is; consent?
    free_text = caller.press("/voice/twilio/turn", "1")  # consent given
    assert "What illness or disability do you have?" in spoken(free_text)
    assert "Press 1" not in spoken(free_text)  # no choices: only words answer it
    twiml = caller.say("I have a bad hip and cannot walk far")
    for key, asked in [
        (None, "What is hard when you travel by bus or train?"),
        ("1", "Done."),  # walk to the stop
        ("7", "Tell us more about how it affects your travel"),  # 7 for Done
        ("1", "more than three months?"),  # 1 for Skip
        ("1", "Which aids do you use"),  # yes
        ("2", "Press 6 for Done."),  # walker
        ("6", "Do you need someone with you"),  # done
        ("2", "Here are your answers. Are they right?"),  # no companion
    ]:
        if key is not None:
            twiml = caller.press("/voice/twilio/turn", key)
        assert asked in spoken(twiml), (key, spoken(twiml))
        assert only_in(twiml, ENGLISH)
    review = spoken(twiml)
    assert "Hard to: Walk to the stop" in review and "Aids: Walker" in review
    assert "Press 1 for Send the application." in review
    assert "identity number" in spoken(caller.press("/voice/twilio/turn", "1"))
    done = caller.press("/voice/twilio/turn", APPLICATION_PNR + "#")
    reference = re.search(r"\b(FT-[\w-]*\w)", spoken(done))
    assert reference, spoken(done)
    assert only_in(done, ENGLISH)

    stored = query(
        stack,
        "SELECT service, status, language FROM applications WHERE reference = :r",
        r=reference.group(1),
    )
    assert stored == [("transport_service", "received", "en")]
    [(receipt,)] = query(stack, 'SELECT body FROM sms_outbox WHERE "to" = :to', to=APPLICATION_PHONE)
    assert reference.group(1) in receipt and "We have received your application." in receipt
