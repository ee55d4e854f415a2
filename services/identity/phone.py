"""Swedish mobile numbers, normalised to E.164 (``+467XXXXXXXX``)."""

from __future__ import annotations

import re

# Mobile series for people: 070, 072, 073, 076, 079 (071 is for machine-to-machine).
_MOBILE = re.compile(r"^\+467[02369]\d{7}$")


class InvalidPhoneNumber(ValueError):
    def __init__(self, kind: str = "format") -> None:
        super().__init__(kind)
        self.kind = kind  # "format" | "not_mobile"


def normalise_mobile(text: str) -> str:
    """``070-123 45 67``, ``+46 70 123 45 67``, ``0046701234567`` all become ``+46701234567``."""
    compact = re.sub(r"[\s\-().]", "", text or "")
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    elif compact.startswith("46") and len(compact) == 11:
        compact = "+" + compact
    elif compact.startswith("0"):
        compact = "+46" + compact[1:]
    if compact.startswith("+460"):
        compact = "+46" + compact[4:]
    if not re.fullmatch(r"\+\d{8,15}", compact):
        raise InvalidPhoneNumber("format")
    if not _MOBILE.match(compact):
        raise InvalidPhoneNumber("not_mobile")
    return compact


def mask_phone(e164: str) -> str:
    """Show only the series and the last two digits: ``+4670*****67``."""
    return e164[:5] + "*" * max(len(e164) - 7, 0) + e164[-2:]
