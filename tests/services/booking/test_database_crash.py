"""PostgreSQL killed (SIGKILL, not a shutdown) in the middle of 1,000 bookings.

Every booking that was confirmed to the person must be there after the restart, a booking retried with its
idempotency key is made exactly once, and the database passes its integrity checks (amcheck on every
B-tree index, and no slot booked twice).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import DBAPIError

import services.store.models  # noqa: F401 - registers every table
from devtools.servers import PostgresServer, postgres_server
from services.booking import book_appointment
from services.booking.models import Appointment, CareUnit, Slot, UnitOffering, VisitKind
from services.booking.timeutil import to_local, utcnow
from services.identity.models import Person
from services.store import Base, configure, reset_engine, session_scope
from services.store.db import get_engine

BOOKINGS = 1000
WRITERS = 4


@pytest.fixture
def postgres() -> Iterator[PostgresServer]:
    with postgres_server() as server:
        configure(server.url)
        Base.metadata.create_all(get_engine())
        yield server
        reset_engine()
    configure("")


def seed(count: int) -> tuple[list[int], list[int]]:
    start = (utcnow() + timedelta(days=1)).replace(second=0, microsecond=0)
    with session_scope() as session:
        session.add(VisitKind(code="doctor", name_sv="Läkare", name_en="Doctor", slot_minutes=20))
        unit = CareUnit(id="crash", kind="vardcentral", name="Crash", address="-", municipality="Norrvik",
                        phone="-", opening_hours={}, accessibility={}, active=True)  # fmt: skip
        session.add(unit)
        session.flush()
        session.add(UnitOffering(unit_id="crash", visit_kind="doctor", slot_minutes=20, staff=1, active=True))
        slots = []
        for i in range(count):
            at = start + timedelta(minutes=20 * i)
            local = to_local(at)
            slots.append({
                "unit_id": "crash", "visit_kind": "doctor", "start_at": at,
                "end_at": at + timedelta(minutes=20), "seat": 0, "status": "free",
                "local_minute": local.hour * 60 + local.minute, "local_date": local.date(),
            })  # fmt: skip
        session.execute(insert(Slot), slots)
        people = [
            {"pnr_hash": uuid.uuid4().hex, "pnr_masked": "-", "created_at": utcnow()} for _ in range(count)
        ]
        session.execute(insert(Person), people)
        slot_ids = list(session.execute(select(Slot.id).order_by(Slot.id)).scalars())
        person_ids = list(session.execute(select(Person.id).order_by(Person.id)).scalars())
    return slot_ids, person_ids


def test_a_killed_database_loses_no_confirmed_booking(postgres: PostgresServer):
    slot_ids, people = seed(BOOKINGS)
    confirmed: dict[int, str] = {}  # booking number -> reference the person was given
    lock = threading.Lock()
    failures = 0
    killed = threading.Event()

    def crash_once() -> None:
        while len(confirmed) < BOOKINGS // 3:
            time.sleep(0.01)
        postgres.kill()
        killed.set()
        time.sleep(1.0)  # down for a while: writers get errors meanwhile
        postgres.start()

    def book(n: int) -> None:
        nonlocal failures
        deadline = time.monotonic() + 120
        while True:
            try:
                view = book_appointment(
                    slot_id=slot_ids[n], person_id=people[n], idempotency_key=f"crash-{n}"
                )
            except DBAPIError:
                with lock:
                    failures += 1
                assert time.monotonic() < deadline, "the database did not come back"
                time.sleep(0.1)  # the person's app retries with the same idempotency key
                continue
            with lock:
                confirmed[n] = view.reference
            return

    crasher = threading.Thread(target=crash_once)
    crasher.start()
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        list(pool.map(book, range(BOOKINGS)))
    crasher.join()

    assert killed.is_set() and failures > 0  # the crash really happened in the middle of the writes
    reset_engine()  # fresh connections for the checks
    with session_scope() as session:
        stored = dict(session.execute(select(Appointment.reference, Appointment.slot_id)).all())
        assert set(confirmed.values()) <= set(stored)  # every confirmed booking survived
        assert len(stored) == BOOKINGS  # and each retried booking was made exactly once
        assert (
            session.execute(select(func.count(func.distinct(Appointment.slot_id)))).scalar_one() == BOOKINGS
        )
        session.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
        indexes = session.execute(
            text(
                "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE a.amname = 'btree' AND n.nspname = 'public'"
            )
        ).scalars()
        checked = 0
        for index in indexes:
            session.execute(text("SELECT bt_index_check(CAST(:i AS regclass), true)"), {"i": index})
            checked += 1
        assert checked >= 5
