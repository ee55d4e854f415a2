from datetime import date

import pytest

from voice.prepare import choices_sentence, prepare

TODAY = date(2026, 5, 4)


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Kom kl. 14:30.", "Kom klockan fjorton och trettio."),
        ("Öppet 08.00–16.30", "Öppet åtta till sexton och trettio"),
        ("Din tid är 2026-12-01.", "Din tid är första december."),
        ("Den 3 maj 2027", "Den tredje maj tjugotjugosju"),
        ("Det kostar 4 500 kr.", "Det kostar fyratusen femhundra kronor."),
        ("1 kr och 12,50 kr", "en krona och tolv kronor och femtio öre"),
        ("Ring 112 eller 1177.", "Ring ett ett två eller elva sjuttiosju."),
        ("Ring 113 13", "Ring ett ett tre, ett tre"),
        ("Ring 08-123 456 78", "Ring noll åtta, ett två tre, fyra fem sex, sju åtta"),
        ("+46 70 123 45 67", "plus fyra sex, sju noll, ett två tre, fyra fem, sex sju"),
        (
            "T.ex. feber, bl.a. ca 38,5 grader",
            "till exempel feber, bland annat cirka trettioåtta komma fem grader",
        ),
        ("Vänta 3 dagar", "Vänta tre dagar"),
        ("20 % av 1 000 000", "tjugo procent av en miljon"),
    ],
)
def test_swedish(text: str, spoken: str) -> None:
    assert prepare(text, "sv", today=TODAY) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("Come at 14:30.", "Come at two thirty p.m."),
        ("At 09:05 or 12:00 or 00:00", "At nine oh five a.m. or twelve noon or midnight"),
        ("Open 08:00-16:30", "Open eight a.m. to four thirty p.m."),
        ("Your time is 2026-12-01", "Your time is the first of December"),
        ("On 21 December 2027", "On the twenty-first of December twenty twenty-seven"),
        ("It costs 4 500 kr", "It costs four thousand five hundred kronor"),
        ("Call 112 or 1177", "Call one one two or eleven seventy-seven"),
        ("Call 070-123 45 67", "Call zero seven zero, one two three, four five, six seven"),
        (
            "Rest, e.g. 2 days, about 37.5 degrees",
            "Rest, for example two days, about thirty-seven point five degrees",
        ),
    ],
)
def test_english(text: str, spoken: str) -> None:
    assert prepare(text, "en", today=TODAY) == spoken


def test_an_invalid_date_is_not_read_as_a_date() -> None:
    assert "december" not in prepare("2026-13-45", "sv", today=TODAY)


def test_choices_sentence() -> None:
    assert choices_sentence(["Boka tid", "Avboka."], "sv") == "Tryck 1 för boka tid. Tryck 2 för avboka."
    assert choices_sentence(["Book", "BankID"], "en") == "Press 1 for book. Press 2 for BankID."
    assert prepare(choices_sentence(["Ja", "Nej"], "sv"), "sv") == "Tryck ett för ja. Tryck två för nej."
