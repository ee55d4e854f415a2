"""PostgreSQL killed (SIGKILL, not a shutdown) in the middle of 1,000 bookings.

Every booking that was confirmed to the person must be there after the restart, a booking retried with its
idempotency key is made exactly once, and the database passes its integrity checks (amcheck on every
B-tree index, and no slot booked twice).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

import services.store.models  # noqa: F401 - registers every table
from devtools.booking_seed import seed_slots_and_people
from devtools.servers import PostgresServer, postgres_server
from services.booking import book_appointment
from services.booking.models import Appointment
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


def test_a_killed_database_loses_no_confirmed_booking(postgres: PostgresServer):
    slot_ids, people = seed_slots_and_people(BOOKINGS, BOOKINGS, unit_id="crash")
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
