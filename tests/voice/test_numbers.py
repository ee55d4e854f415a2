import pytest

from voice.numbers import cardinal, digits, ordinal, year


@pytest.mark.parametrize(
    ("number", "swedish", "english"),
    [
        (0, "noll", "zero"),
        (7, "sju", "seven"),
        (21, "tjugoett", "twenty-one"),
        (100, "hundra", "one hundred"),
        (105, "hundrafem", "one hundred and five"),
        (123, "hundratjugotre", "one hundred and twenty-three"),
        (1000, "tusen", "one thousand"),
        (1177, "tusen hundrasjuttiosju", "one thousand one hundred and seventy-seven"),
        (4500, "fyratusen femhundra", "four thousand five hundred"),
        (21_005, "tjugoettusen fem", "twenty-one thousand and five"),
        (1_000_000, "en miljon", "one million"),
        (2_300_000, "två miljoner trehundratusen", "two million three hundred thousand"),
    ],
)
def test_cardinal(number: int, swedish: str, english: str) -> None:
    assert cardinal(number, "sv") == swedish
    assert cardinal(number, "en") == english


@pytest.mark.parametrize(
    ("number", "swedish", "english"),
    [(1, "första", "first"), (2, "andra", "second"), (3, "tredje", "third"), (12, "tolfte", "twelfth"),
     (20, "tjugonde", "twentieth"), (21, "tjugoförsta", "twenty-first"), (30, "trettionde", "thirtieth"),
     (31, "trettioförsta", "thirty-first")],
)  # fmt: skip
def test_ordinal(number: int, swedish: str, english: str) -> None:
    assert ordinal(number, "sv") == swedish
    assert ordinal(number, "en") == english


def test_year_and_digits() -> None:
    assert year(2026, "sv") == "tjugotjugosex"
    assert year(2026, "en") == "twenty twenty-six"
    assert year(2005, "sv") == "tvåtusenfem"
    assert year(2005, "en") == "two thousand and five"
    assert year(1999, "en") == "nineteen ninety-nine"
    assert digits("070", "sv") == "noll sju noll"
    assert digits("46", "en") == "four six"


def test_out_of_range() -> None:
    with pytest.raises(ValueError):
        cardinal(-1, "sv")
