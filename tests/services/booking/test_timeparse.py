from __future__ import annotations

from datetime import date, datetime

import pytest

from services.booking import TimeInPast, parse_when
from services.booking.timeutil import LOCAL_TZ

NOW = datetime(2025, 3, 12, 10, 0, tzinfo=LOCAL_TZ)  # a Wednesday
H = 60


def _window(text: str, lang: str):  # type: ignore[no-untyped-def]
    window = parse_when(text, lang, NOW)
    assert window is not None, text
    return window.start.date(), window.end.date(), window.from_minute, window.until_minute


@pytest.mark.parametrize(
    "text, expected",
    [
        ("imorgon förmiddag", (date(2025, 3, 13), date(2025, 3, 14), 7 * H, 12 * H)),
        ("i morgon bitti", (date(2025, 3, 13), date(2025, 3, 14), 7 * H, 10 * H)),
        ("nästa fredag", (date(2025, 3, 21), date(2025, 3, 22), None, None)),
        ("på fredag", (date(2025, 3, 14), date(2025, 3, 15), None, None)),
        ("på torsdag eftermiddag", (date(2025, 3, 13), date(2025, 3, 14), 12 * H, 17 * H)),
        ("tisdag nästa vecka", (date(2025, 3, 18), date(2025, 3, 19), None, None)),
        ("i eftermiddag", (date(2025, 3, 12), date(2025, 3, 13), 12 * H, 17 * H)),
        ("ikväll", (date(2025, 3, 12), date(2025, 3, 13), 17 * H, 22 * H)),
        ("i övermorgon", (date(2025, 3, 14), date(2025, 3, 15), None, None)),
        ("overmorgon", (date(2025, 3, 14), date(2025, 3, 15), None, None)),
        ("nästa vecka", (date(2025, 3, 17), date(2025, 3, 24), None, None)),
        ("vecka 13", (date(2025, 3, 24), date(2025, 3, 31), None, None)),
        ("den 20:e", (date(2025, 3, 20), date(2025, 3, 21), None, None)),
        ("14 mars", (date(2025, 3, 14), date(2025, 3, 15), None, None)),
        ("20/3 före 10", (date(2025, 3, 20), date(2025, 3, 21), None, 10 * H)),
        ("fredag kl 14", (date(2025, 3, 14), date(2025, 3, 15), 14 * H, 15 * H)),
        ("imorgon 8.30", (date(2025, 3, 13), date(2025, 3, 14), 8 * H + 30, 9 * H + 30)),
        ("måndag efter lunch", (date(2025, 3, 17), date(2025, 3, 18), 13 * H, None)),
        ("om 3 dagar", (date(2025, 3, 15), date(2025, 3, 16), None, None)),
        ("i helgen", (date(2025, 3, 15), date(2025, 3, 17), None, None)),
    ],
)
def test_swedish(text, expected):
    assert _window(text, "sv") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("next Tuesday morning", (date(2025, 3, 18), date(2025, 3, 19), 7 * H, 12 * H)),
        ("tomorrow after 3pm", (date(2025, 3, 13), date(2025, 3, 14), 15 * H, None)),
        ("tomorrow after 3", (date(2025, 3, 13), date(2025, 3, 14), 15 * H, None)),
        ("on Friday at 2:30 pm", (date(2025, 3, 14), date(2025, 3, 15), 14 * H + 30, 15 * H + 30)),
        ("sat morning", (date(2025, 3, 15), date(2025, 3, 16), 7 * H, 12 * H)),
        ("tonight", (date(2025, 3, 12), date(2025, 3, 13), 17 * H, 22 * H)),
        ("the day after tomorrow", (date(2025, 3, 14), date(2025, 3, 15), None, None)),
        ("March 20", (date(2025, 3, 20), date(2025, 3, 21), None, None)),
        ("20th of March before 11am", (date(2025, 3, 20), date(2025, 3, 21), None, 11 * H)),
        ("in two weeks", (date(2025, 3, 26), date(2025, 3, 27), None, None)),
        ("next week in the afternoon", (date(2025, 3, 17), date(2025, 3, 24), 12 * H, 17 * H)),
    ],
)
def test_english(text, expected):
    assert _window(text, "en") == expected


@pytest.mark.parametrize("text, lang", [("efter 15", "sv"), ("after 3pm", "en"), ("snarast", "sv")])
def test_a_time_without_a_day_searches_the_coming_weeks(text, lang):
    window = parse_when(text, lang, NOW)
    assert window.start == NOW and (window.end - NOW).days == 28
    assert window.from_minute in (15 * H, None)


def test_accents_may_be_left_out_as_in_many_text_messages():
    assert _window("nasta fredag formiddag", "sv") == _window("nästa fredag förmiddag", "sv")


@pytest.mark.parametrize("text, lang", [("hej", "sv"), ("I have a headache", "en"), ("", "sv")])
def test_no_time_gives_none(text, lang):
    assert parse_when(text, lang, NOW) is None


@pytest.mark.parametrize(
    "text, lang",
    [("igår", "sv"), ("yesterday", "en"), ("10 mars", "sv"), ("idag kl 8", "sv"), ("today before 9", "en")],
)
def test_a_time_in_the_past_is_a_clear_error(text, lang):
    with pytest.raises(TimeInPast) as caught:
        parse_when(text, lang, NOW)
    assert caught.value.kind == "time_in_past"


def test_contains_checks_the_day_and_the_part_of_day():
    window = parse_when("imorgon förmiddag", "sv", NOW)
    assert window.contains(datetime(2025, 3, 13, 9, 0, tzinfo=LOCAL_TZ))
    assert not window.contains(datetime(2025, 3, 13, 13, 0, tzinfo=LOCAL_TZ))
    assert not window.contains(datetime(2025, 3, 14, 9, 0, tzinfo=LOCAL_TZ))
