import re
import time

import pytest

from services.triage import BENCHMARK, LEVELS, assess, render_disposition, screen_emergency
from services.triage.engine import vital_facts
from services.triage.knowledge import load_knowledge
from tests.services.triage.conftest import BLIND_SETS

# Measured on our own cases (bench/triage.py): 99.3% exact on the benchmark scale. Keep a small margin.
DEV_ACCURACY_FLOOR = 0.97


def missed_emergencies(cases: list[dict]) -> list[tuple]:
    """The emergency cases the engine puts below an emergency level (none may be)."""
    missed = []
    for case in cases:
        if case["expected"] in ("emergency_call", "emergency_visit"):
            result = assess(case["text"], case["lang"], case["age_years"], case["sex"])
            if result.benchmark_level != "emergency":
                missed.append((case["id"], case["text"], result.level))
    return missed


def accuracy(cases: list[dict]) -> float:
    """Share of cases at the expected level, on the benchmark scale."""
    correct = sum(
        assess(c["text"], c["lang"], c["age_years"], c["sex"]).benchmark_level == BENCHMARK[c["expected"]]
        for c in cases
    )
    return correct / len(cases)


def test_every_emergency_dev_case_is_at_an_emergency_level(dev_cases):
    missed = missed_emergencies(dev_cases)
    assert not missed, missed


def test_dev_set_accuracy_does_not_fall(dev_cases):
    assert len(dev_cases) >= 150
    assert accuracy(dev_cases) >= DEV_ACCURACY_FLOOR


def test_dev_set_covers_every_level_and_both_languages(dev_cases):
    assert {c["expected"] for c in dev_cases} == set(LEVELS)
    assert {c["lang"] for c in dev_cases} == {"sv", "en"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Jag har svårt att andas och ont i bröstet", "sv"),
        ("kan inte andas", "sv"),
        ("min pappa sluddrar och ena sidan av ansiktet hänger", "sv"),
        ("hon går inte att väcka", "sv"),
        ("I can't breathe", "en"),
        ("chest pain spreading to my left arm", "en"),
        ("worst headache of my life", "en"),
    ],
)
def test_screen_emergency_fires_on_clear_emergencies(text, lang):
    result = screen_emergency(text, lang)
    assert result is not None and result.kind == "general" and result.reasons


@pytest.mark.parametrize(
    ("text", "lang", "kind"),
    [
        ("jag tänker ta livet av mig", "sv", "suicide"),
        ("I want to kill myself, I have a plan", "en", "suicide"),
        ("min son har tagit för många tabletter och är svår att väcka", "sv", "poisoning"),
    ],
)
def test_screen_emergency_kind(text, lang, kind):
    assert screen_emergency(text, lang).kind == kind


ORDINARY = [
    "hej",
    "Hej!",
    "ja",
    "nej",
    "tack",
    "jag vill boka en tid",
    "avboka min tid",
    "kan jag flytta min tid till tisdag?",
    "12",
    "1",
    "2",
    "3",
    "19900101-1234",
    "2024-05-12",
    "kl 14.30",
    "500 kr",
    "ekonomiskt bistånd",
    "jag vill ansöka om hemtjänst",
    "vad har jag för tider?",
    "inga bröstsmärtor",
    "ingen andnöd",
    "inte andfådd",
    "jag har inte ont i bröstet",
    "hello",
    "yes",
    "no",
    "I want to book an appointment",
    "cancel my booking",
    "no chest pain",
    "not short of breath",
    "thanks, bye",
    "38 år",
    "hur mår du?",
    "färdtjänst",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_screen_emergency_stays_quiet_on_ordinary_messages(text):
    assert screen_emergency(text, "sv") is None
    assert screen_emergency(text, "en") is None


# Everyday words that once read as a red flag: each would have sent someone to 112 for nothing.
NOT_CALLS = [
    ("Magen växlar mellan diarré och förstoppning, blir uppblåst och får kramp. Vaknar inte av det.", "sv"),
    ("Det går runt på jobbet, jag har feber och ont i kroppen", "sv"),
    ("Skar mig på en spik i trädgården igår, nu är det lite rött runt såret", "sv"),
    ("Mensvärk som vanligt, kramp i underlivet första dagen", "sv"),
    ("Känner att hjärtat hoppar över ett slag ibland. Ingen bröstsmärta, svimmar inte.", "sv"),
    ("My son has been limping since this morning, he has a low fever and had a cold last week", "en"),
    ("My hand was numb when I woke up. I had slept with my arm under my pillow. It is fine now.", "en"),
    (
        "Woke up with my face drooping on the right, forehead also weak, can't close the eye, arms normal",
        "en",
    ),
    ("I'm sweaty and out of breath after running up the stairs at the gym", "en"),
    ("Every spring my eyes itch and my nose runs when the birch trees bloom", "en"),
]


@pytest.mark.parametrize(("text", "lang"), NOT_CALLS)
def test_everyday_words_that_once_misfired_do_not_call_112(text, lang):
    assert assess(text, lang).level != "emergency_call"


def test_unknown_is_not_no_and_answers_change_the_level():
    first = assess("ont i bröstet", "sv", age_years=55)
    assert first.level == "emergency_visit"
    ids = [q.id for q in first.questions]
    assert "radiating_pain" in ids
    raised = assess("ont i bröstet", "sv", age_years=55, answers={"radiating_pain": True})
    assert raised.level == "emergency_call"
    dont_know = assess("ont i bröstet", "sv", age_years=55, answers={"radiating_pain": None})
    assert dont_know.level == "emergency_visit"


def test_denying_red_flags_lowers_only_when_all_are_denied():
    text = "chest hurts when I press on it"
    base = assess(text, "en", age_years=25)
    assert base.level == "emergency_visit"
    partial = assess(text, "en", age_years=25, answers={"radiating_pain": False})
    assert partial.level == "emergency_visit"
    settled = assess(
        text,
        "en",
        age_years=25,
        answers={"radiating_pain": False, "cold_sweat": False, "short_of_breath": False},
    )
    assert settled.level == "same_day"


def test_child_fever_asks_age_first_and_age_decides():
    result = assess("mitt barn har feber", "sv")
    assert result.subject == "child"
    assert result.questions and result.questions[0].kind == "age"
    assert assess("mitt barn har feber", "sv", age_years=0.1).level == "emergency_visit"
    assert assess("mitt barn har feber", "sv", age_years=4).level == "self_care"
    drowsy = assess("mitt barn har feber", "sv", age_years=4, answers={"drowsy": True})
    assert drowsy.level == "emergency_visit"


def test_reasons_and_advice_follow_the_language():
    sv = assess("ont i halsen sedan igår", "sv")
    en = assess("sore throat since yesterday", "en")
    assert sv.level == en.level == "self_care"
    assert sv.advice and en.advice and sv.advice != en.advice
    assert sv.safety_net and en.safety_net


def test_a_stated_finding_cancels_others_but_not_a_measured_temperature():
    passed = assess(
        "sore throat and runny nose for three days, I had a fever the first day but it's gone", "en"
    )
    assert passed.level == "self_care"
    gone = assess("cough for five days, I had a fever but it's gone", "en", age_years=30)
    measured = assess(
        "cough for five days, I had a fever but it's gone, temp 39.4 tonight", "en", age_years=30
    )
    assert gone.level == "self_care" and measured.level == "same_day"
    negative = assess("inte fått mens på 4 månader, negativt graviditetstest", "sv", age_years=24, sex="F")
    assert "pregnancy" not in negative.areas and negative.level == "routine"


def test_an_area_for_one_sex_is_left_out_for_the_other():
    # "cramps", alone, is not a period ("cramps in my calves"); "period pain" is, unless the person is male.
    text = "period pain and loose stools since last night"
    boy = assess(text, "en", age_years=12, sex="M")
    unknown = assess(text, "en", age_years=12)
    assert "menstrual" not in boy.areas and "menstrual" in unknown.areas
    assert "menstrual" not in assess("cramps in my calves at night", "en", age_years=34).areas


def test_risk_modifiers_raise_the_level():
    assert assess("feber sedan igår", "sv", age_years=40).level == "self_care"
    assert assess("feber sedan igår, får cellgifter", "sv", age_years=40).level == "emergency_visit"
    # Malaria must be ruled out within hours; travel elsewhere still means "today".
    assert (
        assess("fever since yesterday, just back from a trip to Africa", "en", age_years=40).level
        == "emergency_visit"
    )
    spain = assess("fever since yesterday, just back from a trip to Spain", "en", age_years=40)
    assert spain.level == "same_day"
    assert assess("feber sedan igår", "sv", age_years=85).level == "same_day"


def test_render_disposition_texts():
    call = render_disposition(assess("jag tänker ta livet av mig", "sv"), "sv")
    assert "112" in call and "90101" in call
    poison = render_disposition(assess("my son took too many pills and is hard to wake", "en"), "en")
    assert "112" in poison and "010-456 67 00" in poison
    day = render_disposition(assess("svider när jag kissar", "sv", age_years=40, sex="M"), "sv")
    assert "vårdcentral" in day and "1177" in day and "Sök vård direkt om:" in day
    home = render_disposition(assess("sore throat since yesterday", "en"), "en")
    assert "Get help at once if:" in home and "What you can do:" in home


def test_deterministic_and_fast():
    text = "min son på 2 år har feber 39,5 sedan i förrgår och är slö, ingen hosta"
    first = assess(text, "sv")
    start = time.perf_counter()
    for _ in range(50):
        assert assess(text, "sv") == first
    assert (time.perf_counter() - start) / 50 < 0.010


# Second development set: measured 212/213 = 99.5% after the rule changes it drove (bench/triage.py). Its
# last 40 cases were written afterwards and scored 75% before any change, the better guide to unseen text.
DEV2_ACCURACY_FLOOR = 0.96


def test_second_dev_set_keeps_every_emergency_at_an_emergency_level(dev_cases_2):
    missed = missed_emergencies(dev_cases_2)
    assert not missed, missed


def test_second_dev_set_accuracy_does_not_fall(dev_cases_2):
    assert len(dev_cases_2) >= 120
    assert accuracy(dev_cases_2) >= DEV2_ACCURACY_FLOOR


def test_second_dev_set_is_varied(dev_cases_2):
    assert {c["expected"] for c in dev_cases_2} == set(LEVELS)
    swedish = sum(c["lang"] == "sv" for c in dev_cases_2)
    assert swedish / len(dev_cases_2) >= 0.4
    assert {c["id"] for c in dev_cases_2}.isdisjoint({f"dev{i:03d}" for i in range(1000)})


@pytest.mark.parametrize(
    ("text", "lang", "age", "level"),
    [
        # an aside does not pull in another area's default
        ("ont i halsen sedan igår, lite trött", "sv", 30, "self_care"),
        ("Tension headache this week, stressed at work. Paracetamol helps.", "en", 38, "self_care"),
        ("Sunburnt shoulders and face after the beach, no blisters", "en", 24, "self_care"),
        ("constipated for 4 days, passing wind fine, no vomiting", "en", 60, "self_care"),
        # long-lasting complaints that name no known area go to a planned visit, not today
        ("Mina fötter känns konstiga sedan ett halvår", "sv", 50, "routine"),
        ("something feels off with my body, for months", "en", 50, "routine"),
        # red flags outside the area that names them
        ("my lips and tongue are swelling", "en", 30, "emergency_call"),
        (
            "62 year old woman with diabetes, tired and sweaty with an ache in my jaw",
            "en",
            62,
            "emergency_call",
        ),
        ("sharp pain when breathing in, I had a long flight last week", "en", 35, "emergency_visit"),
        ("mensen är två veckor sen och jag har ont på ena sidan av magen", "sv", 28, "emergency_visit"),
        ("stepped on a rusty nail, I don't know if my tetanus is up to date", "en", 50, "same_day"),
    ],
)
def test_general_rules(text, lang, age, level):
    assert assess(text, lang, age_years=age).level == level


@pytest.mark.parametrize(
    "text",
    [
        "Paracetamol helps with my headache",
        "jag har tagit två alvedon mot huvudvärken",
        "my wife says I snore and stop breathing at night",
        "Fine at rest, short of breath on the stairs for months",
    ],
)
def test_ordinary_mentions_are_not_emergencies(text):
    assert screen_emergency(text, "en") is None
    assert screen_emergency(text, "sv") is None


def test_many_tablets_is_poisoning():
    result = assess("my friend took 30 paracetamol tablets an hour ago", "en")
    assert result.benchmark_level == "emergency"
    assert "poisoning" in result.areas
    assert "poisoning" not in assess("I took 2 paracetamol tablets for the pain", "en").areas


def test_dont_know_to_a_red_flag_question_is_not_reassurance():
    text = "my 4 year old son has had a fever since yesterday"
    settled = {q.id: False for q in assess(text, "en").questions}
    assert assess(text, "en", answers=settled).level == "self_care"
    unsure = {**settled, next(iter(settled)): None}
    result = assess(text, "en", answers=unsure)
    assert result.level == "same_day"
    assert any(reason.startswith("We cannot tell if there are warning signs") for reason in result.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "jag vill inte leva längre och tänker ta livet av mig",
        "jag vill ta mitt liv ikväll",
        "I want to end it all tonight, I will take my life",
    ],
)
def test_suicidal_intent_worded_in_everyday_ways_calls_112(text):
    lang = "en" if text.startswith("I ") else "sv"
    assert assess(text, lang).level == "emergency_call"
    found = screen_emergency(text, lang)
    assert found is not None and found.kind == "suicide"


def test_suicidal_thoughts_go_to_the_emergency_department_unless_no_plan_is_said():
    assert assess("jag har självmordstankar", "sv").level == "emergency_visit"
    said = assess("jag har självmordstankar men ingen plan och tänker inte göra något", "sv")
    assert said.level == "same_day"
    assert assess("I think about ending my life and I have a plan", "en").level == "emergency_call"


# Third development set, written in four blocks. Each block was scored before the rule changes it drove:
# 137 cases at 73.0% (22 of 61 emergencies under-triaged) with the engine as it was, then 61 at 57.4%, 51 at
# 80.4% (7 of 22 emergencies missed) and 44 at 79.5% (5 of 16 missed): text the rules have not seen still
# scores about 80%. After the changes: 287/293 = 98.0%, no emergency missed (bench/triage.py). Small margin.
# Fourth set (350 cases): scored 76.6% with 28 of 140 emergencies under-triaged before the changes it drove;
# after them and the later sets' 347/350 = 99.1% with none missed (bench/triage.py).
# Fifth set (220 cases), scored held out after the fourth set's changes: 78.2% exact with 13 of 88 emergencies
# under-triaged; after the changes it drove 218/220 = 99.1%, none missed.
# Sixth set (225 cases), held out at 9f8e749: 79.6% with 14 of 90 emergencies under-triaged; after the
# changes it drove 220/225 = 97.8%, none missed.
# Seventh set (240 cases), held out at 569ac1f: 86.2% with 9 of 96 emergencies under-triaged; now 100%.
# Eighth set (250 cases, less common conditions), held out at e018fc6: 77.2% with 15 of 100 emergencies
# under-triaged; after the changes it drove 93.2%, none missed.
# Ninth set (225 cases), held out at ec15c23: 82.2% with 15 of 90 emergencies under-triaged. Then only its
# missed emergencies were worked on: 88.9%, none missed.
# Tenth set (225 cases), held out at fb5b006: 86.2% with 3 of 90 emergencies under-triaged; after the
# changes it drove 92.9%, none missed.
# Eleventh set (150 cases, clinician shorthand and lay stories), held out at 75d9e77: 85.3% with 8 of 60
# emergencies under-triaged; after the changes it drove 91.3%, none missed.
# Sets 12-15 (600 cases), held out at 3fc7e6f: 80.0%, 80.0%, 63.3% (children, pregnancy and older people) and
# 84.7%, with 8, 3, 16 and 5 of 60 emergencies under-triaged. Sets 16 and 17, held out at e13d3d7: 86.8% (2 of
# 38 missed) and 92.0% (3 of 60); sets 18 (Swedish) and 19 (children and over-65s) at 8211024: 83.3% (4 of 60)
# and 84.0% (7 of 60); sets 20 (English) and 21 (Swedish), four benchmark levels in equal shares, at
# ed2cdb0 and d6bd80a: 86.8% (1 of 38 missed) and 80.9% (2 of 38). Sets 22-35 (2,114 cases, the commit that
# added each names where it was scored held out): 22 87.5% (0 of 38 missed), 23 84.9% (7/38), 24 82.7% (0/20),
# 25 81.6% (4/38), 26 81.3% (14/75), 27 74.7% (2/10), 28 91.4% (1/38), 29 94.0% (3/50), 30 87.5% (1/38),
# 31 72.7% (1/30), 32 85.5% (4/38), 33 88.2% (4/38), 34 64.7% (6/30), 35 76.7% (7/30); sets 36-39 at 1bcf07d:
# 36 81.6% (5/38), 37 73.7% (8/38), 38 60.7% (3/30), 39 92.8% (0/38). After the changes they drove, every set
# keeps every emergency (bench/triage.py).
LATER_SETS = {
    "dev_cases_3": (290, 0.97),
    "dev_cases_4": (350, 0.97),
    "dev_cases_5": (220, 0.97),
    "dev_cases_6": (225, 0.97),
    "dev_cases_7": (240, 0.98),
    "dev_cases_8": (250, 0.93),
    "dev_cases_9": (225, 0.92),
    "dev_cases_10": (225, 0.93),
    "dev_cases_11": (150, 0.91),
    "dev_cases_12": (150, 0.94),
    "dev_cases_13": (150, 0.93),
    "dev_cases_14": (150, 0.86),
    "dev_cases_15": (150, 0.93),
    "dev_cases_16": (152, 0.92),
    "dev_cases_17": (150, 0.97),
    "dev_cases_18": (150, 0.92),
    "dev_cases_19": (150, 0.91),
    "dev_cases_20": (152, 0.91),
    "dev_cases_21": (152, 0.87),
    "dev_cases_22": (152, 0.86),
    "dev_cases_23": (152, 0.94),
    "dev_cases_24": (150, 0.80),
    "dev_cases_25": (152, 0.85),
    "dev_cases_26": (150, 0.88),
    "dev_cases_27": (150, 0.89),
    "dev_cases_28": (152, 0.89),
    "dev_cases_29": (150, 0.93),
    "dev_cases_30": (152, 0.93),
    "dev_cases_31": (150, 0.83),
    "dev_cases_32": (152, 0.85),
    "dev_cases_33": (152, 0.87),
    "dev_cases_34": (150, 0.81),
    "dev_cases_35": (150, 0.88),
    "dev_cases_36": (152, 0.82),
    "dev_cases_37": (152, 0.76),
    "dev_cases_38": (150, 0.63),
    "dev_cases_39": (152, 0.90),
}


@pytest.mark.parametrize("name", LATER_SETS)
def test_later_dev_sets_keep_every_emergency_and_their_accuracy(name, request, blind_set):
    cases = request.getfixturevalue(name) if name == "dev_cases_3" else blind_set(name)
    size, floor = LATER_SETS[name]
    assert not missed_emergencies(cases), missed_emergencies(cases)
    assert len(cases) >= size
    assert accuracy(cases) >= floor


def test_third_dev_set_is_varied(dev_cases_3, dev_cases, dev_cases_2):
    assert {c["expected"] for c in dev_cases_3} == set(LEVELS)
    assert {c["lang"] for c in dev_cases_3} == {"sv", "en"}
    vignettes = [c for c in dev_cases_3 if re.match(r"(?:A|An) \d+[- ](?:year|month|week)", c["text"])]
    assert len(vignettes) >= 30
    earlier = {c["text"] for c in dev_cases + dev_cases_2}
    assert not earlier.intersection(c["text"] for c in dev_cases_3)
    assert len({c["id"] for c in dev_cases_3}) == len(dev_cases_3)


UNEQUAL_SHARES = {
    "dev_cases_24": {"self_care": 50, "within_1_week": 40, "within_1_day": 40, "emergency": 20},
    "dev_cases_26": {"self_care": 0, "within_1_week": 25, "within_1_day": 50, "emergency": 75},
    "dev_cases_27": {"self_care": 40, "within_1_week": 50, "within_1_day": 50, "emergency": 10},
    "dev_cases_29": {"self_care": 50, "within_1_week": 25, "within_1_day": 25, "emergency": 50},
    "dev_cases_31": {"self_care": 40, "within_1_week": 40, "within_1_day": 40, "emergency": 30},
    "dev_cases_34": {"self_care": 40, "within_1_week": 40, "within_1_day": 40, "emergency": 30},
    "dev_cases_35": {"self_care": 40, "within_1_week": 40, "within_1_day": 40, "emergency": 30},
    "dev_cases_38": {"self_care": 40, "within_1_week": 40, "within_1_day": 40, "emergency": 30},
}


def test_the_blind_sets_are_new_balanced_and_explained(blind_set, dev_cases_3):
    earlier = {c["text"] for c in dev_cases_3}
    for name in BLIND_SETS:
        cases = blind_set(name)
        assert not earlier.intersection(c["text"] for c in cases)
        assert len({c["id"] for c in cases}) == len(cases)
        # Equal shares of the five levels, or of the four benchmark levels, as written (UNEQUAL_SHARES: the
        # shares asked for); a few cases were relabelled since to docs/triage.md.
        five = [sum(c["expected"] == level for c in cases) for level in LEVELS]
        four = {level: sum(BENCHMARK[c["expected"]] == level for c in cases) for level in BENCHMARK.values()}
        if name in UNEQUAL_SHARES:
            assert all(abs(four[level] - n) <= 4 for level, n in UNEQUAL_SHARES[name].items()), four
        else:
            assert max(five) - min(five) <= 4 or max(four.values()) - min(four.values()) <= 4
        assert all(c["why"] for c in cases)
        assert {c["lang"] for c in cases} <= {"sv", "en"}
    assert {c["lang"] for name in BLIND_SETS for c in blind_set(name)} == {"sv", "en"}


@pytest.mark.parametrize(
    ("age", "vitals", "facts"),
    [
        (40, {"pulse": 125}, {"fast_pulse": True, "very_fast_pulse": False, "slow_pulse": False}),
        (40, {"pulse": 80}, {"fast_pulse": False, "very_fast_pulse": False, "slow_pulse": False}),
        (1.5, {"pulse": 125}, {"fast_pulse": False, "very_fast_pulse": False}),
        (0.5, {"resp_rate": 55}, {"fast_breathing": True}),
        (8, {"resp_rate": 28}, {"fast_breathing": False}),
        (None, {"resp_rate": 28, "spo2": 91}, {"fast_breathing": True, "low_oxygen": True}),
        (70, {"sbp": 88, "dbp": 50}, {"low_bp": True, "very_high_bp": False}),
        (70, {"sbp": 190, "dbp": 110}, {"low_bp": False, "very_high_bp": True}),
        (19, {"glucose": 33.3}, {"high_sugar": True, "low_sugar": False}),
        (25, {"glucose": 2.1}, {"high_sugar": False, "low_sugar": True}),
    ],
)
def test_measured_values_become_findings_with_limits_by_age(age, vitals, facts):
    assert vital_facts(vitals, age) == facts


def test_every_finding_a_measured_value_sets_is_in_the_knowledge_base():
    kb = load_knowledge()
    measured = {"pulse": 100, "resp_rate": 20, "spo2": 97, "sbp": 120, "dbp": 80, "glucose": 6}
    assert set(vital_facts(measured, 40)) <= set(kb.findings)


@pytest.mark.parametrize(
    ("text", "lang", "age", "level"),
    [
        # fever with signs that the circulation or breathing is affected
        ("Febrile 39.4, HR 135, RR 28. 81-year-old with a urinary catheter.", "en", 81, "emergency_visit"),
        ("Feber 39,8 och frossa, blodtrycket 80/50.", "sv", 75, "emergency_call"),
        ("Fever for two days, now cold hands and feet and feels very unwell", "en", 30, "emergency_visit"),
        # a value in a dangerous range on its own
        ("Oxygen saturation 88% on my home monitor, I have covid", "en", 61, "emergency_visit"),
        ("I feel faint and my pulse is 38", "en", 55, "emergency_visit"),
        # diabetes: the measured sugar decides
        ("Type 1 diabetic, vomiting since last night, blood sugar 28", "en", 17, "emergency_visit"),
        ("Diabetic, blood sugar 2.1, sweaty and not making sense", "en", 25, "emergency_call"),
        # normal values are reassurance, not a reason to raise the level
        (
            "Runny nose and sore throat for 3 days; temperature 37.8, pulse 80, drinking normally",
            "en",
            22,
            "self_care",
        ),
    ],
)
def test_measured_values_and_their_combinations(text, lang, age, level):
    assert assess(text, lang, age_years=age).level == level


def test_a_measured_value_is_given_as_a_reason():
    result = assess("Saturationen är 87 % och jag blir andfådd av att prata", "sv", age_years=58)
    assert result.benchmark_level == "emergency"
    assert any("92 %" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    ("text", "lang", "age", "level"),
    [
        # clinical words for the same emergencies
        (
            "A 68-year-old woman with new left-sided weakness that started this morning",
            "en",
            68,
            "emergency_call",
        ),
        ("Pt 67F, sudden onset right-sided weakness and aphasia 45 min ago.", "en", 67, "emergency_call"),
        ("Plötslig fruktansvärd huvudvärk som kom som ett slag, har kräkts.", "sv", 44, "emergency_call"),
        ("En 62-årig man har tryckande smärta mitt i bröstet och är kallsvettig", "sv", 62, "emergency_call"),
        (
            "A 24-year-old developed hives, swelling of the lips and wheezing after eating peanuts",
            "en",
            24,
            "emergency_call",
        ),
        (
            "Back pain and new numbness around her bottom and difficulty passing urine",
            "en",
            40,
            "emergency_visit",
        ),
        ("An 80-year-old man has not been able to pass urine since yesterday", "en", 80, "emergency_visit"),
        ("Pappa 70 år har plötsligt slutat se på höger öga, som en gardin", "sv", 70, "emergency_visit"),
        # the same areas at lower levels
        (
            "A 72-year-old woman with a painful blistering rash in a band on one side of her chest",
            "en",
            72,
            "same_day",
        ),
        ("Red, warm, tender patch on my shin for 2 days, slight fever, feel okay", "en", 41, "same_day"),
        ("Min son 6 år har fått vattkoppor, han kliar men är pigg och har lite feber.", "sv", 6, "self_care"),
        ("Throbbing toothache and now my cheek is swollen and I have a temperature", "en", 33, "same_day"),
        (
            "I rolled my ankle yesterday, mild swelling, I can walk on it with a slight limp",
            "en",
            27,
            "self_care",
        ),
        ("Got a bit of earwax blocking my ear for a few days, no pain", "en", 61, "self_care"),
        ("A 40-year-old with a history of depression has had a runny nose for 2 days", "en", 40, "self_care"),
    ],
)
def test_wording_people_and_clinicians_use(text, lang, age, level):
    assert assess(text, lang, age_years=age).level == level


def test_a_drowsy_child_is_an_emergency_without_a_fever():
    result = assess("My 10-month-old has had diarrhoea for 2 days and is floppy and very sleepy", "en")
    assert result.level == "emergency_visit"
    assert assess("my son is 12 and can't be bothered with homework", "en").benchmark_level != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "a cold with a runny nose and no breathing problems",
        "HR 80, BP 120/80, sats 98%",
        "I have always had low blood pressure",
    ],
)
def test_reassuring_words_and_normal_values_are_not_emergencies(text):
    assert screen_emergency(text, "en") is None
