from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from services.identity import (
    ChallengeNotFound,
    CodeExpired,
    InvalidPhoneNumber,
    SmsCodeVerifier,
    TooManyAttempts,
    TooManyCodes,
    WrongCode,
    verified_contact,
)
from services.identity.models import OtpChallenge
from services.notifications.models import SmsOutboxMessage
from services.notifications.outbox import OutboxSender
from services.store.db import get_engine, session_scope

pytestmark = pytest.mark.usefixtures("database")

PHONE = "070-174 06 05"
E164 = "+46701740605"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 12, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def verifier(clock: Clock) -> SmsCodeVerifier:
    return SmsCodeVerifier(sender=OutboxSender(), clock=clock, code_factory=lambda: "482913")


def test_the_code_is_sent_by_sms_and_confirms_the_number(verifier):
    challenge = verifier.start(conversation_id="conv-1", phone=PHONE, lang="sv")

    with session_scope() as session:
        message = session.execute(select(SmsOutboxMessage)).scalar_one()
    assert message.to == E164 and "482913" in message.body
    assert challenge.destination_masked == "+4670*****05" and challenge.attempts_left == 5

    contact = verifier.confirm(challenge_id=challenge.id, response="482 913")

    assert contact.method == "sms_code" and contact.phone == E164
    assert verified_contact("conv-1").phone_masked == "+4670*****05"
    with pytest.raises(ChallengeNotFound):  # a code works once
        verifier.confirm(challenge_id=challenge.id, response="482913")


def test_only_a_hash_of_the_code_and_no_clear_number_is_stored(verifier):
    verifier.start(conversation_id="conv-1", phone=PHONE)
    with get_engine().connect() as connection:
        row = " ".join(str(v) for v in connection.execute(text("SELECT * FROM otp_challenges")).one())
    assert "482913" not in row and "701740605" not in row


def test_four_wrong_codes_leave_one_try_and_the_fifth_locks(verifier):
    challenge = verifier.start(conversation_id="conv-1", phone=PHONE)
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongCode) as caught:
            verifier.confirm(challenge_id=challenge.id, response="000000")
        assert caught.value.attempts_left == left and caught.value.kind == "wrong_code"
    with pytest.raises(TooManyAttempts) as caught:
        verifier.confirm(challenge_id=challenge.id, response="000000")
    assert caught.value.kind == "too_many_attempts"
    with pytest.raises(TooManyAttempts):
        verifier.confirm(challenge_id=challenge.id, response="482913")  # even the right code, now
    assert verified_contact("conv-1") is None


def test_the_right_code_on_the_fifth_try_still_works(verifier):
    challenge = verifier.start(conversation_id="conv-1", phone=PHONE)
    for _ in range(4):
        with pytest.raises(WrongCode):
            verifier.confirm(challenge_id=challenge.id, response="111111")
    assert verifier.confirm(challenge_id=challenge.id, response="482913").method == "sms_code"


def test_the_code_expires_after_ten_minutes(verifier, clock):
    challenge = verifier.start(conversation_id="conv-1", phone=PHONE)
    clock.now += timedelta(minutes=9, seconds=59)
    second = verifier.start(conversation_id="conv-2", phone=PHONE)
    assert verifier.confirm(challenge_id=second.id, response="482913")

    clock.now += timedelta(seconds=1)
    with pytest.raises(CodeExpired) as caught:
        verifier.confirm(challenge_id=challenge.id, response="482913")
    assert caught.value.kind == "code_expired"


def test_a_new_code_replaces_the_old_one(verifier):
    old = verifier.start(conversation_id="conv-1", phone=PHONE)
    new = verifier.start(conversation_id="conv-1", phone=PHONE)
    with pytest.raises(ChallengeNotFound):
        verifier.confirm(challenge_id=old.id, response="482913")
    assert verifier.confirm(challenge_id=new.id, response="482913")


def test_at_most_five_codes_an_hour_to_one_number(verifier, clock):
    for _ in range(5):
        verifier.start(conversation_id="conv-1", phone=PHONE)
    with pytest.raises(TooManyCodes):
        verifier.start(conversation_id="conv-1", phone=PHONE)
    clock.now += timedelta(hours=1, seconds=1)
    assert verifier.start(conversation_id="conv-1", phone=PHONE)


def test_parallel_guesses_cannot_exceed_five_tries(verifier):
    challenge = verifier.start(conversation_id="conv-1", phone=PHONE)
    barrier = threading.Barrier(12)
    outcomes = []

    def guess(index: int) -> None:
        barrier.wait()
        try:
            verifier.confirm(challenge_id=challenge.id, response=f"{index:06d}")
        except Exception as error:  # noqa: BLE001 - collecting the kinds
            outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with session_scope() as session:
        assert session.get(OtpChallenge, challenge.id).attempts == 5
    assert outcomes.count("WrongCode") == 4 and outcomes.count("TooManyAttempts") == 8


def test_a_landline_cannot_receive_a_code(verifier):
    with pytest.raises(InvalidPhoneNumber):
        verifier.start(conversation_id="conv-1", phone="08-465 004 01")


def test_nothing_secret_is_logged(verifier, caplog):
    caplog.set_level(logging.DEBUG)
    challenge = verifier.start(conversation_id="conv-1", phone=PHONE)
    with pytest.raises(WrongCode):
        verifier.confirm(challenge_id=challenge.id, response="123456")
    verifier.confirm(challenge_id=challenge.id, response="482913")
    logged = caplog.text
    assert logged  # something was logged ...
    for secret in ("482913", "701740605", "174 06 05"):  # ... but neither the code nor the number
        assert secret not in logged
