"""Load a region's care units and schedules from YAML, and generate the bookable slots.

Loading is idempotent: units and offerings are upserted, and slot generation adds only the slots that
are missing (a unique constraint on unit, visit kind, start and seat makes duplicates impossible).
Units missing from the file are marked inactive, never deleted, so existing bookings keep their unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from services.booking.errors import RegionFileError
from services.booking.models import BOOKABLE_UNIT_KINDS, UNIT_KINDS, CareUnit, Slot, UnitOffering, VisitKind
from services.booking.timeutil import LOCAL_TZ, local_datetime, to_local, utcnow
from services.store.db import session_scope

DEMO_REGION_FILE = Path(__file__).parent / "data" / "demo_region.yml"
DEFAULT_HORIZON_DAYS = 28
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_INTERVAL = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class LoadResult:
    units: int
    visit_kinds: int
    slots_added: int


def parse_hours(value: Any, *, where: str) -> dict[str, list[list[str]]]:
    """``{"mon": "08:00-12:00, 13:00-17:00", "sat": "closed"}`` -> ``{"mon": [["08:00", "12:00"], ...]}``."""
    if not isinstance(value, dict):
        raise RegionFileError(f"{where}: opening hours must be a mapping of weekday to hours")
    unknown = set(value) - set(WEEKDAYS)
    if unknown:
        raise RegionFileError(f"{where}: unknown weekdays {sorted(unknown)}; use {', '.join(WEEKDAYS)}")
    hours: dict[str, list[list[str]]] = {}
    for day in WEEKDAYS:
        spec = value.get(day)
        if spec in (None, "", "closed", False):
            hours[day] = []
            continue
        parts = spec if isinstance(spec, list) else str(spec).split(",")
        intervals = []
        for part in parts:
            match = _INTERVAL.match(str(part))
            if not match:
                raise RegionFileError(f"{where}: {day}: cannot read {part!r}; write 08:00-17:00")
            h1, m1, h2, m2 = (int(x) for x in match.groups())
            if not (0 <= h1 < 24 and 0 <= h2 <= 24 and m1 < 60 and m2 < 60) or (h1, m1) >= (h2, m2):
                raise RegionFileError(f"{where}: {day}: {part!r} is not a valid interval")
            intervals.append([f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"])
        hours[day] = intervals
    return hours


def read_region_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RegionFileError(f"{path}: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("units"), list):
        raise RegionFileError(f"{path}: expected a mapping with 'visit_kinds' and a list of 'units'")
    return data


def load_region(
    path: Path = DEMO_REGION_FILE, *, now: datetime | None = None, days: int | None = None
) -> LoadResult:
    """Upsert the file's visit kinds, units and offerings, then generate slots for the coming weeks."""
    data = read_region_file(path)
    now = now or utcnow()
    horizon = days or int(data.get("slot_horizon_days", DEFAULT_HORIZON_DAYS))
    with session_scope() as session:
        kinds = _upsert_visit_kinds(session, data.get("visit_kinds") or {})
        unit_ids = _upsert_units(session, data["units"], kinds)
        session.flush()
        added = generate_slots(session, now=now, days=horizon)
    return LoadResult(units=len(unit_ids), visit_kinds=len(kinds), slots_added=added)


def _upsert_visit_kinds(session: Session, spec: dict[str, Any]) -> dict[str, int]:
    if not spec:
        raise RegionFileError("the file defines no visit_kinds")
    minutes_by_kind = {}
    for code, item in spec.items():
        try:
            names, minutes = {"sv": item["sv"], "en": item["en"]}, int(item["minutes"])
        except (KeyError, TypeError, ValueError):
            raise RegionFileError(f"visit kind {code}: needs sv, en and minutes") from None
        row = session.get(VisitKind, code) or VisitKind(code=code)
        row.name_sv, row.name_en, row.slot_minutes = names["sv"], names["en"], minutes
        session.add(row)
        minutes_by_kind[code] = minutes
    return minutes_by_kind


def _upsert_units(session: Session, units: list[dict[str, Any]], kinds: dict[str, int]) -> set[str]:
    seen: set[str] = set()
    for item in units:
        unit_id = str(item.get("id") or "")
        where = f"unit {unit_id or '?'}"
        missing = [
            key for key in ("id", "kind", "name", "address", "municipality", "phone") if not item.get(key)
        ]
        if missing:
            raise RegionFileError(f"{where}: missing {', '.join(missing)}")
        if item["kind"] not in UNIT_KINDS:
            raise RegionFileError(f"{where}: kind must be one of {', '.join(UNIT_KINDS)}")
        if unit_id in seen:
            raise RegionFileError(f"{where}: the id is used twice")
        seen.add(unit_id)
        unit = session.get(CareUnit, unit_id) or CareUnit(id=unit_id)
        unit.kind, unit.name, unit.address = item["kind"], item["name"], item["address"]
        unit.municipality, unit.phone = item["municipality"], str(item["phone"])
        unit.opening_hours = parse_hours(item.get("opening_hours") or {}, where=where)
        accessibility = item.get("accessibility") or {}
        unit.accessibility = {"sv": accessibility.get("sv", ""), "en": accessibility.get("en", "")}
        unit.active, unit.updated_at = True, utcnow()
        session.add(unit)
        session.flush()
        _upsert_offerings(session, unit, item.get("visits") or [], kinds, where=where)
    for unit in session.execute(select(CareUnit).where(CareUnit.id.not_in(seen))).scalars():
        unit.active = False
    return seen


def _upsert_offerings(
    session: Session, unit: CareUnit, visits: list[dict[str, Any]], kinds: dict[str, int], *, where: str
) -> None:
    if visits and unit.kind not in BOOKABLE_UNIT_KINDS:
        raise RegionFileError(f"{where}: a {unit.kind} takes no bookings; remove its visits")
    offered = set()
    for visit in visits:
        code = visit.get("kind")
        if code not in kinds:
            raise RegionFileError(f"{where}: unknown visit kind {code!r}")
        offered.add(code)
        row = session.get(UnitOffering, (unit.id, code)) or UnitOffering(unit_id=unit.id, visit_kind=code)
        row.slot_minutes = int(visit.get("minutes") or kinds[code])
        row.staff = int(visit.get("staff", 1))
        row.hours = parse_hours(visit["hours"], where=f"{where} {code}") if visit.get("hours") else None
        row.active = True
        session.add(row)
    session.execute(
        delete(UnitOffering).where(UnitOffering.unit_id == unit.id, UnitOffering.visit_kind.not_in(offered))
    )


def generate_slots(session: Session, *, now: datetime, days: int = DEFAULT_HORIZON_DAYS) -> int:
    """Add the missing slots from ``now`` for ``days`` days; return how many were added."""
    first_day = to_local(now).date()
    range_start = local_datetime(first_day, time(0)).astimezone(timezone.utc)
    range_end = local_datetime(first_day + timedelta(days=days), time(0)).astimezone(timezone.utc)
    existing = set(
        session.execute(
            select(Slot.unit_id, Slot.visit_kind, Slot.start_at, Slot.seat).where(
                Slot.start_at >= range_start, Slot.start_at < range_end
            )
        ).all()
    )
    query = (
        select(UnitOffering, CareUnit)
        .join(CareUnit, CareUnit.id == UnitOffering.unit_id)
        .where(
            CareUnit.active.is_(True), UnitOffering.active.is_(True), CareUnit.kind.in_(BOOKABLE_UNIT_KINDS)
        )
    )
    rows = []
    for offering, unit in session.execute(query).all():
        hours = offering.hours or unit.opening_hours
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            for begin, end in hours.get(WEEKDAYS[day.weekday()], []):
                for start_local in _starts(day, begin, end, offering.slot_minutes):
                    start = start_local.astimezone(timezone.utc)
                    if start <= now:
                        continue
                    for seat in range(offering.staff):
                        key = (unit.id, offering.visit_kind, start, seat)
                        if key in existing:
                            continue
                        existing.add(key)
                        rows.append(
                            {
                                "unit_id": unit.id,
                                "visit_kind": offering.visit_kind,
                                "start_at": start,
                                "end_at": start + timedelta(minutes=offering.slot_minutes),
                                "seat": seat,
                                "local_minute": start_local.hour * 60 + start_local.minute,
                                "local_date": day,
                                "status": "free",
                            }
                        )
    if rows:
        session.execute(insert(Slot), rows)
    return len(rows)


def _starts(day: date, begin: str, end: str, minutes: int) -> list[datetime]:
    h1, m1 = (int(x) for x in begin.split(":"))
    h2, m2 = (int(x) for x in end.split(":"))
    start, stop = h1 * 60 + m1, h2 * 60 + m2
    return [
        datetime(day.year, day.month, day.day, t // 60, t % 60, tzinfo=LOCAL_TZ)
        for t in range(start, stop - minutes + 1, minutes)
    ]
