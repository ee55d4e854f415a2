"""HL7 FHIR R4 export of appointments and free slots, for authenticated staff and systems."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from channels.deps import StaffDep
from channels.openapi import error_responses

router = APIRouter(prefix="/fhir", tags=["fhir"])
FHIR_JSON = "application/fhir+json"
# Ids of care units and visit kinds are slugs in the region's data; a reference is what a booking got.
IDENTIFIER = r"^[A-Za-z0-9_.-]{1,64}$"
REFERENCE = r"^[A-Za-z0-9]{1,12}$"


class FhirResponse(JSONResponse):
    media_type = FHIR_JSON


class Day(date):
    """A day written ``YYYY-MM-DD`` in the years 2000-2999, as FHIR writes dates.

    pydantic's own ``date`` also reads numbers as Unix time (``start=0.5`` was 1 January 1970) and lets the
    window run past the last date Python knows.
    """

    @classmethod
    def __get_validators__(cls) -> Iterator[Callable[[Any], date]]:
        yield cls.validate

    @classmethod
    def __modify_schema__(cls, field_schema: dict[str, Any]) -> None:
        field_schema.update(type="string", format="date", pattern=r"^2\d{3}-\d{2}-\d{2}$")

    @classmethod
    def validate(cls, value: Any) -> date:
        if not isinstance(value, str) or not re.fullmatch(r"2[0-9]{3}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError("a day is written YYYY-MM-DD, in the years 2000-2999")
        return date.fromisoformat(value)


def _resource(body: dict[str, Any]) -> FhirResponse:
    return FhirResponse(body)


def _answers(resource: str, *errors: int) -> dict[int | str, dict[str, Any]]:
    ok = {"description": f"A FHIR R4 {resource}", "content": {FHIR_JSON: {"schema": {"type": "object"}}}}
    return {200: ok, **error_responses(401, 422, *errors)}


@router.get("/Appointment/{reference}", response_class=FhirResponse, responses=_answers("Appointment", 404))
async def appointment(
    staff: StaffDep, reference: str = Path(..., pattern=REFERENCE, description="the booking's reference")
) -> FhirResponse:
    """One appointment, by its reference code, as a FHIR R4 Appointment."""
    from services.booking import BookingError, appointment_to_fhir, find_appointment

    try:
        appt = await run_in_threadpool(find_appointment, reference)
    except BookingError as exc:
        raise HTTPException(404, "no such appointment") from exc
    return _resource(appointment_to_fhir(appt))


@router.get("/Slot", response_class=FhirResponse, responses=_answers("Bundle of Slot resources"))
async def slots(
    staff: StaffDep,
    service_type: str = Query(
        "doctor", alias="service-type", pattern=IDENTIFIER, description="the kind of visit, e.g. doctor"
    ),
    start: Day | None = Query(None, description="the first day (default today)"),
    days: int = Query(7, ge=1, le=28),
    unit: str | None = Query(None, pattern=IDENTIFIER, description="a care unit id"),
    count: int = Query(50, alias="_count", ge=1, le=500),
) -> FhirResponse:
    """Free slots as a FHIR R4 searchset Bundle of Slot resources."""
    from services.booking import TimeWindow, find_free_slots, slot_to_fhir
    from services.booking.timeutil import LOCAL_TZ as STOCKHOLM

    first = start or datetime.now(STOCKHOLM).date()
    window = TimeWindow(
        start=datetime.combine(first, time.min, tzinfo=STOCKHOLM),
        end=datetime.combine(first + timedelta(days=days), time.min, tzinfo=STOCKHOLM),
    )
    found = await run_in_threadpool(
        lambda: find_free_slots(visit_kind=service_type, window=window, unit_id=unit, limit=count)
    )
    entries = [{"resource": slot_to_fhir(slot), "search": {"mode": "match"}} for slot in found]
    return _resource({"resourceType": "Bundle", "type": "searchset", "total": len(entries), "entry": entries})
