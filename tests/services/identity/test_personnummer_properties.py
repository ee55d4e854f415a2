"""Properties of the personnummer validator over generated numbers, written every way it accepts them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.identity.personnummer import (
    OLDEST_AGE_YEARS,
    InvalidPersonalNumber,
    PersonalNumber,
    is_valid_personal_number,
    luhn_check_digit,
    parse_personal_number,
)

TODAY = date(2026, 11, 24)
OLDEST = date(TODAY.year - OLDEST_AGE_YEARS, 1, 1)
SPACES = st.sampled_from([" ", "  ", "\t", "\u00a0", "\u2009"])


@dataclass(frozen=True)
class Person:
    born: date
    serial: str  # three digits
    coordination: bool

    @property
    def day(self) -> str:
        return f"{self.born.day + (60 if self.coordination else 0):02d}"

    @property
    def ten(self) -> str:
        """YYMMDDNNNC: the digits the Luhn check covers, and the check digit."""
        nine = f"{self.born:%y%m}{self.day}{self.serial}"
        return nine + str(luhn_check_digit(nine))

    @property
    def canonical(self) -> str:
        return f"{self.born.year:04d}{self.ten[2:]}"

    @property
    def hundred_or_older(self) -> bool:
        return (TODAY.year - self.born.year, TODAY.month, TODAY.day) >= (100, self.born.month, self.born.day)


people = st.builds(
    Person,
    born=st.dates(min_value=OLDEST, max_value=TODAY),
    serial=st.integers(0, 999).map(lambda n: f"{n:03d}"),
    coordination=st.booleans(),
)


@st.composite
def written(draw: st.DrawFn, person: Person) -> str:
    """One of the ways people write the number: 10 or 12 digits, with or without a separator, spaced."""
    short_separator = "+" if person.hundred_or_older else draw(st.sampled_from(["-", ""]))
    if person.hundred_or_older:  # the ten-digit form needs its "+"; twelve digits never have one
        forms = [
            f"{person.ten[:6]}+{person.ten[6:]}",
            person.canonical,
            f"{person.canonical[:8]}-{person.ten[6:]}",
        ]
    else:
        forms = [
            f"{person.ten[:6]}{short_separator}{person.ten[6:]}",
            person.canonical,
            f"{person.canonical[:8]}-{person.ten[6:]}",
        ]
    text = draw(st.sampled_from(forms))
    # Whitespace anywhere: before, after, between any two characters.
    positions = draw(st.lists(st.integers(0, len(text)), max_size=4, unique=True))
    for position in sorted(positions, reverse=True):
        text = text[:position] + draw(SPACES) + text[position:]
    return text


def parse(text: str) -> PersonalNumber:
    return parse_personal_number(text, today=TODAY)


@given(st.data(), people)
def test_every_accepted_form_of_a_valid_number_is_the_same_person(data: st.DataObject, person: Person):
    text = data.draw(written(person), label="written")
    number = parse(text)
    assert number.canonical == person.canonical
    assert number.birth_date == person.born
    assert number.is_coordination_number == person.coordination
    assert is_valid_personal_number(text, today=TODAY)


@given(people, st.sampled_from(["\uff10", "\u0660", "\u06f0", "\u0966"]))
def test_digits_of_other_scripts_are_the_same_person(person: Person, zero: str):
    """Full-width or Arabic-Indic digits (a phone keyboard's) must not make a second identity."""
    other_script = person.canonical.translate({ord("0") + i: chr(ord(zero) + i) for i in range(10)})
    assert parse(other_script).canonical == person.canonical


@given(people)
def test_the_normalised_form_parses_back_to_itself(person: Person):
    number = parse(f"{person.ten[:6]}{'+' if person.hundred_or_older else '-'}{person.ten[6:]}")
    again = parse(number.canonical)
    assert again == number
    assert number.canonical.isascii() and number.canonical.isdigit() and len(number.canonical) == 12


@given(people, st.integers(0, 9), st.integers(1, 9))
def test_any_single_digit_change_is_refused_by_the_check_digit(person: Person, index: int, step: int):
    """Luhn catches every single wrong digit, wherever it is and whatever the date it makes."""
    changed = list(person.ten)
    changed[index] = str((int(changed[index]) + step) % 10)
    century = person.canonical[:2]
    for text in ("".join(changed), century + "".join(changed)):
        try:
            parse(text)
        except InvalidPersonalNumber as refused:
            assert refused.kind == "checksum"
        else:
            raise AssertionError(f"a mistyped number was accepted: position {index}")


@given(people, st.integers(0, 1), st.integers(1, 9))
def test_a_changed_century_is_never_the_same_person(person: Person, index: int, step: int):
    """The check digit does not cover the century: a wrong one is refused or is another birth date."""
    century = list(person.canonical[:2])
    century[index] = str((int(century[index]) + step) % 10)
    try:
        number = parse("".join(century) + person.ten)
    except InvalidPersonalNumber as refused:
        assert refused.kind == "date"
    else:
        assert number.birth_date != person.born and number.canonical != person.canonical


@given(st.one_of(st.text(), st.text(alphabet="0123456789-+ \t\n٠١٢٣٤٥٦٧٨٩０１２３４５６７８９", max_size=16)))
def test_arbitrary_text_is_either_a_number_or_the_modules_own_error(text: str):
    try:
        number = parse(text)
    except InvalidPersonalNumber as refused:
        assert refused.kind in ("format", "checksum", "date")
        assert not is_valid_personal_number(text, today=TODAY)
    else:
        assert OLDEST <= number.birth_date <= TODAY
        assert number.canonical.isascii() and len(number.canonical) == 12


@given(st.data(), people)
def test_repr_str_and_masked_never_show_the_number(data: st.DataObject, person: Person):
    number = parse(data.draw(written(person), label="written"))
    last_four = person.ten[6:]
    for shown in (repr(number), str(number), number.masked, f"{number}", f"{[number]}"):
        assert last_four not in shown.replace("-", "")
        assert person.canonical not in shown and person.ten not in shown
    assert number.masked == f"{person.canonical[:8]}-****"


def test_the_oldest_possible_person_is_accepted_and_one_day_older_is_not():
    oldest = Person(born=OLDEST, serial="123", coordination=False)
    assert parse(oldest.canonical).birth_date == OLDEST
    older = Person(born=OLDEST - timedelta(days=1), serial="123", coordination=False)
    try:
        parse(older.canonical)
    except InvalidPersonalNumber as refused:
        assert refused.kind == "date"
    else:
        raise AssertionError("a birth date more than 130 years ago was accepted")


@given(people)
def test_someone_born_in_the_future_is_refused(person: Person):
    future = Person(born=TODAY + (TODAY - person.born) + timedelta(days=1), serial="000", coordination=False)
    try:
        parse(future.canonical)
    except InvalidPersonalNumber as refused:
        assert refused.kind == "date"
    else:
        raise AssertionError("a birth date in the future was accepted")
