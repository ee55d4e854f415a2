"""What case workers do with submitted applications: list, read and change status.

Every call writes a row to ``application_access_log`` in the same transaction as the work it logs, so a
read that happened is always logged. There are deliberately no functions to change or remove log rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from services.applications.answers import format_answer
from services.applications.errors import ApplicationNotFound, InvalidStatusChange
from services.applications.interview import enabled_items, review_lines
from services.applications.models import DRAFT, STATUSES, Application, ApplicationAccessLog
from services.applications.questionnaire import Questionnaire, get_questionnaire
from services.applications.service import STATUS_SMS, STATUS_TEXTS, ApplicationView, notify, view
from services.identity.models import Person
from services.notifications import SmsSender, get_sms_sender
from services.store.db import session_scope
from services.store.types import utcnow

TRANSITIONS = {
    "received": ("in_progress", "more_info_needed", "decided"),
    "in_progress": ("more_info_needed", "decided"),
    "more_info_needed": ("in_progress", "decided"),
    "decided": (),
}
MAX_MESSAGE_CHARS = 300  # a caseworker's note in the status SMS: keeps it within three SMS parts


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
class QuestionAnswer:
    question: str  # the question's full Swedish text
    answer: str  # the answer as the review says it ("Inget svar" for a skipped question)


@dataclass(frozen=True)
class StatusEvent:
    status: str
    at: datetime
    staff_user: str | None  # None for the submission itself


@dataclass(frozen=True)
class CaseView:
    application: ApplicationView
    lines: tuple[str, ...]  # the answers as numbered lines in Swedish, as the applicant reviewed them
    title: str = ""  # the type in Swedish, e.g. "Hemtjänst"
    items: tuple[QuestionAnswer, ...] = ()
    relation: str | None = None  # who applied for the person, in Swedish ("Barn"); None: they did
    pnr_masked: str | None = None  # "19811218-****"
    mobile_masked: str | None = None
    history: tuple[StatusEvent, ...] = ()  # oldest first, from the submission on
    next_statuses: tuple[str, ...] = ()  # what the status can change to


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
    staff_user: str,
    *,
    service: str | None = None,
    status: str | None = None,
    limit: int = 200,
    newest_first: bool = False,
) -> list[CaseSummary]:
    """Submitted applications, oldest first (the work queue) or newest first, filtered by type and status."""
    who = _who(staff_user)
    if status is not None and status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    with session_scope() as session:
        query = select(Application).where(Application.status != DRAFT)
        if service:
            query = query.where(Application.service == service)
        if status:
            query = query.where(Application.status == status)
        if newest_first:
            query = query.order_by(Application.submitted_at.desc(), Application.id.desc())
        else:
            query = query.order_by(Application.submitted_at, Application.id)
        query = query.limit(limit)
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
        answers = app.answers or {}
        lines = tuple(line for _, line in review_lines(questionnaire, answers, "sv"))
        person = session.get(Person, app.person_id) if app.person_id else None
        changes = session.execute(
            select(ApplicationAccessLog)
            .where(ApplicationAccessLog.application_id == app.id, ApplicationAccessLog.action == "status")
            .order_by(ApplicationAccessLog.id)
        ).scalars()
        history = [StatusEvent("received", app.submitted_at, None)] if app.submitted_at else []
        history += [StatusEvent(row.detail.rpartition("->")[2], row.at, row.staff_user) for row in changes]
        return CaseView(
            application=view(app),
            lines=lines,
            title=questionnaire.title.sv,
            items=tuple(
                QuestionAnswer(item.text.sv, format_answer(item, answers[item.link_id], "sv"))
                for item in enabled_items(questionnaire, answers)
                if item.link_id in answers
            ),
            relation=_relation(questionnaire, app),
            pnr_masked=person.pnr_masked if person else None,
            mobile_masked=person.mobile_masked if person else None,
            history=tuple(history),
            next_statuses=TRANSITIONS.get(app.status, ()),
        )


def _relation(questionnaire: Questionnaire, app: Application) -> str | None:
    """The helper's relation to the person, as the questionnaire names it, when someone else applied."""
    if app.applicant_relation == "self":
        return None
    for item in questionnaire.items:
        option = item.option(app.applicant_relation) if item.records == "relation" else None
        if option is not None:
            return option.display.sv
    return "Annan person"


def change_status(
    staff_user: str,
    application_id: int,
    status: str,
    *,
    message: str | None = None,
    sender: SmsSender | None = None,
) -> ApplicationView:
    """Move a submitted application on, log it, and tell the applicant by SMS.

    ``message``, a short note from the caseworker, is added to the SMS; it is not kept anywhere else.
    """
    who = _who(staff_user)
    note = " ".join((message or "").split())
    if len(note) > MAX_MESSAGE_CHARS:
        raise ValueError(f"the message must be at most {MAX_MESSAGE_CHARS} characters")
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
        if note:
            body = f"{body}\n{note}"
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
