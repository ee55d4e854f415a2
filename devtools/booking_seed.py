"""Many free slots at one unit and many people, straight into the database: for the booking benchmark and
the database crash test, which need volume rather than a realistic region."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import insert, select

from services.booking.models import CareUnit, Slot, UnitOffering, VisitKind
from services.booking.timeutil import to_local, utcnow
from services.identity.models import Person
from services.store.db import session_scope


def seed_slots_and_people(slots: int, people: int, unit_id: str = "bench") -> tuple[list[int], list[int]]:
    """``slots`` consecutive 20-minute doctor slots from tomorrow and ``people`` persons; their ids."""
    start = (utcnow() + timedelta(days=1)).replace(second=0, microsecond=0)
    with session_scope() as session:
        session.add(VisitKind(code="doctor", name_sv="Läkare", name_en="Doctor", slot_minutes=20))
        session.add(
            CareUnit(
                id=unit_id, kind="vardcentral", name=unit_id.title(), address="-", municipality="Norrvik",
                phone="-", opening_hours={}, accessibility={}, active=True,
            )
        )  # fmt: skip
        session.flush()
        session.add(UnitOffering(unit_id=unit_id, visit_kind="doctor", slot_minutes=20, staff=1, active=True))
        rows = []
        for i in range(slots):
            at = start + timedelta(minutes=20 * i)
            local = to_local(at)
            rows.append(
                {
                    "unit_id": unit_id, "visit_kind": "doctor", "start_at": at,
                    "end_at": at + timedelta(minutes=20), "seat": 0, "status": "free",
                    "local_minute": local.hour * 60 + local.minute, "local_date": local.date(),
                }
            )  # fmt: skip
        session.execute(insert(Slot), rows)
        persons = [
            {"pnr_hash": uuid.uuid4().hex, "pnr_masked": "-", "created_at": utcnow()} for _ in range(people)
        ]
        session.execute(insert(Person), persons)
        slot_ids = list(session.execute(select(Slot.id).order_by(Slot.id)).scalars())
        person_ids = list(session.execute(select(Person.id).order_by(Person.id)).scalars())
    return slot_ids, person_ids
