"""Plain, detached results the conversation can keep after the database session is closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.booking.models import Appointment, CareUnit, Slot, VisitKind
from services.booking.timeutil import to_local


@dataclass(frozen=True)
class UnitView:
    id: str
    kind: str
    name: str
    address: str
    municipality: str
    phone: str
    opening_hours: dict[str, list[list[str]]]
    accessibility: dict[str, str]
    visit_kinds: tuple[str, ...]

    @property
    def bookable(self) -> bool:
        return bool(self.visit_kinds)


@dataclass(frozen=True)
class VisitKindView:
    code: str
    names: dict[str, str]  # {"sv": ..., "en": ...}
    slot_minutes: int

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["sv"]


@dataclass(frozen=True)
class SlotView:
    id: int
    unit_id: str
    unit_name: str
    municipality: str
    visit_kind: VisitKindView
    start: datetime  # Europe/Stockholm
    end: datetime
    status: str  # free | booked


@dataclass(frozen=True)
class AppointmentView:
    reference: str
    status: str  # booked | cancelled | fulfilled | noshow
    start: datetime  # Europe/Stockholm
    end: datetime
    unit: UnitView
    visit_kind: VisitKindView
    slot_id: int
    person_id: int
    language: str
    created_at: datetime


def unit_view(unit: CareUnit, visit_kinds: tuple[str, ...] = ()) -> UnitView:
    return UnitView(
        id=unit.id,
        kind=unit.kind,
        name=unit.name,
        address=unit.address,
        municipality=unit.municipality,
        phone=unit.phone,
        opening_hours=dict(unit.opening_hours or {}),
        accessibility=dict(unit.accessibility or {}),
        visit_kinds=visit_kinds,
    )


def visit_kind_view(kind: VisitKind) -> VisitKindView:
    return VisitKindView(
        code=kind.code, names={"sv": kind.name_sv, "en": kind.name_en}, slot_minutes=kind.slot_minutes
    )


def slot_view(slot: Slot, unit: CareUnit, kind: VisitKind) -> SlotView:
    return SlotView(
        id=slot.id,
        unit_id=unit.id,
        unit_name=unit.name,
        municipality=unit.municipality,
        visit_kind=visit_kind_view(kind),
        start=to_local(slot.start_at),
        end=to_local(slot.end_at),
        status=slot.status,
    )


def appointment_view(appt: Appointment, unit: CareUnit, kind: VisitKind) -> AppointmentView:
    return AppointmentView(
        reference=appt.reference,
        status=appt.status,
        start=to_local(appt.start_at),
        end=to_local(appt.end_at),
        unit=unit_view(unit),
        visit_kind=visit_kind_view(kind),
        slot_id=appt.slot_id,
        person_id=appt.person_id,
        language=appt.language,
        created_at=appt.created_at,
    )
