import pytest

from services.triage.knowledge import (
    KNOWLEDGE_DIR,
    LEVELS,
    KnowledgeError,
    load_knowledge,
    load_knowledge_from,
)

REQUIRED_AREAS = {
    "chest_pain",
    "breathing",
    "fever_adult",
    "fever_child",
    "headache",
    "abdominal_pain",
    "back_pain",
    "urinary",
    "cough",
    "sore_throat",
    "ear",
    "eye",
    "rash_skin",
    "allergic_reaction",
    "bites_stings",
    "wounds_bleeding",
    "injury_fall",
    "head_injury",
    "burns",
    "dizziness_fainting",
    "vomiting_diarrhoea",
    "pregnancy",
    "mental_health",
    "poisoning",
    "leg_swelling",
    "joint_pain",
    "stroke",
    "seizure",
    "confusion",
    "diabetes",
    "nosebleed",
    "toothache",
    "cold_flu",
    "sinus",
    "constipation",
    "genital_sti",
    "menstrual",
    "insomnia_stress",
}


def test_every_file_loads_and_passes_the_schema_check():
    kb = load_knowledge_from(KNOWLEDGE_DIR)
    symptom_areas = [a for a in kb.areas.values() if not a.always]
    assert len(symptom_areas) >= 40
    assert set(kb.areas) >= REQUIRED_AREAS


def test_every_text_exists_in_both_languages_and_levels_are_valid():
    kb = load_knowledge()
    for area in kb.areas.values():
        for texts in (area.title, area.default_reason):
            if texts is not None:
                assert texts["sv"] and texts["en"], area.id
        if not area.always:
            for lang in ("sv", "en"):
                assert area.detect[lang], (area.id, lang)
                assert area.safety_net[lang] and area.advice[lang], (area.id, lang)
            assert len(area.safety_net["sv"]) == len(area.safety_net["en"]), area.id
            assert len(area.advice["sv"]) == len(area.advice["en"]), area.id
        assert area.default is None or area.default in LEVELS
        assert area.default != "emergency_call"
        for rule in area.rules:
            assert rule.level in LEVELS
            if rule.reason:
                assert rule.reason["sv"] and rule.reason["en"]
    for finding in kb.findings.values():
        assert finding.label["sv"] and finding.label["en"], finding.id
        if finding.ask:
            assert finding.ask["sv"].endswith("?") and finding.ask["en"].endswith("?"), finding.id


def _problems(tmp_path, name: str, text: str) -> str:
    """The knowledge-base problems reported for one file written into an empty folder."""
    (tmp_path / f"{name}.yml").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge_from(tmp_path)
    return str(err.value)


def test_a_broken_file_is_reported(tmp_path):
    message = _problems(
        tmp_path,
        "broken",
        "id: broken\ntitle: {sv: Trasig}\ndetect: {sv: [x], en: [x]}\ndefault: urgent\n"
        "rules:\n  - {level: emergency_call, all: [nothing]}\n",
    )
    assert "both sv and en" in message and "urgent" in message and "unknown finding nothing" in message


def test_a_finding_that_cancels_an_unknown_finding_is_reported(tmp_path):
    message = _problems(
        tmp_path,
        "gone",
        "id: gone\ntitle: {sv: Borta, en: Gone}\ndetect: {sv: [x], en: [x]}\n"
        "findings:\n  gone_now:\n    sv: [borta]\n    en: [gone]\n    label: {sv: Borta, en: Gone}\n"
        "    cancels: [no_such_finding]\n",
    )
    assert "gone_now: cancels unknown finding no_such_finding" in message


def test_repeated_patterns_and_rules_are_reported(tmp_path):
    message = _problems(
        tmp_path,
        "twice",
        "id: twice\ntitle: {sv: Två, en: Twice}\ndetect: {sv: [x], en: [x]}\n"
        "findings:\n  itchy:\n    sv: [kliar, kliar]\n    en: [itch]\n    label: {sv: Kliar, en: Itchy}\n"
        "rules:\n  - {level: routine, any: [itchy]}\n"
        "  - {level: routine, any: [itchy], reason: {sv: Samma, en: Same}}\n",
    )
    assert "itchy: sv patterns repeated ['kliar']" in message
    assert "rule 2: the same as rule 1" in message
