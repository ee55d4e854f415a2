"""Text prepared for listening: times, dates, amounts, phone numbers and abbreviations said in words.

``prepare`` is deterministic and cheap; its output is what the engines speak and what the audio cache is
keyed by. The rules run from the most specific pattern (a date) to the least (a bare integer), so that
"2026-12-01" is never read as three numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache

from voice.numbers import MAX, cardinal, digits, ordinal, year

Rule = Callable[["re.Match[str]"], str]

_MONTHS = {
    "sv": "januari februari mars april maj juni juli augusti september oktober november december".split(),
    "en": "January February March April May June July August September October November December".split(),
}
_MONTH_NAMES = "|".join(name for names in _MONTHS.values() for name in names)

# National numbers said the way people say them; other phone numbers are read digit by digit.
_SERVICE_NUMBERS = {
    "sv": {"112": "ett ett två", "1177": "elva sjuttiosju", "11313": "ett ett tre, ett tre",
           "11414": "ett ett fyra, ett fyra"},
    "en": {"112": "one one two", "1177": "eleven seventy-seven", "11313": "one one three, one three",
           "11414": "one one four, one four"},
}  # fmt: skip

_ABBREVIATIONS = {
    "sv": {"t.ex.": "till exempel", "bl.a.": "bland annat", "kl.": "klockan", "ca.": "cirka", "ca": "cirka",
           "osv.": "och så vidare", "o.s.v.": "och så vidare", "dvs.": "det vill säga",
           "d.v.s.": "det vill säga", "m.m.": "med mera", "s.k.": "så kallad", "pga.": "på grund av",
           "p.g.a.": "på grund av", "pga": "på grund av", "fr.o.m.": "från och med", "t.o.m.": "till och med",
           "nr": "nummer", "nr.": "nummer", "tel.": "telefon", "obs!": "observera,", "obs.": "observera,"},
    "en": {"e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "approx.": "approximately",
           "ca.": "about", "tel.": "telephone", "no.": "number", "dr.": "doctor", "mins": "minutes"},
}  # fmt: skip

_WORDS = {
    "sv": {"krona": "krona", "kronor": "kronor", "öre": "öre", "and": "och", "to": "till",
           "percent": "procent", "point": "komma", "plus": "plus", "press": "Tryck", "for": "för"},
    "en": {"krona": "krona", "kronor": "kronor", "öre": "öre", "and": "and", "to": "to",
           "percent": "percent", "point": "point", "plus": "plus", "press": "Press", "for": "for"},
}  # fmt: skip

_GROUPED = r"\d{1,3}(?: \d{3})+|\d+"


def prepare(text: str, language: str, *, today: date | None = None) -> str:
    """Return ``text`` as it should be spoken in ``language`` ("sv" or "en").

    The year of a date is said only when it is not this year (``today`` defaults to the current date).
    """
    language = "en" if language == "en" else "sv"
    today = today or date.today()
    text = re.sub(r"[\u00a0\u2007\u202f]", " ", text)
    text = re.sub(r"[ \t]+", " ", text).strip()
    for pattern, rule in _rules(language, today):
        text = pattern.sub(rule, text)
    text = re.sub(r"(?<=[ap]\.m\.)\.", "", text)  # "at two p.m.." at the end of a sentence
    return re.sub(r" {2,}", " ", text).strip()


def choices_sentence(choices: Sequence[str], language: str, *, start: int = 1) -> str:
    """The spoken menu for keypad choices: "Tryck 1 för boka tid. Tryck 2 för avboka."

    The digits stay digits here so that the same sentence can be shown; ``prepare`` says them in words.
    """
    words = _WORDS["en" if language == "en" else "sv"]
    return " ".join(
        f"{words['press']} {number} {words['for']} {_lower_first(choice.strip().rstrip('.!?:;,'))}."
        for number, choice in enumerate(choices, start=start)
    )


@lru_cache(maxsize=8)
def _rules(language: str, today: date) -> list[tuple[re.Pattern[str], Rule]]:
    words = _WORDS[language]
    months = [name.lower() for name in _MONTHS[language]]

    def day_and_month(day: int, month: int, year_number: int | None) -> str:
        month_name = _MONTHS[language][month - 1]
        spoken = (
            f"{ordinal(day, 'sv')} {month_name}"
            if language == "sv"
            else f"the {ordinal(day, 'en')} of {month_name}"
        )
        if year_number is not None and year_number != today.year:
            spoken += f" {year(year_number, language)}"
        return spoken

    def iso_date(match: re.Match[str]) -> str:
        year_number, month, day = (int(group) for group in match.groups())
        try:
            date(year_number, month, day)
        except ValueError:
            return match.group(0)
        return day_and_month(day, month, year_number)

    def written_date(match: re.Match[str]) -> str:
        day, month_name, year_text = match.groups()
        if month_name.lower() not in months or not 1 <= int(day) <= 31:
            return match.group(0)
        return day_and_month(
            int(day), months.index(month_name.lower()) + 1, int(year_text) if year_text else None
        )

    def time_range(match: re.Match[str]) -> str:
        hours, minutes, end_hours, end_minutes = match.groups()
        start, end = _clock(hours, minutes, language), _clock(end_hours, end_minutes, language)
        return f"{start} {words['to']} {end}"

    def clock(match: re.Match[str]) -> str:
        return _clock(match.group(1), match.group(2), language)

    def amount(match: re.Match[str]) -> str:
        kronor = int(match.group(1).replace(" ", ""))
        ore = int(match.group(2) or 0)
        if kronor > MAX:
            return match.group(0)
        if kronor == 1:
            spoken = f"{'en' if language == 'sv' else 'one'} {words['krona']}"
        else:
            spoken = f"{cardinal(kronor, language)} {words['kronor']}"
        if ore:
            spoken += f" {words['and']} {cardinal(ore, language)} {words['öre']}"
        return spoken

    def service_number(match: re.Match[str]) -> str:
        return _SERVICE_NUMBERS[language][match.group(0).replace(" ", "")]

    def phone(match: re.Match[str]) -> str:
        number = match.group(0)
        groups = re.split(r"[ -]+", number.lstrip("+"))
        spoken = ", ".join(digits(group, language) for group in groups if group)
        return f"{words['plus']} {spoken}" if number.startswith("+") else spoken

    def decimal(match: re.Match[str]) -> str:
        whole, fraction = match.groups()
        return f"{cardinal(int(whole), language)} {words['point']} {digits(fraction, language)}"

    def grouped(match: re.Match[str]) -> str:
        return cardinal(int(match.group(0).replace(" ", "")), language)

    def integer(match: re.Match[str]) -> str:
        number = int(match.group(0))
        return cardinal(number, language) if number <= MAX else digits(match.group(0), language)

    abbreviations = _ABBREVIATIONS[language]
    abbreviation = "|".join(re.escape(key) for key in sorted(abbreviations, key=len, reverse=True))
    # "113 13" is written with a space as often as without.
    service = "|".join(
        f"{number[:3]} ?{number[3:]}" if len(number) == 5 else number
        for number in sorted(_SERVICE_NUMBERS[language], key=len, reverse=True)
    )
    # Swedish writes "14.30" for a time and "37,5" for a decimal; English "14:30" and "37.5".
    time = r"([01]?\d|2[0-3])[:.]([0-5]\d)" if language == "sv" else r"([01]?\d|2[0-3]):([0-5]\d)"
    decimal_mark = "," if language == "sv" else r"\."
    return [
        (
            re.compile(rf"(?<![\w.])({abbreviation})(?=\s|$|[,;:)])", re.IGNORECASE),
            lambda match: abbreviations[match.group(1).lower()],
        ),
        (re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])"), iso_date),
        (
            re.compile(rf"(?<!\d)(\d{{1,2}})(?:\.|:e|:a)? ({_MONTH_NAMES})(?: (\d{{4}}))?\b", re.I),
            written_date,
        ),
        (re.compile(rf"(?<![\d:.]){time} ?[–-] ?{time}(?![\d:])"), time_range),
        (re.compile(rf"(?<![\d:.]){time}(?![\d:])"), clock),
        (re.compile(rf"(?<![\d,.])({_GROUPED})(?:,(\d{{2}})|,-|:-)? ?(?:kr|kronor|SEK)\b"), amount),
        (re.compile(rf"(?<![\d+])(?:{service})(?!\d)"), service_number),
        (re.compile(r"(?<![\w+])(?<!\d )(?:\+\d{1,3}|0)\d{0,3}(?:[ -]?\d){5,10}(?!\d)"), phone),
        (re.compile(r"(?<![\d,.])[1-9]\d{0,2}(?: \d{3})+(?!\d)"), grouped),
        (re.compile(rf"(?<![\d,.])(\d+){decimal_mark}(\d+)(?![\d,.]*\d)"), decimal),
        (re.compile(r"(\d+) ?%"), lambda match: f"{match.group(1)} {words['percent']}"),
        (re.compile(r"(?<!\d)\d+(?!\d)"), integer),
    ]


def _clock(hours_text: str, minutes_text: str, language: str) -> str:
    hours, minutes = int(hours_text), int(minutes_text)
    if language == "sv":
        spoken = cardinal(hours, "sv")
        return f"{spoken} och {cardinal(minutes, 'sv')}" if minutes else spoken
    if hours == 0 and minutes == 0:
        return "midnight"
    if hours == 12 and minutes == 0:
        return "twelve noon"
    suffix = "a.m." if hours < 12 else "p.m."
    hour = cardinal(hours % 12 or 12, "en")
    if minutes == 0:
        return f"{hour} {suffix}"
    minute = f"oh {cardinal(minutes, 'en')}" if minutes < 10 else cardinal(minutes, "en")
    return f"{hour} {minute} {suffix}"


def _lower_first(label: str) -> str:
    """ "Boka tid" becomes "boka tid" inside a sentence; "BankID" stays as it is."""
    first_word = label.split(" ", 1)[0]
    return label[0].lower() + label[1:] if first_word[1:].islower() else label
