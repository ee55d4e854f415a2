"""The guard that turns a message of only unknown words into a low-confidence prediction."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.unknown_words import UnknownWordsGuard

TRAINING = ["jag vill boka en tid", "hej", "tack så mycket", "I have a sore throat", "book an appointment"]


@pytest.fixture
def guard(tmp_path: Path) -> UnknownWordsGuard:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("guard")
    context = ExecutionContext(GraphSchema({}), "test")
    config = UnknownWordsGuard.get_default_config()
    trained = UnknownWordsGuard.create(config, storage, resource, context)
    trained.train(TrainingData([Message(data={"text": t, "intent": "x"}) for t in TRAINING]))
    return UnknownWordsGuard.load(config, storage, resource, context)


def predicted(text: str) -> Message:
    return Message(
        data={
            "text": text,
            "intent": {"name": "emergency", "confidence": 0.93},
            "intent_ranking": [
                {"name": "emergency", "confidence": 0.93},
                {"name": "greet", "confidence": 0.07},
            ],
        }
    )


@pytest.mark.parametrize("text", ["xqzt vbnm plörk", "asdfgh", "!!!"])
def test_gibberish_loses_its_confidence(guard: UnknownWordsGuard, text: str):
    [message] = guard.process([predicted(text)])
    assert message.get("intent")["confidence"] == 0.0
    assert {r["confidence"] for r in message.get("intent_ranking")} == {0.0}


@pytest.mark.parametrize(
    "text",
    ["boka tid", "HEJ!", "I have a sore throat", "appointmnt", "4500", "/greet", "tackk", "jag förstår inte"],
)
def test_known_words_typos_numbers_and_payloads_keep_the_prediction(guard: UnknownWordsGuard, text: str):
    [message] = guard.process([predicted(text)])
    assert message.get("intent")["confidence"] == 0.93
