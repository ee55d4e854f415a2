"""Staff endpoints: authentication, the caseworker's work with the access log, and the FHIR export."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_rasa import FakeRasa
from fastapi.testclient import TestClient
from sqlalchemy import select

from channels.app import create_app
from channels.settings import Settings
from services.notifications.models import SmsOutboxMessage
from services.store import session_scope

TOKEN = "caseworker-token-0123456789"
STAFF = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def staff_client(database: str, fake_rasa: FakeRasa) -> Iterator[TestClient]:
    settings = Settings(app_env="test", database_url=database, staff_tokens=f"anna.caseworker:{TOKEN}")
    with TestClient(create_app(settings, rasa_transport=fake_rasa.transport())) as client:
        yield client


@pytest.fixture
def region() -> None:
    from services.booking import load_region

    load_region()


def submitted_application() -> int:
    """An identified person's transport-service application, completed and sent."""
    from services.applications import answer, record_consent, start_application
    from services.identity import identify_person, record_channel_verified

    conversation = "conv-staff-test"
    record_channel_verified(conversation, "+46701112233", channel="sms")
    person = identify_person(conversation, "19811218-9876")
    step = start_application("transport_service", conversation_id=conversation, person_id=person.id)
    step = record_consent(step.application_id, conversation_id=conversation)
    for reply in ["jag har svårt att gå", "1", "hoppa över", "ja", "1", "nej", "0"]:
        if step.kind == "submitted":
            break
        step = answer(step.application_id, reply, conversation_id=conversation)
    assert step.kind == "submitted", step
    return int(step.application_id)


@pytest.mark.parametrize(
    "path", ["/staff/applications", "/staff/access-log", "/fhir/Slot", "/fhir/Appointment/X"]
)
def test_staff_endpoints_need_a_valid_token(staff_client: TestClient, path: str):
    assert staff_client.get(path).status_code == 401
    assert (
        staff_client.get(path, headers={"Authorization": "Bearer wrong-token-000000000"}).status_code == 401
    )


def test_a_caseworker_lists_reads_and_moves_an_application_and_every_step_is_logged(staff_client: TestClient):
    application_id = submitted_application()
    listed = staff_client.get("/staff/applications?status=received", headers=STAFF).json()
    assert [case["id"] for case in listed] == [application_id]

    case = staff_client.get(f"/staff/applications/{application_id}", headers=STAFF).json()
    assert case["application"]["status"] == "received" and case["answers"]
    response = case["questionnaire_response"]
    assert response["resourceType"] == "QuestionnaireResponse" and response["status"] == "completed"

    path = f"/staff/applications/{application_id}/status"
    changed = staff_client.post(path, json={"status": "in_progress"}, headers=STAFF)
    assert changed.status_code == 200 and changed.json()["status"] == "in_progress"
    with session_scope() as session:
        to_applicant = (
            session.execute(select(SmsOutboxMessage).where(SmsOutboxMessage.to == "+46701112233"))
            .scalars()
            .all()
        )
    assert len(to_applicant) == 2  # the receipt, then the status change

    log = staff_client.get(f"/staff/access-log?application_id={application_id}", headers=STAFF).json()
    newest_first = [(e["staff_user"], e["action"]) for e in log]
    assert newest_first[:2] == [("anna.caseworker", "status"), ("anna.caseworker", "read")]
    bad = staff_client.post(
        f"/staff/applications/{application_id}/status", json={"status": "lost"}, headers=STAFF
    )
    assert bad.status_code == 422
    assert staff_client.get("/staff/applications/999999", headers=STAFF).status_code == 404


def test_free_slots_and_an_appointment_as_fhir(staff_client: TestClient, region: None):
    from services.booking import book_appointment, find_free_slots
    from services.identity import identify_person, record_channel_verified

    bundle = staff_client.get("/fhir/Slot?service-type=doctor&days=28&_count=5", headers=STAFF)
    assert bundle.headers["content-type"].startswith("application/fhir+json")
    body = bundle.json()
    assert body["resourceType"] == "Bundle" and body["type"] == "searchset" and body["total"] == 5
    assert all(
        e["resource"]["resourceType"] == "Slot" and e["resource"]["status"] == "free" for e in body["entry"]
    )

    record_channel_verified("conv-fhir", "+46701112244", channel="sms")
    person = identify_person("conv-fhir", "19811218-9876")
    slot = find_free_slots(visit_kind="doctor", limit=1)[0]
    appt = book_appointment(slot_id=slot.id, person_id=person.id, idempotency_key="fhir-test")
    resource = staff_client.get(f"/fhir/Appointment/{appt.reference}", headers=STAFF).json()
    assert resource["resourceType"] == "Appointment" and resource["status"] == "booked"
    assert resource["start"].startswith(slot.start.isoformat()[:16])
    assert staff_client.get("/fhir/Appointment/NOSUCH", headers=STAFF).status_code == 404


def test_a_refusal_keeps_its_headers_and_says_what_is_wrong(staff_client):
    refused = staff_client.get("/staff/applications", headers={"accept-language": "en"})
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == "Bearer"
    assert refused.json()["error"]["code"] == "unauthorized"
    wrong_method = staff_client.delete("/api/messages")
    assert wrong_method.status_code == 405 and "POST" in wrong_method.headers["Allow"]
