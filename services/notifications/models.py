"""The SMS outbox: the embedded SMS "provider". Messages land here and can be read in development."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Text

from services.store.db import Base
from services.store.types import UTCDateTime, utcnow


class SmsOutboxMessage(Base):
    __tablename__ = "sms_outbox"

    id = Column(Integer, primary_key=True, autoincrement=True)
    to = Column(String(20), nullable=False)
    body = Column(Text, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    provider = Column(String(16), nullable=False, default="outbox")
    status = Column(String(16), nullable=False, default="stored")
