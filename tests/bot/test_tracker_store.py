"""The tracker store on a real PostgreSQL: a database failure fails the turn, never falls back to memory."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import DatabaseUrlTrackerStore, TrackerStoreUnavailable
from devtools.servers import PostgresServer, postgres_server

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "bot" / "domain"))


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    with postgres_server() as server:
        yield server


def tracker(sender: str, *texts: str) -> DialogueStateTracker:
    result = DialogueStateTracker(sender, DOMAIN.slots)
    for text in texts:
        result.update(UserUttered(text))
    return result


def user_texts(found: DialogueStateTracker | None) -> list[str]:
    assert found is not None
    return [event.text for event in found.events if isinstance(event, UserUttered)]


def test_a_database_outage_fails_the_turn_and_loses_nothing(postgres: PostgresServer):
    # Rasa wraps every store in FailSafeTrackerStore, as the running server does.
    store = FailSafeTrackerStore(DatabaseUrlTrackerStore(DOMAIN, host=postgres.url))
    asyncio.run(store.save(tracker("person-1", "hej")))

    postgres.stop()
    try:
        with pytest.raises(TrackerStoreUnavailable):
            asyncio.run(store.retrieve("person-1"))  # Rasa's default: None, and a fresh conversation
        with pytest.raises(TrackerStoreUnavailable):
            asyncio.run(store.save(tracker("person-1", "hej", "jag har feber")))  # default: kept in memory
        assert store._fallback_tracker_store is None  # the in-memory store was never even created
    finally:
        postgres.start()

    # Back: the first turn works at once (no dead pooled connection), with the conversation as it was.
    assert user_texts(asyncio.run(store.retrieve("person-1"))) == ["hej"]
    asyncio.run(store.save(tracker("person-1", "hej", "jag har feber")))
    assert user_texts(asyncio.run(store.retrieve("person-1"))) == ["hej", "jag har feber"]
