"""The loader: the real questionnaires, a fourth type from another folder, and schema mistakes."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from applications_factories import DATA, TODAY

from services.applications import interview
from services.applications.errors import QuestionnaireError, UnknownApplicationType
from services.applications.questionnaire import (
    DEFAULT_FOLDER,
    FOLDER_ENV,
    get_questionnaire,
    load_questionnaire,
    load_questionnaires,
    parse_questionnaire,
)

REAL = ("financial_aid", "home_care", "transport_service")


def test_the_three_real_types_load_with_both_languages():
    found = load_questionnaires()
    assert sorted(found) == sorted(REAL)
    for questionnaire in found.values():
        for text in (questionnaire.title, questionnaire.description):
            assert text.sv and text.en
        for item in questionnaire.items:
            assert item.text.sv and item.text.en and item.short.sv and item.short.en
            for option in item.options:
                assert option.display.sv and option.display.en


@pytest.mark.parametrize("service", REAL)
def test_each_intro_is_two_or_three_short_sentences(service):
    description = get_questionnaire(service).description
    for lang in ("sv", "en"):
        sentences = [s for s in description(lang).split(". ") if s.strip()]
        assert 2 <= len(sentences) <= 3, description(lang)
        assert all(len(s.split()) <= 22 for s in sentences), description(lang)


def test_the_real_types_cover_every_answer_kind():
    kinds = {item.kind for q in load_questionnaires().values() for item in q.items}
    assert {"boolean", "choice", "multichoice", "integer", "amount", "date", "month", "text"} <= kinds


def test_a_fourth_type_needs_only_a_data_file(monkeypatch):
    found = load_questionnaires(DATA)
    assert list(found) == ["housing_adaptation"]
    questionnaire = found["housing_adaptation"]
    state = interview.State()
    for text in ("ja", "trösklar och badrum", "3", "12 000 kr"):
        state = interview.handle(questionnaire, state, text, "sv", today=TODAY).state
    assert interview.is_complete(questionnaire, state)
    assert state.answers == {"change": ["threshold", "bathroom"], "rooms": 3, "quote": 12000}

    monkeypatch.setenv(FOLDER_ENV, str(DATA))
    assert get_questionnaire("housing_adaptation").title.en == "Housing adaptation"
    with pytest.raises(UnknownApplicationType):
        get_questionnaire("financial_aid")


def _raw(name: str = "home_care") -> dict:
    return yaml.safe_load((DEFAULT_FOLDER / f"{name}.yml").read_text(encoding="utf-8"))


def _item(raw: dict, link_id: str) -> dict:
    return next(i for i in raw["item"] if i["linkId"] == link_id)


def _broken(change) -> str:  # type: ignore[no-untyped-def]
    raw = copy.deepcopy(_raw())
    change(raw)
    with pytest.raises(QuestionnaireError) as error:
        parse_questionnaire(raw, source="broken.yml")
    return str(error.value)


def test_a_missing_translation_is_refused_with_the_item_named():
    message = _broken(lambda raw: _item(raw, "living")["text"].pop("en"))
    assert "broken.yml" in message and "living" in message and "en" in message


def test_an_option_without_english_is_refused():
    message = _broken(lambda raw: _item(raw, "living")["answerOption"][0]["display"].pop("en"))
    assert "answerOption alone" in message


def test_an_unknown_type_is_refused():
    assert "type must be one of" in _broken(lambda raw: _item(raw, "living").update(type="slider"))


def test_enable_when_must_refer_to_an_earlier_item():
    def forward(raw):  # type: ignore[no-untyped-def]
        _item(raw, "relation")["enableWhen"] = [{"question": "living", "operator": "=", "answer": "alone"}]

    assert "must be an earlier item" in _broken(forward)


def test_enable_when_must_use_a_code_of_the_question():
    def wrong_code(raw):  # type: ignore[no-untyped-def]
        _item(raw, "relation")["enableWhen"][0]["answer"] = "somebody"

    assert "codes of who" in _broken(wrong_code)


def test_misspelt_keys_and_unquoted_commas_are_caught():
    assert "unknown keys ['requird']" in _broken(lambda raw: _item(raw, "living").update(requird=True))

    def comma(raw):  # type: ignore[no-untyped-def]
        _item(raw, "living")["answerOption"][0]["display"] = {
            "sv": "Ensam",
            "eller själv": None,
            "en": "Alone",
        }

    assert "quote texts with commas" in _broken(comma)


def test_repeats_and_limits_only_where_they_make_sense():
    assert "only choice items may repeat" in _broken(
        lambda raw: _item(raw, "other_info").update(repeats=True)
    )
    assert "maxLength" in _broken(lambda raw: _item(raw, "relatives_help").update(maxLength=3))
    assert "minValue" in _broken(lambda raw: _item(raw, "living").update(minValue=1))


def test_bad_yaml_names_the_file(tmp_path: Path):
    (tmp_path / "bad.yml").write_text("item: [unclosed", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="bad.yml"):
        load_questionnaire(tmp_path / "bad.yml")


def test_an_empty_folder_and_a_duplicate_type_are_refused(tmp_path: Path):
    with pytest.raises(QuestionnaireError, match="no questionnaires"):
        load_questionnaires(tmp_path)
    for name in ("a.yml", "b.yml"):
        (tmp_path / name).write_text((DEFAULT_FOLDER / "home_care.yml").read_text(encoding="utf-8"))
    with pytest.raises(QuestionnaireError, match="defined twice"):
        load_questionnaires(tmp_path)
