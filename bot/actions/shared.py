"""Session start, language switching and handoff to a human."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from services.handoff import record_handoff

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

HEALTH_INTENTS = {
    "report_symptoms",
    "emergency",
    "book_appointment",
    "cancel_appointment",
    "reschedule_appointment",
    "list_appointments",
}
SOCIAL_INTENTS = {"apply_for_service", "application_status"}


def current_language(tracker: Tracker) -> str:
    value = tracker.get_slot("language")
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


class ActionSessionStart(Action):
    """Start a session: keep the slots of the last one, and take the language the gateway passed along."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        carried = {
            name: value
            for name, value in tracker.slots.items()
            if value is not None and name != "session_started_metadata"
        }
        events.extend(SlotSet(name, value) for name, value in carried.items())
        metadata = tracker.get_slot("session_started_metadata") or {}
        requested = metadata.get("language") if isinstance(metadata, dict) else None
        # The gateway always passes the conversation's current language; it wins over the carried value.
        if requested in LANGUAGES:
            events.append(SlotSet("language", requested))
        events.append(ActionExecuted("action_listen"))
        return events


class ActionChangeLanguage(Action):
    """Switch to the language the person named, or to the other one when they named none."""

    def name(self) -> str:
        return "action_change_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        named = next(tracker.get_latest_entity_values("language"), None)
        if named in LANGUAGES:
            target = named
        else:
            target = "en" if current_language(tracker) == "sv" else "sv"
        return [SlotSet("language", target)]


class ActionHumanHandoff(Action):
    """Record that the person wants a human; the response that follows says how to reach one."""

    def name(self) -> str:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        record_handoff(
            sender_key=tracker.sender_id, topic=_topic(tracker), language=current_language(tracker)
        )
        return []


def _topic(tracker: Tracker) -> str:
    """What the person was dealing with before asking for a human."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
        if intent in HEALTH_INTENTS:
            return "health"
        if intent in SOCIAL_INTENTS:
            return "social_services"
    return "other"


class ActionDefaultFallback(Action):
    """When the dialogue policies are unsure: ask to rephrase, offer choices, forget the unclear message."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_ask_rephrase")
        return [UserUtteranceReverted()]
