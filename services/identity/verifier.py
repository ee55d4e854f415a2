"""How a person proves who they are. The default proves control of a mobile number with an SMS code.

Another method (for example BankID) implements :class:`IdentityVerifier` the same way.
"""

from __future__ import annotations

import abc
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from services.identity import keys
from services.identity.errors import ChallengeNotFound, CodeExpired, TooManyAttempts, TooManyCodes, WrongCode
from services.identity.models import OtpChallenge
from services.identity.phone import mask_phone, normalise_mobile
from services.identity.service import ContactInfo, _save_contact
from services.notifications import SmsSender, get_sms_sender
from services.store.db import session_scope
from services.store.types import utcnow

log = logging.getLogger(__name__)

CODE_LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
MAX_CODES_PER_HOUR = 5

CODE_MESSAGES = {
    "sv": "Din kod är {code}. Koden gäller i 10 minuter. Ge aldrig koden till någon annan.",
    "en": "Your code is {code}. The code is valid for 10 minutes. Never give the code to anyone else.",
}


@dataclass(frozen=True)
class Challenge:
    id: str
    destination_masked: str
    expires_at: datetime
    attempts_left: int


class IdentityVerifier(abc.ABC):
    method: str = "abstract"

    @abc.abstractmethod
    def start(self, *, conversation_id: str, phone: str, lang: str = "sv") -> Challenge:
        """Begin a verification for the conversation; raise an ``IdentityError`` or ``InvalidPhoneNumber``."""

    @abc.abstractmethod
    def confirm(self, *, challenge_id: str, response: str) -> ContactInfo:
        """Check the person's answer; on success the conversation has a verified contact."""


class SmsCodeVerifier(IdentityVerifier):
    """Six digits by SMS, valid ten minutes, five tries. Only an HMAC of the code is stored."""

    method = "sms_code"

    def __init__(
        self,
        *,
        sender: SmsSender | None = None,
        clock: Callable[[], datetime] = utcnow,
        code_factory: Callable[[], str] | None = None,
    ) -> None:
        self._sender = sender
        self._clock = clock
        self._code_factory = code_factory or (lambda: f"{secrets.randbelow(10**6):06d}")

    @property
    def sender(self) -> SmsSender:
        if self._sender is None:
            self._sender = get_sms_sender()
        return self._sender

    def start(self, *, conversation_id: str, phone: str, lang: str = "sv") -> Challenge:
        number = normalise_mobile(phone)
        phone_hash = keys.keyed_hash("phone", number)
        now = self._clock()
        code = self._code_factory()
        challenge_id = secrets.token_urlsafe(32)
        with session_scope() as session:
            recent = session.execute(
                select(func.count())
                .select_from(OtpChallenge)
                .where(
                    OtpChallenge.phone_hash == phone_hash, OtpChallenge.created_at > now - timedelta(hours=1)
                )
            ).scalar_one()
            if recent >= MAX_CODES_PER_HOUR:
                raise TooManyCodes()
            session.execute(
                update(OtpChallenge)
                .where(OtpChallenge.conversation_id == conversation_id, OtpChallenge.status == "pending")
                .values(status="superseded")
            )
            session.add(
                OtpChallenge(
                    id=challenge_id,
                    conversation_id=conversation_id,
                    phone_hash=phone_hash,
                    phone_encrypted=keys.encrypt(number),
                    code_hash=_code_hash(challenge_id, code),
                    attempts=0,
                    status="pending",
                    created_at=now,
                    expires_at=now + CODE_LIFETIME,
                )
            )
            body = CODE_MESSAGES.get(lang, CODE_MESSAGES["sv"]).format(code=code)
            # The outbox writes in this transaction; a remote provider is called before the commit, so a
            # failed send leaves no usable challenge behind.
            self.sender.send(number, body, session=session if self.sender.transactional else None)
        log.info("verification code sent method=sms_code")
        return Challenge(challenge_id, mask_phone(number), now + CODE_LIFETIME, MAX_ATTEMPTS)

    def confirm(self, *, challenge_id: str, response: str) -> ContactInfo:
        now = self._clock()
        code = "".join(ch for ch in response or "" if ch.isdigit())
        with session_scope() as session:
            # Count the try first, atomically, so parallel guesses cannot exceed the limit.
            counted = session.execute(
                update(OtpChallenge)
                .where(
                    OtpChallenge.id == challenge_id,
                    OtpChallenge.status == "pending",
                    OtpChallenge.attempts < MAX_ATTEMPTS,
                )
                .values(attempts=OtpChallenge.attempts + 1)
                .execution_options(synchronize_session=False)
            ).rowcount
            challenge = session.get(OtpChallenge, challenge_id)
            if challenge is None or challenge.status in ("superseded", "verified"):
                raise ChallengeNotFound()
            if not counted:
                raise TooManyAttempts()
            if now >= challenge.expires_at:
                raise CodeExpired()
            if not hmac.compare_digest(challenge.code_hash, _code_hash(challenge_id, code)):
                left = MAX_ATTEMPTS - challenge.attempts
                if left <= 0:
                    challenge.status = "locked"
                    session.commit()
                    raise TooManyAttempts()
                session.commit()
                raise WrongCode(left)
            challenge.status = "verified"
            number = keys.decrypt(challenge.phone_encrypted)
            return _save_contact(
                session, conversation_id=challenge.conversation_id, phone=number, method=self.method, now=now
            )


def _code_hash(challenge_id: str, code: str) -> str:
    return keys.keyed_hash("otp", f"{challenge_id}:{code}")
