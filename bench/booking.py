"""Bookings per second under contention, on SQLite (WAL, a temp file) and on PostgreSQL if
``TEST_POSTGRES_URL`` is set; then how many turns a typical booking conversation takes.

Two scenarios:
- distinct: 8 threads book 500 different slots (throughput of the booking transaction);
- contended: 20 threads race for the same 100 slots, each trying every slot in turn (every slot must end
  with exactly one booking; losers get SlotTaken).

Turns: from "jag vill boka en tid" to the reference code, answering each question with the first choice
(the first free time), through the booking actions on the demo region (NLU excluded): for a person already
identified in the conversation, and for a first-time web visitor (mobile number, SMS code, personnummer).

    .venv/bin/python bench/booking.py [--threads 8] [--slots 500] [--racers 20] [--contended-slots 100]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

import services.store.models  # noqa: E402,F401 - registers every table
from devtools.booking_seed import seed_slots_and_people  # noqa: E402
from services.booking import SlotTaken, book_appointment  # noqa: E402
from services.booking.models import Appointment  # noqa: E402
from services.store.db import Base, configure, create_engine_for, get_engine, session_scope  # noqa: E402


def _distinct(threads: int, slots: int) -> tuple[float, Counter]:
    slot_ids, people = seed_slots_and_people(slots, slots)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def book(i: int) -> None:
        _attempt(slot_ids[i], people[i], outcomes, lock)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(book, range(slots)))
    return time.perf_counter() - began, outcomes


def _attempt(slot_id: int, person_id: int, outcomes: Counter, lock: threading.Lock) -> None:
    """One booking attempt, counted as booked or taken."""
    try:
        book_appointment(slot_id=slot_id, person_id=person_id)
        result = "booked"
    except SlotTaken:
        result = "taken"
    with lock:
        outcomes[result] += 1


def _contended(racers: int, slots: int) -> tuple[float, Counter]:
    slot_ids, people = seed_slots_and_people(slots, racers * slots)
    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(racers)

    def race(r: int) -> None:
        barrier.wait()
        for n, slot_id in enumerate(slot_ids):
            _attempt(slot_id, people[r * slots + n], outcomes, lock)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=racers) as pool:
        list(pool.map(race, range(racers)))
    return time.perf_counter() - began, outcomes


def _check_one_booking_per_slot() -> None:
    with session_scope() as session:
        per_slot = session.execute(
            select(func.count())
            .select_from(Appointment)
            .group_by(Appointment.slot_id)
            .having(func.count() > 1)
        ).all()
    assert not per_slot, "a slot was booked twice"


def _fresh_database(backend: str, workdir: Path) -> str | None:
    """Configure an empty database; return the PostgreSQL schema to drop afterwards."""
    if backend == "sqlite":
        configure(f"sqlite:///{workdir / f'bench-{uuid.uuid4().hex[:6]}.db'}")
        Base.metadata.create_all(get_engine())
        return None
    base = os.environ["TEST_POSTGRES_URL"]
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine_for(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    configure(str(make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})))
    Base.metadata.create_all(get_engine())
    return schema


def _drop(schema: str | None) -> None:
    configure("")
    if schema:
        admin = create_engine_for(os.environ["TEST_POSTGRES_URL"])
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


FIRST_CHOICE = {"kind": "läkare", "where": "alla", "offer": "1", "phone": "070-123 45 67",
                "pnr": "19811218-9876", "confirm": "ja"}  # fmt: skip


def _conversation_turns(*, identified: bool) -> tuple[int, list[str]]:
    """User turns from the first message to the booking, and the steps asked on the way."""
    import asyncio
    import re

    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from bot.actions.booking import ActionBookingStart, ValidateBookingForm
    from services.booking import load_region
    from services.identity import SmsCodeVerifier, identify_person
    from services.notifications.outbox import read_outbox

    load_region()
    sender = uuid.uuid4().hex
    if identified:
        verifier = SmsCodeVerifier(code_factory=lambda: "123456")
        challenge = verifier.start(conversation_id=sender, phone=FIRST_CHOICE["phone"])
        verifier.confirm(challenge_id=challenge.id, response="123456")
        identify_person(sender, FIRST_CHOICE["pnr"])

    def tracker(text: str, state: dict | None, intent: str = "inform") -> Tracker:
        message = {"intent": {"name": intent, "confidence": 1.0}, "entities": [], "text": text}
        return Tracker(
            sender, {"language": "sv", "booking": state}, message, [], False, None, {}, "action_listen"
        )

    async def run() -> tuple[int, list[str]]:
        first = tracker("jag vill boka en tid", None, "book_appointment")
        state = (await ActionBookingStart().run(CollectingDispatcher(), first, {}))[0]["value"]
        turns, steps = 1, []
        while not state.get("outcome") and turns < 20:
            step = state["step"]
            steps.append(step)
            if step == "code":
                answer = re.findall(r"\d{6}", read_outbox(limit=1)[0].body)[0]
            else:
                answer = FIRST_CHOICE[step]
            result = await ValidateBookingForm().validate_booking_reply(
                answer, CollectingDispatcher(), tracker(answer, state), {}
            )
            state, turns = result["booking"], turns + 1
        assert state["outcome"]["kind"] == "booked", state
        return turns, steps

    return asyncio.run(run())


def turns_report() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        print('\nturns from "jag vill boka en tid" to the reference code, taking the first offer:')
        for identified, label in ((True, "identified person"), (False, "first-time web visitor")):
            _fresh_database("sqlite", Path(tmp))
            try:
                turns, steps = _conversation_turns(identified=identified)
            finally:
                _drop(None)
            print(f"  {label:<24} {turns} turns  (asked: {', '.join(steps)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--slots", type=int, default=500)
    parser.add_argument("--racers", type=int, default=20)
    parser.add_argument("--contended-slots", type=int, default=100)
    args = parser.parse_args()
    backends = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_POSTGRES_URL") else [])

    print(f"{'backend':<11} {'scenario':<44} {'seconds':>8} {'bookings/s':>11} {'attempts/s':>11}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            for label, run in (
                (
                    f"distinct: {args.threads} threads, {args.slots} slots",
                    lambda: _distinct(args.threads, args.slots),
                ),
                (
                    f"contended: {args.racers} threads race for {args.contended_slots} slots",
                    lambda: _contended(args.racers, args.contended_slots),
                ),
            ):
                schema = _fresh_database(backend, Path(tmp))
                try:
                    seconds, outcomes = run()
                    _check_one_booking_per_slot()
                finally:
                    _drop(schema)
                attempts = sum(outcomes.values())
                print(
                    f"{backend:<11} {label:<44} {seconds:>8.2f} {outcomes['booked'] / seconds:>11.0f} "
                    f"{attempts / seconds:>11.0f}  {dict(outcomes)}"
                )
    if len(backends) == 1:
        print("(set TEST_POSTGRES_URL to measure PostgreSQL too)")
    turns_report()


if __name__ == "__main__":
    main()
