"""Search, book, move, cancel and list appointments. Each call is one database transaction.

Race safety does not depend on the isolation level: a slot is claimed with a conditional UPDATE
(``status = 'free'`` -> ``'booked'``) whose row count tells the one winner, on SQLite and PostgreSQL
alike, and a partial unique index allows one booked appointment per slot.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.booking.errors import (
    AppointmentCancelled,
    AppointmentInPast,
    BookingError,
    NotBookable,
    NotFound,
    NotOwner,
    OverlappingAppointment,
    SlotInPast,
    SlotTaken,
)
from services.booking.models import BOOKABLE_UNIT_KINDS, Appointment, CareUnit, Slot, UnitOffering, VisitKind
from services.booking.reminders import cancel_reminder, schedule_reminder
from services.booking.timeparse import TimeWindow
from services.booking.timeutil import to_utc, utcnow
from services.booking.views import (
    AppointmentView,
    SlotView,
    UnitView,
    VisitKindView,
    appointment_view,
    slot_view,
    unit_view,
    visit_kind_view,
)
from services.identity.models import Person
from services.store.db import session_scope

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read out and type
REFERENCE_LENGTH = 6


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(text: str) -> str:
    """What a person types or says ("k7p-q2x", " K7PQ2X") as stored."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


# --- care units and visit kinds ---------------------------------------------------------------------


def list_visit_kinds() -> list[VisitKindView]:
    with session_scope() as session:
        return [
            visit_kind_view(k) for k in session.execute(select(VisitKind).order_by(VisitKind.code)).scalars()
        ]


def list_units(
    *, municipality: str | None = None, kind: str | None = None, visit_kind: str | None = None
) -> list[UnitView]:
    """Active units, by name; ``visit_kind`` keeps only units that offer it."""
    with session_scope() as session:
        query = select(CareUnit).where(CareUnit.active.is_(True)).order_by(CareUnit.name)
        if municipality:
            query = query.where(func.lower(CareUnit.municipality) == municipality.strip().lower())
        if kind:
            query = query.where(CareUnit.kind == kind)
        offerings = _offerings(session)
        units = [unit_view(u, offerings.get(u.id, ())) for u in session.execute(query).scalars()]
    if visit_kind:
        units = [u for u in units if visit_kind in u.visit_kinds]
    return units


def get_unit(unit_id: str) -> UnitView:
    with session_scope() as session:
        unit = session.get(CareUnit, unit_id)
        if unit is None:
            raise NotFound("no such unit")
        return unit_view(unit, _offerings(session).get(unit.id, ()))


def list_municipalities() -> list[str]:
    with session_scope() as session:
        query = select(CareUnit.municipality).where(CareUnit.active.is_(True)).distinct()
        return sorted(session.execute(query).scalars())


def nearest_emergency_units(municipality: str | None) -> list[UnitView]:
    """Emergency departments, those in ``municipality`` first (the demo data has no distances)."""
    units = list_units(kind="akutmottagning")
    wanted = (municipality or "").strip().lower()
    return sorted(units, key=lambda u: (u.municipality.lower() != wanted, u.name))


def _offerings(session: Session) -> dict[str, tuple[str, ...]]:
    result: dict[str, list[str]] = {}
    query = select(UnitOffering.unit_id, UnitOffering.visit_kind).where(UnitOffering.active.is_(True))
    for unit_id, code in session.execute(query.order_by(UnitOffering.visit_kind)).all():
        result.setdefault(unit_id, []).append(code)
    return {unit_id: tuple(codes) for unit_id, codes in result.items()}


# --- search -----------------------------------------------------------------------------------------


def find_free_slots(
    *,
    visit_kind: str,
    window: TimeWindow | None = None,
    unit_id: str | None = None,
    municipality: str | None = None,
    limit: int = 3,
    offset: int = 0,
    now: datetime | None = None,
) -> list[SlotView]:
    """Free times, earliest first. Parallel seats at one unit and time count as one time.

    ``offset`` pages on for "more times"; pass the number of times already shown.
    """
    now = now or utcnow()
    start = max(to_utc(window.start), now) if window else now
    with session_scope() as session:
        first_seat = (
            select(func.min(Slot.id).label("id"))
            .join(CareUnit, CareUnit.id == Slot.unit_id)
            .where(
                Slot.visit_kind == visit_kind,
                Slot.status == "free",
                Slot.start_at > start,
                CareUnit.active.is_(True),
                CareUnit.kind.in_(BOOKABLE_UNIT_KINDS),
            )
            .group_by(Slot.start_at, Slot.unit_id)
            .order_by(Slot.start_at, Slot.unit_id)
            .limit(limit)
            .offset(offset)
        )
        if window is not None:
            first_seat = first_seat.where(Slot.start_at < to_utc(window.end))
            if window.from_minute is not None:
                first_seat = first_seat.where(Slot.local_minute >= window.from_minute)
            if window.until_minute is not None:
                first_seat = first_seat.where(Slot.local_minute < window.until_minute)
        if unit_id:
            first_seat = first_seat.where(Slot.unit_id == unit_id)
        if municipality:
            first_seat = first_seat.where(func.lower(CareUnit.municipality) == municipality.strip().lower())
        ids = list(session.execute(first_seat).scalars())
        if not ids:
            return []
        rows = session.execute(
            select(Slot, CareUnit, VisitKind)
            .join(CareUnit, CareUnit.id == Slot.unit_id)
            .join(VisitKind, VisitKind.code == Slot.visit_kind)
            .where(Slot.id.in_(ids))
            .order_by(Slot.start_at, Slot.unit_id)
        ).all()
        return [slot_view(slot, unit, kind) for slot, unit, kind in rows]


def get_slot(slot_id: int) -> SlotView:
    with session_scope() as session:
        row = session.execute(
            select(Slot, CareUnit, VisitKind)
            .join(CareUnit, CareUnit.id == Slot.unit_id)
            .join(VisitKind, VisitKind.code == Slot.visit_kind)
            .where(Slot.id == slot_id)
        ).first()
        if row is None:
            raise NotFound("no such slot")
        return slot_view(*row)


# --- book, move, cancel -----------------------------------------------------------------------------


def book_appointment(
    *,
    slot_id: int,
    person_id: int,
    idempotency_key: str | None = None,
    language: str = "sv",
    channel: str = "web",
    now: datetime | None = None,
) -> AppointmentView:
    """Book the slot (or a free parallel seat at the same unit and time) for the person.

    A retry with the same ``idempotency_key`` returns the first booking instead of booking again.
    Raises ``SlotTaken``, ``SlotInPast``, ``NotFound``, ``NotBookable`` or ``OverlappingAppointment``.
    """
    now = now or utcnow()
    for attempt in range(3):
        try:
            with session_scope() as session:
                if idempotency_key and (done := _by_key(session, idempotency_key)) is not None:
                    return done
                return _book(session, slot_id, person_id, idempotency_key, language, channel, now)
        except (BookingError, IntegrityError) as error:
            # The same request may have won meanwhile (a retry racing the first try): that is success.
            if idempotency_key:
                with session_scope() as session:
                    if (done := _by_key(session, idempotency_key)) is not None:
                        return done
            if isinstance(error, BookingError):
                raise
            if attempt == 2:  # a reference code collision, three times over: give up
                raise SlotTaken() from error
    raise AssertionError("unreachable")


def _book(
    session: Session,
    slot_id: int,
    person_id: int,
    idempotency_key: str | None,
    language: str,
    channel: str,
    now: datetime,
) -> AppointmentView:
    if session.get(Person, person_id) is None:
        raise NotFound("no such person")
    slot = _bookable_slot(session, slot_id, now)
    if _overlaps(session, person_id, slot):
        raise OverlappingAppointment()
    claimed = _claim(session, slot)
    appt = Appointment(
        reference=_unique_reference(session),
        slot_id=claimed.id,
        person_id=person_id,
        unit_id=claimed.unit_id,
        visit_kind=claimed.visit_kind,
        start_at=claimed.start_at,
        end_at=claimed.end_at,
        status="booked",
        language=language,
        channel=channel,
        idempotency_key=idempotency_key,
        created_at=now,
        updated_at=now,
    )
    session.add(appt)
    session.flush()
    schedule_reminder(session, appt, now=now)
    return _view(session, appt)


def move_appointment(
    *, reference: str, new_slot_id: int, person_id: int, now: datetime | None = None
) -> AppointmentView:
    """Move to another slot: the new slot is claimed before the old one is released, in one transaction.

    If the new slot is taken, nothing changes (``SlotTaken``). Moving to where it already is (a retry)
    returns the appointment unchanged. The reminder follows the new time.
    """
    now = now or utcnow()
    with session_scope() as session:
        appt = _owned(session, reference, person_id)
        if appt.slot_id == new_slot_id:
            return _view(session, appt)
        _ensure_changeable(appt, now)
        slot = _bookable_slot(session, new_slot_id, now)
        if slot.visit_kind != appt.visit_kind:
            raise NotBookable("the new time is for another kind of visit")
        claimed = _claim(session, slot)
        old_slot_id = appt.slot_id
        appt.slot_id, appt.unit_id = claimed.id, claimed.unit_id
        appt.start_at, appt.end_at, appt.updated_at = claimed.start_at, claimed.end_at, now
        session.flush()
        session.execute(update(Slot).where(Slot.id == old_slot_id).values(status="free"))
        schedule_reminder(session, appt, now=now)
        return _view(session, appt)


def cancel_appointment(*, reference: str, person_id: int, now: datetime | None = None) -> AppointmentView:
    """Cancel and free the slot. Cancelling a cancelled appointment again returns it unchanged."""
    now = now or utcnow()
    with session_scope() as session:
        appt = _owned(session, reference, person_id)
        if appt.status == "cancelled":
            return _view(session, appt)
        _ensure_changeable(appt, now)
        changed = session.execute(
            update(Appointment)
            .where(Appointment.id == appt.id, Appointment.status == "booked")
            .values(status="cancelled", cancelled_at=now, updated_at=now)
            .execution_options(synchronize_session="fetch")
        ).rowcount
        if changed:
            session.execute(update(Slot).where(Slot.id == appt.slot_id).values(status="free"))
            cancel_reminder(session, appt.id)
        session.refresh(appt)
        return _view(session, appt)


def get_appointment(reference: str, *, person_id: int) -> AppointmentView:
    with session_scope() as session:
        return _view(session, _owned(session, reference, person_id))


def find_appointment(reference: str) -> AppointmentView:
    """An appointment by its reference, whoever booked it: for authenticated staff and exports only."""
    with session_scope() as session:
        row = session.execute(
            select(Appointment).where(Appointment.reference == reference.strip().upper())
        ).scalar_one_or_none()
        if row is None:
            raise NotFound("not_found")
        return _view(session, row)


def list_appointments(
    *,
    person_id: int,
    include_past: bool = False,
    include_cancelled: bool = False,
    now: datetime | None = None,
) -> list[AppointmentView]:
    """The person's appointments, soonest first (upcoming booked ones by default)."""
    now = now or utcnow()
    query = select(Appointment).where(Appointment.person_id == person_id).order_by(Appointment.start_at)
    if not include_past:
        query = query.where(Appointment.end_at > now)
    if not include_cancelled:
        query = query.where(Appointment.status != "cancelled")
    with session_scope() as session:
        return [_view(session, appt) for appt in session.execute(query).scalars()]


# --- helpers ----------------------------------------------------------------------------------------


def _by_key(session: Session, key: str) -> AppointmentView | None:
    appt = session.execute(select(Appointment).where(Appointment.idempotency_key == key)).scalar_one_or_none()
    return _view(session, appt) if appt else None


def _bookable_slot(session: Session, slot_id: int, now: datetime) -> Slot:
    slot = session.get(Slot, slot_id)
    if slot is None:
        raise NotFound("no such slot")
    unit = session.get(CareUnit, slot.unit_id)
    if unit is None or not unit.active or unit.kind not in BOOKABLE_UNIT_KINDS:
        raise NotBookable()
    if slot.start_at <= now:
        raise SlotInPast()
    return slot


def _claim(session: Session, slot: Slot) -> Slot:
    """Atomically take ``slot``, or a free seat at the same unit and time; raise ``SlotTaken``."""
    seats = select(Slot.id).where(
        Slot.unit_id == slot.unit_id,
        Slot.visit_kind == slot.visit_kind,
        Slot.start_at == slot.start_at,
        Slot.id != slot.id,
        Slot.status == "free",
    )
    for candidate in [slot.id, *session.execute(seats.order_by(Slot.seat)).scalars()]:
        won = session.execute(
            update(Slot)
            .where(Slot.id == candidate, Slot.status == "free")
            .values(status="booked")
            .execution_options(synchronize_session=False)
        ).rowcount
        if won == 1:
            claimed = session.get(Slot, candidate)
            assert claimed is not None
            session.refresh(claimed)
            return claimed
    raise SlotTaken()


def _overlaps(session: Session, person_id: int, slot: Slot) -> bool:
    query = select(Appointment.id).where(
        Appointment.person_id == person_id,
        Appointment.status == "booked",
        Appointment.start_at < slot.end_at,
        Appointment.end_at > slot.start_at,
    )
    return session.execute(query.limit(1)).first() is not None


def _unique_reference(session: Session) -> str:
    for _ in range(20):
        reference = new_reference()
        taken = session.execute(select(Appointment.id).where(Appointment.reference == reference)).first()
        if taken is None:
            return reference
    raise BookingError("could not find a free reference code")


def _owned(session: Session, reference: str, person_id: int) -> Appointment:
    code = normalise_reference(reference)
    appt = session.execute(select(Appointment).where(Appointment.reference == code)).scalar_one_or_none()
    if appt is None:
        raise NotFound("no such appointment")
    if appt.person_id != person_id:
        raise NotOwner()
    return appt


def _ensure_changeable(appt: Appointment, now: datetime) -> None:
    if appt.status == "cancelled":
        raise AppointmentCancelled()
    if appt.status != "booked" or appt.start_at <= now:
        raise AppointmentInPast()


def _view(session: Session, appt: Appointment) -> AppointmentView:
    unit = session.get(CareUnit, appt.unit_id)
    kind = session.get(VisitKind, appt.visit_kind)
    assert unit is not None and kind is not None
    return appointment_view(appt, unit, kind)
