"""Application errors. Each has a ``kind`` that the conversation maps to a message."""

from __future__ import annotations


class ApplicationError(Exception):
    kind = "application_error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.kind)


class QuestionnaireError(ApplicationError):
    """A questionnaire data file breaks the schema; the message names the file and the item."""

    kind = "questionnaire_error"


class UnknownApplicationType(ApplicationError):
    kind = "unknown_type"


class ApplicationNotFound(ApplicationError):
    """No such application, or it belongs to someone else (never reveal which)."""

    kind = "not_found"


class ConsentRequired(ApplicationError):
    """Answers are never stored before the person has given consent."""

    kind = "consent_required"


class NotIdentified(ApplicationError):
    """Submitting (and resuming from another conversation) needs an identified person."""

    kind = "not_identified"


class NotADraft(ApplicationError):
    """The application is already submitted; its answers can no longer change."""

    kind = "not_a_draft"


class IncompleteApplication(ApplicationError):
    kind = "incomplete"


class InvalidStatusChange(ApplicationError):
    kind = "invalid_status_change"
