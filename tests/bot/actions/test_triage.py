"""The triage actions: intake, questions, answers, advice and the emergency answer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from conftest import make_tracker  # noqa: E402

from bot.actions.triage import (  # noqa: E402
    CANCELLED,
    DESCRIBE,
    DONE,
    MAX_QUESTIONS,
    ActionAskTriageReply,
    ActionEmergency,
    ActionTriageResult,
    ActionTriageStart,
    ValidateTriageForm,
)
from services.triage import assess  # noqa: E402

BELLY = "jag har ont i magen sedan igår"


def slots_of(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_start_from_the_button_asks_for_a_description(dispatcher: CollectingDispatcher):
    tracker = make_tracker(intent="report_symptoms", text="/report_symptoms")
    slots = slots_of(await ActionTriageStart().run(dispatcher, tracker, {}))
    assert slots["triage_question"] == DESCRIBE
    assert slots["triage_text"] is None


async def test_start_from_a_description_asks_the_engines_first_question(dispatcher: CollectingDispatcher):
    tracker = make_tracker(intent="report_symptoms", text=BELLY)
    slots = slots_of(await ActionTriageStart().run(dispatcher, tracker, {}))
    assert slots["triage_text"] == BELLY
    assert slots["triage_question"] == assess(BELLY, "sv").questions[0].id
    assert slots["triage_answers"] == {} and slots["triage_asked"] == 0.0


async def test_the_question_is_asked_with_yes_no_and_dont_know(dispatcher: CollectingDispatcher):
    first = assess(BELLY, "sv").questions[0]
    tracker = make_tracker(slots={"triage_text": BELLY, "triage_question": first.id})
    assert await ActionAskTriageReply().run(dispatcher, tracker, {}) == []
    assert dispatcher.messages[0]["response"] == "utter_triage_question"
    assert dispatcher.messages[0]["question"] == first.text


def triage_tracker(**slots):
    base = {"triage_text": BELLY, "triage_answers": {}, "triage_asked": 0.0,
            "triage_question": assess(BELLY, "sv").questions[0].id}  # fmt: skip
    return make_tracker(slots={**base, **slots})


@pytest.mark.parametrize(
    ("reply", "value"), [("ja", True), ("Nej.", False), ("vet inte", None), ("yes", True)]
)
async def test_an_answer_is_recorded_and_the_next_question_chosen(reply, value, dispatcher):
    tracker = triage_tracker()
    question = tracker.get_slot("triage_question")
    result = await ValidateTriageForm().validate_triage_reply(reply, dispatcher, tracker, {})
    assert result["triage_answers"] == {question: value}
    assert result["triage_asked"] == 1.0
    assert result["triage_question"] != question
    assert dispatcher.messages == []


async def test_an_unclear_answer_is_asked_again(dispatcher: CollectingDispatcher):
    result = await ValidateTriageForm().validate_triage_reply("blå", dispatcher, triage_tracker(), {})
    assert result == {"triage_reply": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_triage_reask_yes_no"]


async def test_more_description_instead_of_an_answer_is_kept(dispatcher: CollectingDispatcher):
    result = await ValidateTriageForm().validate_triage_reply(
        "jag har feber också", dispatcher, triage_tracker(), {}
    )
    assert result["triage_text"] == f"{BELLY}. jag har feber också"
    assert result["triage_answers"] == {}


async def test_an_age_answer(dispatcher: CollectingDispatcher):
    tracker = triage_tracker(triage_question="age", triage_text="min son har feber")
    result = await ValidateTriageForm().validate_triage_reply("2 år", dispatcher, tracker, {})
    assert result["triage_age"] == 2.0
    bad = await ValidateTriageForm().validate_triage_reply("gammal", dispatcher, tracker, {})
    assert bad == {"triage_reply": None}
    assert dispatcher.messages[-1]["response"] == "utter_triage_reask_age"


async def test_the_questions_stop_after_the_maximum(dispatcher: CollectingDispatcher):
    tracker = triage_tracker(triage_asked=float(MAX_QUESTIONS - 1))
    result = await ValidateTriageForm().validate_triage_reply("nej", dispatcher, tracker, {})
    assert result["triage_reply"] == DONE


async def test_cancel_ends_the_triage(dispatcher: CollectingDispatcher):
    result = await ValidateTriageForm().validate_triage_reply("avbryt", dispatcher, triage_tracker(), {})
    assert result == {"triage_reply": DONE, "triage_question": CANCELLED}
    events = await ActionTriageResult().run(dispatcher, triage_tracker(triage_question=CANCELLED), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_triage_cancelled"]
    assert all(e["value"] is None for e in events)


async def test_the_result_gives_advice_with_the_level_and_offers_a_booking(dispatcher: CollectingDispatcher):
    tracker = triage_tracker(triage_answers={"hard_belly": False, "vomiting_blood": False})
    expected = assess(BELLY, "sv", answers={"hard_belly": False, "vomiting_blood": False})
    events = await ActionTriageResult().run(dispatcher, tracker, {})
    advice = dispatcher.messages[0]
    assert advice["custom"] == {"triage_level": expected.level}
    assert "Sök vård direkt om" in advice["text"] or expected.level.startswith("emergency")
    if expected.level in ("same_day", "routine"):
        assert dispatcher.messages[-1]["response"] == "utter_triage_offer_booking"
    assert SlotSet("triage_level", expected.level) in events
    assert SlotSet("triage_text", None) in events


@pytest.mark.parametrize(
    ("text", "kind", "must_say"),
    [
        ("jag vill ta mitt liv ikväll", "suicide", "90101"),
        ("min pappa har svår bröstsmärta och kan inte andas", "general", "112"),
    ],
)
async def test_an_emergency_says_112_and_the_right_line(text, kind, must_say, dispatcher):
    tracker = make_tracker(
        intent="emergency", text=text, entities=[{"entity": "emergency_kind", "value": kind}]
    )
    events = await ActionEmergency().run(dispatcher, tracker, {})
    [message] = dispatcher.messages
    if message["response"]:  # the kind's own response in the domain
        assert message["response"] == f"utter_emergency_{kind}"
    else:
        assert must_say in message["text"] and "112" in message["text"]
    assert message["custom"] == {"triage_level": "emergency_call", "emergency_kind": kind}
    assert SlotSet("triage_level", "emergency_call") in events


@pytest.mark.parametrize(("language", "expected"), [("sv", "jag har feber"), ("en", "I have a fever")])
async def test_a_common_complaint_chosen_by_number_becomes_words(language, expected, dispatcher):
    tracker = make_tracker(slots={"language": language, "triage_question": DESCRIBE, "triage_answers": {}})
    result = await ValidateTriageForm().validate_triage_reply("symptom:fever", dispatcher, tracker, {})
    assert result["triage_text"] == expected
    assert result["triage_question"]  # the first question about fever follows
