from __future__ import annotations

from datetime import date

import pytest

from services.identity.personnummer import (
    InvalidPersonalNumber,
    is_valid_personal_number,
    parse_personal_number,
)

TODAY = date(2025, 3, 12)


@pytest.mark.parametrize(
    "text, canonical, born",
    [
        ("811218-9876", "198112189876", date(1981, 12, 18)),
        ("8112189876", "198112189876", date(1981, 12, 18)),
        ("19811218-9876", "198112189876", date(1981, 12, 18)),
        ("198112189876", "198112189876", date(1981, 12, 18)),
        (" 811218 - 9876 ", "198112189876", date(1981, 12, 18)),
        ("121212-1212", "201212121212", date(2012, 12, 12)),
        ("121212+1212", "191212121212", date(1912, 12, 12)),  # "+": a hundred years or older
        ("000229-1235", "200002291235", date(2000, 2, 29)),
    ],
)
def test_valid_personal_numbers_in_10_and_12_digits(text, canonical, born):
    number = parse_personal_number(text, today=TODAY)
    assert (number.canonical, number.birth_date, number.is_coordination_number) == (canonical, born, False)


def test_a_coordination_number_has_sixty_added_to_the_day():
    number = parse_personal_number("701063-2391", today=TODAY)
    assert number.is_coordination_number and number.birth_date == date(1970, 10, 3)
    assert number.canonical == "197010632391"


@pytest.mark.parametrize("text", ["811218-9875", "8112189870", "19811218-9871", "701063-2390"])
def test_a_wrong_check_digit_is_refused(text):
    with pytest.raises(InvalidPersonalNumber) as caught:
        parse_personal_number(text, today=TODAY)
    assert caught.value.kind == "checksum"


@pytest.mark.parametrize(
    "text",
    [
        "010229-1234",  # 29 February 2001 did not exist
        "811232-1230",  # day 32
        "811292-1237",  # coordination number for day 32
        "20300101-0002",  # born in the future
    ],
)
def test_an_impossible_date_is_refused(text):
    with pytest.raises(InvalidPersonalNumber) as caught:
        parse_personal_number(text, today=TODAY)
    assert caught.value.kind in ("date", "checksum")
    assert not is_valid_personal_number(text, today=TODAY)


def test_the_impossible_dates_have_correct_check_digits_so_the_date_rule_is_what_refuses_them():
    for text in ("010229-1234", "811232-1230", "811292-1237", "20300101-0002"):
        with pytest.raises(InvalidPersonalNumber) as caught:
            parse_personal_number(text, today=TODAY)
        assert caught.value.kind == "date"


@pytest.mark.parametrize("text", ["", "abc", "81121-9876", "811218-98765", "19811218+9876", "811218/9876"])
def test_other_text_is_a_format_error(text):
    with pytest.raises(InvalidPersonalNumber) as caught:
        parse_personal_number(text, today=TODAY)
    assert caught.value.kind == "format"


def test_the_number_only_shows_masked():
    number = parse_personal_number("811218-9876", today=TODAY)
    assert number.masked == "19811218-****"
    assert "9876" not in repr(number) and "9876" not in str(number)
