"""Checks of the bilingual NLU training data in bot/data/nlu/.

Uses only pyyaml and the standard library, so it runs without Rasa installed.
Covers contract 2 (intents) of the design document: every intent is present in both
languages with enough examples, no example is duplicated, entity annotations
are well formed and entity values normalise to the allowed values.
"""

from __future__ import annotations

import functools
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
NLU_DIR = REPO / "bot" / "data" / "nlu"
FILES = ("_shared.yml", "triage.yml", "booking.yml", "applications.yml", "privacy.yml")

LANGS = {"sv", "en"}
MIN_EXAMPLES_PER_LANG = 20

REQUIRED_INTENTS = {
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "help",
    "bot_challenge",
    "human_handoff",
    "change_language",
    "report_symptoms",
    "emergency",
    "book_appointment",
    "cancel_appointment",
    "reschedule_appointment",
    "list_appointments",
    "apply_for_service",
    "application_status",
    "out_of_scope",
    "inform",
    "show_my_data",
    "erase_my_data",
}

ALLOWED_ENTITY_VALUES = {
    "language": {"sv", "en"},
    "service": {"financial_aid", "home_care", "transport_service"},
    "visit_kind": {
        "doctor",
        "nurse",
        "physiotherapist",
        "psychologist",
        "dentist",
        "youth_clinic",
    },
}

# Same grammar as Rasa's entities parser:
# [text](entity) | [text](entity:value) | [text]{json} | [text][{json}, ...]
ENTITY_RE = re.compile(
    r"\[(?P<text>[^\]]+?)\]"
    r"(\((?P<entity>[^:)]+?)(?::(?P<value>[^)]+))?\)"
    r"|\{(?P<dict>[^}]+?)\}"
    r"|\[(?P<dict_list>.*?)\])"
)
SINGLE_DICT_RE = re.compile(r"{(?P<dict>[^}]+?)\}")
DICT_KEYS = {"entity", "value", "role", "group"}


def _load(name: str) -> dict:
    path = NLU_DIR / name
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _example_lines(block: str) -> list[str]:
    lines = []
    for raw in block.splitlines():
        line = raw.strip()
        if not line:
            continue
        assert line.startswith("- "), f"example line without '- ': {raw!r}"
        lines.append(line[2:].strip())
    return lines


def _parse_annotations(example: str) -> tuple[str, list[dict]]:
    """Returns (plain text, entities) where each entity has entity/text/value."""
    entities = []
    for match in ENTITY_RE.finditer(example):
        text = match.group("text")
        if match.group("entity"):
            entities.append(
                {
                    "entity": match.group("entity").strip(),
                    "text": text,
                    "value": (match.group("value") or text).strip(),
                }
            )
            continue
        if match.group("dict"):
            dicts = ["{" + match.group("dict") + "}"]
        else:
            dicts = ["{" + m.group("dict") + "}" for m in SINGLE_DICT_RE.finditer(match.group("dict_list"))]
            assert dicts, f"empty entity list in {example!r}"
        for raw in dicts:
            try:
                parsed = json.loads(raw)
            except json.JSONDecodeError as exc:  # pragma: no cover - failure path
                raise AssertionError(f"bad entity JSON {raw!r} in {example!r}") from exc
            assert isinstance(parsed, dict), f"entity JSON is not an object in {example!r}"
            assert "entity" in parsed, f"entity JSON lacks 'entity' in {example!r}"
            unknown = set(parsed) - DICT_KEYS
            assert not unknown, f"unknown keys {unknown} in {example!r}"
            for key, val in parsed.items():
                assert isinstance(val, str) and val.strip(), f"empty or non-string {key!r} in {example!r}"
            entities.append(
                {
                    "entity": parsed["entity"],
                    "text": text,
                    "value": parsed.get("value", text),
                }
            )
    plain = ENTITY_RE.sub(lambda m: m.group("text"), example)
    return plain, entities


@functools.cache
def _collect():
    examples = []  # (file, intent, lang, raw example)
    synonyms = defaultdict(set)  # lower-cased text -> set of values
    synonym_values = set()
    for name in FILES:
        data = _load(name)
        assert isinstance(data, dict), f"{name}: top level is not a mapping"
        assert str(data.get("version")) == "3.1", f'{name}: version must be "3.1"'
        nlu = data.get("nlu")
        assert isinstance(nlu, list) and nlu, f"{name}: missing 'nlu' list"
        for item in nlu:
            if "intent" in item:
                metadata = item.get("metadata") or {}
                lang = metadata.get("lang")
                assert lang in LANGS, f"{name}: intent {item['intent']} block has lang {lang!r}"
                assert isinstance(item.get("examples"), str), (
                    f"{name}: intent {item['intent']} ({lang}) needs an examples block"
                )
                for example in _example_lines(item["examples"]):
                    examples.append((name, item["intent"], lang, example))
            elif "synonym" in item:
                value = str(item["synonym"])
                synonym_values.add(value)
                for text in _example_lines(item["examples"]):
                    synonyms[text.lower()].add(value)
            else:
                kinds = {"regex", "lookup"}
                assert kinds & set(item), f"{name}: unexpected item {item!r}"
    return examples, synonyms, synonym_values


def _examples():
    return _collect()[0]


def _synonyms():
    return _collect()[1]


def _normalise(value: str) -> str:
    values = _synonyms().get(value.lower())
    if values and len(values) == 1:
        return next(iter(values))
    return value


def test_all_files_exist():
    for name in FILES:
        assert (NLU_DIR / name).is_file(), name


def test_files_parse():
    examples, _, _ = _collect()
    assert examples


@pytest.mark.parametrize("intent", sorted(REQUIRED_INTENTS))
@pytest.mark.parametrize("lang", sorted(LANGS))
def test_intent_has_enough_examples_per_language(intent, lang):
    count = sum(1 for _, i, example_lang, _ in _examples() if i == intent and example_lang == lang)
    assert count >= MIN_EXAMPLES_PER_LANG, (
        f"{intent} ({lang}) has {count} examples, needs {MIN_EXAMPLES_PER_LANG}"
    )


def test_every_intent_has_both_languages():
    langs = defaultdict(set)
    for _, intent, lang, _ in _examples():
        langs[intent].add(lang)
    missing = {i: LANGS - ls for i, ls in langs.items() if ls != LANGS}
    assert not missing, missing


def test_no_duplicate_examples():
    seen = {}
    duplicates = []
    for name, intent, lang, example in _examples():
        plain, _ = _parse_annotations(example)
        key = " ".join(plain.lower().split())
        if key in seen:
            duplicates.append((key, seen[key], (name, intent, lang)))
        else:
            seen[key] = (name, intent, lang)
    assert not duplicates, duplicates


def test_annotations_are_well_formed():
    for name, _intent, _lang, example in _examples():
        plain, entities = _parse_annotations(example)
        # Nothing annotation-like may be left after removing the annotations.
        for char in "[]{}":
            assert char not in plain, f"{name}: stray {char!r} in {example!r}"
        assert plain.strip(), f"{name}: empty example"
        assert plain == plain.strip() and "  " not in plain, f"{name}: odd whitespace in {example!r}"
        for entity in entities:
            assert entity["entity"] in ALLOWED_ENTITY_VALUES, (
                f"{name}: unknown entity {entity['entity']!r} in {example!r}"
            )
            assert entity["text"] == entity["text"].strip(), (
                f"{name}: entity text with surrounding spaces in {example!r}"
            )


def test_entity_values_are_allowed():
    bad = []
    for name, _intent, _lang, example in _examples():
        _, entities = _parse_annotations(example)
        for entity in entities:
            value = _normalise(entity["value"])
            if value not in ALLOWED_ENTITY_VALUES[entity["entity"]]:
                bad.append((name, example, entity["entity"], value))
    assert not bad, bad


def test_synonyms_map_to_allowed_values_only():
    allowed = set().union(*ALLOWED_ENTITY_VALUES.values())
    _, synonyms, synonym_values = _collect()
    assert synonym_values <= allowed, synonym_values - allowed
    conflicting = {text: vals for text, vals in synonyms.items() if len(vals) > 1}
    assert not conflicting, conflicting
    # The annotated surface forms agree with the synonym blocks.
    for name, _intent, _lang, example in _examples():
        _, entities = _parse_annotations(example)
        for entity in entities:
            known = synonyms.get(entity["text"].lower())
            if known:
                assert known == {entity["value"]}, (
                    f"{name}: {entity['text']!r} annotated as {entity['value']!r} but synonyms say {known}"
                )


def test_entities_of_contract_appear_in_data():
    found = defaultdict(set)
    for _, _, _, example in _examples():
        for entity in _parse_annotations(example)[1]:
            found[entity["entity"]].add(_normalise(entity["value"]))
    for entity, values in ALLOWED_ENTITY_VALUES.items():
        assert found[entity] == values, (entity, values - found[entity])


def test_change_language_examples_carry_both_values():
    values = set()
    for _, intent, _, example in _examples():
        if intent == "change_language":
            values |= {e["value"] for e in _parse_annotations(example)[1]}
    assert values == {"sv", "en"}
