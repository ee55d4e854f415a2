"""Answers as people type and say them, and the messages when they do not fit."""

from __future__ import annotations

import pytest
from applications_factories import TODAY

from services.applications.answers import (
    ValidationError,
    format_answer,
    number_words,
    parse_amount,
    parse_answer,
    parse_boolean,
)
from services.applications.questionnaire import get_questionnaire


def item(service: str, link_id: str):  # type: ignore[no-untyped-def]
    return get_questionnaire(service).item(link_id)


def parse(service: str, link_id: str, text: str, lang: str = "sv"):  # type: ignore[no-untyped-def]
    return parse_answer(item(service, link_id), text, lang, today=TODAY)


@pytest.mark.parametrize(
    "text", ["ja", "Japp", "JA!", "yes", "1", "jo", "ja, varje vecka", "Yes please", "Okej"]
)
def test_yes(text):
    assert parse_boolean(text) is True
    assert parse("home_care", "relatives_help", text) is True


@pytest.mark.parametrize("text", ["nej", "Nä", "no", "2", "nope", "nej tack", "inte alls"])
def test_no(text):
    assert parse("home_care", "relatives_help", text) is False


@pytest.mark.parametrize("text", ["kanske", "kanske ja, kanske nej", "3", "", "   "])
def test_unclear_yes_no_is_reasked(text):
    error = parse("home_care", "relatives_help", text)
    assert error == ValidationError("Svara ja eller nej.")
    assert parse("home_care", "relatives_help", text, "en") == ValidationError("Answer yes or no.")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1", "alone"),
        ("alone", "alone"),
        ("Ensam", "alone"),
        ("jag bor ensam", "alone"),
        ("ENSAM", "alone"),
        ("ensm", "alone"),  # a typo
        ("med min fru", "partner"),
        ("sambo", "partner"),
        ("with my wife", "partner"),
        ("med barnen", "family"),
        ("4", "other"),
    ],
)
def test_single_choice_by_number_code_text_or_near_spelling(text, code):
    assert parse("home_care", "living", text) == code


def test_a_single_choice_out_of_range_or_unknown_is_reasked():
    assert parse("home_care", "living", "7") == ValidationError("Svara med en siffra från listan.")
    assert parse("home_care", "living", "på månen", "en") == ValidationError(
        "Answer with a number from the list."
    )


def test_a_single_choice_that_fits_two_options_asks_which():
    result = parse("home_care", "living", "ensam med sambo")
    assert isinstance(result, ValidationError) and result.message.startswith("Jag är inte säker")


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("1, 3", ["personal_care", "shopping"]),
        ("1 och 3", ["personal_care", "shopping"]),
        ("2 3 4", ["cleaning", "shopping", "meals"]),
        ("städning och inköp", ["cleaning", "shopping"]),
        ("stadning och inkop", ["cleaning", "shopping"]),  # SMS without å, ä, ö
        ("Städa, handla, laga mat", ["cleaning", "shopping", "meals"]),
        ("cleaning and shopping", ["cleaning", "shopping"]),
        ("trygghetslarm", ["safety_alarm"]),
        ("hjälp att duscha", ["personal_care"]),
        ("3, 1", ["personal_care", "shopping"]),  # kept in list order
    ],
)
def test_multiple_choice(text, codes):
    assert parse("home_care", "help_with", text) == codes


def test_multiple_choice_refuses_none_with_something_else_and_unknown_parts():
    result = parse("transport_service", "aids", "rullstol och inga hjälpmedel")
    assert result == ValidationError("Du kan inte välja inga hjälpmedel tillsammans med något annat.")
    assert parse("transport_service", "aids", "inga") == ["none"]
    assert parse("home_care", "help_with", "1, 9") == ValidationError(
        "Svara med en eller flera siffror från listan, till exempel 1, 3."
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2", 2),
        ("två", 2),
        ("tva", 2),
        ("two", 2),
        ("0", 0),
        ("inga", 0),
        ("none", 0),
        ("3 barn", 3),
        ("tolv", 12),
    ],
)
def test_integers(text, value):
    assert parse("financial_aid", "children", text) == value


def test_integers_out_of_range_say_the_range():
    assert parse("financial_aid", "adults", "0") == ValidationError("Skriv ett tal mellan 1 och 10.")
    assert parse("financial_aid", "adults", "11", "en") == ValidationError("Write a number between 1 and 10.")
    assert parse("financial_aid", "adults", "några") == ValidationError("Skriv ett tal, till exempel 2.")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4500", 4500),
        ("4 500 kr", 4500),
        ("4\u00a0500 kronor", 4500),
        ("4500:-", 4500),
        ("4500kr", 4500),
        ("4500,50", 4500.5),
        ("4500.50", 4500.5),
        ("4.500", 4500),
        ("SEK 4,500", 4500),
        ("12 500,75 kr", 12500.75),
        ("inget", 0),
        ("fyratusen", 4000),
        ("fyratusenfemhundra", 4500),
        ("four thousand five hundred", 4500),
        ("ca 5200 kr i månaden", 5200),
    ],
)
def test_amounts(text, value):
    assert parse_amount(text) == value
    assert parse("financial_aid", "rent", text) == value


@pytest.mark.parametrize("text", ["mycket", "-200", "4500 euro", "12,5,5"])
def test_amounts_that_do_not_parse_get_the_kronor_message(text):
    assert parse("financial_aid", "rent", text) == ValidationError(
        "Skriv beloppet i kronor, till exempel 4500."
    )
    assert parse("financial_aid", "rent", text, "en") == ValidationError(
        "Write the amount in kronor, for example 4500."
    )


def test_an_amount_above_the_limit_says_so():
    assert parse("financial_aid", "rent", "250000") == ValidationError("Skriv ett tal mellan 0 och 100000.")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2026-12-01", "2026-12-01"),
        ("20261201", "2026-12-01"),
        ("1 december", "2026-12-01"),
        ("1:a december", "2026-12-01"),
        ("den 1 dec", "2026-12-01"),
        ("December 1st", "2026-12-01"),
        ("1/12", "2026-12-01"),
        ("1/12 2026", "2026-12-01"),
        ("15 januari", "2027-01-15"),  # no year: the nearest one
        ("imorgon", "2026-11-21"),
        ("today", "2026-11-20"),
    ],
)
def test_dates(text, value):
    assert parse("home_care", "start_date", text) == value


def test_a_date_before_the_minimum_or_impossible_is_refused():
    assert parse("home_care", "start_date", "2026-10-01") == ValidationError(
        "Datumet kan inte vara före 20 november 2026."
    )
    assert parse("home_care", "start_date", "31 februari") == ValidationError(
        "Skriv ett datum, till exempel 1 december eller 2026-12-01."
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("december", "2026-12"),
        ("December", "2026-12"),
        ("dec 2026", "2026-12"),
        ("2026-12", "2026-12"),
        ("12/2026", "2026-12"),
        ("nästa månad", "2026-12"),
        ("nasta manad", "2026-12"),
        ("next month", "2026-12"),
        ("den här månaden", "2026-11"),
        ("januari", "2027-01"),
        ("för december", "2026-12"),
    ],
)
def test_months(text, value):
    assert parse("financial_aid", "month", text) == value


def test_a_month_that_is_not_one_is_reasked():
    assert parse("financial_aid", "month", "2026-13") == ValidationError(
        "Skriv en månad, till exempel december eller 2026-12."
    )


def test_free_text_keeps_the_words_and_limits_the_length():
    assert parse("financial_aid", "needs", "  Mat och hyra ") == "Mat och hyra"
    assert parse("financial_aid", "needs", "x" * 501) == ValidationError(
        "Det blev för långt. Skriv högst 500 tecken."
    )


def test_an_answer_that_must_be_yes():
    assert parse("home_care", "person_agreed", "ja") is True
    refused = parse("home_care", "person_agreed", "nej")
    assert isinstance(refused, ValidationError) and "Personen måste säga ja först" in refused.message


def test_number_words():
    assert number_words("tjugotre") == 23
    assert number_words("ettusen") == 1000
    assert number_words("hello") is None


def test_answers_are_said_back_in_easy_words():
    assert format_answer(item("financial_aid", "rent"), 4500.5, "sv") == "4 500,50 kr"
    assert format_answer(item("financial_aid", "rent"), 4500, "en") == "4,500 kronor"
    assert format_answer(item("financial_aid", "month"), "2026-12", "sv") == "december 2026"
    assert format_answer(item("home_care", "start_date"), "2026-12-01", "en") == "1 December 2026"
    assert format_answer(item("home_care", "help_with"), ["cleaning", "meals"], "sv") == "Städning, Mat"
    assert format_answer(item("home_care", "relatives_help"), True, "en") == "Yes"
    assert format_answer(item("home_care", "other_info"), None, "sv") == "Inget svar"
