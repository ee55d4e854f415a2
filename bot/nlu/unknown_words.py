"""Refuse to guess an intent when none of the message's words were ever seen in training.

DIET's softmax is confident even on gibberish ("xqzt vbnm plörk" scored 0.9 for one intent). This
component learns the training vocabulary and, when a message has no known word (allowing small typos
and numbers), sets the intent confidence to zero so the FallbackClassifier after it asks the person to
rephrase instead.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UnknownWordsGuard(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # A word of at least this length may differ a little from a known word and still count.
        return {"min_fuzzy_length": 4, "fuzzy_cutoff": 0.8}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vocabulary: set[str] | None = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or set()
        self._by_initial: dict[str, list[str]] = {}
        for word in self._vocabulary:
            self._by_initial.setdefault(word[0], []).append(word)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> UnknownWordsGuard:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> UnknownWordsGuard:
        try:
            with model_storage.read_from(resource) as path:
                vocabulary = set(json.loads((path / "vocabulary.json").read_text(encoding="utf-8")))
        except ValueError:
            vocabulary = set()
        return cls(config, model_storage, resource, vocabulary)

    def train(self, training_data: TrainingData) -> Resource:
        vocabulary: set[str] = set()
        for example in training_data.training_examples:
            vocabulary.update(words(example.get(TEXT) or ""))
        with self._model_storage.write_to(self._resource) as path:
            (path / "vocabulary.json").write_text(json.dumps(sorted(vocabulary)), encoding="utf-8")
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not self._vocabulary or text.startswith("/") or self.has_known_word(text):
                continue
            intent = message.get(INTENT)
            if intent:
                intent["confidence"] = 0.0
                for ranked in message.get(INTENT_RANKING_KEY) or []:
                    ranked["confidence"] = 0.0
        return messages

    def has_known_word(self, text: str) -> bool:
        for word in words(text):
            if word.isdigit() or word in self._vocabulary:
                return True
            if len(word) >= self._config["min_fuzzy_length"]:
                candidates = self._by_initial.get(word[0], [])
                if difflib.get_close_matches(word, candidates, n=1, cutoff=self._config["fuzzy_cutoff"]):
                    return True
        return False
