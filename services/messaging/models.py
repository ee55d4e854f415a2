"""Tables for the phone-number channels. No phone number and no message text is stored."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Integer, String, UniqueConstraint

from services.store.db import Base
from services.store.models import utcnow
from services.store.types import UTCDateTime


class PhoneConversation(Base):
    __tablename__ = "phone_conversations"

    key = Column(String(64), primary_key=True)
    language = Column(String(2), nullable=False, default="sv")
    last_choices = Column(JSON, nullable=True)  # [[title, payload], ...] as last offered
    stopped_at = Column(UTCDateTime, nullable=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    updated_at = Column(UTCDateTime, nullable=False, default=utcnow)


class InboundMessage(Base):
    """A provider's message id, so a retried webhook is acknowledged but never processed twice."""

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("provider", "provider_message_id", name="uq_inbound_provider_id"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    provider = Column(String(16), nullable=False)
    provider_message_id = Column(String(64), nullable=False)
    conversation_key = Column(String(64), nullable=False, index=True)
    received_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)


class OutboundMessage(Base):
    """One SMS sent to a conversation, for the daily cap."""

    __tablename__ = "outbound_messages"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_key = Column(String(64), nullable=False, index=True)
    segments = Column(Integer, nullable=False, default=1)
    sent_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
