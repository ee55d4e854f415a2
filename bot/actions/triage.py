"""The triage conversation: intake in the person's words, a few decisive questions, then the advice.

All clinical decisions are made by ``services.triage``; these actions only keep the conversation's state.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.shared import current_language
from services import replies

MAX_QUESTIONS = 6
DESCRIBE = "describe"  # the pseudo-question: "tell me in your own words"
CANCELLED = "cancelled"
DONE = "done"
CANCEL_WORDS = {"avbryt", "avsluta", "sluta", "stopp", "cancel", "stop", "quit"}
# The common complaints offered as choices (for keypad and SMS users too), as the person would say them.
COMMON_COMPLAINTS = {
    "fever": {"sv": "jag har feber", "en": "I have a fever"},
    "cough": {"sv": "jag har hosta och är förkyld", "en": "I have a cough and a cold"},
    "sore_throat": {"sv": "jag har ont i halsen", "en": "I have a sore throat"},
    "belly": {"sv": "jag har ont i magen", "en": "I have a stomach ache"},
    "headache": {"sv": "jag har huvudvärk", "en": "I have a headache"},
    "rash": {"sv": "jag har utslag på huden", "en": "I have a rash on my skin"},
    "ear": {"sv": "jag har ont i örat", "en": "I have an earache"},
    "back": {"sv": "jag har ont i ryggen", "en": "I have back pain"},
}
ANSWER_VALUES = {replies.YES: True, replies.NO: False, replies.UNKNOWN: None}
TRIAGE_SLOTS = ("triage_text", "triage_answers", "triage_age", "triage_question", "triage_asked")


def _assess(
    tracker: Tracker, *, text: str | None = None, answers: dict | None = None, age: float | None = None
):
    from services.triage import assess

    return assess(
        text if text is not None else tracker.get_slot("triage_text") or "",
        current_language(tracker),
        age_years=age if age is not None else tracker.get_slot("triage_age"),
        answers=answers if answers is not None else tracker.get_slot("triage_answers") or {},
    )


def _next_question(assessment, answers: dict[str, Any]) -> str | None:  # type: ignore[no-untyped-def]
    """The most decisive question not yet asked ("don't know" answers are not asked again)."""
    return next((q.id for q in assessment.questions if q.id not in answers), None)


def _user_text(tracker: Tracker) -> str:
    text = (tracker.latest_message or {}).get("text") or ""
    return "" if text.startswith("/") else text.strip()


def clear_triage(*, reply: bool = True) -> list[EventType]:
    """Forget the triage's working state (``reply=False`` at the start: setting the form's slot, even to
    None, would make the form validate it when it activates)."""
    return [SlotSet(name, None) for name in TRIAGE_SLOTS + (("triage_reply",) if reply else ())]


def one_message(text: str) -> str:
    """Rasa's REST channel splits a text at blank lines into several messages; keep advice together."""
    return text.replace("\n\n", "\n")


class ActionTriageStart(Action):
    """Take the person's first description and decide what to ask first."""

    def name(self) -> str:
        return "action_triage_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = _user_text(tracker)
        events = [*clear_triage(reply=False), SlotSet("triage_answers", {}), SlotSet("triage_asked", 0.0)]
        if not text:
            return [*events, SlotSet("triage_question", DESCRIBE)]
        assessment = _assess(tracker, text=text, answers={}, age=None)
        events.append(SlotSet("triage_text", text))
        if not assessment.areas:
            return [*events, SlotSet("triage_question", DESCRIBE)]
        question = _next_question(assessment, {})
        if question is None:
            return [*events, SlotSet("triage_reply", DONE)]
        return [*events, SlotSet("triage_question", question)]


class ActionAskTriageReply(Action):
    """Ask the current question: the description, the age, or a yes/no question with choices."""

    def name(self) -> str:
        return "action_ask_triage_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        question_id = tracker.get_slot("triage_question")
        if question_id == DESCRIBE:
            more = bool(tracker.get_slot("triage_text"))
            dispatcher.utter_message(
                response="utter_triage_describe_more" if more else "utter_triage_describe"
            )
            return []
        question = next((q for q in _assess(tracker).questions if q.id == question_id), None)
        if question is None:  # the knowledge changed under us: describe instead
            dispatcher.utter_message(response="utter_triage_describe_more")
            return [SlotSet("triage_question", DESCRIBE)]
        response = "utter_triage_age_question" if question.kind == "age" else "utter_triage_question"
        dispatcher.utter_message(response=response, question=question.text)
        return []


class ValidateTriageForm(FormValidationAction):
    """Understand each answer, keep the facts, and pick the next question or finish."""

    def name(self) -> str:
        return "validate_triage_form"

    async def validate_triage_reply(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if slot_value is None:
            return {"triage_reply": None}
        reply = str(slot_value).strip()
        question = tracker.get_slot("triage_question")
        text = tracker.get_slot("triage_text") or ""
        answers = dict(tracker.get_slot("triage_answers") or {})
        age = tracker.get_slot("triage_age")
        asked = int(tracker.get_slot("triage_asked") or 0)

        if reply.lower().strip(" .!") in CANCEL_WORDS:
            return {"triage_reply": DONE, "triage_question": CANCELLED}

        if question == "age":
            age = replies.parse_age(reply)
            if age is None:
                dispatcher.utter_message(response="utter_triage_reask_age")
                return {"triage_reply": None}
        elif question == DESCRIBE:
            code = reply.removeprefix("symptom:")
            if code in COMMON_COMPLAINTS:
                reply = COMMON_COMPLAINTS[code][current_language(tracker)]
            text = f"{text}. {reply}" if text else reply
        else:
            value = replies.parse_yes_no(reply)
            if value is not None:
                answers[question] = ANSWER_VALUES[value]
            elif _assess(tracker, text=reply, answers={}).areas:
                text = f"{text}. {reply}"  # more description instead of an answer: keep it
            else:
                dispatcher.utter_message(response="utter_triage_reask_yes_no")
                return {"triage_reply": None}

        asked += 1
        assessment = _assess(tracker, text=text, answers=answers, age=age)
        slots: dict[str, Any] = {"triage_text": text, "triage_answers": answers, "triage_age": age,
                                 "triage_asked": float(asked)}  # fmt: skip
        next_question = _next_question(assessment, answers)
        if not assessment.areas and asked < 2:
            next_question = DESCRIBE
        if next_question is None or asked >= MAX_QUESTIONS or assessment.level == "emergency_call":
            return {**slots, "triage_reply": DONE, "triage_question": None}
        return {**slots, "triage_reply": None, "triage_question": next_question}


class ActionTriageResult(Action):
    """Give the advice: what to do, how soon, why, and when to seek care at once."""

    def name(self) -> str:
        return "action_triage_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        from services.triage import render_disposition

        if tracker.get_slot("triage_question") == CANCELLED:
            dispatcher.utter_message(response="utter_triage_cancelled")
            return clear_triage()
        lang = current_language(tracker)
        assessment = _assess(tracker)
        level = assessment.level
        advice = one_message(render_disposition(assessment, lang))
        dispatcher.utter_message(text=advice, json_message={"triage_level": level})
        if level == "emergency_visit":
            _name_emergency_department(dispatcher)
        if level in ("same_day", "routine"):
            dispatcher.utter_message(response="utter_triage_offer_booking")
        return [*clear_triage(), SlotSet("triage_level", level)]


class ActionEmergency(Action):
    """Call 112 now, in the same turn, whatever else was going on; with the right help line."""

    def name(self) -> str:
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        from services.triage import render_disposition

        kind = next(tracker.get_latest_entity_values("emergency_kind"), None) or "general"
        text = _user_text(tracker)
        assessment = _assess(tracker, text=text, answers={}, age=None) if text else None
        data = {"triage_level": "emergency_call", "emergency_kind": kind}
        if assessment is not None and assessment.level == "emergency_call":
            advice = one_message(render_disposition(assessment, current_language(tracker)))
            dispatcher.utter_message(text=advice, json_message=data)
        else:
            dispatcher.utter_message(response=f"utter_emergency_{kind}", json_message=data)
        return [*clear_triage(), SlotSet("triage_level", "emergency_call")]


def _name_emergency_department(dispatcher: CollectingDispatcher) -> None:
    from services.booking import nearest_emergency_units

    units = nearest_emergency_units(None)
    if units:
        unit = units[0]
        dispatcher.utter_message(
            response="utter_nearest_emergency_department",
            name=unit.name,
            address=unit.address,
            phone=unit.phone,
        )
