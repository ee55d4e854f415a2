"""Understand answers the way people type and speak them, and say them back in easy language.

``parse_answer`` returns a JSON-ready value (``bool``, ``int``, an amount as ``int`` or ``float`` in
kronor, ``"2026-12-01"``, ``"2026-12"``, a choice code, a list of codes, or text) or a
:class:`ValidationError` whose message, in the person's language, says how to answer.
Accents are folded before matching, so "stadning" works like "städning" for people texting without å, ä, ö.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from services.applications.questionnaire import AnswerOption, Item, Text


@dataclass(frozen=True)
class ValidationError:
    message: str


Answer = Any  # bool | int | float | str | list[str]

REASK = {
    "boolean": Text(sv="Svara ja eller nej.", en="Answer yes or no."),
    "choice": Text(sv="Svara med en siffra från listan.", en="Answer with a number from the list."),
    "multichoice": Text(
        sv="Svara med en eller flera siffror från listan, till exempel 1, 3.",
        en="Answer with one or more numbers from the list, for example 1, 3.",
    ),
    "integer": Text(sv="Skriv ett tal, till exempel 2.", en="Write a number, for example 2."),
    "amount": Text(
        sv="Skriv beloppet i kronor, till exempel 4500.", en="Write the amount in kronor, for example 4500."
    ),
    "decimal": Text(sv="Skriv ett tal, till exempel 2,5.", en="Write a number, for example 2.5."),
    "date": Text(
        sv="Skriv ett datum, till exempel 1 december eller 2026-12-01.",
        en="Write a date, for example 1 December or 2026-12-01.",
    ),
    "month": Text(
        sv="Skriv en månad, till exempel december eller 2026-12.",
        en="Write a month, for example December or 2026-12.",
    ),
    "text": Text(sv="Skriv ditt svar med några ord.", en="Write your answer in a few words."),
}
_RANGE = Text(sv="Skriv ett tal mellan {low} och {high}.", en="Write a number between {low} and {high}.")
_TOO_LOW = Text(sv="Talet kan inte vara mindre än {low}.", en="The number cannot be less than {low}.")
_TOO_HIGH = Text(sv="Talet kan inte vara större än {high}.", en="The number cannot be more than {high}.")
_DATE_EARLY = Text(sv="Datumet kan inte vara före {low}.", en="The date cannot be before {low}.")
_DATE_LATE = Text(sv="Datumet kan inte vara efter {high}.", en="The date cannot be after {high}.")
_TOO_LONG = Text(
    sv="Det blev för långt. Skriv högst {n} tecken.", en="That is too long. Write at most {n} characters."
)
_EXCLUSIVE = Text(
    sv="Du kan inte välja {option} tillsammans med något annat.",
    en="You cannot choose {option} together with something else.",
)
_AMBIGUOUS = Text(sv="Jag är inte säker på vilket du menar.", en="I am not sure which one you mean.")

MONTHS = (
    Text(sv="januari", en="January"), Text(sv="februari", en="February"), Text(sv="mars", en="March"),
    Text(sv="april", en="April"), Text(sv="maj", en="May"), Text(sv="juni", en="June"),
    Text(sv="juli", en="July"), Text(sv="augusti", en="August"), Text(sv="september", en="September"),
    Text(sv="oktober", en="October"), Text(sv="november", en="November"), Text(sv="december", en="December"),
)  # fmt: skip
_MONTH_WORDS = {
    word: number
    for number, words in enumerate(
        (
            "januari january jan", "februari february feb", "mars march mar", "april apr", "maj may",
            "juni june jun", "juli july jul", "augusti august aug", "september sept sep",
            "oktober october okt oct", "november nov", "december dec",
        ),
        1,
    )
    for word in words.split()
}  # fmt: skip

YES = frozenset(
    "ja japp jepp jo javisst visst absolut precis stammer okej ok j yes yeah yep yup sure y true 1".split()
)
NO = frozenset("nej na naa nope no n nah inte icke aldrig false 2".split())  # folded: "nä" is "na"
_ZERO_WORDS = frozenset("ingen inga inget ingenting noll none nothing zero no nej".split())

_SV_NUMBERS = {
    "noll": 0, "en": 1, "ett": 1, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "atta": 8,
    "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16,
    "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50,
    "sextio": 60, "sjuttio": 70, "attio": 80, "nittio": 90,
}  # fmt: skip
_EN_NUMBERS = {
    "zero": 0, "one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_MULTIPLIERS = {"hundra": 100, "hundred": 100, "tusen": 1000, "thousand": 1000}
_NUMBER_TOKEN = re.compile(
    "|".join(sorted([*_SV_NUMBERS, *_EN_NUMBERS, *_MULTIPLIERS, "och", "and"], key=len, reverse=True))
)
_FILLER = frozenset(
    "till exempel eller annan annat andra som med for fran inte example other with from that this".split()
)
_AMOUNT_WORDS = re.compile(
    r"(?<![a-z])(?:kronor|kronors|kr|sek|per manad|i manaden|a month|per month|ca|cirka|about)\b"
)
_SEPARATORS = re.compile(r"\s*(?:,|;|/|&|\+|\boch\b|\bsamt\b|\band\b|\bplus\b)\s*")


def fold(text: str) -> str:
    """Lower case without accents or punctuation at the ends: "Städning!" -> "stadning"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", plain).strip(" .!?\"'")


def reask(item: Item, lang: str) -> str:
    return (item.reask or REASK[item.kind])(lang)


def parse_answer(item: Item, text: str, lang: str, *, today: date | None = None) -> Answer | ValidationError:
    """The value of ``text`` as an answer to ``item``, or a message saying how to answer."""
    today = today or date.today()
    raw = (text or "").strip()
    if not raw:
        return ValidationError(reask(item, lang))
    kind = item.kind
    if kind == "boolean":
        value: Answer | ValidationError | None = parse_boolean(raw)
    elif kind in ("choice", "multichoice"):
        value = _parse_choice(item, raw, lang)
    elif kind == "integer":
        value = parse_integer(raw)
    elif kind in ("amount", "decimal"):
        value = parse_amount(raw)
    elif kind == "date":
        parsed = parse_date(raw, today=today)
        value = parsed.isoformat() if parsed else None
    elif kind == "month":
        month = parse_month(raw, today=today)
        value = f"{month[0]:04d}-{month[1]:02d}" if month else None
    else:
        value = raw
    if value is None:
        return ValidationError(reask(item, lang))
    if isinstance(value, ValidationError):
        return value
    return _check_limits(item, value, lang, today)


# --- kinds --------------------------------------------------------------------------------------------


def parse_boolean(text: str) -> bool | None:
    words = re.findall(r"[a-z0-9]+", fold(text))
    if not words:
        return None
    if words[0] in YES:
        return True
    if words[0] in NO:
        return False
    yes = any(w in YES for w in words)
    no = any(w in NO for w in words)
    return yes if yes != no else None


def parse_integer(text: str) -> int | None:
    folded = fold(text)
    match = re.fullmatch(
        r"(\d+)(?:\s*(?:st|stycken|pcs|personer|people|barn|children|vuxna|adults))?", folded
    )
    if match:
        return int(match.group(1))
    if folded in _ZERO_WORDS:
        return 0
    return number_words(folded)


def number_words(text: str) -> int | None:
    """ "fyratusenfemhundra", "två", "four thousand five hundred" -> a whole number (up to millions)."""
    compact = re.sub(r"[\s\-]+", "", fold(text)).replace("ettusen", "etttusen")
    if not compact:
        return None
    position, tokens = 0, []
    while position < len(compact):
        match = _NUMBER_TOKEN.match(compact, position)
        if not match:
            return None
        tokens.append(match.group(0))
        position = match.end()
    total = current = 0
    seen = False
    for token in tokens:
        if token in ("och", "and"):
            continue
        if token in _MULTIPLIERS:
            factor = _MULTIPLIERS[token]
            if factor == 1000:
                total += max(current, 1) * 1000
                current = 0
            else:
                current = max(current, 1) * 100
        else:
            current += _SV_NUMBERS.get(token, _EN_NUMBERS.get(token, 0))
        seen = True
    return total + current if seen else None


def parse_amount(text: str) -> int | float | None:
    """ "4 500 kr", "4500:-", "4500,50", "4.500", "SEK 4,500", "inget", "fyratusen" -> kronor."""
    folded = fold(text)
    if folded in _ZERO_WORDS:
        return 0
    stripped = re.sub(_AMOUNT_WORDS, "", folded)
    stripped = stripped.replace(":-", "").replace("\u00a0", " ").strip(" .")
    if re.fullmatch(r"\d[\d ]*(?:[.,]\d+)*", stripped):
        number = _decimal(stripped.replace(" ", ""))
    else:
        words = number_words(stripped)
        number = Decimal(words) if words is not None else None
    if number is None or number < 0:
        return None
    number = number.quantize(Decimal("0.01"))
    return int(number) if number == number.to_integral_value() else float(number)


def _decimal(digits: str) -> Decimal | None:
    """Swedish and English separators: "4500,50" and "4500.50" are decimals; "4.500" and "4,500" thousands."""
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits) and len(set(re.findall(r"[.,]", digits))) == 1:
        return Decimal(re.sub(r"[.,]", "", digits))
    match = re.fullmatch(r"(\d+(?:[.,]\d{3})*)(?:[.,](\d{1,2}))?", digits)
    if not match:
        return None
    whole = re.sub(r"[.,]", "", match.group(1))
    try:
        return Decimal(f"{whole}.{match.group(2) or '0'}")
    except InvalidOperation:
        return None


def _nearest_year(month: int, day: int, today: date) -> date | None:
    """A date without a year: the occurrence closest to today ("1 januari" in December is next year)."""
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs((d - today).days)) if candidates else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, *, today: date) -> date | None:
    folded = fold(text)
    relative = {"idag": 0, "i dag": 0, "today": 0, "imorgon": 1, "i morgon": 1, "tomorrow": 1}
    if folded in relative:
        return date.fromordinal(today.toordinal() + relative[folded])
    if match := re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", folded):
        return _safe_date(*(int(g) for g in match.groups()))
    if match := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})(?:[\s/.\-]+(\d{4}|\d{2}))?", folded):
        day, month, year = match.groups()
        if year:
            return _safe_date(_full_year(year), int(month), int(day))
        return _nearest_year(int(month), int(day), today)
    words = re.sub(r"(\d)(?::e|:a|st|nd|rd|th)\b", r"\1", folded).replace(",", " ").split()
    words = [w for w in words if w not in ("den", "the", "of")]
    day_number = month_number = year_number = None
    for word in words:
        if word.isdigit() and len(word) == 4:
            year_number = int(word)
        elif word.isdigit() and len(word) <= 2:
            day_number = int(word)
        elif word in _MONTH_WORDS:
            month_number = _MONTH_WORDS[word]
        else:
            return None
    if day_number is None or month_number is None:
        return None
    if year_number:
        return _safe_date(year_number, month_number, day_number)
    return _nearest_year(month_number, day_number, today)


def _full_year(text: str) -> int:
    return int(text) if len(text) == 4 else 2000 + int(text)


def parse_month(text: str, *, today: date) -> tuple[int, int] | None:
    folded = fold(text)
    shift = {
        "denna manad": 0, "den har manaden": 0, "den har manad": 0, "this month": 0, "nu": 0,
        "nasta manad": 1, "nasta manaden": 1, "next month": 1,
        "forra manaden": -1, "forra manad": -1, "last month": -1,
    }  # fmt: skip
    if folded in shift:
        index = today.year * 12 + today.month - 1 + shift[folded]
        return index // 12, index % 12 + 1
    if match := re.fullmatch(r"(\d{4})-?(\d{2})", folded):
        year, month = int(match.group(1)), int(match.group(2))
        return (year, month) if 1 <= month <= 12 else None
    if match := re.fullmatch(r"(\d{1,2})[/.\-](\d{4}|\d{2})", folded):
        month, year = int(match.group(1)), _full_year(match.group(2))
        return (year, month) if 1 <= month <= 12 else None
    words = [w for w in folded.replace(",", " ").split() if w not in ("i", "in", "for", "för")]
    if not words or words[0] not in _MONTH_WORDS or len(words) > 2:
        return None
    month = _MONTH_WORDS[words[0]]
    if len(words) == 2:
        return (int(words[1]), month) if re.fullmatch(r"\d{4}", words[1]) else None
    nearest = _nearest_year(month, 1, today.replace(day=1))
    return (nearest.year, month) if nearest else None


# --- choices ------------------------------------------------------------------------------------------


def _phrases(option: AnswerOption, lang: str) -> list[str]:
    other = "en" if lang == "sv" else "sv"
    texts = [option.display(lang), *option.synonyms.get(lang, ()), option.display(other)]
    texts += [*option.synonyms.get(other, ()), option.code.replace("_", " ")]
    return [fold(t) for t in texts if fold(t)]


def _options_for(part: str, options: tuple[AnswerOption, ...], lang: str) -> list[AnswerOption]:
    """The options one part of an answer means: by number, whole text, a phrase in it, or a near spelling."""
    part = fold(part)
    if part.isdigit():
        number = int(part)
        return [options[number - 1]] if 1 <= number <= len(options) else []
    exact = [o for o in options if part in _phrases(o, lang)]
    if exact:
        return exact
    inside = [o for o in options if any(re.search(rf"\b{re.escape(p)}\b", part) for p in _phrases(o, lang))]
    if inside:
        return inside
    words = [w for w in re.findall(r"[a-z0-9]+", part) if len(w) >= 4 and w not in _FILLER]
    scored = []
    for option in options:
        option_words = {w for p in _phrases(option, lang) for w in re.findall(r"[a-z0-9]+", p)} - _FILLER
        option_words = {w for w in option_words if len(w) >= 4}
        best = max(
            (difflib.SequenceMatcher(None, w, ow).ratio() for w in words for ow in option_words), default=0
        )
        if best >= 0.8:
            scored.append((best, option))
    if not scored:
        return []
    top = max(score for score, _ in scored)
    return [option for score, option in scored if score == top]


def _parse_choice(item: Item, text: str, lang: str) -> Answer | ValidationError | None:
    options = item.options
    folded = fold(text)
    whole = _options_for(folded, options, lang)
    if not item.repeats:
        if len(whole) == 1:
            return whole[0].code
        return ValidationError(f"{_AMBIGUOUS(lang)} {reask(item, lang)}") if whole else None
    if len(whole) == 1 and folded in _phrases(whole[0], lang):
        return [whole[0].code]
    chosen: list[AnswerOption] = []
    numbers_only = re.fullmatch(r"\d+(?:\s*(?:,|;|/|&|\+|\.|\boch\b|\band\b)?\s*\d+)*", folded)
    parts = re.findall(r"\d+", folded) if numbers_only else _SEPARATORS.split(folded)
    for part in filter(None, parts):
        found = _options_for(part, options, lang)
        if not found:
            if not whole:
                return None
            chosen = whole
            break
        chosen += [o for o in found if o not in chosen]
    if not chosen:
        return None
    exclusive = [o for o in chosen if o.exclusive]
    if exclusive and len(chosen) > 1:
        return ValidationError(_EXCLUSIVE(lang).format(option=exclusive[0].display(lang).lower()))
    return [o.code for o in options if o in chosen]


# --- limits -------------------------------------------------------------------------------------------


def _limit_date(value: Any, today: date) -> date | None:
    if value is None:
        return None
    if value == "today":
        return today
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _check_limits(item: Item, value: Answer, lang: str, today: date) -> Answer | ValidationError:
    if item.kind in ("integer", "amount", "decimal"):
        low, high = item.min_value, item.max_value
        too_low = low is not None and value < low
        too_high = high is not None and value > high
        if too_low or too_high:
            if low is not None and high is not None:
                return ValidationError(_RANGE(lang).format(low=low, high=high))
            return ValidationError((_TOO_LOW if too_low else _TOO_HIGH)(lang).format(low=low, high=high))
    elif item.kind == "date":
        day = date.fromisoformat(value)
        low_date, high_date = _limit_date(item.min_value, today), _limit_date(item.max_value, today)
        if low_date and day < low_date:
            return ValidationError(_DATE_EARLY(lang).format(low=format_date(low_date, lang)))
        if high_date and day > high_date:
            return ValidationError(_DATE_LATE(lang).format(high=format_date(high_date, lang)))
    elif item.kind == "text" and item.max_length and len(value) > item.max_length:
        return ValidationError(_TOO_LONG(lang).format(n=item.max_length))
    if item.required_answer is not None and value != item.required_answer:
        return ValidationError(reask(item, lang))
    return value


# --- saying answers back ------------------------------------------------------------------------------


def format_date(day: date, lang: str) -> str:
    return f"{day.day} {MONTHS[day.month - 1](lang)} {day.year}"


def format_amount(value: float, lang: str) -> str:
    whole = f"{value:,.2f}".removesuffix(".00")
    if lang == "en":
        return f"{whole} kronor"
    return whole.replace(",", " ").replace(".", ",") + " kr"


def format_answer(item: Item, value: Answer, lang: str) -> str:
    """An answer as the review says it: "Ja", "4 500 kr", "december 2026", "Städning, Inköp"."""
    if value is None:
        return Text(sv="Inget svar", en="No answer")(lang)
    kind = item.kind
    if kind == "boolean":
        return Text(sv="Ja", en="Yes")(lang) if value else Text(sv="Nej", en="No")(lang)
    if kind in ("choice", "multichoice"):
        codes = value if isinstance(value, list) else [value]
        return ", ".join(o.display(lang) for code in codes if (o := item.option(code)))
    if kind in ("amount",):
        return format_amount(value, lang)
    if kind == "date":
        return format_date(date.fromisoformat(value), lang)
    if kind == "month":
        year, month = (int(p) for p in value.split("-"))
        return f"{MONTHS[month - 1](lang)} {year}"
    return str(value)
