"""Keyword-only factories for booking test data. Each writes in its own transaction and returns ids."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from services.booking.models import CareUnit, Slot, UnitOffering, VisitKind
from services.booking.timeutil import to_local, utcnow
from services.identity import keys
from services.identity.models import Person
from services.identity.phone import mask_phone
from services.store.db import session_scope

_counter = itertools.count(1)
WEEKDAY_HOURS = {day: [["08:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
VISIT_KINDS = {"doctor": ("Läkare", "Doctor", 20), "nurse": ("Sjuksköterska", "Nurse", 15)}


def make_visit_kind(*, code: str = "doctor", minutes: int | None = None) -> str:
    name_sv, name_en, default_minutes = VISIT_KINDS.get(code, (code, code, 30))
    with session_scope() as session:
        if session.get(VisitKind, code) is None:
            session.add(
                VisitKind(
                    code=code, name_sv=name_sv, name_en=name_en, slot_minutes=minutes or default_minutes
                )
            )
    return code


def make_unit(
    *,
    id: str | None = None,  # noqa: A002 - mirrors the column
    kind: str = "vardcentral",
    name: str | None = None,
    municipality: str = "Norrvik",
    visit_kinds: tuple[str, ...] = ("doctor",),
    active: bool = True,
) -> str:
    unit_id = id or f"unit-{next(_counter)}"
    for code in visit_kinds:
        make_visit_kind(code=code)
    with session_scope() as session:
        session.add(
            CareUnit(
                id=unit_id,
                kind=kind,
                name=name or f"Testenheten {unit_id}",
                address="Testgatan 1, 123 45 Norrvik",
                municipality=municipality,
                phone="08-465 004 99",
                opening_hours=WEEKDAY_HOURS,
                accessibility={"sv": "Entré i gatuplan.", "en": "Street-level entrance."},
                active=active,
            )
        )
        session.flush()
        for code in visit_kinds:
            session.add(UnitOffering(unit_id=unit_id, visit_kind=code, slot_minutes=20, staff=1, active=True))
    return unit_id


def make_slot(
    *,
    unit_id: str | None = None,
    visit_kind: str = "doctor",
    start: datetime | None = None,
    minutes: int = 20,
    seat: int = 0,
    status: str = "free",
) -> int:
    unit_id = unit_id or make_unit(visit_kinds=(visit_kind,))
    make_visit_kind(code=visit_kind)
    start = start or (utcnow() + timedelta(days=2)).replace(microsecond=0)
    local = to_local(start)
    with session_scope() as session:
        slot = Slot(
            unit_id=unit_id,
            visit_kind=visit_kind,
            start_at=start,
            end_at=start + timedelta(minutes=minutes),
            seat=seat,
            local_minute=local.hour * 60 + local.minute,
            local_date=local.date(),
            status=status,
        )
        session.add(slot)
        session.flush()
        return slot.id


def make_person(*, mobile: str | None = "+46701740605", pnr: str | None = None) -> int:
    """A person, with a verified mobile number unless ``mobile`` is None."""
    number = next(_counter)
    pnr = pnr or f"1985031{number:05d}"
    with session_scope() as session:
        person = Person(pnr_hash=keys.keyed_hash("pnr", pnr), pnr_masked=f"{pnr[:8]}-****")
        if mobile:
            person.mobile_hash = keys.keyed_hash("phone", mobile)
            person.mobile_encrypted = keys.encrypt(mobile)
            person.mobile_masked = mask_phone(mobile)
            person.mobile_verified_at = utcnow()
        session.add(person)
        session.flush()
        return person.id
