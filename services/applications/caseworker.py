"""What case workers do with submitted applications: list, read and change status.

Every call writes a row to ``application_access_log`` in the same transaction as the work it logs, so a
read that happened is always logged. There are deliberately no functions to change or remove log rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from services.applications.errors import ApplicationNotFound, InvalidStatusChange
from services.applications.interview import review_lines
from services.applications.models import DRAFT, STATUSES, Application, ApplicationAccessLog
from services.applications.questionnaire import get_questionnaire
from services.applications.service import STATUS_SMS, STATUS_TEXTS, ApplicationView, notify, view
from services.notifications import SmsSender, get_sms_sender
from services.store.db import session_scope
from services.store.types import utcnow

TRANSITIONS = {
    "received": ("in_progress", "more_info_needed", "decided"),
    "in_progress": ("more_info_needed", "decided"),
    "more_info_needed": ("in_progress", "decided"),
    "decided": (),
}


@dataclass(frozen=True)
class CaseSummary:
    id: int
    reference: str
    service: str
    status: str
    applicant_relation: str
    language: str
    submitted_at: datetime


@dataclass(frozen=True)
class CaseView:
    application: ApplicationView
    lines: tuple[str, ...]  # the answers as numbered lines in Swedish, as the applicant reviewed them


@dataclass(frozen=True)
class AccessLogEntry:
    id: int
    staff_user: str
    action: str
    application_id: int | None
    detail: str | None
    at: datetime


def _who(staff_user: str) -> str:
    if not staff_user or not staff_user.strip():
        raise ValueError("a staff user id is required")
    return staff_user.strip()[:128]


def list_applications(
    staff_user: str, *, service: str | None = None, status: str | None = None, limit: int = 200
) -> list[CaseSummary]:
    """Submitted applications, oldest first (the work queue), filtered by type and status."""
    who = _who(staff_user)
    if status is not None and status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    with session_scope() as session:
        query = select(Application).where(Application.status != DRAFT)
        if service:
            query = query.where(Application.service == service)
        if status:
            query = query.where(Application.status == status)
        query = query.order_by(Application.submitted_at, Application.id).limit(limit)
        rows = [
            CaseSummary(
                id=app.id,
                reference=app.reference,
                service=app.service,
                status=app.status,
                applicant_relation=app.applicant_relation,
                language=app.language,
                submitted_at=app.submitted_at,
            )
            for app in session.execute(query).scalars()
        ]
        detail = f"service={service or '*'} status={status or '*'} rows={len(rows)}"
        session.add(ApplicationAccessLog(staff_user=who, action="list", detail=detail, at=utcnow()))
        return rows


def read_application(staff_user: str, application_id: int) -> CaseView:
    who = _who(staff_user)
    with session_scope() as session:
        app = session.get(Application, application_id)
        if app is None or app.status == DRAFT:
            raise ApplicationNotFound()
        session.add(ApplicationAccessLog(staff_user=who, action="read", application_id=app.id, at=utcnow()))
        questionnaire = get_questionnaire(app.service)
        lines = tuple(line for _, line in review_lines(questionnaire, app.answers or {}, "sv"))
        return CaseView(application=view(app), lines=lines)


def change_status(
    staff_user: str, application_id: int, status: str, *, sender: SmsSender | None = None
) -> ApplicationView:
    """Move a submitted application on, log it, and tell the applicant by SMS."""
    who = _who(staff_user)
    sender = sender or get_sms_sender()
    with session_scope() as session:
        app = session.get(Application, application_id)
        if app is None or app.status == DRAFT:
            raise ApplicationNotFound()
        if status not in TRANSITIONS.get(app.status, ()):
            raise InvalidStatusChange(f"cannot go from {app.status} to {status}")
        detail = f"{app.status}->{status}"
        app.status, app.updated_at = status, utcnow()
        session.add(
            ApplicationAccessLog(
                staff_user=who, action="status", application_id=app.id, detail=detail, at=app.updated_at
            )
        )
        body = STATUS_SMS(app.language).format(
            reference=app.reference, status=STATUS_TEXTS[status](app.language)
        )
        pending = notify(session, app.person_id, body, sender=sender) if app.person_id else None
        result = view(app)
    if pending:
        pending()
    return result


def access_log(*, application_id: int | None = None, limit: int = 500) -> list[AccessLogEntry]:
    """The newest entries first (for audits; reading the log is not itself an application access)."""
    with session_scope() as session:
        query = select(ApplicationAccessLog).order_by(ApplicationAccessLog.id.desc()).limit(limit)
        if application_id is not None:
            query = query.where(ApplicationAccessLog.application_id == application_id)
        return [
            AccessLogEntry(
                id=row.id,
                staff_user=row.staff_user,
                action=row.action,
                application_id=row.application_id,
                detail=row.detail,
                at=row.at,
            )
            for row in session.execute(query).scalars()
        ]
