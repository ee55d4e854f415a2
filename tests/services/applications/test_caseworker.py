"""Case workers: list, read and change status; every access lands in the append-only log."""

from __future__ import annotations

import pytest
from applications_factories import make_application, make_person
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DatabaseError

from services.applications import (
    ApplicationNotFound,
    InvalidStatusChange,
    access_log,
    application_status,
    caseworker,
    change_status,
    list_applications,
    read_application,
)
from services.applications.models import ApplicationAccessLog
from services.notifications.models import SmsOutboxMessage
from services.store.db import get_engine, session_scope

pytestmark = pytest.mark.usefixtures("database")


def log_size() -> int:
    with session_scope() as session:
        return session.scalar(select(func.count()).select_from(ApplicationAccessLog))


def sms_bodies(to: str) -> list[str]:
    with session_scope() as session:
        query = select(SmsOutboxMessage.body).where(SmsOutboxMessage.to == to).order_by(SmsOutboxMessage.id)
        return list(session.execute(query).scalars())


def test_list_filters_by_type_and_status_and_hides_drafts():
    home = make_application(service="home_care", status="received")
    make_application(service="home_care", status="in_progress")
    transport = make_application(service="transport_service", status="received")
    make_application(service="home_care", status="draft")
    assert [c.id for c in list_applications("staff-anna", service="home_care", status="received")] == [home]
    assert {c.id for c in list_applications("staff-anna", status="received")} == {home, transport}
    assert len(list_applications("staff-anna")) == 3
    with pytest.raises(ValueError):
        list_applications("staff-anna", status="draft")


def test_read_gives_the_answers_as_the_applicant_reviewed_them():
    app_id = make_application(service="home_care")
    case = read_application("staff-anna", app_id)
    assert case.application.answers["help_with"] == ["cleaning", "shopping"]
    assert "2. Hjälp med: Städning, Inköp" in case.lines
    with pytest.raises(ApplicationNotFound):
        read_application("staff-anna", make_application(status="draft"))


def test_every_list_read_and_change_grows_the_log():
    person = make_person()
    app_id = make_application(person_id=person.id)
    sizes = [log_size()]
    list_applications("staff-anna")
    sizes.append(log_size())
    read_application("staff-anna", app_id)
    sizes.append(log_size())
    read_application("staff-bo", app_id)
    sizes.append(log_size())
    change_status("staff-bo", app_id, "in_progress")
    sizes.append(log_size())
    assert sizes == [0, 1, 2, 3, 4]
    entries = access_log(application_id=app_id)
    assert [(e.staff_user, e.action, e.detail) for e in entries] == [
        ("staff-bo", "status", "received->in_progress"),
        ("staff-bo", "read", None),
        ("staff-anna", "read", None),
    ]
    assert all(e.at is not None for e in entries)


def test_a_status_change_tells_the_applicant_by_sms_in_their_language():
    person = make_person()
    app_id = make_application(person_id=person.id, reference="HT-2026-AB2C", language="en")
    change_status("staff-anna", app_id, "more_info_needed")
    assert sms_bodies(person.mobile) == [
        "News about your application HT-2026-AB2C: We need to know more. A case worker will contact you."
    ]
    change_status("staff-anna", app_id, "decided")
    assert [s.status for s in application_status(person.id)] == ["decided"]
    assert len(sms_bodies(person.mobile)) == 2


def test_invalid_status_changes_are_refused_and_not_logged():
    app_id = make_application(status="decided")
    before = log_size()
    with pytest.raises(InvalidStatusChange):
        change_status("staff-anna", app_id, "in_progress")
    with pytest.raises(InvalidStatusChange):
        change_status("staff-anna", make_application(status="received"), "draft")
    assert log_size() == before


def test_a_staff_user_id_is_required():
    with pytest.raises(ValueError):
        list_applications("  ")


def test_the_log_has_no_update_or_delete_functions():
    public = [name for name in dir(caseworker) if not name.startswith("_")]
    assert not [
        name for name in public if any(word in name for word in ("update", "delete", "remove", "edit"))
    ]


def test_the_database_refuses_to_change_or_remove_log_rows():
    read_application("staff-anna", make_application())
    for statement in (
        update(ApplicationAccessLog).values(staff_user="someone-else"),
        delete(ApplicationAccessLog),
    ):
        with pytest.raises(DatabaseError, match="append-only"), get_engine().begin() as connection:
            connection.execute(statement)
    with get_engine().connect() as connection:
        assert connection.execute(text("SELECT staff_user FROM application_access_log")).scalars().all() == [
            "staff-anna"
        ]
