"""Properties of the log filter: generated personal data in any common written form never survives it."""

from __future__ import annotations

import logging
import re
import sys
import unicodedata
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from services.identity.personnummer import luhn_check_digit
from services.redact import RedactingFilter, redact

TOKENS = {"personnummer": "[personnummer]", "phone": "[phone]", "email": "[email]"}
# A ten-digit phone number is taken for an identity number: which placeholder a number gets does not matter.
# An address may begin with a quote ('0@example.se); the filter keeps an opening quote and removes the rest.
NUMBER = r"\[(?:personnummer|phone)\]"
FULL_WIDTH = {ord("0") + i: chr(0xFF10 + i) for i in range(10)}


def digits(count: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=count, max_size=count)


# --- personal identity numbers ----------------------------------------------------------------------------


@st.composite
def personal_numbers(draw: st.DrawFn) -> str:
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 24)))
    day = born.day + (60 if draw(st.booleans()) else 0)  # a coordination number adds 60
    nine = f"{born:%y%m}{day:02d}{draw(digits(3))}"
    ten = nine + str(luhn_check_digit(nine))
    century = draw(st.sampled_from(["", f"{born.year // 100}"]))
    separator = draw(st.sampled_from(["", "-", "+", " ", " - ", "\u2013", "\u00a0-\u00a0", "  "]))
    written = f"{century}{ten[:6]}{separator}{ten[6:]}"
    return written.translate(FULL_WIDTH) if draw(st.integers(0, 9)) == 0 else written


# --- phone numbers ----------------------------------------------------------------------------------------


@st.composite
def swedish_mobiles(draw: st.DrawFn) -> str:
    n = "7" + draw(st.sampled_from("02369")) + draw(digits(7))  # 70 123 45 67
    a, b, c, d = n[:2], n[2:5], n[5:7], n[7:]
    return draw(
        st.sampled_from(
            [
                f"+46 {a} {b} {c} {d}", f"+46{n}", f"+46 (0){a}-{b} {c} {d}", f"+46-{a}-{b} {c} {d}",
                f"0046 {a} {b} {c} {d}", f"0046{n}", f"46{n}", f"46 {a} {b} {c} {d}",
                f"0{a}-{b} {c} {d}", f"0{a} {b} {c} {d}", f"0{n}", f"0{a}-{b}{c}{d}", f"0{a} - {b} {c} {d}",
                f"(0{a}) {b} {c} {d}", f"0{a}-{b}-{c}-{d}",
            ]
        )
    )  # fmt: skip


@st.composite
def swedish_landlines(draw: st.DrawFn) -> str:
    stockholm = "8" + draw(digits(8))  # 08-123 456 78
    gothenburg = "31" + draw(digits(7))  # 031-123 45 67
    small_town = "470" + draw(digits(5))  # 0470-123 45
    s, g, t = stockholm, gothenburg, small_town
    return draw(
        st.sampled_from(
            [
                f"08-{s[1:4]} {s[4:7]} {s[7:]}", f"08-{s[1:3]} {s[3:5]} {s[5:7]}",
                f"08 {s[1:4]} {s[4:7]} {s[7:]}", f"+46 8 {s[1:4]} {s[4:7]} {s[7:]}", f"+46{s}", f"0{s}",
                f"031-{g[2:5]} {g[5:7]} {g[7:]}", f"+46 31 {g[2:5]} {g[5:7]} {g[7:]}",
                f"0470-{t[3:6]} {t[6:]}", f"0470-{t[3:5]} {t[5:7]} {t[7]}{draw(digits(1))}",
                f"+46 470 {t[3:6]} {t[6:]}",
            ]
        )
    )  # fmt: skip


@st.composite
def international_phones(draw: st.DrawFn) -> str:
    d = draw(digits(10))
    return draw(
        st.sampled_from(
            [
                f"+44 20 {d[:4]} {d[4:8]}", f"+1 (555) {d[:3]}-{d[3:7]}", f"+1 555 {d[:3]} {d[3:7]}",
                f"+358 40 {d[:3]} {d[3:7]}", f"0047 9{d[:2]} {d[2:4]} {d[4:7]}", f"+49 30 {d[:7]}",
                f"+33 6 {d[:2]} {d[2:4]} {d[4:6]} {d[6:8]}", f"+4791{d[:6]}",
                f"00{int(d[:2]) % 89 + 1}{d[2:10]}",  # a country code never starts with 0
            ]
        )
    )  # fmt: skip


phones = st.one_of(swedish_mobiles(), swedish_landlines(), international_phones())

# --- e-mail addresses -------------------------------------------------------------------------------------

# The filter reads ``& / = ?`` as the end of a query-string value, not as part of an address.
emails = st.emails().filter(lambda address: not set(address.partition("@")[0]) & set("&/=?"))

secrets = st.one_of(
    personal_numbers().map(lambda s: ("personnummer", s)),
    phones.map(lambda s: ("phone", s)),
    emails.map(lambda s: ("email", s)),
)

# --- ordinary text ----------------------------------------------------------------------------------------

words = st.from_regex(r"[A-Za-zÅÄÖåäöé]{1,12}", fullmatch=True)
ordinary_numbers = st.one_of(
    st.times().map(lambda t: f"{t:%H:%M}"),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)).map(date.isoformat),
    st.integers(0, 99_999).map(lambda n: f"{n} kr"),
    st.integers(1_000, 99_999).map(lambda n: f"{n:,} kr".replace(",", " ")),
    st.integers(0, 9_999).map(str),
    st.sampled_from(["112", "1177", "114 14", "3,5", "37.5", "12 %", "v. 47"]),
)
# Numbers stand apart: each follows a word, as they do in sentences and log lines.
ordinary_text = st.lists(
    st.tuples(
        words, st.one_of(st.just(""), ordinary_numbers), st.sampled_from([" ", ", ", ". ", ": ", "\n"])
    ),
    max_size=8,
).map(lambda parts: "".join(f"{word} {number}".rstrip() + end for word, number, end in parts))

BEFORE = [" ", ": ", "=", "(", "<", '"', "\n", "\t", ", ", " ["]
AFTER = [" ", ", ", ". ", ": ", ")", ">", '"', "\n", "&", "; ", "]"]


def is_digit(char: str) -> bool:
    return unicodedata.category(char) == "Nd"


no_digits_or_at = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Nd", "Cs"), exclude_characters="@")
)


@given(secrets, ordinary_text, ordinary_text, words, words, st.sampled_from(BEFORE), st.sampled_from(AFTER))
def test_personal_data_in_a_sentence_is_replaced_and_the_sentence_kept(
    secret, prefix, suffix, word_before, word_after, before, after
):
    """The value becomes one placeholder (a mobile number written as ten digits may be taken for an identity
    number: it is gone either way) and nothing around it changes."""
    kind, value = secret
    cleaned = redact(f"{prefix}{word_before}{before}{value}{after}{word_after} {suffix}")
    kept_before, kept_after = f"{prefix}{word_before}{before}", f"{after}{word_after} {suffix}"
    assert cleaned.startswith(kept_before) and cleaned.endswith(kept_after)
    placeholder = cleaned[len(kept_before) : len(cleaned) - len(kept_after)]
    if kind == "email":  # an opening quote stays, as it would around any address
        assert placeholder == ("'[email]" if value.startswith("'") and value[1] != "@" else "[email]")
    else:
        assert placeholder in set(TOKENS.values())


@given(secrets, no_digits_or_at, no_digits_or_at, st.sampled_from(BEFORE), st.sampled_from(AFTER))
def test_no_secret_digit_or_address_survives_in_any_surroundings(secret, prefix, suffix, before, after):
    kind, value = secret
    cleaned = redact(f"{prefix}{before}{value}{after}{suffix}")
    assert value not in cleaned
    assert not any(is_digit(char) for char in cleaned)
    assert "@" not in cleaned


@given(ordinary_text)
def test_ordinary_text_is_left_as_it_is(text):
    assert redact(text) == text


@given(
    st.one_of(
        st.text(),
        ordinary_text,
        st.lists(st.one_of(st.text(max_size=5), secrets.map(lambda s: s[1]))).map("".join),
    )
)
def test_redaction_is_idempotent(text):
    once = redact(text)
    assert redact(once) == once


@given(personal_numbers(), phones, emails)
def test_the_filter_redacts_the_formatted_message_and_its_arguments(pnr, phone, email):
    record = logging.LogRecord(
        "t", logging.INFO, __file__, 1, "sms from %s about %s to <%s>", (phone, pnr, email), None
    )
    assert RedactingFilter().filter(record) is True
    message = record.getMessage()
    assert re.fullmatch(rf"sms from {NUMBER} about {NUMBER} to <'?\[email\]>", message)
    assert logging.Formatter().format(record) == message

    mapping = logging.LogRecord(
        "t", logging.INFO, __file__, 1, "%(who)s: %(pnr)s", ({"who": email, "pnr": pnr},), None
    )
    RedactingFilter().filter(mapping)
    assert re.fullmatch(rf"'?\[email\]: {NUMBER}", mapping.getMessage())


@given(personal_numbers(), phones)
def test_the_filter_redacts_a_logged_exception_and_stack(pnr, phone):
    try:
        raise ValueError(f"no person with {pnr} at {phone}")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("t", logging.ERROR, __file__, 1, "lookup failed", (), exc_info)
    record.stack_info = f"Stack (most recent call last):\n  lookup({phone!r})"
    RedactingFilter().filter(record)
    written = logging.Formatter().format(record)
    assert re.search(rf"ValueError: no person with {NUMBER} at {NUMBER}\n", written)
    assert re.search(rf"lookup\('{NUMBER}'\)", written)
    assert pnr not in written and phone not in written


def test_a_record_whose_arguments_do_not_fit_is_still_cleaned():
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "pnr 19850312-1234 %s %s", ("one",), None)
    RedactingFilter().filter(record)
    assert "1234" not in str(record.msg)
