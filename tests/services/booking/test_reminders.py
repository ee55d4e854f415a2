from __future__ import annotations

import threading
from collections import Counter
from datetime import datetime, time, timedelta

import pytest
from booking_factories import make_person, make_slot
from sqlalchemy import select

from services.booking import book_appointment, cancel_appointment, move_appointment, send_due_reminders
from services.booking.models import Reminder
from services.booking.reminders import reminder_due_at
from services.booking.timeutil import LOCAL_TZ, local_datetime, to_local, utcnow
from services.notifications import SentSms, SmsError, SmsSender
from services.notifications.models import SmsOutboxMessage
from services.notifications.outbox import OutboxSender
from services.store.db import session_scope

pytestmark = pytest.mark.usefixtures("database")


class Crash(BaseException):
    """The worker process dies (not an ordinary error the code would handle)."""


class RecordingSender(SmsSender):
    """A remote provider: not transactional. Records calls; can fail or crash on a given call."""

    name = "recording"

    def __init__(self, *, crash_on: int | None = None, fail_on: int | None = None, delay: float = 0) -> None:
        self.calls: list[tuple[str, str]] = []
        self.crash_on, self.fail_on, self.delay = crash_on, fail_on, delay
        self._lock = threading.Lock()

    def send(self, to, body, *, session=None):  # type: ignore[no-untyped-def]
        with self._lock:
            number = len(self.calls) + 1
            if number == self.crash_on:
                self.crash_on = None
                raise Crash()
            if number == self.fail_on:
                self.fail_on = None
                raise SmsError(self.name, "HTTP 503")
            self.calls.append((to, body))
        threading.Event().wait(self.delay)
        return SentSms(self.name, f"ref-{number}", "queued")


class CrashingOutbox(OutboxSender):
    def __init__(self, crash_on: int) -> None:
        self.count, self.crash_on = 0, crash_on

    def send(self, to, body, *, session=None):  # type: ignore[no-untyped-def]
        result = super().send(to, body, session=session)
        self.count += 1
        if self.count == self.crash_on:
            raise Crash()  # after the outbox row was written, before the commit
        return result


def _day(days: int, hour: int) -> datetime:
    """``hour`` o'clock Stockholm time, ``days`` days from today."""
    return local_datetime(to_local(utcnow()).date() + timedelta(days=days), time(hour))


def _book_many(count: int, *, mobile: str = "+46701740605") -> list[str]:
    """Visits from 08:00 three days from now, ten minutes apart: all reminded two days from now at 18:00."""
    return [
        book_appointment(
            slot_id=make_slot(start=_day(3, 8) + timedelta(minutes=10 * i)),
            person_id=make_person(mobile=mobile),
        ).reference
        for i in range(count)
    ]


def _statuses() -> Counter:
    with session_scope() as session:
        return Counter(session.execute(select(Reminder.status)).scalars())


def _outbox_bodies() -> list[str]:
    with session_scope() as session:
        return list(session.execute(select(SmsOutboxMessage.body)).scalars())


def _later() -> datetime:
    """After the reminders of ``_book_many`` are due, before the visits."""
    return _day(2, 19)


def test_the_reminder_is_due_at_six_the_evening_before():
    start = datetime(2025, 3, 31, 9, 0, tzinfo=LOCAL_TZ)  # the Monday after the switch to summer time
    due = to_local(reminder_due_at(start))
    assert (due.date().isoformat(), due.hour, due.minute) == ("2025-03-30", 18, 0)


def test_nothing_is_sent_before_it_is_due():
    _book_many(2)
    assert send_due_reminders(utcnow(), sender=OutboxSender()).sent == 0
    assert _outbox_bodies() == []


def test_a_due_reminder_is_sent_once_with_the_booking_details():
    [reference] = _book_many(1)

    first = send_due_reminders(_later(), sender=OutboxSender())
    second = send_due_reminders(_later() + timedelta(hours=1), sender=OutboxSender())

    assert (first.sent, second.sent) == (1, 0)
    [body] = _outbox_bodies()
    assert reference in body and "Påminnelse" in body and "Testgatan 1" in body


def test_two_concurrent_workers_send_each_reminder_exactly_once():
    references = _book_many(30)
    barrier = threading.Barrier(2)
    runs = []

    def worker() -> None:
        barrier.wait()
        runs.append(send_due_reminders(_later(), sender=OutboxSender()))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(run.sent for run in runs) == 30
    bodies = _outbox_bodies()
    assert sorted(ref for body in bodies for ref in references if ref in body) == sorted(references)
    assert _statuses() == {"sent": 30}


def test_two_concurrent_workers_with_a_remote_provider_call_it_once_per_reminder():
    _book_many(12)
    sender = RecordingSender(delay=0.01)
    threads = [
        threading.Thread(target=send_due_reminders, args=(_later(),), kwargs={"sender": sender}) for _ in "ab"
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(sender.calls) == 12 and len({body for _, body in sender.calls}) == 12
    assert _statuses() == {"sent": 12}


def test_a_crash_mid_run_with_the_outbox_neither_loses_nor_repeats_a_reminder():
    _book_many(5)

    with pytest.raises(Crash):
        send_due_reminders(_later(), sender=CrashingOutbox(crash_on=3))
    assert len(_outbox_bodies()) == 2  # the third message rolled back with its claim

    send_due_reminders(_later(), sender=OutboxSender())
    assert len(_outbox_bodies()) == 5 and len(set(_outbox_bodies())) == 5
    assert _statuses() == {"sent": 5}


def test_a_crash_with_a_remote_provider_is_retried_after_the_lease():
    _book_many(3)
    crashing = RecordingSender(crash_on=2)

    with pytest.raises(Crash):
        send_due_reminders(_later(), sender=crashing)
    assert _statuses() == {"sent": 1, "sending": 1, "pending": 1}

    soon = RecordingSender()
    send_due_reminders(_later() + timedelta(minutes=1), sender=soon)
    assert len(soon.calls) == 1  # the claimed one is left alone while its lease runs
    send_due_reminders(_later() + timedelta(minutes=11), sender=soon)
    assert len(soon.calls) == 2
    assert _statuses() == {"sent": 3}


def test_a_provider_error_is_retried_on_the_next_run():
    _book_many(2)
    sender = RecordingSender(fail_on=1)

    first = send_due_reminders(_later(), sender=sender)
    second = send_due_reminders(_later(), sender=sender)

    assert (first.sent, first.failed, second.sent) == (1, 1, 1)
    assert _statuses() == {"sent": 2}


def test_cancelled_visits_get_no_reminder():
    person = make_person()
    appt = book_appointment(slot_id=make_slot(start=_day(3, 9)), person_id=person)
    cancel_appointment(reference=appt.reference, person_id=person)

    assert send_due_reminders(_later(), sender=OutboxSender()).sent == 0
    assert _outbox_bodies() == []


def test_moving_a_visit_reschedules_its_reminder():
    person = make_person()
    appt = book_appointment(slot_id=make_slot(start=_day(3, 9)), person_id=person)
    later_slot = make_slot(start=_day(10, 9))

    moved = move_appointment(reference=appt.reference, new_slot_id=later_slot, person_id=person)

    assert send_due_reminders(_later(), sender=OutboxSender()).sent == 0
    with session_scope() as session:
        reminder = session.execute(select(Reminder)).scalar_one()
    assert reminder.due_at == reminder_due_at(moved.start) and reminder.status == "pending"
    assert send_due_reminders(_day(9, 19), sender=OutboxSender()).sent == 1


def test_a_visit_booked_after_the_reminder_time_gets_none():
    soon = make_slot(start=utcnow() + timedelta(hours=3))
    book_appointment(slot_id=soon, person_id=make_person())
    assert _statuses() == {"skipped": 1}


def test_english_bookings_get_english_reminders():
    book_appointment(slot_id=make_slot(start=_day(3, 9)), person_id=make_person(), language="en")
    send_due_reminders(_later(), sender=OutboxSender())
    [body] = _outbox_bodies()
    assert body.startswith("Reminder: you have an appointment with a doctor on ")
