"""HL7 FHIR R4 ``Questionnaire`` and ``QuestionnaireResponse`` resources (JSON as ``dict``).

Texts are Swedish with the English in the standard translation extension. Amounts are ``decimal``
items with the ``questionnaire-unit`` SEK; a month is a ``date`` answered as a partial date ("2026-12").
The person appears only as a local ``Patient/{id}`` reference: no personal identity number leaves here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.applications.interview import enabled_items
from services.applications.models import DRAFT
from services.applications.questionnaire import EnableWhen, Item, Questionnaire, Text, get_questionnaire
from services.applications.service import ApplicationView

SYSTEM_BASE = "https://example.org/fhir/self-care-assistant"  # replace per region; identifies our codes
REFERENCE_SYSTEM = f"{SYSTEM_BASE}/application-reference"
EXT = "http://hl7.org/fhir/StructureDefinition"

_VALUE = {
    "boolean": "valueBoolean",
    "integer": "valueInteger",
    "decimal": "valueDecimal",
    "date": "valueDate",
    "string": "valueString",
    "text": "valueString",
    "choice": "valueCoding",
}
_ANSWER = {key: "answer" + value.removeprefix("value") for key, value in _VALUE.items()}


def instant(moment: datetime) -> str:
    """FHIR ``instant``/``dateTime`` with seconds and a time zone offset."""
    if moment.tzinfo is None:
        raise ValueError("FHIR instants need a time zone")
    return moment.isoformat(timespec="seconds")


def code_system(questionnaire: Questionnaire, item: Item) -> str:
    return f"{SYSTEM_BASE}/CodeSystem/{questionnaire.id}-{item.link_id.replace('_', '-')}"


def _translated(text: Text) -> dict[str, Any]:
    """The ``_element`` companion carrying the English text."""
    parts = [{"url": "lang", "valueCode": "en"}, {"url": "content", "valueString": text.en}]
    return {"extension": [{"url": f"{EXT}/translation", "extension": parts}]}


def _coding(questionnaire: Questionnaire, item: Item, code: str, *, lang: str = "sv") -> dict[str, Any]:
    option = item.option(code)
    coding = {"system": code_system(questionnaire, item), "code": code}
    if option is not None:
        coding["display"] = option.display(lang)
    return coding


# --- Questionnaire ------------------------------------------------------------------------------------


def to_questionnaire(questionnaire: Questionnaire) -> dict[str, Any]:
    return {
        "resourceType": "Questionnaire",
        "id": questionnaire.id,
        "language": "sv",
        "url": questionnaire.url,
        "version": questionnaire.version,
        "name": questionnaire.name,
        "title": questionnaire.title.sv,
        "_title": _translated(questionnaire.title),
        "status": questionnaire.status,
        "subjectType": ["Patient"],
        "description": questionnaire.description.sv,
        "_description": _translated(questionnaire.description),
        "item": [_definition_item(questionnaire, item) for item in questionnaire.items],
    }


def _definition_item(questionnaire: Questionnaire, item: Item) -> dict[str, Any]:
    result: dict[str, Any] = {
        "linkId": item.link_id,
        "text": item.text.sv,
        "_text": _translated(item.text),
        "type": item.type,
        "required": item.required,
        "repeats": item.repeats,
    }
    extensions = _value_limits(item)
    if item.unit:
        unit = {"system": "urn:iso:std:iso:4217", "code": item.unit, "display": "kr"}
        extensions.append({"url": f"{EXT}/questionnaire-unit", "valueCoding": unit})
    if item.precision == "month":
        extensions.append({"url": f"{EXT}/entryFormat", "valueString": "YYYY-MM"})
    if extensions:
        result["extension"] = extensions
    if item.max_length:
        result["maxLength"] = item.max_length
    if item.options:
        result["answerOption"] = [
            {"valueCoding": {**_coding(questionnaire, item, o.code), "_display": _translated(o.display)}}
            for o in item.options
        ]
    if item.enable_when:
        result["enableWhen"] = [_condition(questionnaire, c) for c in item.enable_when]
        if len(item.enable_when) > 1:
            result["enableBehavior"] = item.enable_behavior
    if item.help:
        result["item"] = [
            {
                "linkId": f"{item.link_id}-help",
                "text": item.help.sv,
                "_text": _translated(item.help),
                "type": "display",
                "extension": [
                    {
                        "url": f"{EXT}/questionnaire-itemControl",
                        "valueCodeableConcept": {
                            "coding": [
                                {"system": "http://hl7.org/fhir/questionnaire-item-control", "code": "help"}
                            ]
                        },
                    }
                ],
            }
        ]
    return result


def _value_limits(item: Item) -> list[dict[str, Any]]:
    extensions = []
    value_key = {"integer": "valueInteger", "decimal": "valueDecimal", "date": "valueDate"}.get(item.type)
    for name, limit in (("minValue", item.min_value), ("maxValue", item.max_value)):
        if limit is None or value_key is None:
            continue
        if limit == "today":
            expression = {"language": "text/fhirpath", "expression": "today()"}
            dynamic = {"extension": [{"url": f"{EXT}/cqf-expression", "valueExpression": expression}]}
            extensions.append({"url": f"{EXT}/{name}", f"_{value_key}": dynamic})
        else:
            extensions.append(
                {"url": f"{EXT}/{name}", value_key: str(limit) if item.type == "date" else limit}
            )
    return extensions


def _condition(questionnaire: Questionnaire, condition: EnableWhen) -> dict[str, Any]:
    target = questionnaire.item(condition.question)
    result: dict[str, Any] = {"question": condition.question, "operator": condition.operator}
    if condition.operator == "exists":
        result["answerBoolean"] = condition.answer
    elif target.type == "choice":
        result["answerCoding"] = _coding(questionnaire, target, str(condition.answer))
    else:
        result[_ANSWER[target.type]] = condition.answer
    return result


# --- QuestionnaireResponse ----------------------------------------------------------------------------


def to_questionnaire_response(
    application: ApplicationView, questionnaire: Questionnaire | None = None
) -> dict[str, Any]:
    questionnaire = questionnaire or get_questionnaire(application.service)
    lang = application.language
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": f"application-{application.id}",
        "language": lang,
    }
    if application.reference:
        resource["identifier"] = {"system": REFERENCE_SYSTEM, "value": application.reference}
    resource["questionnaire"] = f"{questionnaire.url}|{questionnaire.version}"
    resource["status"] = "in-progress" if application.status == DRAFT else "completed"
    if application.person_id is not None:
        resource["subject"] = {"reference": f"Patient/{application.person_id}"}
    resource["authored"] = instant(application.submitted_at or application.updated_at)
    items = []
    for item in enabled_items(questionnaire, application.answers):
        value = application.answers.get(item.link_id)
        if value is None:
            continue  # not answered, or skipped
        values = value if isinstance(value, list) else [value]
        answers = [{_VALUE[item.type]: _value(questionnaire, item, v, lang)} for v in values]
        items.append({"linkId": item.link_id, "text": item.text(lang), "answer": answers})
    if items:
        resource["item"] = items
    return resource


def _value(questionnaire: Questionnaire, item: Item, value: Any, lang: str) -> Any:
    if item.type == "choice":
        return _coding(questionnaire, item, value, lang=lang)
    if item.type == "decimal":
        return float(value)
    return value
