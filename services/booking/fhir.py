"""HL7 FHIR R4 ``Appointment`` and ``Slot`` resources (JSON as ``dict``) for bookings and free times.

Codes used: Appointment.status from http://hl7.org/fhir/appointmentstatus, Slot.status from
http://hl7.org/fhir/slotstatus, participant status from http://hl7.org/fhir/participationstatus. The
person appears only as a local ``Patient/{id}`` reference: no personal identity number leaves here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.booking.views import AppointmentView, SlotView, VisitKindView

SYSTEM_BASE = "https://example.org/fhir/self-care-assistant"  # replace per region; identifies our codes
VISIT_KIND_SYSTEM = f"{SYSTEM_BASE}/CodeSystem/visit-kind"
REFERENCE_SYSTEM = f"{SYSTEM_BASE}/booking-reference"

_APPOINTMENT_STATUS = {
    "booked": "booked",
    "cancelled": "cancelled",
    "fulfilled": "fulfilled",
    "noshow": "noshow",
}
_SLOT_STATUS = {"free": "free", "booked": "busy"}


def instant(moment: datetime) -> str:
    """FHIR ``instant``: seconds and a time zone offset are required."""
    if moment.tzinfo is None:
        raise ValueError("FHIR instants need a time zone")
    return moment.isoformat(timespec="seconds")


def _service_type(kind: VisitKindView) -> list[dict[str, Any]]:
    return [
        {
            "coding": [{"system": VISIT_KIND_SYSTEM, "code": kind.code, "display": kind.names["en"]}],
            "text": kind.names["sv"],
        }
    ]


def schedule_id(unit_id: str, visit_kind: str) -> str:
    return f"{unit_id}-{visit_kind}".replace("_", "-")[:64]


def slot_to_fhir(slot: SlotView) -> dict[str, Any]:
    return {
        "resourceType": "Slot",
        "id": f"slot-{slot.id}",
        "serviceType": _service_type(slot.visit_kind),
        "schedule": {
            "reference": f"Schedule/{schedule_id(slot.unit_id, slot.visit_kind.code)}",
            "display": f"{slot.unit_name}: {slot.visit_kind.names['sv']}",
        },
        "status": _SLOT_STATUS.get(slot.status, "busy-unavailable"),
        "start": instant(slot.start),
        "end": instant(slot.end),
    }


def appointment_to_fhir(appt: AppointmentView) -> dict[str, Any]:
    status = _APPOINTMENT_STATUS.get(appt.status, "entered-in-error")
    participant_status = "declined" if status == "cancelled" else "accepted"
    resource: dict[str, Any] = {
        "resourceType": "Appointment",
        "id": f"appointment-{appt.reference.lower()}",
        "identifier": [{"system": REFERENCE_SYSTEM, "value": appt.reference}],
        "status": status,
        "serviceType": _service_type(appt.visit_kind),
        "description": f"{appt.visit_kind.names['sv']}, {appt.unit.name}",
        "start": instant(appt.start),
        "end": instant(appt.end),
        "minutesDuration": int((appt.end - appt.start).total_seconds() // 60),
        "slot": [{"reference": f"Slot/slot-{appt.slot_id}"}],
        "created": appt.created_at.date().isoformat(),
        "participant": [
            {
                "actor": {"reference": f"Patient/{appt.person_id}", "display": "Patient"},
                "required": "required",
                "status": participant_status,
            },
            {
                "actor": {"reference": f"Location/{appt.unit.id}", "display": appt.unit.name},
                "required": "required",
                "status": participant_status,
            },
        ],
    }
    if status == "cancelled":
        resource["cancelationReason"] = {"text": "Cancelled by the patient"}
    return resource
