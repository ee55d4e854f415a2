"""Understanding short answers the way people type and speak them: yes/no/don't know, and an age.

Shared by every conversation that asks such questions, on every channel (buttons send the same words).
"""

from __future__ import annotations

import re

YES = "yes"
NO = "no"
UNKNOWN = "unknown"

_YES_NO = {
    YES: ("ja", "japp", "jepp", "jo", "javisst", "absolut", "stämmer", "det stämmer", "ja det gör", "yes",
          "yeah", "yep", "yup", "sure", "correct", "y", "j", "ok ja", "ja tack"),
    NO: ("nej", "nä", "nää", "nope", "no", "n", "inte", "nej det gör det inte", "nej inte", "not really",
         "stämmer inte", "nej tack"),
    UNKNOWN: ("vet inte", "vet ej", "vet int", "vetinte", "osäker", "kanske", "ingen aning", "don't know",
              "dont know", "do not know", "not sure", "am not sure", "unsure", "maybe", "no idea", "idk",
              "?"),
}  # fmt: skip
_WORD_START = {
    YES: ("ja", "japp", "jo", "yes", "yeah", "yep"),
    NO: ("nej", "nä", "no", "nope"),
}

_NUMBER_WORDS = {
    "noll": 0, "en": 1, "ett": 1, "två": 2, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "åtta": 8, "atta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "one": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_UNIT_YEARS = [
    (r"dag|dagar|dygn|days?", 1 / 365),
    (r"veck\w*|v|weeks?|wks?", 7 / 365),
    (r"månad\w*|manad\w*|mån|months?|mo", 1 / 12),
    (r"år|ar|års|years?|yrs?|y", 1.0),
]


def _clean(text: str) -> str:
    text = text.strip().lower()
    text = re.sub(r"[!.,;:]+$", "", text)
    return re.sub(r"\s+", " ", text.replace("’", "'"))


def parse_yes_no(text: str) -> str | None:
    """``"yes"``, ``"no"``, ``"unknown"`` (don't know) or ``None`` when the text is none of these."""
    cleaned = re.sub(r"^(?:jag|i)\s+(?=vet|don't|dont|do not|am not)", "", _clean(text))
    for value, phrases in _YES_NO.items():
        if cleaned in phrases:
            return value
    first = re.split(r"[\s,]+", cleaned, maxsplit=1)[0] if cleaned else ""
    if cleaned.startswith(("vet inte", "don't know", "dont know", "not sure")):
        return UNKNOWN
    for value, words in _WORD_START.items():
        if first in words:
            return value
    return None


def parse_age(text: str) -> float | None:
    """An age in years from an answer like "45", "2 år", "6 veckor", "tre månader", "6 months old"."""
    for match in re.finditer(r"(\d+(?:[.,]\d+)?|[a-zåäö]+)\s*([a-zåäö]+)?", _clean(text)):
        raw, unit = match.group(1), match.group(2) or ""
        number = float(raw.replace(",", ".")) if raw[0].isdigit() else _NUMBER_WORDS.get(raw)
        if number is None:
            continue
        if not unit:
            factor: float | None = 1.0
        else:
            factor = next((f for pattern, f in _UNIT_YEARS if re.fullmatch(pattern, unit)), None)
        if factor is None:
            continue
        years = number * factor
        return round(years, 3) if 0 <= years < 120 else None
    return None
