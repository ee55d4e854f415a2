"""The deterministic red-flag screen, run on every message as the last NLU step.

A message with a life-threatening finding (services.triage.screen_emergency, in Swedish and English)
becomes intent ``emergency`` whatever DIET thought, with an ``emergency_kind`` entity (general, suicide,
poisoning) so the answer can name the right help line. DIET alone may not raise an emergency: when it
predicts ``emergency`` and the screen finds nothing, the intent becomes ``report_symptoms`` and the
triage conversation asks its red-flag questions (docs/adr/0002-emergency-screen.md).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

EMERGENCY = "emergency"
REPORT_SYMPTOMS = "report_symptoms"


def screen(text: str) -> str | None:
    """The emergency kind found in ``text`` in either language, or None."""
    from services.triage import screen_emergency  # imported on first use: spaCy loads lazily

    for lang in ("sv", "en"):
        found = screen_emergency(text, lang)
        if found is not None:
            return found.kind
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencyScreen(GraphComponent, IntentClassifier):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EmergencyScreen:
        screen("hej")  # load the knowledge and both pipelines now, not during the first conversation
        return cls()

    def process_training_data(self, training_data: Any) -> Any:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            kind = screen(text)
            intent = message.get(INTENT) or {}
            if kind is not None:
                _set_intent(message, EMERGENCY)
                entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != "emergency_kind"]
                entities.append(
                    {"entity": "emergency_kind", "value": kind, "start": 0, "end": len(text),
                     "extractor": self.__class__.__name__}
                )  # fmt: skip
                message.set(ENTITIES, entities, add_to_output=True)
            elif intent.get("name") == EMERGENCY:
                _set_intent(message, REPORT_SYMPTOMS)
        return messages


def _set_intent(message: Message, name: str) -> None:
    message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    message.set(INTENT_RANKING_KEY, [{"name": name, "confidence": 1.0}, *ranking], add_to_output=True)
