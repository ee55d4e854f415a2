"""Builders for action tests: a tracker in a named state and a collecting dispatcher."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def user_event(
    intent: str,
    text: str = "",
    entities: list[dict[str, Any]] | None = None,
    metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "intent": {"name": intent, "confidence": 0.99},
            "entities": entities or [],
            "metadata": metadata or {},
        },
        "metadata": metadata or {},
    }


def make_tracker(
    *,
    sender_id: str = "test-conversation",
    slots: dict[str, Any] | None = None,
    intent: str = "greet",
    text: str = "",
    entities: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    """``metadata`` is what the gateway sends with the message (``channel``, ``language``, ``message_id``)."""
    latest = user_event(intent, text, entities, metadata)
    return Tracker(
        sender_id=sender_id,
        slots={"language": "sv", **(slots or {})},
        latest_message={**latest["parse_data"], "text": text},
        events=[*(events or []), latest],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


# The person the action tests identify: a conversation, a mobile number, the SMS code and a personnummer.
SENDER = "conversation-1"
PHONE = "070-123 45 67"
PNR = "19811218-9876"
CODE = "424242"


@pytest.fixture
def fixed_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every SMS code is CODE, so a test can answer it."""
    from services.identity import verifier

    original = verifier.SmsCodeVerifier.__init__

    def init(self: Any, **kwargs: Any) -> None:
        original(self, **kwargs, code_factory=lambda: CODE)

    monkeypatch.setattr(verifier.SmsCodeVerifier, "__init__", init)


def identify(sender: str = SENDER, pnr: str = PNR) -> int:
    """Verify PHONE with CODE in ``sender``'s conversation and identify the person; their id."""
    from services.identity import SmsCodeVerifier, identify_person

    verifier = SmsCodeVerifier(code_factory=lambda: CODE)
    challenge = verifier.start(conversation_id=sender, phone=PHONE)
    verifier.confirm(challenge_id=challenge.id, response=CODE)
    return identify_person(sender, pnr).id
