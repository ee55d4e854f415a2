"""The SMS interface every provider implements (like GOV.UK Notify's ``app/clients/sms``)."""

from __future__ import annotations

import abc
from dataclasses import dataclass

from sqlalchemy.orm import Session


class SmsError(Exception):
    """The provider refused the message or could not be reached. The text never contains the number."""

    def __init__(self, provider: str, message: str, *, status_code: int | None = None) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.status_code = status_code


@dataclass(frozen=True)
class SentSms:
    provider: str
    reference: str
    status: str


class SmsSender(abc.ABC):
    """Sends one SMS to an E.164 number.

    ``transactional`` senders write into the caller's database session when one is given, so the message
    and the caller's state change commit together (the outbox); the others call a remote API.
    """

    name: str = "abstract"
    transactional: bool = False

    @abc.abstractmethod
    def send(self, to: str, body: str, *, session: Session | None = None) -> SentSms:
        """Send ``body`` to ``to``; raise :class:`SmsError` on failure."""
