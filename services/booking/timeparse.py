"""Understand when a person wants their visit: "imorgon förmiddag", "nästa fredag", "after 3pm", ...

Own rules come first, because they know Swedish parts of the day, week numbers and "efter 15", which
dateparser does not; dateparser is the fallback for other date expressions. Accents are folded first,
so "ovrmorgon"-style SMS spelling without å, ä, ö works too.

Conventions (documented because people differ): a bare weekday ("på fredag", "on Friday") is the next
such day after today; "nästa fredag" / "next Friday" is the Friday of next calendar week; an hour from
1 to 6 without am/pm means the afternoon ("efter 3" is 15:00).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from services.booking.errors import TimeInPast
from services.booking.timeutil import LOCAL_TZ, local_datetime, to_local, utcnow

HORIZON = timedelta(days=28)

PARTS_OF_DAY = {  # (from, until) in minutes after midnight
    "early": (7 * 60, 10 * 60),
    "morning": (7 * 60, 12 * 60),
    "lunch": (11 * 60, 13 * 60),
    "afternoon": (12 * 60, 17 * 60),
    "evening": (17 * 60, 22 * 60),
}
_PART_WORDS = {
    "early": r"bitti|early morning",
    "morning": r"formiddag(?:en|ar|s)?|fm|morgon(?:en)?|morning|mornings|am",
    "lunch": r"lunch(?:tid)?|lunchtime|midday|noon",
    "afternoon": r"eftermiddag(?:en|ar|s)?|em|afternoon|afternoons|pm",
    "evening": r"kvall(?:en|ar|s|stid)?|evening|evenings|tonight",
}


def _index(*groups: str, start: int = 0) -> dict[str, int]:
    """``_index("mandag monday", "tisdag tuesday")`` -> ``{"mandag": 0, "monday": 0, "tisdag": 1, ...}``."""
    return {word: number for number, words in enumerate(groups, start) for word in words.split()}


_WEEKDAYS = _index(
    "mandag monday mon", "tisdag tuesday tue tues", "onsdag wednesday wed", "torsdag thursday thu thur thurs",
    "fredag friday fri", "lordag saturday sat", "sondag sunday sun",
)  # fmt: skip
_MONTHS = _index(
    "januari january jan", "februari february feb", "mars march mar", "april apr", "maj may", "juni june jun",
    "juli july jul", "augusti august aug", "september sep sept", "oktober october okt oct", "november nov",
    "december dec", start=1,
)  # fmt: skip
_NUMBER_WORDS = _index("", "en ett one a", "tva two", "tre three", "fyra four")

_WD_ALL = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_WD_FULL = "|".join(sorted((n for n in _WEEKDAYS if n.endswith(("day", "dag"))), key=len, reverse=True))
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORD = r"(?::e|:a|st|nd|rd|th)?"
_HOUR = r"(?:kl\.?\s*|klockan\s*)?(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"


@dataclass(frozen=True)
class TimeWindow:
    """Aware Stockholm times; ``end`` is exclusive. Minutes are local minutes after midnight that a
    slot's start must fall within (``from_minute`` inclusive, ``until_minute`` exclusive)."""

    start: datetime
    end: datetime
    from_minute: int | None = None
    until_minute: int | None = None

    def contains(self, moment: datetime) -> bool:
        local = to_local(moment)
        minute = local.hour * 60 + local.minute
        return (
            self.start <= local < self.end
            and (self.from_minute is None or minute >= self.from_minute)
            and (self.until_minute is None or minute < self.until_minute)
        )


_FOLD = str.maketrans("åäöéü", "aaoeu")


def fold(text: str) -> str:
    return text.lower().translate(_FOLD)


class _Text:
    """The folded text; each rule consumes what it matched so later rules cannot read it again."""

    def __init__(self, text: str) -> None:
        self.value = " " + re.sub(r"\s+", " ", fold(text)).strip() + " "

    def take(self, pattern: str) -> re.Match[str] | None:
        match = re.search(pattern, self.value)
        if match:
            self.value = self.value[: match.start()] + " " + self.value[match.end() :]
        return match


def parse_when(text: str, lang: str = "sv", now: datetime | None = None) -> TimeWindow | None:
    """The time window the text asks for, ``None`` if it names no time; raises ``TimeInPast``."""
    now_local = to_local(now or utcnow())
    words = _Text(text)
    if words.take(r"\b(?:igar|i gar|i forrgar|yesterday|forra veckan|last week)\b"):
        raise TimeInPast()

    days = _days(words, now_local.date(), lang)
    asap = words.take(
        r"\b(?:snarast|sa snart som mojligt|forsta lediga|asap|as soon as possible|first avail\w*)\b"
    )
    from_minute, until_minute = _minutes(words)
    if days is None and from_minute is None and until_minute is None:
        days = _dateparser_day(text, lang, now_local)
        if days is None and not asap:
            return None

    if days is None:
        start, end = now_local, now_local + HORIZON
    else:
        start, end = local_datetime(days[0], time(0)), local_datetime(days[1], time(0))
    _check_not_past(start, end, until_minute, now_local)
    return TimeWindow(start=start, end=end, from_minute=from_minute, until_minute=until_minute)


def _check_not_past(start: datetime, end: datetime, until_minute: int | None, now: datetime) -> None:
    last_day = (end - timedelta(days=1)).date() if end.time() == time(0) else end.date()
    latest = end
    if until_minute is not None:
        latest = min(end, local_datetime(last_day, time(0)) + timedelta(minutes=until_minute))
    if latest <= now:
        raise TimeInPast()


def _days(words: _Text, today: date, lang: str) -> tuple[date, date] | None:
    """The date range (end exclusive) the text names, if any."""
    if words.take(r"\b(?:i overmorgon|overmorgon|day after tomorrow)\b"):
        return _one(today + timedelta(days=2))
    if words.take(r"\b(?:imorgon|i morgon|imorron|tomorrow|tmrw)\b"):
        return _one(today + timedelta(days=1))
    # "i eftermiddag", "ikväll": today, and leave the part of the day to be read next.
    match = words.take(r"\b(?:idag|i dag|today|tonight|ikvall)\b|\bi(?= (?:formiddag|eftermiddag|kvall)\b)")
    if match:
        if match.group(0).strip() in ("tonight", "ikvall"):
            words.value += " kvall "
        return _one(today)

    in_n = words.take(
        r"\b(?:om|in)\s+(\d+|en|ett|tva|tre|fyra|one|a|two|three|four)\s+(dag|dagar|days?|veckor|vecka|weeks?)\b"
    )
    if in_n:
        count = int(in_n.group(1)) if in_n.group(1).isdigit() else _NUMBER_WORDS[in_n.group(1)]
        unit = 7 if in_n.group(2).startswith(("v", "w")) else 1
        return _one(today + timedelta(days=count * unit))

    next_week = bool(words.take(r"\b(?:nasta vecka|next week|veckan efter)\b"))
    this_week = not next_week and bool(words.take(r"\b(?:den har veckan|denna vecka|i veckan|this week)\b"))
    monday = today - timedelta(days=today.weekday())

    names = _WD_ALL if lang == "en" else _WD_FULL  # "sat", "sun", "wed" only in English
    weekday = words.take(rf"\b(?:(nasta|next|this|on|pa|till)\s+)?({names})(?:en|s)?\b")
    if weekday:
        target = _WEEKDAYS[weekday.group(2)]
        if next_week or weekday.group(1) in ("nasta", "next"):
            return _one(monday + timedelta(days=7 + target))
        delta = (target - today.weekday()) % 7
        if this_week and delta == 0:
            return _one(today)
        return _one(today + timedelta(days=delta or 7))
    if next_week:
        return monday + timedelta(days=7), monday + timedelta(days=14)
    if this_week:
        return today, monday + timedelta(days=7)
    if words.take(r"\b(?:i helgen|helgen|this weekend|the weekend|weekend)\b"):
        saturday = monday + timedelta(days=5)
        return max(saturday, today), saturday + timedelta(days=2)

    week = words.take(r"\b(?:vecka|v\.?|week)\s*(\d{1,2})\b")
    if week and 1 <= int(week.group(1)) <= 53:
        return _iso_week(int(week.group(1)), today)
    return _explicit_date(words, today)


def _one(day: date) -> tuple[date, date]:
    return day, day + timedelta(days=1)


def _iso_week(number: int, today: date) -> tuple[date, date] | None:
    for year in (today.year, today.year + 1):
        try:
            monday = date.fromisocalendar(year, number, 1)
        except ValueError:
            continue
        if monday + timedelta(days=7) > today:
            return monday, monday + timedelta(days=7)
    return None


def _explicit_date(words: _Text, today: date) -> tuple[date, date] | None:
    match = words.take(r"\b(\d{4})-(\d{2})-(\d{2})\b")
    if match:
        return _checked(int(match.group(1)), int(match.group(2)), int(match.group(3)), today, fixed_year=True)
    match = words.take(rf"\b(?:den\s+|the\s+)?(\d{{1,2}}){_ORD}\s*(?:of\s+)?({_MON})\.?\b")
    if match:
        return _checked(today.year, _MONTHS[match.group(2)], int(match.group(1)), today)
    match = words.take(rf"\b({_MON})\.?\s+(\d{{1,2}}){_ORD}\b")
    if match:
        return _checked(today.year, _MONTHS[match.group(1)], int(match.group(2)), today)
    match = words.take(r"\b(\d{1,2})/(\d{1,2})\b")
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        if month > 12 >= day:  # 3/14, the American order
            day, month = month, day
        return _checked(today.year, month, day, today)
    match = words.take(rf"\b(?:den|the)\s+(\d{{1,2}}){_ORD}(?=\s|$)")
    if match:
        month, year = today.month, today.year
        if int(match.group(1)) < today.day:
            month, year = (1, year + 1) if month == 12 else (month + 1, year)
        return _checked(year, month, int(match.group(1)), today, fixed_year=True)
    return None


def _checked(
    year: int, month: int, day: int, today: date, *, fixed_year: bool = False
) -> tuple[date, date] | None:
    try:
        target = date(year, month, day)
    except ValueError:
        return None
    if target < today and not fixed_year and (today - target).days > 90:
        target = date(year + 1, month, day) if not (month == 2 and day == 29) else target
    if target < today:
        raise TimeInPast()
    return _one(target)


def _minutes(words: _Text) -> tuple[int | None, int | None]:
    """(from, until) minutes of the day named by "efter 15", "before 10am", "kl 14", "förmiddag"."""
    from_minute = until_minute = None
    if words.take(r"\b(?:efter|after)\s+(?:lunch|lunchen)\b"):
        from_minute = 13 * 60
    if words.take(r"\b(?:fore|innan|before)\s+(?:lunch|lunchen)\b"):
        until_minute = 12 * 60
    after = words.take(rf"\b(?:efter|after|fran|from|tidigast|earliest|later than|senare an)\s+{_HOUR}")
    if after and (minute := _minute_of(after)) is not None:
        from_minute = minute
    before = words.take(rf"\b(?:fore|innan|before|by|senast|latest|earlier than|tidigare an)\s+{_HOUR}")
    if before and (minute := _minute_of(before)) is not None:
        until_minute = minute
    if from_minute is None and until_minute is None:
        at = words.take(
            r"\b(?:kl\.?|klockan|at|around|runt|vid)\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
        )
        at = (
            at
            or words.take(r"\b(\d{1,2})[:.](\d{2})\s*(am|pm)?\b")
            or words.take(r"\b(\d{1,2})()\s*(am|pm)\b")
        )
        if at and (minute := _minute_of(at)) is not None:
            return minute, minute + 60
    for part, pattern in PARTS_OF_DAY_PATTERNS.items():
        if words.take(pattern):
            low, high = PARTS_OF_DAY[part]
            from_minute = low if from_minute is None else max(from_minute, low)
            until_minute = high if until_minute is None else min(until_minute, high)
            break
    return from_minute, until_minute


PARTS_OF_DAY_PATTERNS = {part: rf"\b(?:{words})\b" for part, words in _PART_WORDS.items()}


def _minute_of(match: re.Match[str]) -> int | None:
    hour = int(match.group(1))
    minute = int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "")
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    elif not suffix and 1 <= hour <= 6:
        hour += 12  # nobody books a visit at 3 at night
    if hour > 23 or minute > 59:
        return None
    return hour * 60 + minute


def _dateparser_day(text: str, lang: str, now_local: datetime) -> tuple[date, date] | None:
    import dateparser

    settings = {
        "RELATIVE_BASE": now_local.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        parsed = dateparser.parse(text, languages=[lang if lang in ("sv", "en") else "sv"], settings=settings)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input; only a fallback
        return None
    if parsed is None or not (now_local.year - 1 <= parsed.year <= now_local.year + 1):
        return None
    if parsed.date() < now_local.date():
        raise TimeInPast()
    return _one(parsed.date())


__all__ = ["LOCAL_TZ", "TimeWindow", "parse_when"]
