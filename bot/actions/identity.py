"""Identity steps inside a conversation: mobile number, one-time code by SMS, then personnummer.

Plain functions used by the booking form (no Rasa actions here). Each handles one reply, says what went
wrong in easy language, and returns the next identity step, or ``None`` once the person is identified.
Nothing here logs a number or a code.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

PHONE = "phone"
CODE = "code"
PNR = "pnr"
NEW_CODE_WORDS = {"ny kod", "nytt sms", "skicka ny kod", "new code", "send a new code", "resend"}


def identified_person(conversation_id: str) -> int | None:
    from services.identity import person_for_conversation

    person = person_for_conversation(conversation_id)
    return person.id if person else None


def identity_step(conversation_id: str) -> str | None:
    """``None`` when the conversation already belongs to a person, else the first step still needed."""
    from services.identity import verified_contact

    if identified_person(conversation_id) is not None:
        return None
    return PNR if verified_contact(conversation_id) is not None else PHONE


def handle_phone(
    reply: str, state: dict[str, Any], dispatcher: CollectingDispatcher, conversation_id: str, lang: str
) -> str | None:
    from services.identity import IdentityError, InvalidPhoneNumber, SmsCodeVerifier

    try:
        challenge = SmsCodeVerifier().start(conversation_id=conversation_id, phone=reply, lang=lang)
    except InvalidPhoneNumber:
        dispatcher.utter_message(response="utter_identity_bad_phone")
        return PHONE
    except IdentityError:  # too many codes to this number lately
        dispatcher.utter_message(response="utter_identity_too_many_codes")
        return PHONE
    state["challenge"] = {"id": challenge.id, "masked": challenge.destination_masked}
    return CODE


def handle_code(
    reply: str, state: dict[str, Any], dispatcher: CollectingDispatcher, conversation_id: str, lang: str
) -> str | None:
    from services.identity import (
        ChallengeNotFound,
        CodeExpired,
        SmsCodeVerifier,
        TooManyAttempts,
        WrongCode,
    )

    if reply.lower().strip(" .!") in NEW_CODE_WORDS:
        return PHONE
    challenge = state.get("challenge") or {}
    if not challenge.get("id"):
        return PHONE
    try:
        SmsCodeVerifier().confirm(challenge_id=challenge["id"], response=reply)
    except WrongCode as error:
        dispatcher.utter_message(response="utter_identity_wrong_code", left=error.attempts_left)
        return CODE
    except CodeExpired:
        dispatcher.utter_message(response="utter_identity_code_expired")
        return _new_code(state)
    except TooManyAttempts:
        dispatcher.utter_message(response="utter_identity_code_locked")
        return _new_code(state)
    except ChallengeNotFound:
        return _new_code(state)
    state.pop("challenge", None)
    return identity_step(conversation_id)


def handle_pnr(
    reply: str, state: dict[str, Any], dispatcher: CollectingDispatcher, conversation_id: str, lang: str
) -> str | None:
    from services.identity import InvalidPersonalNumber, MobileMismatch, NotVerified, identify_person

    try:
        identify_person(conversation_id, reply.replace(" ", ""))
    except InvalidPersonalNumber:
        dispatcher.utter_message(response="utter_identity_bad_pnr")
        return PNR
    except MobileMismatch:
        dispatcher.utter_message(response="utter_identity_pnr_mismatch")
        return PNR
    except NotVerified:
        return PHONE
    return None


def _new_code(state: dict[str, Any]) -> str:
    state.pop("challenge", None)
    return PHONE


HANDLERS = {PHONE: handle_phone, CODE: handle_code, PNR: handle_pnr}
ASK_RESPONSES = {
    PHONE: "utter_identity_ask_phone",
    CODE: "utter_identity_ask_code",
    PNR: "utter_identity_ask_pnr",
}
