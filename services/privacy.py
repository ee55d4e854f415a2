"""What the assistant holds about one conversation: show it, erase it, and forget old conversations.

A conversation is identified by the id Rasa knows it by (the web conversation id, or the keyed hash of a
phone number for SMS and calls). What goes on erasure: the conversation's messages (Rasa's ``events``
table), the conversation record, the link between the conversation and a verified phone number, codes
sent, drafts of applications and requests to talk to a person. What stays, because the law requires the
care provider and the municipality to keep it: booked appointments (patient records, Patientdatalagen)
and submitted applications (case records, Offentlighets- och sekretesslagen / Arkivlagen). The person is
told so.

``python -m services.privacy purge --days N`` forgets conversations with no activity for N days; the
scheduler runs it daily with ``RETENTION_DAYS``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import delete, inspect, select, text
from sqlalchemy.orm import Session

from services.applications.models import DRAFT, Application
from services.booking.models import Appointment
from services.identity.models import OtpChallenge, VerifiedContact
from services.messaging.models import InboundMessage, OutboundMessage, PhoneConversation
from services.store import session_scope
from services.store.models import Conversation, HandoffRequest

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 90


# What the person is told once their conversation is erased (by the assistant in the chat, or the API).
ERASED_TEXT = {
    "sv": "Klart. Vi har raderat samtalet. Bokade tider och inskickade ansökningar finns kvar.",
    "en": "Done. We have deleted the conversation. Booked visits and sent applications are still there.",
}


@dataclass
class HeldData:
    """Everything held about one conversation, in a form the person can read (also as JSON)."""

    conversation_id: str
    channel: str | None = None
    language: str | None = None
    started_at: str | None = None
    messages: list[dict[str, str]] = field(default_factory=list)  # {"from": "you"|"assistant", "text", "at"}
    verified_phone: str | None = None  # masked, e.g. 070-*** ** 67
    appointments: list[dict[str, str]] = field(default_factory=list)
    applications: list[dict[str, str]] = field(default_factory=list)
    drafts: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Erasure:
    """What was erased, and what was kept because the law requires it."""

    messages: int
    drafts: int
    links: int
    kept_appointments: int
    kept_applications: int


def export(conversation_id: str) -> HeldData:
    held = HeldData(conversation_id=conversation_id)
    with session_scope() as session:
        conversation = session.get(Conversation, conversation_id)
        phone = session.get(PhoneConversation, conversation_id)
        if conversation is not None:
            held.channel, held.language = conversation.channel, conversation.language
            held.started_at = conversation.created_at.isoformat()
        elif phone is not None:
            held.channel, held.language = "sms/phone", phone.language
            held.started_at = phone.created_at.isoformat()
        held.messages = _messages(session, conversation_id)
        contact = _contact(session, conversation_id)
        held.verified_phone = contact.phone_masked if contact is not None else None
        held.appointments = [
            {"reference": a.reference, "status": a.status, "start": a.start_at.isoformat()}
            for a in _appointments(session, conversation_id)
        ]
        for application in _applications(session, conversation_id):
            if application.status == DRAFT:
                held.drafts += 1
            else:
                held.applications.append(
                    {"reference": application.reference or "", "service": application.service,
                     "status": application.status}
                )  # fmt: skip
    return held


def erase(conversation_id: str) -> Erasure:
    """Erase the conversation; bookings and submitted applications stay (see the module's docstring)."""
    with session_scope() as session:
        kept_appointments = len(_appointments(session, conversation_id))
        kept_applications = sum(a.status != DRAFT for a in _applications(session, conversation_id))
        messages = _delete_events(session, conversation_id)
        drafts = _delete(
            session,
            delete(Application).where(
                Application.conversation_key == conversation_id, Application.status == DRAFT
            ),
        )
        links = sum(
            _delete(session, statement)
            for statement in (
                delete(VerifiedContact).where(VerifiedContact.conversation_id == conversation_id),
                delete(OtpChallenge).where(OtpChallenge.conversation_id == conversation_id),
                delete(HandoffRequest).where(HandoffRequest.sender_key == conversation_id),
                delete(InboundMessage).where(InboundMessage.conversation_key == conversation_id),
                delete(OutboundMessage).where(OutboundMessage.conversation_key == conversation_id),
                delete(Conversation).where(Conversation.id == conversation_id),
            )
        )
        phone = session.get(PhoneConversation, conversation_id)
        if phone is not None:
            if phone.stopped_at is None:
                session.delete(phone)
            else:
                phone.last_choices = None  # keep only the person's STOPP: they asked us not to write
    return Erasure(messages, drafts, links, kept_appointments, kept_applications)


def purge(days: int, *, now: datetime | None = None) -> int:
    """Erase every conversation with no activity for ``days`` days; returns how many were erased."""
    cutoff = (now or datetime.now(timezone.utc)) - timedelta(days=days)
    with session_scope() as session:
        stale: set[str] = set()
        if _has_events_table(session):
            rows = session.execute(
                text("SELECT sender_id FROM events GROUP BY sender_id HAVING max(timestamp) < :cutoff"),
                {"cutoff": cutoff.timestamp()},
            )
            stale.update(row[0] for row in rows)
        stale.update(
            session.execute(select(Conversation.id).where(Conversation.last_seen_at < cutoff)).scalars()
        )
    for conversation_id in stale:
        erase(conversation_id)
    logger.info("retention: erased %d conversations older than %d days", len(stale), days)
    return len(stale)


def _contact(session: Session, conversation_id: str) -> VerifiedContact | None:
    query = select(VerifiedContact).where(VerifiedContact.conversation_id == conversation_id)
    return session.execute(query).scalar_one_or_none()


def _appointments(session: Session, conversation_id: str) -> list[Appointment]:
    """The bookings of the person identified in this conversation, if anyone was."""
    contact = _contact(session, conversation_id)
    if contact is None or contact.person_id is None:
        return []
    return list(
        session.execute(select(Appointment).where(Appointment.person_id == contact.person_id)).scalars()
    )


def _applications(session: Session, conversation_id: str) -> list[Application]:
    query = select(Application).where(Application.conversation_key == conversation_id)
    return list(session.execute(query).scalars())


def _has_events_table(session: Session) -> bool:
    """Rasa's tracker store creates ``events`` when it first starts; before that there is nothing to read."""
    return inspect(session.connection()).has_table("events")


def _messages(session: Session, conversation_id: str) -> list[dict[str, str]]:
    if not _has_events_table(session):
        return []
    rows = session.execute(
        text(
            "SELECT type_name, data, timestamp FROM events WHERE sender_id = :s "
            "AND type_name IN ('user', 'bot') ORDER BY id"
        ),
        {"s": conversation_id},
    )
    messages = []
    for type_name, data, timestamp in rows:
        said = json.loads(data).get("text")
        if said:
            at = datetime.fromtimestamp(float(timestamp), timezone.utc).isoformat(timespec="seconds")
            messages.append({"from": "you" if type_name == "user" else "assistant", "text": said, "at": at})
    return messages


def _delete_events(session: Session, conversation_id: str) -> int:
    if not _has_events_table(session):
        return 0
    result = session.execute(text("DELETE FROM events WHERE sender_id = :s"), {"s": conversation_id})
    return int(result.rowcount or 0)


def _delete(session: Session, statement: Any) -> int:
    return int(session.execute(statement).rowcount or 0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m services.privacy")
    commands = parser.add_subparsers(dest="command", required=True)
    purge_parser = commands.add_parser("purge", help="erase conversations with no activity for N days")
    default_days = int(os.environ.get("RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
    purge_parser.add_argument("--days", type=int, default=default_days)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if args.command == "purge":
        print(f"erased {purge(args.days)} conversations with no activity for {args.days} days")


if __name__ == "__main__":
    main()
