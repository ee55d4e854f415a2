"""Numbers as words, in Swedish and English, for text that is to be spoken.

Swedish compounds are written as one word below a thousand ("hundratjugotre") and the thousands stand apart
("fyratusen femhundra"), which is how espeak-ng reads them best. English follows British usage
("one hundred and five").
"""

from __future__ import annotations

_SV_ONES = (
    "noll ett två tre fyra fem sex sju åtta nio tio elva tolv tretton fjorton femton sexton sjutton "
    "arton nitton"
).split()
_SV_TENS = ["", "", *"tjugo trettio fyrtio femtio sextio sjuttio åttio nittio".split()]
_SV_ORDINALS = (
    "nollte första andra tredje fjärde femte sjätte sjunde åttonde nionde tionde elfte tolfte trettonde "
    "fjortonde femtonde sextonde sjuttonde artonde nittonde"
).split()

_EN_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_EN_TENS = ["", "", *"twenty thirty forty fifty sixty seventy eighty ninety".split()]
_EN_ORDINALS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}

MAX = 999_999_999_999


def cardinal(number: int, language: str) -> str:
    """4500 is "fyratusen femhundra" in Swedish and "four thousand five hundred" in English."""
    if not 0 <= number <= MAX:
        raise ValueError(f"number out of range: {number}")
    return _sv_cardinal(number) if language == "sv" else _en_cardinal(number)


def ordinal(number: int, language: str) -> str:
    """Ordinals up to 99, enough for days of the month: ``ordinal(21, "sv") == "tjugoförsta"``."""
    if not 0 <= number <= 99:
        raise ValueError(f"ordinal out of range: {number}")
    if language == "sv":
        if number < 20:
            return _SV_ORDINALS[number]
        tens, ones = divmod(number, 10)
        return _SV_TENS[tens] + (_SV_ORDINALS[ones] if ones else "nde")
    words = _en_cardinal(number)
    head, _, last = words.rpartition("-")
    if last in _EN_ORDINALS:
        last = _EN_ORDINALS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}-{last}" if head else last


def digits(text: str, language: str) -> str:
    """Each digit on its own: ``digits("070", "sv") == "noll sju noll"``."""
    ones = _SV_ONES if language == "sv" else _EN_ONES
    return " ".join(ones[int(d)] for d in text if d.isdigit())


def year(number: int, language: str) -> str:
    """Years as people say them: 2026 is "tjugotjugosex" and "twenty twenty-six"; 2005 "tvåtusenfem"."""
    century, rest = divmod(number, 100)
    if language == "sv":
        if 2000 <= number < 2010 or not 11 <= century <= 99:
            return _sv_cardinal(number).replace(" ", "")
        return _sv_below_hundred(century) + ("hundra" if rest == 0 else _sv_below_hundred(rest))
    if 2000 <= number < 2010 or not 11 <= century <= 99:
        return _en_cardinal(number)
    if rest == 0:
        return f"{_en_below_hundred(century)} hundred"
    if rest < 10:
        return f"{_en_below_hundred(century)} oh {_EN_ONES[rest]}"
    return f"{_en_below_hundred(century)} {_en_below_hundred(rest)}"


def _sv_below_hundred(number: int) -> str:
    if number < 20:
        return _SV_ONES[number]
    tens, ones = divmod(number, 10)
    return _SV_TENS[tens] + (_SV_ONES[ones] if ones else "")


def _sv_below_thousand(number: int) -> str:
    hundreds, rest = divmod(number, 100)
    head = ""
    if hundreds:
        head = ("" if hundreds == 1 else _SV_ONES[hundreds]) + "hundra"
    return head + (_sv_below_hundred(rest) if rest or not head else "")


def _sv_cardinal(number: int) -> str:
    if number < 1000:
        return _sv_below_thousand(number)
    parts = []
    for size, singular, plural in ((10**9, "en miljard", "miljarder"), (10**6, "en miljon", "miljoner")):
        count, number = divmod(number, size)
        if count:
            parts.append(singular if count == 1 else f"{_sv_cardinal(count)} {plural}")
    thousands, rest = divmod(number, 1000)
    if thousands:
        # "tjugoett" + "tusen" is written "tjugoettusen": never three of the same letter in a row.
        parts.append(
            (("" if thousands == 1 else _sv_below_thousand(thousands)) + "tusen").replace("ttt", "tt")
        )
    if rest:
        parts.append(_sv_below_thousand(rest))
    return " ".join(parts)


def _en_below_hundred(number: int) -> str:
    if number < 20:
        return _EN_ONES[number]
    tens, ones = divmod(number, 10)
    return _EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else "")


def _en_below_thousand(number: int) -> str:
    hundreds, rest = divmod(number, 100)
    if not hundreds:
        return _en_below_hundred(rest)
    head = f"{_EN_ONES[hundreds]} hundred"
    return f"{head} and {_en_below_hundred(rest)}" if rest else head


def _en_cardinal(number: int) -> str:
    if number == 0:
        return "zero"
    parts = []
    for size, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        count, number = divmod(number, size)
        if count:
            parts.append(f"{_en_below_thousand(count)} {name}")
    if number:
        parts.append(("and " if parts and number < 100 else "") + _en_below_thousand(number))
    return " ".join(parts)
