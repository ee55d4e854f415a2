"""All tables, collected in one ``metadata`` for Alembic.

Each feature defines its models in its own package; importing them here registers them on ``Base``.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, Integer, String

from services.store.db import Base


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Conversation(Base):
    """A conversation started through the gateway. The id is the unguessable key shared with Rasa."""

    __tablename__ = "conversations"

    id = Column(String(64), primary_key=True)
    channel = Column(String(16), nullable=False, default="web")
    language = Column(String(2), nullable=False, default="sv")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_seen_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class HandoffRequest(Base):
    """A person asked to reach a human. ``sender_key`` is the Rasa sender id; no message text is kept."""

    __tablename__ = "handoff_requests"

    id = Column(Integer, primary_key=True, autoincrement=True)
    sender_key = Column(String(64), nullable=False, index=True)
    topic = Column(String(32), nullable=False)
    language = Column(String(2), nullable=False)
    status = Column(String(16), nullable=False, default="open")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


import services.applications.models  # noqa: E402,F401
import services.booking.models  # noqa: E402,F401  (booking, identity and notification tables)
import services.identity.models  # noqa: E402,F401
import services.messaging.models  # noqa: E402,F401
import services.notifications.models  # noqa: E402,F401

metadata = Base.metadata
