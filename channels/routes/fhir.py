"""HL7 FHIR R4 export of appointments and free slots, for authenticated staff and systems."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from channels.deps import StaffDep

router = APIRouter(prefix="/fhir", tags=["fhir"])
FHIR_JSON = "application/fhir+json"


def _resource(body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, media_type=FHIR_JSON)


@router.get("/Appointment/{reference}")
async def appointment(reference: str, staff: StaffDep) -> JSONResponse:
    """One appointment, by its reference code, as a FHIR R4 Appointment."""
    from services.booking import BookingError, appointment_to_fhir, find_appointment

    try:
        appt = await run_in_threadpool(find_appointment, reference)
    except BookingError as exc:
        raise HTTPException(404, "no such appointment") from exc
    return _resource(appointment_to_fhir(appt))


@router.get("/Slot")
async def slots(
    staff: StaffDep,
    service_type: str = Query("doctor", alias="service-type", description="the kind of visit, e.g. doctor"),
    start: date | None = Query(None, description="the first day (default today)"),
    days: int = Query(7, ge=1, le=28),
    unit: str | None = Query(None, description="a care unit id"),
    count: int = Query(50, alias="_count", ge=1, le=500),
) -> JSONResponse:
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
