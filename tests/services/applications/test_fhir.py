"""FHIR R4 Questionnaire and QuestionnaireResponse, checked against the R4 rules we rely on."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from applications_factories import DATA, TODAY, TYPICAL, make_person

from services.applications import (
    answer,
    get_questionnaire,
    load_questionnaires,
    start_application,
    to_questionnaire,
    to_questionnaire_response,
)
from services.applications.models import Application
from services.applications.service import ApplicationView, view
from services.store.db import session_scope

# http://hl7.org/fhir/R4/valueset-publication-status.html, -questionnaire-answers-status.html,
# -item-type.html, -questionnaire-enable-operator.html
PUBLICATION_STATUS = {"draft", "active", "retired", "unknown"}
RESPONSE_STATUS = {"in-progress", "completed", "amended", "entered-in-error", "stopped"}
ITEM_TYPES = {
    "group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string", "text",
    "url", "choice", "open-choice", "attachment", "reference", "quantity",
}  # fmt: skip
OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}
VALUE_FOR_TYPE = {
    "boolean": "valueBoolean", "decimal": "valueDecimal", "integer": "valueInteger", "date": "valueDate",
    "string": "valueString", "text": "valueString", "choice": "valueCoding",
}  # fmt: skip
ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
NAME = re.compile(r"^[A-Z]([A-Za-z0-9_]){0,254}$")
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
CANONICAL = re.compile(r"^https?://\S+(\|\S+)?$")


def walk(items: list[dict[str, Any]]):  # type: ignore[no-untyped-def]
    for item in items:
        yield item
        yield from walk(item.get("item", []))


def check_questionnaire(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert resource["resourceType"] == "Questionnaire"
    assert ID.match(resource["id"]) and CANONICAL.match(resource["url"])
    assert resource["status"] in PUBLICATION_STATUS  # 1..1
    assert NAME.match(resource["name"])  # que-0
    items = list(walk(resource["item"]))
    link_ids = [i["linkId"] for i in items]
    assert len(link_ids) == len(set(link_ids))  # que-2
    by_id = {i["linkId"]: i for i in items}
    seen: set[str] = set()
    for item in items:
        assert item["type"] in ITEM_TYPES and item["text"]
        if item["type"] == "display":
            assert "required" not in item and "repeats" not in item  # que-6
        if "answerOption" in item:
            assert item["type"] in ("choice", "open-choice")  # que-5
            for option in item["answerOption"]:
                assert set(option) == {"valueCoding"} and option["valueCoding"]["code"]
        if "maxLength" in item:
            assert item["type"] in ("boolean", "decimal", "integer", "string", "text", "url", "open-choice")
        conditions = item.get("enableWhen", [])
        if len(conditions) > 1:
            assert item["enableBehavior"] in ("all", "any")  # que-12
        for condition in conditions:
            assert condition["operator"] in OPERATORS
            answers = [k for k in condition if k.startswith("answer")]
            assert len(answers) == 1  # answer[x] 1..1
            if condition["operator"] == "exists":
                assert answers == ["answerBoolean"]  # que-7
            else:
                target = by_id[condition["question"]]
                expected = (
                    "answerCoding"
                    if target["type"] == "choice"
                    else VALUE_FOR_TYPE[target["type"]].replace("value", "answer")
                )
                assert answers == [expected]
            assert condition["question"] in seen
        for extension in item.get("extension", []):
            assert extension["url"].startswith("http://hl7.org/fhir/StructureDefinition/")
        seen.add(item["linkId"])
    translations = resource["_title"]["extension"][0]
    assert translations["url"] == "http://hl7.org/fhir/StructureDefinition/translation"
    return by_id


def check_response(resource: dict[str, Any], definition: dict[str, Any]) -> None:
    by_id = check_questionnaire(definition)
    assert resource["resourceType"] == "QuestionnaireResponse"
    assert ID.match(resource["id"])
    assert resource["status"] in RESPONSE_STATUS  # 1..1
    assert resource["questionnaire"] == f"{definition['url']}|{definition['version']}"
    assert DATE_TIME.match(resource["authored"])
    if "subject" in resource:
        assert re.match(r"^Patient/\d+$", resource["subject"]["reference"])
    for item in walk(resource.get("item", [])):
        assert not ("item" in item and "answer" in item)  # qrs-1
        question = by_id[item["linkId"]]
        answers = item["answer"]
        assert answers, "an item without answers is left out"
        if len(answers) > 1:
            assert question.get("repeats"), item["linkId"]  # only repeating items have several answers
        for given in answers:
            values = [k for k in given if k.startswith("value")]
            assert values == [VALUE_FOR_TYPE[question["type"]]], item["linkId"]  # value[x] 1..1, right type
            value = given[values[0]]
            if values[0] == "valueBoolean":
                assert isinstance(value, bool)
            elif values[0] == "valueInteger":
                assert isinstance(value, int) and not isinstance(value, bool)
            elif values[0] == "valueDecimal":
                assert isinstance(value, (int, float)) and not isinstance(value, bool)
            elif values[0] == "valueDate":
                assert DATE.match(value)
            elif values[0] == "valueCoding":
                codes = {o["valueCoding"]["code"]: o["valueCoding"] for o in question["answerOption"]}
                assert value["code"] in codes and value["system"] == codes[value["code"]]["system"]
            else:
                assert isinstance(value, str) and value
    json.dumps(resource)  # plain JSON


@pytest.mark.parametrize("service", ["financial_aid", "home_care", "transport_service"])
def test_each_questionnaire_is_a_valid_r4_questionnaire(service):
    resource = to_questionnaire(get_questionnaire(service))
    check_questionnaire(resource)
    assert (
        resource["_title"]["extension"][0]["extension"][1]["valueString"]
        == get_questionnaire(service).title.en
    )


def test_amounts_carry_the_sek_unit_and_months_a_format():
    items = {i["linkId"]: i for i in to_questionnaire(get_questionnaire("financial_aid"))["item"]}
    rent = items["rent"]
    assert rent["type"] == "decimal"
    unit = next(e for e in rent["extension"] if e["url"].endswith("questionnaire-unit"))
    assert unit["valueCoding"]["code"] == "SEK"
    assert {"url": "http://hl7.org/fhir/StructureDefinition/entryFormat", "valueString": "YYYY-MM"} in items[
        "month"
    ]["extension"]
    assert items["benefits_amount"]["enableWhen"][0]["answerCoding"]["code"] == "none"
    assert items["children"]["item"][0]["type"] == "display"  # help text


def test_the_fourth_type_exports_too():
    check_questionnaire(to_questionnaire(load_questionnaires(DATA)["housing_adaptation"]))


def _view(application_id: int) -> ApplicationView:
    with session_scope() as session:
        return view(session.get(Application, application_id))


@pytest.mark.usefixtures("database")
@pytest.mark.parametrize(("service", "lang"), sorted(TYPICAL))
def test_submitted_applications_are_completed_responses(service, lang):
    person = make_person()
    step = start_application(service, conversation_id=person.conversation_id, language=lang)
    for text in TYPICAL[(service, lang)]:
        answer(step.application_id, text, conversation_id=person.conversation_id, today=TODAY)
    application = _view(step.application_id)
    resource = to_questionnaire_response(application)
    check_response(resource, to_questionnaire(get_questionnaire(service)))
    assert resource["status"] == "completed"
    assert resource["identifier"]["value"] == application.reference
    assert resource["subject"] == {"reference": f"Patient/{person.id}"}
    assert "810312" not in json.dumps(resource)  # no personal identity number


@pytest.mark.usefixtures("database")
def test_a_draft_is_an_in_progress_response_with_typed_values():
    step = start_application("financial_aid", conversation_id="anon")
    for text in ("ja", "december", "2", "1", "ja", "4 500,50 kr", "1, 4"):
        answer(step.application_id, text, conversation_id="anon", today=TODAY)
    resource = to_questionnaire_response(_view(step.application_id))
    check_response(resource, to_questionnaire(get_questionnaire("financial_aid")))
    assert resource["status"] == "in-progress" and "subject" not in resource and "identifier" not in resource
    answers = {i["linkId"]: i["answer"] for i in resource["item"]}
    assert answers["month"] == [{"valueDate": "2026-12"}]
    assert answers["adults"] == [{"valueInteger": 2}]
    assert answers["has_work_income"] == [{"valueBoolean": True}]
    assert answers["work_income"] == [{"valueDecimal": 4500.5}]
    assert [a["valueCoding"]["code"] for a in answers["benefits"]] == ["unemployment", "child_allowance"]
