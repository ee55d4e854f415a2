"""Verified contacts and people: what the conversation calls once a person has proven their number."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.identity import keys
from services.identity.errors import MobileMismatch, NotVerified
from services.identity.models import Person, VerifiedContact
from services.identity.personnummer import parse_personal_number
from services.identity.phone import mask_phone, normalise_mobile
from services.store.db import session_scope
from services.store.types import utcnow

CHANNEL_METHODS = {"sms": "sms_channel", "phone": "phone_channel", "voice": "phone_channel"}


@dataclass(frozen=True)
class ContactInfo:
    conversation_id: str
    phone_masked: str
    method: str
    person_id: int | None
    phone: str = field(repr=False)  # E.164; never log it


@dataclass(frozen=True)
class PersonInfo:
    id: int
    pnr_masked: str
    mobile_masked: str | None


def record_channel_verified(conversation_id: str, phone: str, *, channel: str) -> ContactInfo:
    """The SMS and phone channels already know the sender's number: record it as verified."""
    if channel not in CHANNEL_METHODS:
        raise ValueError(f"channel {channel!r} does not verify numbers")
    number = normalise_mobile(phone)
    with session_scope() as session:
        return _save_contact(
            session,
            conversation_id=conversation_id,
            phone=number,
            method=CHANNEL_METHODS[channel],
            now=utcnow(),
        )


def verified_contact(conversation_id: str) -> ContactInfo | None:
    with session_scope() as session:
        row = _contact(session, conversation_id)
        return _contact_info(row) if row else None


def identify_person(conversation_id: str, personal_number: str, *, today: date | None = None) -> PersonInfo:
    """Link the conversation's verified mobile number to the person with this personal number.

    Raises ``InvalidPersonalNumber``, :class:`NotVerified` when no number is verified yet, and
    :class:`MobileMismatch` when the person is registered with another verified mobile number.
    """
    pnr = parse_personal_number(personal_number, today=today)
    pnr_hash = keys.keyed_hash("pnr", pnr.canonical)
    for attempt in range(2):
        try:
            with session_scope() as session:
                contact = _contact(session, conversation_id)
                if contact is None:
                    raise NotVerified()
                person = session.execute(
                    select(Person).where(Person.pnr_hash == pnr_hash)
                ).scalar_one_or_none()
                if person is None:
                    person = Person(pnr_hash=pnr_hash, pnr_masked=pnr.masked)
                    session.add(person)
                elif person.mobile_hash and person.mobile_hash != contact.phone_hash:
                    raise MobileMismatch()
                person.mobile_hash = contact.phone_hash
                person.mobile_encrypted = contact.phone_encrypted
                person.mobile_masked = contact.phone_masked
                person.mobile_verified_at = contact.verified_at
                session.flush()
                contact.person_id = person.id
                return PersonInfo(person.id, person.pnr_masked, person.mobile_masked)
        except IntegrityError:
            if attempt:
                raise  # two conversations registered the same person at once; the retry finds the row
    raise AssertionError("unreachable")


def person_for_conversation(conversation_id: str) -> PersonInfo | None:
    with session_scope() as session:
        contact = _contact(session, conversation_id)
        if contact is None or contact.person_id is None:
            return None
        person = session.get(Person, contact.person_id)
        return PersonInfo(person.id, person.pnr_masked, person.mobile_masked) if person else None


def mobile_number_of(person_id: int, *, session: Session | None = None) -> str | None:
    """The person's verified mobile number in E.164, for sending them an SMS. Never log it."""
    if session is None:
        with session_scope() as own:
            return mobile_number_of(person_id, session=own)
    person = session.get(Person, person_id)
    if person is None or not person.mobile_encrypted:
        return None
    return keys.decrypt(person.mobile_encrypted)


def _contact(session: Session, conversation_id: str) -> VerifiedContact | None:
    query = select(VerifiedContact).where(VerifiedContact.conversation_id == conversation_id)
    return session.execute(query).scalar_one_or_none()


def _save_contact(
    session: Session, *, conversation_id: str, phone: str, method: str, now: datetime
) -> ContactInfo:
    phone_hash = keys.keyed_hash("phone", phone)
    row = _contact(session, conversation_id)
    if row is None:
        row = VerifiedContact(conversation_id=conversation_id)
        session.add(row)
    elif row.phone_hash != phone_hash:
        row.person_id = None  # a new number: the person must be identified again
    row.phone_hash = phone_hash
    row.phone_encrypted = keys.encrypt(phone)
    row.phone_masked = mask_phone(phone)
    row.method = method
    row.verified_at = now
    session.flush()
    return _contact_info(row, phone=phone)


def _contact_info(row: VerifiedContact, *, phone: str | None = None) -> ContactInfo:
    return ContactInfo(
        conversation_id=row.conversation_id,
        phone_masked=row.phone_masked,
        method=row.method,
        person_id=row.person_id,
        phone=phone if phone is not None else keys.decrypt(row.phone_encrypted),
    )
