"""Keyed conversations, duplicate detection, and the counts behind rate limits and caps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from services.identity.keys import keyed_hash
from services.messaging.models import InboundMessage, OutboundMessage, PhoneConversation
from services.store import session_scope
from services.store.models import utcnow


@dataclass(frozen=True)
class PhoneConversationInfo:
    key: str
    language: str
    last_choices: list[tuple[str, str]]
    stopped: bool
    new: bool = False


def conversation_key(phone_e164: str) -> str:
    """The conversation id for a phone number: the same for SMS and calls, and not the number itself."""
    return keyed_hash("phone-conversation", phone_e164)


def _info(row: PhoneConversation, *, new: bool = False) -> PhoneConversationInfo:
    choices = [(str(title), str(payload)) for title, payload in (row.last_choices or [])]
    return PhoneConversationInfo(row.key, row.language, choices, row.stopped_at is not None, new)


def get_or_start(key: str, *, language: str) -> PhoneConversationInfo:
    """The conversation for ``key``; a new one starts in ``language``."""
    with session_scope() as session:
        row = session.get(PhoneConversation, key)
        if row is not None:
            return _info(row)
        row = PhoneConversation(key=key, language=language)
        session.add(row)
        try:
            session.flush()
        except IntegrityError:  # started at the same moment by another request
            session.rollback()
            row = session.get(PhoneConversation, key)
            assert row is not None
            return _info(row)
        return _info(row, new=True)


def _update(key: str, **values: object) -> None:
    with session_scope() as session:
        query = update(PhoneConversation).where(PhoneConversation.key == key)
        session.execute(query.values(updated_at=utcnow(), **values))


def set_language(key: str, language: str) -> None:
    _update(key, language=language)


def set_choices(key: str, choices: list[tuple[str, str]]) -> None:
    _update(key, last_choices=[list(choice) for choice in choices])


def set_stopped(key: str, stopped: bool) -> None:
    _update(key, stopped_at=utcnow() if stopped else None)


def claim_inbound(provider: str, provider_message_id: str, key: str) -> bool:
    """Record a provider's message id; False when it was seen before (a retry)."""
    try:
        with session_scope() as session:
            row = InboundMessage(
                provider=provider, provider_message_id=provider_message_id, conversation_key=key
            )
            session.add(row)
        return True
    except IntegrityError:
        return False


def inbound_since(key: str, since: datetime) -> int:
    with session_scope() as session:
        query = select(func.count()).where(
            InboundMessage.conversation_key == key, InboundMessage.received_at >= since
        )
        return int(session.execute(query).scalar_one())


def record_outbound(key: str, segments: list[int]) -> None:
    with session_scope() as session:
        session.add_all(OutboundMessage(conversation_key=key, segments=count) for count in segments)


def outbound_since(key: str, since: datetime) -> int:
    with session_scope() as session:
        query = select(func.count()).where(
            OutboundMessage.conversation_key == key, OutboundMessage.sent_at >= since
        )
        return int(session.execute(query).scalar_one())
