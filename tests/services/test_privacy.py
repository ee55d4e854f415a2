"""Showing and erasing what is held about a conversation, and forgetting old ones."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import func, select

from bot.tracker_store import DatabaseUrlTrackerStore
from services import conversations, privacy
from services.applications.models import Application
from services.identity.models import VerifiedContact
from services.store import session_scope
from services.store.models import Conversation

DOMAIN = Domain.load(str(Path(__file__).resolve().parents[2] / "bot" / "domain"))


def rasa_saves(database: str, sender: str, *pairs: tuple[str, str], at: float | None = None) -> None:
    """Store messages the way the running Rasa server does, in its own ``events`` table."""
    tracker = DialogueStateTracker(sender, DOMAIN.slots)
    for said, answered in pairs:
        tracker.update(UserUttered(said, timestamp=at))
        tracker.update(BotUttered(answered, timestamp=at))
    store = DatabaseUrlTrackerStore(DOMAIN, host=database)
    asyncio.run(store.save(tracker))
    store.engine.dispose()


def verified_contact(conversation_id: str) -> VerifiedContact:
    """The link a confirmed SMS code leaves between a conversation and a mobile number."""
    return VerifiedContact(
        conversation_id=conversation_id, phone_hash="h" * 64, phone_encrypted="x",
        phone_masked="070-*** ** 67", method="sms_code",
    )  # fmt: skip


def count(model: type) -> int:
    with session_scope() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def test_export_shows_the_messages_and_what_is_linked(database: str):
    conversation = conversations.start_conversation(language="sv")
    rasa_saves(database, conversation.id, ("jag har feber", "Hur länge har du haft feber?"))
    with session_scope() as session:
        session.add(verified_contact(conversation.id))
        session.add(Application(service="home_care", conversation_key=conversation.id))

    held = privacy.export(conversation.id)
    assert [(m["from"], m["text"]) for m in held.messages] == [
        ("you", "jag har feber"), ("assistant", "Hur länge har du haft feber?"),
    ]  # fmt: skip
    assert held.channel == "web" and held.language == "sv"
    assert held.verified_phone == "070-*** ** 67"
    assert held.drafts == 1


def test_erase_removes_the_conversation_but_keeps_what_the_law_requires(database: str):
    mine = conversations.start_conversation(language="en")
    other = conversations.start_conversation(language="sv")
    rasa_saves(database, mine.id, ("hello", "Hi!"), ("I want to apply", "Which help?"))
    rasa_saves(database, other.id, ("hej", "Hej!"))
    with session_scope() as session:
        session.add(Application(service="home_care", conversation_key=mine.id))
        session.add(
            Application(
                service="income_support",
                conversation_key=mine.id,
                status="received",
                reference="EB-2026-TEST",
            )
        )
        session.add(verified_contact(mine.id))

    erased = privacy.erase(mine.id)

    assert erased.messages >= 4 and erased.drafts == 1 and erased.links >= 2
    assert erased.kept_applications == 1
    assert privacy.export(mine.id).messages == []
    assert privacy.export(mine.id).applications == [
        {"reference": "EB-2026-TEST", "service": "income_support", "status": "received"}
    ]
    assert conversations.find_conversation(mine.id) is None
    assert count(VerifiedContact) == 0
    # Nobody else's conversation is touched.
    assert [m["text"] for m in privacy.export(other.id).messages] == ["hej", "Hej!"]
    assert conversations.find_conversation(other.id) is not None


def test_purge_forgets_only_conversations_older_than_the_retention(database: str):
    old = conversations.start_conversation(language="sv")
    recent = conversations.start_conversation(language="sv")
    long_ago = time.time() - 100 * 86400
    rasa_saves(database, old.id, ("hej", "Hej!"), at=long_ago)
    rasa_saves(database, recent.id, ("hej", "Hej!"))
    with session_scope() as session:
        session.get(Conversation, old.id).last_seen_at = datetime.now(timezone.utc) - timedelta(days=100)

    assert privacy.purge(90) == 1
    assert privacy.export(old.id).messages == [] and conversations.find_conversation(old.id) is None
    assert len(privacy.export(recent.id).messages) == 2
    assert privacy.purge(90) == 0
