"""Identity errors. Each has a ``kind`` the conversation maps to a message."""

from __future__ import annotations


class IdentityError(Exception):
    kind = "identity_error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.kind)


class ChallengeNotFound(IdentityError):
    kind = "not_found"


class WrongCode(IdentityError):
    kind = "wrong_code"

    def __init__(self, attempts_left: int) -> None:
        super().__init__(f"wrong code, {attempts_left} tries left")
        self.attempts_left = attempts_left


class CodeExpired(IdentityError):
    kind = "code_expired"


class TooManyAttempts(IdentityError):
    kind = "too_many_attempts"


class TooManyCodes(IdentityError):
    """Too many codes were sent to the number recently."""

    kind = "too_many_codes"


class NotVerified(IdentityError):
    """The conversation has no verified mobile number yet."""

    kind = "not_verified"


class MobileMismatch(IdentityError):
    """The personal number is registered with another verified mobile number."""

    kind = "mobile_mismatch"
