from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from services.booking import RegionFileError, find_free_slots, list_municipalities, list_units, load_region
from services.booking.__main__ import main
from services.booking.models import Slot
from services.booking.region import DEMO_REGION_FILE, parse_hours
from services.booking.timeutil import LOCAL_TZ, to_local
from services.store.db import session_scope

pytestmark = pytest.mark.usefixtures("database")

MONDAY = datetime(2025, 3, 10, 6, 0, tzinfo=LOCAL_TZ)


def _slot_count() -> int:
    with session_scope() as session:
        return session.execute(select(func.count()).select_from(Slot)).scalar_one()


def test_the_demo_region_has_mixed_units_in_two_municipalities():
    result = load_region(DEMO_REGION_FILE, now=MONDAY)

    units = list_units()
    assert result.units == len(units) >= 8
    assert len(list_municipalities()) == 2
    kinds = Counter(u.kind for u in units)
    assert set(kinds) == {"vardcentral", "jourmottagning", "ungdomsmottagning", "tandvard", "akutmottagning"}
    assert all(not u.visit_kinds for u in units if u.kind == "akutmottagning")
    offered = {code for u in units for code in u.visit_kinds}
    assert offered == {
        "doctor",
        "nurse",
        "physiotherapist",
        "psychologist",
        "dentist",
        "youth_midwife",
        "youth_counsellor",
    }
    assert all(u.accessibility["sv"] and u.accessibility["en"] for u in units)


def test_slots_cover_four_weeks_and_follow_the_opening_hours():
    load_region(DEMO_REGION_FILE, now=MONDAY)

    with session_scope() as session:
        slots = list(session.execute(select(Slot).where(Slot.unit_id == "vc-norrvik-centrum")).scalars())
    starts = [to_local(s.start_at) for s in slots]
    assert min(starts).date() == MONDAY.date() and max(starts).date() == MONDAY.date() + timedelta(days=25)
    assert all(s.weekday() < 5 for s in starts)  # closed at weekends
    doctor = [to_local(s.start_at) for s in slots if s.visit_kind == "doctor"]
    assert not any(12 * 60 <= s.hour * 60 + s.minute < 13 * 60 for s in doctor)  # lunch break
    physio = [to_local(s.start_at) for s in slots if s.visit_kind == "physiotherapist"]
    assert {s.weekday() for s in physio} == {1, 3}  # its own hours: Tuesday and Thursday
    assert all(s.local_minute == to_local(s.start_at).hour * 60 + to_local(s.start_at).minute for s in slots)


def test_loading_again_adds_only_missing_slots():
    first = load_region(DEMO_REGION_FILE, now=MONDAY)
    count = _slot_count()

    again = load_region(DEMO_REGION_FILE, now=MONDAY)
    assert first.slots_added == count > 1000
    assert again.slots_added == 0 and _slot_count() == count

    later = load_region(DEMO_REGION_FILE, now=MONDAY + timedelta(days=1))
    assert later.slots_added > 0 and _slot_count() == count + later.slots_added
    with session_scope() as session:
        keys = session.execute(select(Slot.unit_id, Slot.visit_kind, Slot.start_at, Slot.seat)).all()
    assert len(keys) == len(set(keys))


def test_a_region_loads_its_own_file_from_the_command_line(tmp_path: Path, capsys):
    data = yaml.safe_load(DEMO_REGION_FILE.read_text(encoding="utf-8"))
    data["units"] = [u for u in data["units"] if u["municipality"] == "Sjöhamn"]
    path = tmp_path / "region.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_region(DEMO_REGION_FILE, now=MONDAY)

    assert main(["load", str(path)]) == 0

    assert "units" in capsys.readouterr().out
    assert list_municipalities() == ["Sjöhamn"]  # units missing from the file are no longer offered
    assert all(s.municipality == "Sjöhamn" for s in find_free_slots(visit_kind="doctor", limit=20))


def test_seed_command_loads_the_demo_region(capsys):
    assert main(["seed"]) == 0
    assert len(list_units()) >= 8


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["units"][0].update(kind="hospital"), "kind must be one of"),
        (lambda d: d["units"][0].pop("address"), "missing address"),
        (lambda d: d["units"][0]["visits"].append({"kind": "surgeon"}), "unknown visit kind"),
        (lambda d: d["units"][0]["opening_hours"].update(mon="8-17"), "cannot read"),
        (lambda d: d["units"][5].update(visits=[{"kind": "doctor"}]), "takes no bookings"),
        (lambda d: d["units"].append(dict(d["units"][0])), "used twice"),
    ],
)
def test_mistakes_in_a_region_file_are_reported_clearly(tmp_path: Path, change, message):
    data = yaml.safe_load(DEMO_REGION_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "bad.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    with pytest.raises(RegionFileError, match=message):
        load_region(path, now=MONDAY)


def test_parse_hours_reads_intervals_and_closed_days():
    hours = parse_hours(
        {"mon": "08:00-12:00, 13:00-17:00", "tue": ["9:30-15:00"], "sat": "closed"}, where="x"
    )
    assert hours["mon"] == [["08:00", "12:00"], ["13:00", "17:00"]]
    assert hours["tue"] == [["09:30", "15:00"]]
    assert hours["sat"] == hours["sun"] == []
