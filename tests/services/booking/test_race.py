"""Concurrency: many people racing for one slot, retries racing each other, moves racing bookings.

Each thread calls the service, which opens its own session and transaction. Runs on SQLite (a temp file)
and, when ``TEST_POSTGRES_URL`` is set, on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from booking_factories import make_person, make_slot
from sqlalchemy import func, select

from services.booking import BookingError, book_appointment, get_slot, move_appointment
from services.booking.models import Appointment
from services.booking.timeutil import utcnow
from services.store.db import session_scope


def _race(count: int, attempt):  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(count)

    def run(index: int) -> str:
        barrier.wait()
        try:
            return attempt(index).reference
        except BookingError as error:
            return error.kind

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def _booked_on(slot_id: int) -> int:
    with session_scope() as session:
        query = select(func.count()).select_from(Appointment)
        return session.execute(
            query.where(Appointment.slot_id == slot_id, Appointment.status == "booked")
        ).scalar_one()


def test_fifty_people_racing_for_one_slot_give_exactly_one_booking(any_database):
    slot = make_slot()
    people = [make_person() for _ in range(50)]

    results = _race(50, lambda i: book_appointment(slot_id=slot, person_id=people[i]))

    outcomes = Counter("booked" if len(r) == 6 and r.isupper() else r for r in results)
    assert outcomes == {"booked": 1, "slot_taken": 49}
    assert _booked_on(slot) == 1
    assert get_slot(slot).status == "booked"


def test_concurrent_retries_with_one_idempotency_key_book_once(any_database):
    slot = make_slot()
    person = make_person()

    results = _race(10, lambda i: book_appointment(slot_id=slot, person_id=person, idempotency_key="retry-1"))

    assert len(set(results)) == 1 and len(results[0]) == 6
    with session_scope() as session:
        assert session.execute(select(func.count()).select_from(Appointment)).scalar_one() == 1


def test_a_move_racing_new_bookings_for_the_target_slot_never_loses_the_old_one(any_database):
    mover = make_person()
    old, target = make_slot(), make_slot(start=utcnow() + timedelta(days=4))
    appt = book_appointment(slot_id=old, person_id=mover)
    others = [make_person() for _ in range(19)]

    def attempt(index: int):  # type: ignore[no-untyped-def]
        if index == 0:
            return move_appointment(reference=appt.reference, new_slot_id=target, person_id=mover)
        return book_appointment(slot_id=target, person_id=others[index - 1])

    _race(20, attempt)

    assert _booked_on(target) == 1
    with session_scope() as session:
        mine = session.execute(
            select(Appointment).where(Appointment.reference == appt.reference)
        ).scalar_one()
        assert mine.status == "booked" and mine.slot_id in (old, target)
    assert get_slot(old).status == ("booked" if mine.slot_id == old else "free")
