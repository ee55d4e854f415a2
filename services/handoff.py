"""Requests to reach a human: recorded so staff can follow up, and answered with where to turn now."""

from __future__ import annotations

from services.store import session_scope
from services.store.models import HandoffRequest

TOPICS = ("health", "social_services", "other")


def record_handoff(*, sender_key: str, topic: str, language: str) -> int:
    """Store a handoff request and return its id. Unknown topics are stored as ``other``."""
    if topic not in TOPICS:
        topic = "other"
    with session_scope() as session:
        request = HandoffRequest(sender_key=sender_key, topic=topic, language=language, status="open")
        session.add(request)
        session.flush()
        return int(request.id)
