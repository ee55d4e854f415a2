"""Identity: personal identity numbers, Swedish mobile numbers and proving control of a number.

Nothing here logs a personal identity number, a phone number or a code.
"""

from services.identity.errors import (
    ChallengeNotFound,
    CodeExpired,
    IdentityError,
    MobileMismatch,
    NotVerified,
    TooManyAttempts,
    TooManyCodes,
    WrongCode,
)
from services.identity.personnummer import InvalidPersonalNumber, PersonalNumber, parse_personal_number
from services.identity.phone import InvalidPhoneNumber, mask_phone, normalise_mobile
from services.identity.service import (
    ContactInfo,
    PersonInfo,
    identify_person,
    mobile_number_of,
    person_for_conversation,
    record_channel_verified,
    verified_contact,
)
from services.identity.verifier import Challenge, IdentityVerifier, SmsCodeVerifier

__all__ = [
    "Challenge",
    "ChallengeNotFound",
    "CodeExpired",
    "ContactInfo",
    "IdentityError",
    "IdentityVerifier",
    "InvalidPersonalNumber",
    "InvalidPhoneNumber",
    "MobileMismatch",
    "NotVerified",
    "PersonInfo",
    "PersonalNumber",
    "SmsCodeVerifier",
    "TooManyAttempts",
    "TooManyCodes",
    "WrongCode",
    "identify_person",
    "mask_phone",
    "mobile_number_of",
    "normalise_mobile",
    "parse_personal_number",
    "person_for_conversation",
    "record_channel_verified",
    "verified_contact",
]
