from __future__ import annotations

from datetime import time, timedelta

import pytest
from booking_factories import make_person, make_slot, make_unit
from sqlalchemy import func, select

from services.booking import (
    NotBookable,
    NotFound,
    NotOwner,
    OverlappingAppointment,
    SlotInPast,
    SlotTaken,
    book_appointment,
    cancel_appointment,
    find_free_slots,
    get_appointment,
    get_slot,
    list_appointments,
    list_units,
    move_appointment,
    nearest_emergency_units,
    parse_when,
)
from services.booking.models import Appointment, Reminder
from services.booking.service import REFERENCE_ALPHABET
from services.booking.timeutil import local_datetime, utcnow
from services.store.db import session_scope

pytestmark = pytest.mark.usefixtures("database")


def _at(days: int, hour: int, minute: int = 0):
    day = (utcnow() + timedelta(days=days)).date()
    return local_datetime(day, time(hour, minute))


def _appointments(slot_id: int, status: str = "booked") -> int:
    with session_scope() as session:
        query = select(func.count()).select_from(Appointment).where(Appointment.slot_id == slot_id)
        return session.execute(query.where(Appointment.status == status)).scalar_one()


def test_booking_claims_the_slot_and_gives_a_readable_reference():
    slot = make_slot()
    person = make_person()

    appt = book_appointment(slot_id=slot, person_id=person)

    assert appt.status == "booked"
    assert len(appt.reference) == 6 and set(appt.reference) <= set(REFERENCE_ALPHABET)
    assert not set(appt.reference) & set("0O1I")
    assert get_slot(slot).status == "booked"
    assert appt.start.tzinfo is not None and appt.start.utcoffset() in (
        timedelta(hours=1),
        timedelta(hours=2),
    )


def test_a_taken_slot_cannot_be_booked_again():
    slot = make_slot()
    book_appointment(slot_id=slot, person_id=make_person())

    with pytest.raises(SlotTaken) as caught:
        book_appointment(slot_id=slot, person_id=make_person())
    assert caught.value.kind == "slot_taken"
    assert _appointments(slot) == 1


def test_a_retry_with_the_same_idempotency_key_returns_the_first_booking():
    slot, other = make_slot(), make_slot(start=utcnow() + timedelta(days=3))
    person = make_person()

    first = book_appointment(slot_id=slot, person_id=person, idempotency_key="turn-42")
    again = book_appointment(slot_id=slot, person_id=person, idempotency_key="turn-42")
    elsewhere = book_appointment(slot_id=other, person_id=person, idempotency_key="turn-42")

    assert again.reference == first.reference == elsewhere.reference
    assert get_slot(other).status == "free"
    with session_scope() as session:
        assert session.execute(select(func.count()).select_from(Appointment)).scalar_one() == 1


def test_a_free_parallel_seat_is_booked_when_the_chosen_one_is_taken():
    unit = make_unit()
    start = (utcnow() + timedelta(days=2)).replace(microsecond=0)
    seat0, seat1 = make_slot(unit_id=unit, start=start, seat=0), make_slot(unit_id=unit, start=start, seat=1)
    book_appointment(slot_id=seat0, person_id=make_person())

    second = book_appointment(slot_id=seat0, person_id=make_person())

    assert second.slot_id == seat1


def test_booking_errors_have_clear_kinds():
    past = make_slot(start=utcnow() - timedelta(hours=1))
    emergency = make_unit(kind="akutmottagning", visit_kinds=("doctor",))
    person = make_person()

    with pytest.raises(SlotInPast):
        book_appointment(slot_id=past, person_id=person)
    with pytest.raises(NotFound):
        book_appointment(slot_id=999_999, person_id=person)
    with pytest.raises(NotFound):
        book_appointment(slot_id=make_slot(), person_id=999_999)
    with pytest.raises(NotBookable):
        book_appointment(slot_id=make_slot(unit_id=emergency), person_id=person)


def test_a_person_cannot_hold_two_visits_at_the_same_time():
    start = (utcnow() + timedelta(days=2)).replace(microsecond=0)
    person = make_person()
    book_appointment(slot_id=make_slot(start=start), person_id=person)

    with pytest.raises(OverlappingAppointment):
        book_appointment(slot_id=make_slot(start=start + timedelta(minutes=10)), person_id=person)


def test_moving_books_the_new_slot_and_frees_the_old_one():
    person = make_person()
    old, new = make_slot(), make_slot(start=utcnow() + timedelta(days=5))
    appt = book_appointment(slot_id=old, person_id=person)

    moved = move_appointment(reference=appt.reference, new_slot_id=new, person_id=person)

    assert moved.reference == appt.reference and moved.slot_id == new
    assert get_slot(old).status == "free" and get_slot(new).status == "booked"
    assert move_appointment(reference=appt.reference, new_slot_id=new, person_id=person) == moved


def test_moving_to_a_taken_slot_leaves_the_old_booking_intact():
    person = make_person()
    old, taken = make_slot(), make_slot(start=utcnow() + timedelta(days=5))
    appt = book_appointment(slot_id=old, person_id=person)
    rival = book_appointment(slot_id=taken, person_id=make_person())

    with pytest.raises(SlotTaken):
        move_appointment(reference=appt.reference, new_slot_id=taken, person_id=person)

    still = get_appointment(appt.reference, person_id=person)
    assert still.slot_id == old and still.status == "booked" and still.start == appt.start
    assert get_slot(old).status == "booked"
    assert get_appointment(rival.reference, person_id=rival.person_id).slot_id == taken


def test_only_the_owner_can_move_or_cancel():
    owner, stranger = make_person(), make_person()
    appt = book_appointment(slot_id=make_slot(), person_id=owner)

    with pytest.raises(NotOwner):
        cancel_appointment(reference=appt.reference, person_id=stranger)
    with pytest.raises(NotOwner):
        move_appointment(reference=appt.reference, new_slot_id=make_slot(), person_id=stranger)
    with pytest.raises(NotFound):
        cancel_appointment(reference="ZZZZZZ", person_id=owner)


def test_cancelling_frees_the_slot_and_the_reminder_and_is_repeatable():
    person = make_person()
    slot = make_slot()
    appt = book_appointment(slot_id=slot, person_id=person)

    cancelled = cancel_appointment(reference=appt.reference.lower(), person_id=person)

    assert cancelled.status == "cancelled"
    assert get_slot(slot).status == "free"
    assert cancel_appointment(reference=appt.reference, person_id=person).status == "cancelled"
    with session_scope() as session:
        assert session.execute(select(Reminder.status)).scalar_one() == "cancelled"
    assert book_appointment(slot_id=slot, person_id=make_person()).status == "booked"


def test_list_appointments_shows_upcoming_booked_visits_soonest_first():
    person = make_person()
    later = book_appointment(slot_id=make_slot(start=utcnow() + timedelta(days=6)), person_id=person)
    sooner = book_appointment(slot_id=make_slot(start=utcnow() + timedelta(days=2)), person_id=person)
    gone = book_appointment(slot_id=make_slot(start=utcnow() + timedelta(days=4)), person_id=person)
    cancel_appointment(reference=gone.reference, person_id=person)
    book_appointment(slot_id=make_slot(start=utcnow() + timedelta(days=3)), person_id=make_person())

    assert [a.reference for a in list_appointments(person_id=person)] == [sooner.reference, later.reference]
    assert len(list_appointments(person_id=person, include_cancelled=True)) == 3


def test_search_filters_by_kind_place_and_time_earliest_first_with_paging():
    norrvik = make_unit(municipality="Norrvik", visit_kinds=("doctor", "nurse"))
    sjohamn = make_unit(municipality="Sjöhamn")
    morning, afternoon = _at(2, 9), _at(2, 15)
    ids = {
        "norrvik_morning": make_slot(unit_id=norrvik, start=morning),
        "norrvik_afternoon": make_slot(unit_id=norrvik, start=afternoon),
        "sjohamn_morning": make_slot(unit_id=sjohamn, start=morning + timedelta(minutes=20)),
        "nurse": make_slot(unit_id=norrvik, visit_kind="nurse", start=morning),
        "booked": make_slot(unit_id=norrvik, start=morning - timedelta(minutes=20), status="booked"),
        "later": make_slot(unit_id=norrvik, start=_at(9, 9)),
    }

    def found(**kwargs):
        return [s.id for s in find_free_slots(visit_kind="doctor", limit=10, **kwargs)]

    assert found() == [ids["norrvik_morning"], ids["sjohamn_morning"], ids["norrvik_afternoon"], ids["later"]]
    assert found(municipality="sjöhamn") == [ids["sjohamn_morning"]]
    assert found(unit_id=norrvik)[:2] == [ids["norrvik_morning"], ids["norrvik_afternoon"]]
    day = parse_when("i övermorgon eftermiddag", "sv", utcnow())
    assert found(window=day) == [ids["norrvik_afternoon"]]
    after = parse_when("efter 14", "sv", utcnow())
    assert found(window=after) == [ids["norrvik_afternoon"]]
    first_two = find_free_slots(visit_kind="doctor", limit=2)
    next_two = find_free_slots(visit_kind="doctor", limit=2, offset=2)
    assert [s.id for s in first_two + next_two] == found()


def test_search_shows_one_time_per_unit_even_with_parallel_seats():
    unit = make_unit()
    start = _at(2, 9)
    make_slot(unit_id=unit, start=start, seat=0)
    make_slot(unit_id=unit, start=start, seat=1)

    assert len(find_free_slots(visit_kind="doctor")) == 1


def test_emergency_departments_in_the_municipality_come_first():
    far = make_unit(kind="akutmottagning", municipality="Norrvik", visit_kinds=(), name="Akuten Norrvik")
    near = make_unit(kind="akutmottagning", municipality="Sjöhamn", visit_kinds=(), name="Akuten Sjöhamn")
    make_unit(kind="vardcentral", municipality="Sjöhamn")

    assert [u.id for u in nearest_emergency_units("sjöhamn")] == [near, far]
    assert [u.id for u in nearest_emergency_units("Okänd")] == [far, near]
    assert all(not u.bookable for u in nearest_emergency_units(None))
    assert {u.id for u in list_units(municipality="Sjöhamn")} >= {near}
