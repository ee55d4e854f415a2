from __future__ import annotations

import pytest

from services.replies import NO, UNKNOWN, YES, parse_age, parse_yes_no


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ja", YES), ("Ja, det gör ont", YES), ("japp", YES), ("Yes.", YES), ("nej", NO), ("nä", NO),
     ("No thanks", NO), ("vet inte", UNKNOWN), ("jag vet inte", UNKNOWN), ("I don't know", UNKNOWN),
     ("kanske", UNKNOWN), ("blå", None), ("", None), ("nejlika", None)],
)  # fmt: skip
def test_yes_no(text, expected):
    assert parse_yes_no(text) == expected


@pytest.mark.parametrize(
    ("text", "years"),
    [("45", 45.0), ("2 år", 2.0), ("6 veckor", 0.115), ("8 månader", 0.667), ("6 months", 0.5),
     ("tre år", 3.0), ("hon är 85 år", 85.0), ("ett halvår", None), ("gammal", None), ("200", None)],
)  # fmt: skip
def test_age(text, years):
    assert parse_age(text) == years
