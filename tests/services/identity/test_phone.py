from __future__ import annotations

import pytest

from services.identity.phone import InvalidPhoneNumber, mask_phone, normalise_mobile


@pytest.mark.parametrize(
    "text",
    [
        "070-174 06 05",
        "0701740605",
        "+46 70 174 06 05",
        "+46701740605",
        "0046701740605",
        "46701740605",
        "+46 (0)70-174 06 05",
    ],
)
def test_swedish_mobile_numbers_become_e164(text):
    assert normalise_mobile(text) == "+46701740605"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("08-465 004 01", "not_mobile"),
        ("+4471234567890", "not_mobile"),
        ("hello", "format"),
        ("070-12", "format"),
        ("", "format"),
    ],
)
def test_other_numbers_are_refused_with_a_reason(text, kind):
    with pytest.raises(InvalidPhoneNumber) as caught:
        normalise_mobile(text)
    assert caught.value.kind == kind


def test_masking_keeps_only_the_series_and_the_last_two_digits():
    assert mask_phone("+46701740605") == "+4670*****05"
