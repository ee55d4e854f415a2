"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Accepted forms: ``YYMMDD-NNNC``, ``YYMMDD+NNNC`` (100 years or older), ``YYMMDDNNNC``, ``YYYYMMDDNNNC`` and
``YYYYMMDD-NNNC``. A coordination number adds 60 to the day. The last digit is a Luhn check digit over
the ten-digit form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_PATTERN = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$")


class InvalidPersonalNumber(ValueError):
    """The text is not a valid personal identity or coordination number. ``kind`` says why."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind  # "format" | "checksum" | "date"


@dataclass(frozen=True)
class PersonalNumber:
    canonical: str  # twelve digits, YYYYMMDDNNNC
    birth_date: date
    is_coordination_number: bool

    @property
    def masked(self) -> str:
        """Safe to show and store: ``19850312-****``."""
        return f"{self.canonical[:8]}-****"

    def __repr__(self) -> str:  # keep the number out of logs and tracebacks
        return f"PersonalNumber(masked={self.masked!r})"

    __str__ = __repr__


def luhn_check_digit(nine_digits: str) -> int:
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def parse_personal_number(text: str, *, today: date | None = None) -> PersonalNumber:
    """Validate and normalise; raise :class:`InvalidPersonalNumber` (with ``kind``) if it is not valid."""
    today = today or date.today()
    compact = re.sub(r"\s", "", text or "")
    match = _PATTERN.match(compact)
    if not match:
        raise InvalidPersonalNumber("format")
    century, yy, mm, dd, separator, serial, check = match.groups()
    if century and separator == "+":
        raise InvalidPersonalNumber("format")
    if luhn_check_digit(yy + mm + dd + serial) != int(check):
        raise InvalidPersonalNumber("checksum")

    day = int(dd)
    coordination = day > 60
    if coordination:
        day -= 60
    if century:
        year = int(century + yy)
    else:
        year = _infer_year(int(yy), int(mm), day, today, hundred_or_older=separator == "+")
    try:
        birth_date = date(year, int(mm), day)
    except ValueError:
        raise InvalidPersonalNumber("date") from None
    if birth_date > today:
        raise InvalidPersonalNumber("date")
    return PersonalNumber(
        canonical=f"{year:04d}{mm}{dd}{serial}{check}",
        birth_date=birth_date,
        is_coordination_number=coordination,
    )


def is_valid_personal_number(text: str, *, today: date | None = None) -> bool:
    try:
        parse_personal_number(text, today=today)
    except InvalidPersonalNumber:
        return False
    return True


def _infer_year(yy: int, month: int, day: int, today: date, *, hundred_or_older: bool) -> int:
    """The latest year ending in ``yy`` whose birthday is not in the future (minus 100 for ``+``)."""
    year = today.year - (today.year - yy) % 100
    try:
        if date(year, month, day) > today:
            year -= 100
    except ValueError:
        if year > today.year or (year == today.year and (month, day) > (today.month, today.day)):
            year -= 100
    return year - 100 if hundred_or_older else year
