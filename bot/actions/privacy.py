"""The person's own data: show what the assistant holds about this conversation, and erase it on request.

The erasure itself happens in the gateway right after this turn (``data.erase_conversation``): Rasa saves
the conversation at the end of every turn, so deleting it from inside an action would be undone.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.shared import current_language
from services import privacy

TEXTS = {
    "held": {
        "sv": "Det här har vi sparat från samtalet. Antal meddelanden: {messages}.",
        "en": "This is what we have saved from the conversation. Number of messages: {messages}.",
    },
    "phone": {
        "sv": "Ditt mobilnummer {phone}, som du bekräftade med en kod.",
        "en": "Your mobile number {phone}, which you confirmed with a code.",
    },
    "appointments": {
        "sv": "Dina bokade tider: {items}.",
        "en": "Your booked visits: {items}.",
    },
    "applications": {
        "sv": "Dina ansökningar: {items}.",
        "en": "Your applications: {items}.",
    },
    "drafts": {
        "sv": "Ansökningar du inte har skickat in: {count}.",
        "en": "Applications you have not sent in: {count}.",
    },
    "offer": {
        "sv": 'Vill du att vi raderar det? Skriv "radera mina uppgifter".',
        "en": 'Do you want us to delete it? Write "delete my data".',
    },
    "ask": {
        "sv": (
            "Vill du att vi raderar samtalet och det du har skrivit? "
            "Bokade tider och inskickade ansökningar sparas ändå. Det kräver lagen."
        ),
        "en": (
            "Do you want us to delete the conversation and what you wrote? "
            "Booked visits and sent applications are kept. The law says so."
        ),
    },
    "erased": privacy.ERASED_TEXT,
    "kept": {
        "sv": "Okej. Vi raderar ingenting.",
        "en": "OK. We do not delete anything.",
    },
}
BUTTONS = {
    "sv": [{"title": "Ja, radera", "payload": "/affirm"}, {"title": "Nej", "payload": "/deny"}],
    "en": [{"title": "Yes, delete", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}],
}


def _say(key: str, lang: str, **values: Any) -> str:
    return TEXTS[key][lang].format(**values)


class ActionShowMyData(Action):
    def name(self) -> str:
        return "action_show_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        lang = current_language(tracker)
        held = privacy.export(tracker.sender_id)
        # The messages of this turn are not stored yet: count the one the person just sent.
        lines = [_say("held", lang, messages=len(held.messages) + 1)]
        if held.verified_phone:
            lines.append(_say("phone", lang, phone=held.verified_phone))
        if held.appointments:
            items = ", ".join(a["reference"] for a in held.appointments if a["status"] == "booked")
            if items:
                lines.append(_say("appointments", lang, items=items))
        if held.applications:
            lines.append(
                _say("applications", lang, items=", ".join(a["reference"] for a in held.applications))
            )
        if held.drafts:
            lines.append(_say("drafts", lang, count=held.drafts))
        lines.append(_say("offer", lang))
        dispatcher.utter_message(text=" ".join(lines))
        return []


class ActionAskErase(Action):
    def name(self) -> str:
        return "action_ask_erase"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        lang = current_language(tracker)
        dispatcher.utter_message(text=_say("ask", lang), buttons=BUTTONS[lang])
        return []


class ActionEraseMyData(Action):
    """After the question: yes asks the gateway to erase the conversation, no keeps everything."""

    def name(self) -> str:
        return "action_erase_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        lang = current_language(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "affirm" and _just_asked(tracker):
            dispatcher.utter_message(text=_say("erased", lang), json_message={"erase_conversation": True})
        else:
            dispatcher.utter_message(text=_say("kept", lang))
        return []


def _just_asked(tracker: Tracker) -> bool:
    """The yes answers the erase question itself, not something asked earlier."""
    actions = [
        e.get("name")
        for e in tracker.events
        if e.get("event") == "action" and e.get("name") not in ("action_listen", None)
    ]
    return bool(actions) and actions[-1] == "action_ask_erase"
