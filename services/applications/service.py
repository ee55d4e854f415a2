"""Applications for the conversation: drafts, consent, answers, review, submission and status.

Every call is one transaction and returns a :class:`Step` (what to say next) or plain views. Calls name
the application by id and the conversation that holds it: a draft belongs to the conversation that last
started or resumed it, so an id from another conversation is "not found". Nothing here logs answers or
phone numbers.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.applications import interview
from services.applications.errors import (
    ApplicationNotFound,
    ConsentRequired,
    IncompleteApplication,
    NotADraft,
    NotIdentified,
)
from services.applications.interview import State, Step
from services.applications.models import DRAFT, Application
from services.applications.questionnaire import Questionnaire, Text, get_questionnaire
from services.identity import mobile_number_of, person_for_conversation
from services.notifications import SmsError, SmsSender, get_sms_sender
from services.store.db import session_scope
from services.store.types import utcnow

log = logging.getLogger(__name__)

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read out and type

STATUS_TEXTS = {
    DRAFT: Text(
        sv="Inte skickad ännu. Du kan fortsätta när du vill.",
        en="Not sent yet. You can continue when you like.",
    ),
    "received": Text(
        sv="Vi har fått din ansökan. En handläggare tittar på den snart.",
        en="We have received your application. A case worker will look at it soon.",
    ),
    "in_progress": Text(
        sv="En handläggare arbetar med din ansökan.",
        en="A case worker is working on your application.",
    ),
    "more_info_needed": Text(
        sv="Vi behöver veta mer. En handläggare kontaktar dig.",
        en="We need to know more. A case worker will contact you.",
    ),
    "decided": Text(
        sv="Det finns ett beslut. Du får ett brev om beslutet.",
        en="There is a decision. You will get a letter about it.",
    ),
}
SUBMITTED_SMS = Text(
    sv="Vi har fått din ansökan. Ditt ärendenummer är {reference}. Spara sms:et.",
    en="We have received your application. Your reference number is {reference}. Keep this text message.",
)
STATUS_SMS = Text(
    sv="Nytt om din ansökan {reference}: {status}", en="News about your application {reference}: {status}"
)


@dataclass(frozen=True)
class ApplicationView:
    id: int
    reference: str | None
    service: str
    status: str
    person_id: int | None
    applicant_relation: str
    consent_at: datetime | None
    person_agreed_at: datetime | None
    answers: dict[str, Any]
    language: str
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None


@dataclass(frozen=True)
class ApplicationStatusView:
    id: int
    reference: str | None
    service: str
    title: Text
    status: str
    status_text: Text
    submitted_at: datetime | None
    updated_at: datetime


def view(app: Application) -> ApplicationView:
    return ApplicationView(
        id=app.id,
        reference=app.reference,
        service=app.service,
        status=app.status,
        person_id=app.person_id,
        applicant_relation=app.applicant_relation,
        consent_at=app.consent_at,
        person_agreed_at=app.person_agreed_at,
        answers=dict(app.answers or {}),
        language=app.language,
        created_at=app.created_at,
        updated_at=app.updated_at,
        submitted_at=app.submitted_at,
    )


def new_reference(prefix: str, year: int) -> str:
    """ "EB-2026-4K7Q": the type, the year and four characters that are easy to read out."""
    return f"{prefix}-{year}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(4))


# --- state in the row ---------------------------------------------------------------------------------


def _state(app: Application) -> State:
    progress = app.interview or {}
    return State(
        answers=dict(app.answers or {}),
        history=tuple(progress.get("history", ())),
        changing=progress.get("changing"),
        consent=app.consent_at is not None,
    )


def _store(app: Application, questionnaire: Questionnaire, state: State) -> None:
    if app.consent_at is None:
        raise ConsentRequired("answers are stored only after consent")
    if app.status != DRAFT:
        raise NotADraft()
    app.answers = dict(state.answers)
    app.interview = {"history": list(state.history), "changing": state.changing}
    relation, agreed = "self", False
    for item in questionnaire.items:
        value = state.answers.get(item.link_id)
        if item.records == "applicant" and value not in (None, "self"):
            relation = "other"
        elif item.records == "relation" and value and relation != "self":
            relation = str(value)
        elif item.records == "person_agreed":
            agreed = value is True
    app.applicant_relation = relation
    app.person_agreed_at = (app.person_agreed_at or utcnow()) if agreed and relation != "self" else None
    app.updated_at = utcnow()


def _load(
    session: Session, application_id: int, conversation_id: str, language: str | None = None
) -> Application:
    """The conversation's application; the language the person uses now becomes the application's."""
    app = session.get(Application, application_id)
    if app is None or app.conversation_key != conversation_id:
        raise ApplicationNotFound()
    if language and app.status == DRAFT and app.language != language:
        app.language = language
    if app.status == DRAFT and app.person_id is None:
        person = person_for_conversation(conversation_id)
        if person is not None:
            _attach(session, app, person.id)
    return app


def _attach(session: Session, app: Application, person_id: int) -> None:
    """The person was identified during the draft: it becomes their one draft of this type.

    An older draft of theirs of the same type, left in another conversation, is replaced by this one.
    """
    session.execute(
        delete(Application).where(
            Application.person_id == person_id,
            Application.service == app.service,
            Application.status == DRAFT,
            Application.id != app.id,
        )
    )
    app.person_id = person_id
    session.flush()


def _with_id(step: Step, app: Application) -> Step:
    return replace(step, application_id=app.id, reference=app.reference)


# --- the conversation's calls -------------------------------------------------------------------------


def find_draft(person_id: int, service: str) -> ApplicationView | None:
    with session_scope() as session:
        app = _draft_of(session, person_id, service)
        return view(app) if app else None


def _draft_of(session: Session, person_id: int, service: str) -> Application | None:
    query = select(Application).where(
        Application.person_id == person_id, Application.service == service, Application.status == DRAFT
    )
    return session.execute(query).scalar_one_or_none()


def start_application(
    service: str, *, conversation_id: str, language: str = "sv", person_id: int | None = None
) -> Step:
    """Start a draft, or resume the person's (or this conversation's) draft of this type.

    The first step is the intro with the consent question, or, for a resumed draft, the next question.
    """
    questionnaire = get_questionnaire(service)
    if person_id is None:
        person = person_for_conversation(conversation_id)
        person_id = person.id if person else None
    for attempt in range(2):
        try:
            with session_scope() as session:
                if person_id is not None:
                    app = _draft_of(session, person_id, service)
                else:
                    app = session.execute(
                        select(Application).where(
                            Application.conversation_key == conversation_id,
                            Application.person_id.is_(None),
                            Application.service == service,
                            Application.status == DRAFT,
                        )
                    ).scalar_one_or_none()
                if app is None:
                    app = Application(
                        service=service,
                        status=DRAFT,
                        person_id=person_id,
                        conversation_key=conversation_id,
                        language=language,
                        answers={},
                        interview={},
                    )
                    session.add(app)
                    session.flush()
                    return _with_id(interview.consent_step(questionnaire, language), app)
                app.conversation_key, app.language, app.updated_at = conversation_id, language, utcnow()
                return _with_id(interview.resume_step(questionnaire, _state(app), language), app)
        except IntegrityError:
            if attempt:
                raise  # two conversations of the same person started at once; the retry resumes
    raise AssertionError("unreachable")


def record_consent(application_id: int, *, conversation_id: str, language: str | None = None) -> Step:
    """The person said yes to storing their answers. Recorded once, with the time."""
    with session_scope() as session:
        app = _load(session, application_id, conversation_id, language)
        lang = app.language
        if app.consent_at is None:
            app.consent_at = app.updated_at = utcnow()
        questionnaire = get_questionnaire(app.service)
        return _with_id(interview.current_step(questionnaire, _state(app), lang), app)


def decline_consent(application_id: int, *, conversation_id: str, language: str | None = None) -> Step:
    """The person said no: the empty draft goes, nothing is kept."""
    with session_scope() as session:
        app = _load(session, application_id, conversation_id, language)
        lang = app.language
        questionnaire = get_questionnaire(app.service)
        if app.consent_at is None and app.status == DRAFT:
            session.delete(app)
            return interview.declined_step(questionnaire, lang)
        return _with_id(interview.current_step(questionnaire, _state(app), lang), app)


def current_step(application_id: int, *, conversation_id: str, language: str | None = None) -> Step:
    """What to ask now: the consent question, the current question, or the review."""
    with session_scope() as session:
        app = _load(session, application_id, conversation_id, language)
        questionnaire = get_questionnaire(app.service)
        lang = language or app.language
        if app.status != DRAFT:
            return _with_id(interview.submitted_step(questionnaire, app.reference, lang), app)
        return _with_id(interview.current_step(questionnaire, _state(app), lang), app)


def answer(
    application_id: int,
    text: str,
    *,
    conversation_id: str,
    language: str | None = None,
    today: date | None = None,
    sender: SmsSender | None = None,
) -> Step:
    """One message from the person: an answer, a command (back, skip, cancel), consent, or at the review
    a number to change or "skicka" to submit. Returns the next question, the same question with an error,
    the review, or the outcome."""
    with session_scope() as session:
        app = _load(session, application_id, conversation_id, language)
        if app.status != DRAFT:
            raise NotADraft()
        lang = app.language
        questionnaire = get_questionnaire(app.service)
        outcome = interview.handle(questionnaire, _state(app), text, lang, today=today)
        action = outcome.action
        if action == "consent":
            app.consent_at = app.updated_at = utcnow()
        elif action == "decline" or (action == "cancel" and app.consent_at is None):
            session.delete(app)
            return outcome.step
        elif action == "save":
            _store(app, questionnaire, outcome.state)
        if action != "submit":
            return _with_id(outcome.step, app)
    return submit(application_id, conversation_id=conversation_id, language=lang, sender=sender)


def _move(application_id: int, conversation_id: str, language: str | None, move: str, *args: Any) -> Step:
    with session_scope() as session:
        app = _load(session, application_id, conversation_id, language)
        if app.status != DRAFT:
            raise NotADraft()
        lang = app.language
        questionnaire = get_questionnaire(app.service)
        outcome = getattr(interview, move)(questionnaire, _state(app), *args, lang)
        if outcome.action == "save":
            _store(app, questionnaire, outcome.state)
        return _with_id(outcome.step, app)


def go_back(application_id: int, *, conversation_id: str, language: str | None = None) -> Step:
    return _move(application_id, conversation_id, language, "go_back")


def skip(application_id: int, *, conversation_id: str, language: str | None = None) -> Step:
    return _move(application_id, conversation_id, language, "skip")


def cancel(application_id: int, *, conversation_id: str, language: str | None = None) -> Step:
    """Leave the interview. A draft with consent stays for later; one without is removed."""
    with session_scope() as session:
        app = _load(session, application_id, conversation_id, language)
        lang = app.language
        questionnaire = get_questionnaire(app.service)
        step = interview.cancel(questionnaire, _state(app), lang).step
        if app.consent_at is None and app.status == DRAFT:
            session.delete(app)
            return step
        return _with_id(step, app)


def change_item(
    application_id: int, number: int, *, conversation_id: str, language: str | None = None
) -> Step:
    """Ask the answer with this number in the review again."""
    return _move(application_id, conversation_id, language, "change", number)


def review(application_id: int, *, conversation_id: str, language: str | None = None) -> Step:
    """The summary of the answers, numbered, when every question has an answer (else the next question)."""
    return current_step(application_id, conversation_id=conversation_id, language=language)


def submit(
    application_id: int, *, conversation_id: str, language: str | None = None, sender: SmsSender | None = None
) -> Step:
    """Send the application: status ``received``, a reference number, and an SMS to the verified number."""
    sender = sender or get_sms_sender()
    for attempt in range(3):
        try:
            with session_scope() as session:
                app = _load(session, application_id, conversation_id, language)
                lang = language or app.language
                questionnaire = get_questionnaire(app.service)
                if app.status != DRAFT:
                    return _with_id(interview.submitted_step(questionnaire, app.reference, lang), app)
                state = _state(app)
                if not state.consent:
                    raise ConsentRequired()
                if not interview.is_complete(questionnaire, state):
                    raise IncompleteApplication()
                if app.person_id is None:
                    raise NotIdentified()
                now = utcnow()
                app.status, app.submitted_at, app.updated_at = "received", now, now
                app.reference = new_reference(questionnaire.reference_prefix, now.year)
                app.interview = {"history": list(state.history), "changing": None}
                session.flush()
                body = SUBMITTED_SMS(app.language).format(reference=app.reference)
                step = _with_id(interview.submitted_step(questionnaire, app.reference, lang), app)
                pending = notify(session, app.person_id, body, sender=sender)
        except IntegrityError:
            if attempt == 2:
                raise  # three reference collisions in a row: something else is wrong
            continue
        if pending:
            pending()
        log.info("application submitted id=%s service=%s", app.id, app.service)
        return step
    raise AssertionError("unreachable")


def notify(session: Session, person_id: int, body: str, *, sender: SmsSender) -> Any:
    """Send ``body`` to the person's verified mobile number, in the same transaction for the outbox.

    A remote provider is called after the commit: the returned function does that (or ``None``).
    An SMS that cannot be sent never undoes the change it tells about.
    """
    number = mobile_number_of(person_id, session=session)
    if number is None:
        log.info("no verified mobile number; no SMS sent")
        return None
    if sender.transactional:
        sender.send(number, body, session=session)
        return None

    def send_later() -> None:
        try:
            sender.send(number, body)
        except SmsError as error:
            log.warning("application SMS not sent: %s", error)

    return send_later


def application_status(person_id: int) -> list[ApplicationStatusView]:
    """The person's applications, newest first, with easy status texts in both languages."""
    with session_scope() as session:
        query = (
            select(Application)
            .where(Application.person_id == person_id)
            .order_by(Application.created_at.desc(), Application.id.desc())
        )
        return [
            ApplicationStatusView(
                id=app.id,
                reference=app.reference,
                service=app.service,
                title=get_questionnaire(app.service).title,
                status=app.status,
                status_text=STATUS_TEXTS[app.status],
                submitted_at=app.submitted_at,
                updated_at=app.updated_at,
            )
            for app in session.execute(query).scalars()
        ]
