"""FHIR R4 structure, checked with our own rules (and with fhir.resources when it is installed)."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from booking_factories import make_person, make_slot

from services.booking import appointment_to_fhir, book_appointment, cancel_appointment, get_slot, slot_to_fhir
from services.booking.timeutil import utcnow

pytestmark = pytest.mark.usefixtures("database")

# http://hl7.org/fhir/R4/valueset-appointmentstatus.html, -slotstatus.html, -participationstatus.html
APPOINTMENT_STATUS = {
    "proposed",
    "pending",
    "booked",
    "arrived",
    "fulfilled",
    "cancelled",
    "noshow",
    "entered-in-error",
    "checked-in",
    "waitlist",
}
SLOT_STATUS = {"busy", "free", "busy-unavailable", "busy-tentative", "entered-in-error"}
PARTICIPATION_STATUS = {"accepted", "declined", "tentative", "needs-action"}
PARTICIPANT_REQUIRED = {"required", "optional", "information-only"}
ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
DATE_TIME = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?)?)?$")
REFERENCE = re.compile(r"^[A-Z][A-Za-z]+/[A-Za-z0-9\-.]{1,64}$")


def check_codeable_concepts(concepts) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(concepts, list) and concepts
    for concept in concepts:
        assert set(concept) <= {"coding", "text"}
        for coding in concept["coding"]:
            assert set(coding) <= {"system", "version", "code", "display", "userSelected"}
            assert coding["system"].startswith(("http://", "https://", "urn:")) and coding["code"].strip()


def check_slot(resource: dict) -> None:
    assert resource["resourceType"] == "Slot" and ID.match(resource["id"])
    assert set(resource) <= {
        "resourceType",
        "id",
        "serviceType",
        "schedule",
        "status",
        "start",
        "end",
        "comment",
    }
    assert REFERENCE.match(resource["schedule"]["reference"]) and resource["schedule"][
        "reference"
    ].startswith("Schedule/")
    assert resource["status"] in SLOT_STATUS
    assert INSTANT.match(resource["start"]) and INSTANT.match(resource["end"])  # 1..1 instant each
    assert resource["start"] < resource["end"]
    check_codeable_concepts(resource["serviceType"])


def check_appointment(resource: dict) -> None:
    assert resource["resourceType"] == "Appointment" and ID.match(resource["id"])
    assert resource["status"] in APPOINTMENT_STATUS
    # app-2: start and end both or neither; app-3: only proposed/cancelled/waitlist may lack them.
    assert ("start" in resource) == ("end" in resource)
    if resource["status"] not in ("proposed", "cancelled", "waitlist"):
        assert "start" in resource
    assert INSTANT.match(resource["start"]) and INSTANT.match(resource["end"])
    assert DATE_TIME.match(resource["created"])
    assert isinstance(resource["minutesDuration"], int) and resource["minutesDuration"] > 0
    assert resource["participant"], "participant is 1..*"
    for participant in resource["participant"]:
        assert participant["status"] in PARTICIPATION_STATUS  # 1..1
        assert participant.get("required", "required") in PARTICIPANT_REQUIRED
        assert "actor" in participant or "type" in participant  # app-1
        assert REFERENCE.match(participant["actor"]["reference"]) and participant["actor"]["display"]
    for slot in resource["slot"]:
        assert slot["reference"].startswith("Slot/")
    check_codeable_concepts(resource["serviceType"])
    if "cancelationReason" in resource:
        assert resource["status"] == "cancelled"
    json.dumps(resource)


def _validate_with_fhir_resources(resource: dict) -> None:
    try:
        from fhir.resources import construct_fhir_element  # type: ignore[import-not-found]
    except ImportError:
        return
    construct_fhir_element(resource["resourceType"], resource)


def test_a_free_and_a_booked_slot():
    slot = make_slot()
    free = slot_to_fhir(get_slot(slot))
    check_slot(free)
    assert free["status"] == "free"
    assert free["serviceType"][0]["coding"][0]["code"] == "doctor"
    _validate_with_fhir_resources(free)

    book_appointment(slot_id=slot, person_id=make_person())
    assert slot_to_fhir(get_slot(slot))["status"] == "busy"


def test_a_booked_appointment():
    person = make_person()
    slot = make_slot(start=(utcnow() + timedelta(days=2)).replace(microsecond=0))
    appt = book_appointment(slot_id=slot, person_id=person)

    resource = appointment_to_fhir(appt)

    check_appointment(resource)
    assert resource["status"] == "booked"
    assert resource["identifier"][0]["value"] == appt.reference
    assert resource["slot"] == [{"reference": f"Slot/{slot_to_fhir(get_slot(slot))['id']}"}]
    assert resource["start"].endswith(("+01:00", "+02:00")) and resource["minutesDuration"] == 20
    actors = {p["actor"]["reference"].split("/")[0] for p in resource["participant"]}
    assert actors == {"Patient", "Location"}
    assert "pnr" not in json.dumps(resource).lower()
    _validate_with_fhir_resources(resource)


def test_a_cancelled_appointment():
    person = make_person()
    appt = book_appointment(slot_id=make_slot(), person_id=person)

    resource = appointment_to_fhir(cancel_appointment(reference=appt.reference, person_id=person))

    check_appointment(resource)
    assert resource["status"] == "cancelled" and resource["cancelationReason"]
    assert {p["status"] for p in resource["participant"]} == {"declined"}
