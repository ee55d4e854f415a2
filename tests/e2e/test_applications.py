"""Applications through the gateway: each type in Swedish and English, stop and resume, status."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.helpers import texts

# Valid personal identity numbers (Luhn) and mobile numbers: one person per test.
PEOPLE = {
    "home_care-sv": ("19560312-1236", "0701110001"),
    "home_care-en": ("19450709-2346", "0701110002"),
    "financial_aid-sv": ("19900101-3458", "0701110003"),
    "financial_aid-en": ("19720515-4565", "0701110004"),
    "transport_service-sv": ("19850220-5670", "0701110005"),
    "transport_service-en": ("19630808-6781", "0701110006"),
    "resume": ("19991231-7899", "0701110007"),
}

APPLICATIONS = {
    # A relative applies for their mother: the questionnaire asks who needs help and if she agrees.
    "home_care-sv": ("min mamma behöver hjälp hemma", "HT-",
                     ["ja", "2", "1", "ja", "1, 3", "1", "hoppa över", "ja", "2", "hoppa över"]),
    "home_care-en": ("I need help with showering and getting dressed", "HT-",
                     ["yes", "myself", "1", "alone", "skip", "no", "I have a bad hip"]),
    "financial_aid-sv": ("jag har inte råd med hyran", "EB-",
                         ["ja", "december", "1", "0", "nej", "8", "5200", "nej", "5", "mat och hyra"]),
    "financial_aid-en": ("i can't afford my rent", "EB-",
                         ["yes", "december", "2", "1", "yes", "4500", "4", "1200", "6100", "no", "5",
                          "skip"]),
    "transport_service-sv": ("jag vill söka färdtjänst", "FT-",
                             ["ja", "jag har svårt att gå", "1, 2", "#", "ja", "2", "nej"]),
    "transport_service-en": ("i can't take the bus because of my leg", "FT-",
                             ["yes", "a bad knee", "1", "it hurts to walk", "yes", "5", "yes", "skip"]),
}  # fmt: skip


def latest_code(stack, phone: str) -> str:
    """The one-time code in the newest SMS to this number, read from the stack's outbox table."""
    number = "+46" + phone.lstrip("0")
    engine = create_engine(stack.database_url)
    try:
        with engine.connect() as connection:
            body = connection.execute(
                text('SELECT body FROM sms_outbox WHERE "to" = :to ORDER BY id DESC LIMIT 1'), {"to": number}
            ).scalar_one()
    finally:
        engine.dispose()
    return re.search(r"\b(\d{6})\b", body).group(1)  # type: ignore[union-attr]


def outbox_bodies(stack, phone: str) -> list[str]:
    number = "+46" + phone.lstrip("0")
    engine = create_engine(stack.database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text('SELECT body FROM sms_outbox WHERE "to" = :to'), {"to": number})
            return [row[0] for row in rows]
    finally:
        engine.dispose()


def identify(chat, stack, who: str) -> list[dict]:
    """Answer the identity steps: the mobile number, the code from the SMS, the personal number."""
    pnr, phone = PEOPLE[who]
    asked = chat.say(phone)
    assert "sms" in texts(asked).lower() or "text message" in texts(asked), texts(asked)
    asked = chat.say(latest_code(stack, phone))
    assert "12" in texts(asked), texts(asked)  # "personnummer med 12 siffror" / "with 12 digits"
    return chat.say(pnr)


def step_of(messages: list[dict]) -> str | None:
    return next(
        (m["data"].get("application_step") for m in messages if "application_step" in m["data"]), None
    )


def reference_of(messages: list[dict]) -> str | None:
    return next(
        (m["data"]["application_reference"] for m in messages if "application_reference" in m["data"]), None
    )


@pytest.mark.parametrize("case", list(APPLICATIONS))
def test_an_application_from_first_words_to_reference(chat_factory, stack, case):
    first, prefix, answers = APPLICATIONS[case]
    lang = case.rsplit("-", 1)[1]
    chat = chat_factory(lang)
    messages = chat.say(first)
    assert step_of(messages) == "consent", texts(messages)
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["1", "2"]
    for answer in answers:
        messages = chat.say(answer)
        assert step_of(messages) in ("question", "review"), (answer, texts(messages))
        assert len(messages) == 1, "one step is one message"
    assert step_of(messages) == "review", texts(messages)
    assert messages[-1]["buttons"][-1]["payload"] == "0"
    identify_first = chat.say("skicka" if lang == "sv" else "send")
    assert "mobil" in texts(identify_first).lower()
    done = identify(chat, stack, case)
    reference = reference_of(done)
    assert reference and reference.startswith(prefix), texts(done)
    assert reference in texts(done)
    assert any(reference in body for body in outbox_bodies(stack, PEOPLE[case][1]))


def test_stop_half_way_resume_in_a_new_conversation_and_follow_the_status(chat_factory, stack):
    chat = chat_factory("sv")
    chat.say("jag vill söka färdtjänst")
    for answer in ["ja", "jag har dålig balans"]:
        chat.say(answer)
    offer = chat.say("avbryt")
    assert "fortsätta senare" in texts(offer)
    chat.say("ja")
    stopped = identify(chat, stack, "resume")
    assert "fortsätt min ansökan" in texts(stopped), texts(stopped)

    later = chat_factory("en")
    ask = later.say("continue my application")
    assert "saved application" in texts(ask), texts(ask)
    resumed = identify(later, stack, "resume")
    assert texts(resumed).startswith("Welcome back."), texts(resumed)
    assert "What is hard when you travel" in texts(resumed)
    for answer in ["1", "skip", "yes", "4", "no"]:
        messages = later.say(answer)
    assert step_of(messages) == "review", texts(messages)
    done = later.say("0")  # identified already: sent at once
    reference = reference_of(done)
    assert reference and reference.startswith("FT-"), texts(done)

    status = later.say("how is my application going")
    assert f"Transport service, {reference}: We have received your application" in texts(status)
    assert status[-1]["data"]["applications"][0]["status"] == "received"

    elsewhere = chat_factory("sv")
    asked = elsewhere.say("hur går det med min ansökan")
    assert "vem du är" in texts(asked), texts(asked)
    listed = identify(elsewhere, stack, "resume")
    assert f"Färdtjänst, {reference}: Vi har fått din ansökan" in texts(listed), texts(listed)
