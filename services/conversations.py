"""Conversations the gateway has started: an unguessable id and the language the person chose."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update

from services.store import session_scope
from services.store.models import Conversation, utcnow

# 24 random bytes, URL-safe base64: 32 characters, 192 bits.
_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")


@dataclass(frozen=True)
class ConversationInfo:
    id: str
    language: str
    channel: str


def is_valid_id(conversation_id: str) -> bool:
    return bool(_ID_PATTERN.match(conversation_id))


def start_conversation(*, language: str, channel: str = "web") -> ConversationInfo:
    conversation_id = secrets.token_urlsafe(24)
    with session_scope() as session:
        session.add(Conversation(id=conversation_id, language=language, channel=channel))
    return ConversationInfo(id=conversation_id, language=language, channel=channel)


def find_conversation(conversation_id: str) -> ConversationInfo | None:
    if not is_valid_id(conversation_id):
        return None
    with session_scope() as session:
        row = session.execute(
            select(Conversation).where(Conversation.id == conversation_id)
        ).scalar_one_or_none()
        if row is None:
            return None
        return ConversationInfo(id=row.id, language=row.language, channel=row.channel)


def set_language(conversation_id: str, language: str) -> None:
    """Remember the language the conversation is now in."""
    with session_scope() as session:
        session.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id)
            .values(language=language, last_seen_at=utcnow())
        )
