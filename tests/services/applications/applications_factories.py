"""Keyword-only factories for application test data, and typical answers for each real type."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from services.applications.models import DRAFT, Application
from services.identity import identify_person, record_channel_verified
from services.store.db import session_scope
from services.store.types import utcnow

TODAY = date(2026, 11, 20)
DATA = Path(__file__).parent / "data"  # a fourth application type, in its own folder
_counter = itertools.count(1)


def _luhn_digit(nine: str) -> str:
    total = 0
    for index, char in enumerate(nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return str((10 - total % 10) % 10)


@dataclass(frozen=True)
class Applicant:
    conversation_id: str
    id: int
    pnr: str
    mobile: str


def make_person(*, conversation_id: str | None = None, mobile: str | None = None) -> Applicant:
    """An identified person: an SMS conversation with a verified number, linked to a personal number."""
    number = next(_counter)
    conversation_id = conversation_id or f"conv-{number}"
    mobile = mobile or f"+4670{1740600 + number:07d}"
    nine = f"810312{number % 1000:03d}"
    pnr = f"{nine[:6]}-{nine[6:]}{_luhn_digit(nine)}"
    record_channel_verified(conversation_id, mobile, channel="sms")
    person = identify_person(conversation_id, pnr, today=TODAY)
    return Applicant(conversation_id=conversation_id, id=person.id, pnr=pnr, mobile=mobile)


def identify_in(person: Applicant, *, conversation_id: str) -> None:
    """The same person identifies in another conversation (by SMS from their number)."""
    record_channel_verified(conversation_id, person.mobile, channel="sms")
    identify_person(conversation_id, person.pnr, today=TODAY)


def make_application(
    *,
    service: str = "home_care",
    status: str = "received",
    person_id: int | None = None,
    answers: dict[str, Any] | None = None,
    conversation_id: str = "conv-staff",
    language: str = "sv",
    reference: str | None = None,
    submitted_at: datetime | None = None,
) -> int:
    """An application row written straight to the table (for case worker and status tests)."""
    number = next(_counter)
    submitted = status != DRAFT
    with session_scope() as session:
        app = Application(
            service=service,
            status=status,
            person_id=person_id,
            conversation_key=conversation_id,
            language=language,
            answers=answers if answers is not None else dict(HOME_CARE_ANSWERS),
            interview={},
            consent_at=utcnow(),
            reference=reference or (f"HT-2026-{number:04d}" if submitted else None),
            submitted_at=(submitted_at or utcnow()) if submitted else None,
        )
        session.add(app)
        session.flush()
        return app.id


HOME_CARE_ANSWERS: dict[str, Any] = {
    "who": "self",
    "help_with": ["cleaning", "shopping"],
    "living": "alone",
    "start_date": "2026-12-01",
    "relatives_help": False,
    "other_info": None,
}

# What a person typically types, per type and language (consent first, "skicka"/"send" last).
TYPICAL = {
    ("financial_aid", "sv"): [
        "ja", "nästa månad", "1", "två", "nej", "barnbidrag och bostadsbidrag", "2 650 kr", "5 200:-", "nej",
        "nej", "Mat och el till barnen", "skicka",
    ],
    ("financial_aid", "en"): [
        "yes", "December", "1", "2", "yes", "4500", "none", "SEK 6,100", "no", "housing allowance",
        "Food and the electricity bill", "send",
    ],
    ("home_care", "sv"): [
        "ja", "2", "dotter", "ja", "städning och inköp", "ensam", "hoppa över", "ja", "varje vecka",
        "Mamma har svårt att gå i trappor.", "skicka",
    ],
    ("home_care", "en"): [
        "yes", "myself", "personal care, meals, safety alarm", "alone", "1 December", "no", "skip", "send",
    ],
    ("transport_service", "sv"): [
        "ja", "Jag har ont i höfterna och kan inte gå långt.", "1, 2", "hoppa över", "ja", "rollator",
        "nej", "skicka",
    ],
    ("transport_service", "en"): [
        "yes", "I have MS and get tired quickly.", "walk to the stop and crowds", "skip", "yes",
        "wheelchair", "yes", "Help me in and out of the car", "send",
    ],
}  # fmt: skip
