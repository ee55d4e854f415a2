"""A message sent again with the same id gets the first answer back, from the stored conversation."""

from __future__ import annotations

import asyncio

from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rest_channel import answers_to


def stored(*events) -> InMemoryTrackerStore:  # type: ignore[no-untyped-def]
    store = InMemoryTrackerStore(Domain.empty())
    tracker = DialogueStateTracker("person", [])
    for event in events:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    return store


def test_the_answer_to_an_earlier_message_is_found_by_its_id():
    store = stored(
        UserUttered("hej", metadata={"message_id": "m-1"}),
        BotUttered("Hej! Vad vill du göra?", data={"buttons": [{"title": "Boka", "payload": "/book"}]}),
        ActionExecuted("action_listen"),
        UserUttered("jag har ont i halsen", metadata={"message_id": "m-2"}),
        BotUttered("Hur länge har du haft ont?"),
        BotUttered(None, data={"custom": {"triage_question": "duration"}}),
        ActionExecuted("action_listen"),
        UserUttered("två dagar", metadata={"message_id": "m-3"}),
        BotUttered("Har du feber?"),
    )
    assert asyncio.run(answers_to(store, "person", "m-1")) == [
        {
            "recipient_id": "person",
            "text": "Hej! Vad vill du göra?",
            "buttons": [{"title": "Boka", "payload": "/book"}],
        }
    ]
    assert asyncio.run(answers_to(store, "person", "m-2")) == [
        {"recipient_id": "person", "text": "Hur länge har du haft ont?"},
        {"recipient_id": "person", "custom": {"triage_question": "duration"}},
    ]


def test_a_message_not_stored_yet_has_no_answer():
    store = stored(UserUttered("hej", metadata={"message_id": "m-1"}), BotUttered("Hej!"))
    assert asyncio.run(answers_to(store, "person", "m-9")) is None
    assert asyncio.run(answers_to(store, "nobody", "m-1")) is None
