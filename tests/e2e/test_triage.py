"""Triage through the gateway: intake, questions answered with the buttons, advice with its level."""

from __future__ import annotations

from tests.e2e.helpers import texts

LEVELS = {"emergency_call", "emergency_visit", "same_day", "routine", "self_care"}


def answer_until_advice(chat, first: list[dict], answer: str, limit: int = 8) -> list[dict]:
    """Answer every question with ``answer`` until a message carries the triage level."""
    messages = first
    for _ in range(limit):
        if any("triage_level" in m["data"] for m in messages):
            return messages
        assert [b["payload"] for b in messages[-1]["buttons"]] == ["ja", "nej", "vet inte"], texts(messages)
        messages = chat.say(answer)
    raise AssertionError(f"no advice after {limit} answers: {texts(messages)}")


def level_of(messages: list[dict]) -> str:
    return next(m["data"]["triage_level"] for m in messages if "triage_level" in m["data"])


def test_a_swedish_triage_ends_with_advice_and_safety_netting(chat_factory):
    chat = chat_factory()
    first = chat.say("jag har ont i halsen sedan igår")
    assert first[0]["buttons"], "a yes/no question comes first"
    messages = answer_until_advice(chat, first, "nej")
    assert level_of(messages) in LEVELS
    assert "Sök vård direkt om" in texts(messages)


def test_an_english_triage_from_the_greeting_button(chat_factory):
    chat = chat_factory("en")
    chat.say("hello")
    ask = chat.say("/report_symptoms")
    assert texts(ask).startswith("Tell me in your own words what is wrong.")
    first = chat.say("my 4 year old son has had a fever since yesterday")
    messages = answer_until_advice(chat, first, "vet inte")
    assert level_of(messages) in LEVELS
    assert "Get help at once if" in texts(messages) or level_of(messages).startswith("emergency")


def test_a_red_flag_answer_raises_the_level(chat_factory):
    chat = chat_factory("en")
    first = chat.say("I have chest pain")
    messages = answer_until_advice(chat, first, "ja")
    assert level_of(messages) in {"emergency_call", "emergency_visit"}
    assert "112" in texts(messages)


def test_an_emergency_in_the_middle_of_the_questions_is_answered_at_once(chat_factory):
    chat = chat_factory()
    first = chat.say("jag har ont i magen")
    assert first[-1]["buttons"]
    emergency = chat.say("nu har min man svår bröstsmärta och kan inte andas")
    assert "112" in texts(emergency)
    assert emergency[0]["data"]["triage_level"] == "emergency_call"
    # The triage questions are over: the next message is understood afresh.
    assert texts(chat.say("tack")).startswith("Varsågod")


def test_suicidal_thoughts_get_112_and_the_helpline(chat_factory):
    chat = chat_factory()
    answer = chat.say("jag vill inte leva längre och tänker ta livet av mig")
    assert "112" in texts(answer) and "90101" in texts(answer)
    assert answer[0]["data"]["emergency_kind"] == "suicide"
