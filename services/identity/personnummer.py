"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Accepted forms: ``YYMMDD-NNNC``, ``YYMMDD+NNNC`` (100 years or older), ``YYMMDDNNNC``, ``YYYYMMDDNNNC`` and
``YYYYMMDD-NNNC``, with spaces anywhere. A coordination number adds 60 to the day. The last digit is a Luhn
check digit over the ten-digit form. Digits of other scripts (full-width ``１２``, Arabic-Indic ...) are read
as the same digits, so one person always has one canonical number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

# Nobody alive is older; an earlier birth year (as in ``10850312-1234``) is a typing error, not a person.
OLDEST_AGE_YEARS = 130
_PATTERN = re.compile(r"^([0-9]{2})?([0-9]{2})([0-9]{2})([0-9]{2})([-+]?)([0-9]{3})([0-9])$")


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
    compact = "".join(_ascii_digit(char) for char in text or "" if not char.isspace())
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
    if birth_date > today or today.year - birth_date.year > OLDEST_AGE_YEARS:
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


def _ascii_digit(char: str) -> str:
    value = unicodedata.decimal(char, None) if not char.isascii() else None
    return char if value is None else str(value)


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
