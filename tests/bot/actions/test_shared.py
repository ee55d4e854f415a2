"""Session start, language switch, handoff and fallback actions."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from conftest import make_tracker, user_event  # noqa: E402

from bot.actions.shared import (  # noqa: E402
    ActionChangeLanguage,
    ActionDefaultFallback,
    ActionHumanHandoff,
    ActionSessionStart,
)
from services.store import session_scope  # noqa: E402
from services.store.models import HandoffRequest  # noqa: E402

SCENARIOS_SESSION_START = {
    "new English conversation": (
        {"session_started_metadata": {"language": "en"}},
        [SessionStarted(), SlotSet("language", "sv"), SlotSet("language", "en")],
    ),
    "returning person keeps their slots": (
        {"language": "en", "triage_level": "routine", "session_started_metadata": {"language": "en"}},
        [
            SessionStarted(),
            SlotSet("language", "en"),
            SlotSet("triage_level", "routine"),
            SlotSet("language", "en"),
        ],
    ),
    "no metadata keeps Swedish": (
        {},
        [SessionStarted(), SlotSet("language", "sv")],
    ),
}


@pytest.mark.parametrize("scenario", SCENARIOS_SESSION_START)
async def test_session_start(scenario: str, dispatcher: CollectingDispatcher):
    slots, expected = SCENARIOS_SESSION_START[scenario]
    events = await ActionSessionStart().run(dispatcher, make_tracker(slots=slots), {})
    assert events == [*expected, ActionExecuted("action_listen")]
    assert dispatcher.messages == []


@pytest.mark.parametrize(
    ("current", "entities", "expected"),
    [
        ("sv", [{"entity": "language", "value": "en"}], "en"),
        ("en", [{"entity": "language", "value": "sv"}], "sv"),
        ("en", [{"entity": "language", "value": "en"}], "en"),
        ("sv", [], "en"),
        ("en", [], "sv"),
        ("sv", [{"entity": "language", "value": "de"}], "en"),
    ],
)
async def test_change_language(current, entities, expected, dispatcher: CollectingDispatcher):
    tracker = make_tracker(slots={"language": current}, intent="change_language", entities=entities)
    assert await ActionChangeLanguage().run(dispatcher, tracker, {}) == [SlotSet("language", expected)]


@pytest.mark.parametrize(
    ("earlier_intent", "topic"),
    [("report_symptoms", "health"), ("apply_for_service", "social_services"), ("greet", "other")],
)
async def test_handoff_is_recorded_with_its_topic(database, earlier_intent, topic, dispatcher):
    tracker = make_tracker(
        sender_id="conv-1",
        slots={"language": "en"},
        intent="human_handoff",
        events=[user_event(earlier_intent)],
    )
    assert await ActionHumanHandoff().run(dispatcher, tracker, {}) == []
    with session_scope() as session:
        rows = session.execute(select(HandoffRequest)).scalars().all()
        assert [(r.sender_key, r.topic, r.language, r.status) for r in rows] == [
            ("conv-1", topic, "en", "open")
        ]


async def test_default_fallback_asks_to_rephrase_and_forgets_the_message(dispatcher: CollectingDispatcher):
    events = await ActionDefaultFallback().run(dispatcher, make_tracker(), {})
    assert events == [UserUtteranceReverted()]
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_rephrase"]
