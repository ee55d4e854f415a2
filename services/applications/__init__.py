"""Applications for social services (ekonomiskt bistånd, hemtjänst, färdtjänst, ...) from data files.

The conversation calls the functions re-exported here. Each returns a :class:`Step`: what to say next
(``kind``: consent | question | review | submitted | cancelled | declined), with ``text``, an optional
``notice`` before it, ``help``, ``hint``, an ``error`` for an answer that did not fit, numbered
``choices`` for buttons, SMS and keypad, ``optional`` (the question can be skipped) and, at the review,
numbered ``summary`` lines. Typical use::

    step = start_application("home_care", conversation_id=cid, language="sv")   # intro + consent
    step = answer(step.application_id, "ja", conversation_id=cid)               # first question
    ...                                                                          # answers, "tillbaka", ...
    step = answer(app_id, "skicka", conversation_id=cid)                        # submitted, or NotIdentified

Case workers use :mod:`services.applications.caseworker`; FHIR export is in :mod:`.fhir`.
"""

from services.applications.answers import ValidationError, parse_answer
from services.applications.caseworker import (
    AccessLogEntry,
    CaseSummary,
    CaseView,
    access_log,
    change_status,
    list_applications,
    read_application,
)
from services.applications.errors import (
    ApplicationError,
    ApplicationNotFound,
    ConsentRequired,
    IncompleteApplication,
    InvalidStatusChange,
    NotADraft,
    NotIdentified,
    QuestionnaireError,
    UnknownApplicationType,
)
from services.applications.fhir import to_questionnaire, to_questionnaire_response
from services.applications.interview import Choice, State, Step, next_item
from services.applications.questionnaire import (
    Questionnaire,
    get_questionnaire,
    load_questionnaire,
    load_questionnaires,
    questionnaires,
)
from services.applications.service import (
    STATUS_TEXTS,
    ApplicationStatusView,
    ApplicationView,
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

__all__ = [
    "STATUS_TEXTS",
    "AccessLogEntry",
    "ApplicationError",
    "ApplicationNotFound",
    "ApplicationStatusView",
    "ApplicationView",
    "CaseSummary",
    "CaseView",
    "Choice",
    "ConsentRequired",
    "IncompleteApplication",
    "InvalidStatusChange",
    "NotADraft",
    "NotIdentified",
    "Questionnaire",
    "QuestionnaireError",
    "State",
    "Step",
    "UnknownApplicationType",
    "ValidationError",
    "access_log",
    "answer",
    "application_status",
    "cancel",
    "change_item",
    "change_status",
    "current_step",
    "decline_consent",
    "find_draft",
    "get_questionnaire",
    "go_back",
    "list_applications",
    "load_questionnaire",
    "load_questionnaires",
    "next_item",
    "parse_answer",
    "questionnaires",
    "read_application",
    "record_consent",
    "review",
    "skip",
    "start_application",
    "submit",
    "to_questionnaire",
    "to_questionnaire_response",
]
