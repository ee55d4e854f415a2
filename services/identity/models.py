"""People, one-time codes and the verified mobile number of a conversation.

No personal identity number, mobile number or code is stored in clear: personal numbers and codes as
keyed hashes, mobile numbers encrypted (the reminder SMS needs them) with a keyed hash for look-ups.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Text

from services.store.db import Base
from services.store.types import UTCDateTime, utcnow


class Person(Base):
    __tablename__ = "persons"

    id = Column(Integer, primary_key=True, autoincrement=True)
    pnr_hash = Column(String(64), nullable=False, unique=True)
    pnr_masked = Column(String(16), nullable=False)
    mobile_encrypted = Column(Text, nullable=True)
    mobile_hash = Column(String(64), nullable=True, index=True)
    mobile_masked = Column(String(20), nullable=True)
    mobile_verified_at = Column(UTCDateTime, nullable=True)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


class OtpChallenge(Base):
    """One code sent by SMS. ``attempts`` counts wrong and right tries alike."""

    __tablename__ = "otp_challenges"

    id = Column(String(43), primary_key=True)
    conversation_id = Column(String(64), nullable=False, index=True)
    phone_hash = Column(String(64), nullable=False, index=True)
    phone_encrypted = Column(Text, nullable=False)
    code_hash = Column(String(64), nullable=False)
    attempts = Column(Integer, nullable=False, default=0)
    status = Column(String(16), nullable=False, default="pending")  # pending|verified|locked|superseded
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    expires_at = Column(UTCDateTime, nullable=False)


class VerifiedContact(Base):
    """The mobile number proven for a conversation, by a code or by the SMS/phone channel itself."""

    __tablename__ = "verified_contacts"

    id = Column(Integer, primary_key=True, autoincrement=True)
    conversation_id = Column(String(64), nullable=False, unique=True)
    phone_hash = Column(String(64), nullable=False, index=True)
    phone_encrypted = Column(Text, nullable=False)
    phone_masked = Column(String(20), nullable=False)
    method = Column(String(16), nullable=False)  # sms_code | sms_channel | phone_channel
    person_id = Column(Integer, ForeignKey("persons.id", ondelete="SET NULL"), nullable=True)
    verified_at = Column(UTCDateTime, nullable=False, default=utcnow)
