"""Invariants between the domain, the actions package and the training data."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import yaml
from rasa_sdk import Action

import bot.actions

ROOT = Path(__file__).resolve().parents[2]
BUILT_IN_OVERRIDES = {"action_session_start", "action_default_fallback"}


def domain_parts() -> list[dict]:
    return [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((ROOT / "bot/domain").glob("*.yml"))
    ]


def implemented_actions() -> set[str]:
    names = set()
    for module_info in pkgutil.iter_modules(bot.actions.__path__):
        module = importlib.import_module(f"bot.actions.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Action) and cls.__module__ == module.__name__ and not inspect.isabstract(cls):
                names.add(cls().name())
    return names


def test_every_domain_action_is_implemented_and_every_action_is_in_the_domain():
    declared = {action for part in domain_parts() for action in part.get("actions", [])}
    assert declared == implemented_actions()


def test_every_response_has_an_english_variation():
    for part in domain_parts():
        for name, variations in (part.get("responses") or {}).items():
            languages = {
                next((c["value"] for c in v.get("condition", []) if c.get("name") == "language"), "sv")
                for v in variations
            }
            assert languages == {"sv", "en"}, name


def test_buttons_have_the_same_payloads_in_both_languages():
    for part in domain_parts():
        for name, variations in (part.get("responses") or {}).items():
            payloads = {tuple(b["payload"] for b in v.get("buttons", [])) for v in variations}
            assert len(payloads) == 1, name


def test_the_default_variation_is_swedish_and_the_english_one_is_conditioned():
    for part in domain_parts():
        for name, variations in (part.get("responses") or {}).items():
            unconditioned = [v for v in variations if not v.get("condition")]
            assert len(unconditioned) == 1, name
