"""Drafts, consent, resume, submission, SMS and status texts, on the test database."""

from __future__ import annotations

import pytest
from applications_factories import TODAY, TYPICAL, identify_in, make_application, make_person
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.applications import (
    ApplicationNotFound,
    ConsentRequired,
    IncompleteApplication,
    NotIdentified,
    answer,
    application_status,
    cancel,
    change_item,
    current_step,
    decline_consent,
    find_draft,
    go_back,
    record_consent,
    review,
    skip,
    start_application,
    submit,
)
from services.applications.interview import State
from services.applications.models import Application
from services.applications.questionnaire import get_questionnaire
from services.applications.service import REFERENCE_ALPHABET, _store
from services.notifications import SentSms, SmsError, SmsSender
from services.notifications.models import SmsOutboxMessage
from services.store.db import session_scope

pytestmark = pytest.mark.usefixtures("database")


def row(application_id: int) -> Application:
    with session_scope() as session:
        app = session.get(Application, application_id)
        session.expunge(app)
        return app


def outbox() -> list[SmsOutboxMessage]:
    with session_scope() as session:
        rows = list(session.execute(select(SmsOutboxMessage).order_by(SmsOutboxMessage.id)).scalars())
        session.expunge_all()
        return rows


def say(application_id: int, conversation_id: str, *texts: str, lang: str | None = None):  # type: ignore[no-untyped-def]
    step = None
    for text in texts:
        step = answer(application_id, text, conversation_id=conversation_id, language=lang, today=TODAY)
    return step


def test_start_gives_the_intro_and_consent_and_stores_no_answers():
    step = start_application("home_care", conversation_id="anon-1", language="sv")
    assert step.kind == "consent" and step.application_id
    app = row(step.application_id)
    assert app.status == "draft" and app.consent_at is None and app.answers == {} and app.person_id is None


def test_answers_are_refused_without_consent():
    step = start_application("home_care", conversation_id="anon-1")
    with session_scope() as session:
        app = session.get(Application, step.application_id)
        with pytest.raises(ConsentRequired):
            _store(app, get_questionnaire("home_care"), State(answers={"who": "self"}, consent=True))
    with pytest.raises(ConsentRequired):
        submit(step.application_id, conversation_id="anon-1")
    assert row(step.application_id).answers == {}


def test_declining_consent_removes_the_empty_draft():
    step = start_application("home_care", conversation_id="anon-1")
    assert say(step.application_id, "anon-1", "nej").kind == "declined"
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 0
    other = start_application("financial_aid", conversation_id="anon-1", language="en")
    assert decline_consent(other.application_id, conversation_id="anon-1").text.startswith("Okay. We save")


def test_consent_is_recorded_with_the_time_and_each_answer_is_saved():
    step = start_application("home_care", conversation_id="anon-1")
    first = record_consent(step.application_id, conversation_id="anon-1")
    assert first.link_id == "who"
    assert row(step.application_id).consent_at is not None
    say(step.application_id, "anon-1", "1")
    assert row(step.application_id).answers == {"who": "self"}
    say(step.application_id, "anon-1", "städning")
    app = row(step.application_id)
    assert app.answers == {"who": "self", "help_with": ["cleaning"]}
    assert app.interview["history"] == ["who", "help_with"]


def test_another_conversation_cannot_touch_the_draft():
    step = start_application("home_care", conversation_id="anon-1")
    with pytest.raises(ApplicationNotFound):
        answer(step.application_id, "ja", conversation_id="someone-else")


def test_back_skip_cancel_and_current_through_the_service():
    app_id = start_application("home_care", conversation_id="anon-1").application_id
    say(app_id, "anon-1", "ja", "1", "1", "ensam")
    assert skip(app_id, conversation_id="anon-1").link_id == "relatives_help"
    assert row(app_id).answers["start_date"] is None
    assert go_back(app_id, conversation_id="anon-1").link_id == "start_date"
    assert current_step(app_id, conversation_id="anon-1").link_id == "start_date"
    cancelled = cancel(app_id, conversation_id="anon-1")
    assert cancelled.kind == "cancelled" and "sparade" in cancelled.text
    assert row(app_id).status == "draft" and row(app_id).answers["living"] == "alone"


def test_a_draft_is_resumed_by_the_same_person_from_another_conversation():
    person = make_person()
    first = start_application("financial_aid", conversation_id=person.conversation_id)
    say(first.application_id, person.conversation_id, "ja", "december", "1")
    assert find_draft(person.id, "financial_aid").answers == {"month": "2026-12", "adults": 1}

    identify_in(person, conversation_id="phone-call-2")
    resumed = start_application("financial_aid", conversation_id="phone-call-2", language="en")
    assert resumed.application_id == first.application_id
    assert resumed.notice == "Welcome back. We continue where you stopped."
    assert resumed.link_id == "children" and resumed.language == "en"
    with pytest.raises(ApplicationNotFound):  # the draft moved with the person
        answer(first.application_id, "2", conversation_id=person.conversation_id)


def test_one_draft_per_person_and_type():
    person = make_person()
    a = start_application("home_care", conversation_id=person.conversation_id)
    b = start_application("home_care", conversation_id=person.conversation_id)
    c = start_application("transport_service", conversation_id=person.conversation_id)
    assert a.application_id == b.application_id != c.application_id


def test_identifying_during_a_draft_makes_it_the_persons_draft():
    person = make_person()
    old = start_application("home_care", conversation_id=person.conversation_id).application_id
    say(old, person.conversation_id, "ja")
    new = start_application("home_care", conversation_id="web-anon").application_id
    say(new, "web-anon", "ja", "1")
    assert row(new).person_id is None
    identify_in(person, conversation_id="web-anon")
    say(new, "web-anon", "2")
    assert row(new).person_id == person.id
    assert find_draft(person.id, "home_care").id == new  # the older, abandoned draft is replaced


def test_submitting_needs_a_complete_application_and_an_identified_person():
    app_id = start_application("home_care", conversation_id="anon-1").application_id
    say(app_id, "anon-1", "ja", "1")
    with pytest.raises(IncompleteApplication):
        submit(app_id, conversation_id="anon-1")
    say(app_id, "anon-1", "1", "ensam", "hoppa över", "nej", "hoppa över")
    with pytest.raises(NotIdentified):
        say(app_id, "anon-1", "skicka")
    assert row(app_id).status == "draft"


@pytest.mark.parametrize(("service", "lang"), sorted(TYPICAL))
def test_the_real_types_are_submitted_with_a_reference_and_an_sms(service, lang):
    person = make_person()
    texts = TYPICAL[(service, lang)]
    step = start_application(service, conversation_id=person.conversation_id, language=lang)
    step = say(step.application_id, person.conversation_id, *texts[:-1])
    assert step.kind == "review" and step.error is None
    done = say(step.application_id, person.conversation_id, texts[-1])
    assert done.kind == "submitted"
    app = row(step.application_id)
    prefix = get_questionnaire(service).reference_prefix
    assert app.status == "received" and app.submitted_at is not None
    assert app.reference.startswith(f"{prefix}-{app.submitted_at.year}-")
    assert set(app.reference[-4:]) <= set(REFERENCE_ALPHABET)
    assert done.reference == app.reference and app.reference in done.text
    [sms] = outbox()
    assert sms.to == person.mobile and app.reference in sms.body
    for value in app.answers.values():  # the SMS never repeats an answer
        if isinstance(value, str) and len(value) > 4:
            assert value not in sms.body
    assert find_draft(person.id, service) is None


def test_a_relative_applying_records_the_relation_and_that_the_person_agreed():
    person = make_person()
    app_id = start_application("home_care", conversation_id=person.conversation_id).application_id
    say(app_id, person.conversation_id, "ja", "2", "dotter")
    refused = say(app_id, person.conversation_id, "nej")
    assert refused.link_id == "person_agreed" and "måste säga ja" in refused.error
    assert row(app_id).person_agreed_at is None
    say(app_id, person.conversation_id, "ja")
    app = row(app_id)
    assert app.applicant_relation == "child" and app.person_agreed_at is not None
    say(app_id, person.conversation_id, "tillbaka", "tillbaka", "tillbaka", "1")
    app = row(app_id)
    assert app.applicant_relation == "self" and app.person_agreed_at is None
    assert "relation" not in app.answers


def test_review_and_change_item_through_the_service():
    person = make_person()
    app_id = start_application("transport_service", conversation_id=person.conversation_id).application_id
    say(app_id, person.conversation_id, *TYPICAL[("transport_service", "sv")][:-1])
    summary = review(app_id, conversation_id=person.conversation_id)
    assert summary.kind == "review" and summary.summary[0].startswith("1. Funktionsnedsättning: Jag har ont")
    asked = change_item(app_id, 5, conversation_id=person.conversation_id)
    assert asked.link_id == "aids"
    again = say(app_id, person.conversation_id, "käpp")
    assert again.kind == "review" and "5. Hjälpmedel: Käpp" in again.summary


def test_submitting_twice_gives_the_same_reference_and_one_sms():
    person = make_person()
    app_id = start_application("home_care", conversation_id=person.conversation_id).application_id
    say(app_id, person.conversation_id, *TYPICAL[("home_care", "en")][:-1], lang="en")
    first = submit(app_id, conversation_id=person.conversation_id)
    second = submit(app_id, conversation_id=person.conversation_id)
    assert first.reference == second.reference and len(outbox()) == 1
    assert "We have received your application" in outbox()[0].body


def test_status_lists_the_persons_applications_with_easy_texts_in_both_languages():
    person = make_person()
    draft = start_application("financial_aid", conversation_id=person.conversation_id).application_id
    decided = make_application(person_id=person.id, status="decided", service="transport_service")
    statuses = {s.id: s for s in application_status(person.id)}
    assert set(statuses) == {draft, decided}
    assert statuses[draft].status_text.sv == "Inte skickad ännu. Du kan fortsätta när du vill."
    assert statuses[decided].status_text.en == "There is a decision. You will get a letter about it."
    assert statuses[decided].title.sv == "Färdtjänst"
    assert application_status(person.id + 1000) == []


class FailingRemoteSender(SmsSender):
    """A remote provider that is down: called after the commit, and its failure undoes nothing."""

    name = "failing"
    transactional = False

    def __init__(self) -> None:
        self.calls = 0

    def send(self, to: str, body: str, *, session: Session | None = None) -> SentSms:
        assert session is None
        self.calls += 1
        raise SmsError(self.name, "unreachable")


def test_an_sms_that_cannot_be_sent_does_not_undo_the_submission():
    person = make_person()
    app_id = start_application("transport_service", conversation_id=person.conversation_id).application_id
    say(app_id, person.conversation_id, *TYPICAL[("transport_service", "sv")][:-1])
    sender = FailingRemoteSender()
    step = submit(app_id, conversation_id=person.conversation_id, sender=sender)
    assert step.kind == "submitted" and sender.calls == 1
    assert row(app_id).status == "received" and outbox() == []
