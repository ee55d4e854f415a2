import pytest

from services.triage.nlp import (
    extract,
    normalize,
    parse_age,
    parse_duration,
    parse_subject,
    parse_temperature,
)


@pytest.mark.parametrize(
    ("text", "lang", "finding"),
    [
        ("ingen feber", "sv", "area:fever_adult"),
        ("inte andfådd", "sv", "short_of_breath"),
        ("inga bröstsmärtor", "sv", "area:chest_pain"),
        ("jag har inte ont i bröstet", "sv", "area:chest_pain"),
        ("not short of breath", "en", "short_of_breath"),
        ("no fever", "en", "area:fever_adult"),
        ("I don't have chest pain", "en", "area:chest_pain"),
        ("denies chest pain", "en", "area:chest_pain"),
    ],
)
def test_negated_mentions_are_negated_not_present(text, lang, finding):
    ex = extract(text, lang)
    assert finding in ex.negated
    assert finding not in ex.present


@pytest.mark.parametrize(
    ("text", "lang", "finding"),
    [
        ("ingen feber men ont i bröstet", "sv", "area:chest_pain"),
        ("no fever but chest pain", "en", "area:chest_pain"),
        ("inte feber, andfådd", "sv", "short_of_breath"),
        ("kan inte andas", "sv", "cannot_breathe"),
        ("cant breathe", "en", "cannot_breathe"),
        ("ont i huvet", "sv", "area:headache"),
        ("bröstsmärta", "sv", "area:chest_pain"),
        ("huvudvärken", "sv", "area:headache"),
        ("magont", "sv", "area:abdominal_pain"),
        ("ont i magen", "sv", "area:abdominal_pain"),
        ("andfadd", "sv", "short_of_breath"),
        ("sore throat", "en", "area:sore_throat"),
        ("the vomiting won't stop", "en", "vomiting_any"),
    ],
)
def test_affirmed_mentions_are_found(text, lang, finding):
    assert finding in extract(text, lang).present


@pytest.mark.parametrize(
    ("text", "subject", "age"),
    [
        ("min son på 2 år har feber", "child", 2.0),
        ("my 6 week old has a fever", "child", 6 * 7 / 365),
        ("min mamma 85 år har ramlat", "other", 85.0),
        ("min dotter är 3 månader", "child", 0.25),
        ("48-year-old female", "self", 48.0),
        ("jag är 45 år och har ont i ryggen", "self", 45.0),
        ("i'm 30 and have a cough", "self", 30.0),
        ("ont i halsen", "self", None),
        ("jag har haft ont i 2 år", "self", None),
    ],
)
def test_subject_and_age(text, subject, age):
    norm = normalize(text, "sv")
    assert parse_subject(norm) == subject
    got = parse_age(norm)
    assert got == pytest.approx(age, abs=0.01) if age is not None else got is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("sedan i förrgår", 2),
        ("sedan igår", 1),
        ("i tre veckor", 21),
        ("for three weeks", 21),
        ("since yesterday", 1),
        ("for 3 days", 3),
        ("i två månader", 60.875),
        ("hosta i 10 dagar", 10),
        ("ont i halsen", None),
    ],
)
def test_duration(text, days):
    got = parse_duration(normalize(text, "sv"))
    assert got == pytest.approx(days) if days is not None else got is None


@pytest.mark.parametrize(
    ("text", "temp"),
    [
        ("feber 39,5", 39.5),
        ("temp 38.5", 38.5),
        ("fever of 101 F", 38.3),
        ("temperature 104", 40.0),
        ("38,2 grader", 38.2),
        ("jag är 39 år", None),
        ("boka tid 12.30", None),
        ("ont i halsen", None),
    ],
)
def test_temperature(text, temp):
    got = parse_temperature(normalize(text, "sv"))
    assert got == pytest.approx(temp, abs=0.05) if temp is not None else got is None


@pytest.mark.parametrize(
    ("text", "lang", "days"),
    [
        ("ont i höften sedan ett halvår", "sv", 182.0),
        ("hör sämre det senaste året", "sv", 365.0),
        ("short of breath over the last couple of months", "en", 60.875),
        ("ont i magen till och från", "sv", 14.0),
        ("cough for a few days", "en", 3.0),
    ],
)
def test_more_duration_phrases(text, lang, days):
    assert parse_duration(normalize(text, lang)) == pytest.approx(days)


def test_stems_do_not_swallow_other_words():
    ex = extract("ont i halsen", "sv")
    assert "area:sore_throat" in ex.present
    assert "area:joint_pain" not in ex.present


def test_sms_compound_is_split():
    assert "area:genital_sti" in extract("plötsligt jätteont i pungen", "sv").present
