"""Showing and erasing the person's data: what the actions say, and when they ask for the erasure."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from conftest import make_tracker, user_event  # noqa: E402

from bot.actions.privacy import ActionAskErase, ActionEraseMyData, ActionShowMyData  # noqa: E402
from services import conversations  # noqa: E402
from services.applications.models import Application  # noqa: E402
from services.store import session_scope  # noqa: E402


def run(action: Any, tracker: Any) -> list[dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages


def asked_then(intent: str, text: str, *, language: str = "sv") -> Any:
    events = [
        user_event("erase_my_data", "radera mina uppgifter"),
        {"event": "action", "name": "action_ask_erase"},
        {"event": "action", "name": "action_listen"},
    ]
    return make_tracker(intent=intent, text=text, events=events, slots={"language": language})


def test_showing_the_data_counts_messages_and_names_drafts(database: str):
    conversation = conversations.start_conversation(language="en")
    with session_scope() as session:
        session.add(Application(service="home_care", conversation_key=conversation.id))
    tracker = make_tracker(sender_id=conversation.id, intent="show_my_data", slots={"language": "en"})
    [message] = run(ActionShowMyData(), tracker)
    assert "Number of messages: 1." in message["text"]
    assert "Applications you have not sent in: 1." in message["text"]
    assert message["text"].endswith('Write "delete my data".')


def test_the_question_says_what_is_kept_and_offers_yes_and_no(database: str):
    [message] = run(ActionAskErase(), make_tracker(intent="erase_my_data", slots={"language": "sv"}))
    assert "Bokade tider och inskickade ansökningar sparas ändå" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]


def test_yes_to_the_question_asks_the_gateway_to_erase(database: str):
    [message] = run(ActionEraseMyData(), asked_then("affirm", "ja"))
    assert message["text"].startswith("Klart. Vi har raderat samtalet.")
    assert message["custom"] == {"erase_conversation": True}


def test_no_to_the_question_erases_nothing(database: str):
    [message] = run(ActionEraseMyData(), asked_then("deny", "no", language="en"))
    assert message["text"] == "OK. We do not delete anything."
    assert not message.get("custom")


def test_a_yes_that_did_not_answer_the_question_erases_nothing(database: str):
    events = [
        {"event": "action", "name": "action_ask_erase"},
        user_event("greet", "hej"),
        {"event": "action", "name": "utter_greet"},
    ]
    tracker = make_tracker(intent="affirm", text="ja", events=events, slots={"language": "sv"})
    [message] = run(ActionEraseMyData(), tracker)
    assert not message.get("custom")
