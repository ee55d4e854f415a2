"""The red-flag screen in the NLU pipeline overrides DIET in both directions."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.emergency_screen import EmergencyScreen


def parsed(text: str, intent: str) -> Message:
    return Message(
        data={"text": text, "intent": {"name": intent, "confidence": 0.7},
              "intent_ranking": [{"name": intent, "confidence": 0.7}], "entities": []}
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "diet", "kind"),
    [
        (
            "jag vill boka en tid men min man har svår bröstsmärta och kan inte andas",
            "book_appointment",
            "general",
        ),
        ("I want to kill myself", "human_handoff", "suicide"),
    ],
)
def test_a_red_flag_becomes_an_emergency_whatever_diet_said(text, diet, kind):
    [message] = EmergencyScreen().process([parsed(text, diet)])
    assert message.get("intent") == {"name": "emergency", "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == "emergency"
    assert [e["value"] for e in message.get("entities") if e["entity"] == "emergency_kind"] == [kind]


def test_diet_alone_cannot_raise_an_emergency():
    [message] = EmergencyScreen().process([parsed("jag har lite ont i magen", "emergency")])
    assert message.get("intent")["name"] == "report_symptoms"


@pytest.mark.parametrize("text", ["ja", "nej", "jag vill boka en tid", "4500", "inga bröstsmärtor", "/greet"])
def test_ordinary_messages_keep_their_intent(text):
    [message] = EmergencyScreen().process([parsed(text, "inform")])
    assert message.get("intent")["name"] == "inform"
