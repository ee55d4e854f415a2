"""Applications for social services: which service, the questionnaire one step at a time, identity, status.

The form has one slot, ``application_reply``; the working state (the task, the current step, the
application and the step to say) is the ``application`` slot. ``services.applications`` runs the
interview (consent, answers, back, skip, cancel, review, submit) and ``services.identity`` says who the
person is; these actions only pick the next step and render what the service says.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions import identity
from bot.actions.shared import current_language

DONE = "done"
# Tasks
APPLY, RESUME, STATUS = "apply", "resume", "status"
# Steps (the identity steps are identity.PHONE, CODE and PNR)
SERVICE, INTERVIEW, SAVE_OFFER = "service", "interview", "save_offer"
# Why the person is identified: what happens once they are
SUBMIT, SAVE = "submit", "save"

CANCEL_WORDS = {"avbryt", "avsluta", "sluta", "stopp", "cancel", "stop", "quit", "exit"}
YES_WORDS = {"ja", "japp", "jo", "gärna", "garna", "ok", "okej", "yes", "yeah", "sure", "1"}
NO_WORDS = {"nej", "nej tack", "nä", "no", "no thanks", "no thank you", "2"}
CONTINUE = re.compile(r"\b(?:fortsätt\w*|fortsatt\w*|återuppta\w*|slutför\w*|continue|resume|finish)\b")
# Indirect words for a service when the person does not name it ("jag har inte råd med hyran").
SERVICE_CUES = {
    "financial_aid": (r"hyr\w*", r"pengar\w*", r"råd", r"rad", r"räkning\w*", r"bistånd\w*", r"bidrag\w*",
                      r"försörjning\w*", r"rent", r"money", r"afford", r"bills?", r"income", r"welfare"),
    "home_care": (r"hemma", r"hemtj\w*", r"hemhjälp", r"duscha\w*", r"städa\w*", r"klä på", r"at home",
                  r"home (?:care|help)", r"shower\w*", r"dress\w*", r"cleaning"),
    "transport_service": (r"färdtj\w*", r"fardtj\w*", r"buss\w*", r"kollektiv\w*", r"rullstol\w*", r"taxi",
                          r"bus", r"public transport", r"wheelchair", r"paratransit", r"transport\w*"),
}  # fmt: skip
SKIP_LABELS = {"sv": "Hoppa över", "en": "Skip"}
IDENTIFY_RESPONSES = {
    SUBMIT: "utter_application_identify_submit",
    RESUME: "utter_application_identify_resume",
    STATUS: "utter_application_identify_status",
    SAVE: "utter_application_identify_save",
}


def services() -> list[str]:
    """The application types, in the order they are offered (from the questionnaire files)."""
    from services.applications.questionnaire import questionnaires

    return list(questionnaires())


def service_in(text: str) -> str | None:
    """The service a message names or hints at, when exactly one fits."""
    folded = text.lower()
    found = [
        service
        for service, cues in SERVICE_CUES.items()
        if any(re.search(rf"\b{cue}\b", folded) for cue in cues)
    ]
    return found[0] if len(found) == 1 else None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip(" .!?\"'")


def _user_text(tracker: Tracker) -> str:
    text = (tracker.latest_message or {}).get("text") or ""
    return "" if text.startswith("/") else text.strip()


def render(step: dict[str, Any]) -> str:
    """One step as one message: what went wrong, a notice, the question, the summary, help and hint.

    Lines are joined with single newlines: Rasa's REST channel splits a text at blank lines.
    """
    lines = [step.get("error"), None if step.get("error") else step.get("notice"), step.get("text")]
    lines.extend(step.get("summary") or ())
    hint = step.get("hint") if step.get("hint") != step.get("error") else None
    lines.append(" ".join(part for part in (step.get("help"), hint) if part) or None)
    return "\n".join(line for line in lines if line)


def buttons_of(step: dict[str, Any]) -> list[dict[str, str]]:
    """The choices by number (or the payload the service gives a choice, such as "+1,3" for a multiple
    choice picked one at a time); an optional question also gets "skip" ("#", a keypad key in any language).
    """
    buttons = [
        {"title": c["label"], "payload": c.get("payload") or str(c["number"])}
        for c in step.get("choices") or ()
    ]
    if step.get("kind") == "question" and step.get("optional"):
        buttons.append({"title": SKIP_LABELS.get(step.get("language") or "sv", "Hoppa över"), "payload": "#"})
    return buttons


class Turn:
    """What a step needs: the dispatcher, the conversation and its language."""

    def __init__(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        self.dispatcher = dispatcher
        self.lang = current_language(tracker)
        self.conversation_id = tracker.sender_id
        self.last_service = tracker.get_slot("application_service")

    def say(self, response: str, **kwargs: Any) -> None:
        self.dispatcher.utter_message(response=response, **kwargs)


# --- picking the next step ---------------------------------------------------------------------------


def begin(service: str, state: dict[str, Any], turn: Turn) -> None:
    """Start or resume the person's application of this type: the intro with consent, or the next step."""
    from services.applications import start_application

    step = start_application(service, conversation_id=turn.conversation_id, language=turn.lang)
    state.update(service=service, id=step.application_id)
    show(step, state)


def show(step: Any, state: dict[str, Any]) -> None:
    """Keep the service's step to say it (``action_ask_application_reply``), or finish with its outcome."""
    if step.kind in ("consent", "question", "review"):
        state["step"], state["view"] = INTERVIEW, dataclasses.asdict(step)
        return
    state["view"] = None
    if step.kind == "submitted":
        state["outcome"] = {"kind": "submitted", "reference": step.reference, "text": step.text}
    elif step.kind == "declined":
        state["outcome"] = {"kind": "declined"}
    elif step.kind == "cancelled":
        state["outcome"] = {"kind": "cancelled", "kept": step.application_id is not None}
    else:
        state["outcome"] = {"kind": "stopped"}


def identify(state: dict[str, Any], turn: Turn, purpose: str) -> bool:
    """Ask who the person is (``True``), unless the conversation already belongs to them."""
    step = identity.identity_step(turn.conversation_id)
    if step is None:
        return False
    state["step"], state["purpose"] = step, purpose
    return True


def resume(state: dict[str, Any], turn: Turn) -> None:
    """Continue a saved application: the person's one draft, this conversation's, or ask which service."""
    from services.applications import find_draft

    person = identity.identified_person(turn.conversation_id)
    if person is not None:
        drafts = [service for service in services() if find_draft(person, service)]
        if len(drafts) == 1:
            begin(drafts[0], state, turn)
            return
        if drafts:
            state["step"], state["offered"] = SERVICE, drafts
            return
    if turn.last_service:
        begin(turn.last_service, state, turn)
        return
    if person is None and identify(state, turn, RESUME):
        return
    turn.say("utter_application_no_draft")
    state["task"], state["step"] = APPLY, SERVICE


def after_identity(state: dict[str, Any], turn: Turn) -> None:
    from services.applications import ApplicationError, current_step, submit

    purpose = state.pop("purpose", None)
    if purpose == STATUS:
        state["outcome"] = {"kind": "status"}
    elif purpose == RESUME:
        resume(state, turn)
    elif purpose in (SUBMIT, SAVE):
        try:
            if purpose == SUBMIT:
                show(submit(state["id"], conversation_id=turn.conversation_id, language=turn.lang), state)
            else:  # the draft now belongs to the person: reading it attaches it
                current_step(state["id"], conversation_id=turn.conversation_id, language=turn.lang)
                state["outcome"] = {"kind": "cancelled", "kept": True}
        except ApplicationError:
            state["outcome"] = {"kind": "gone"}
    else:
        state["outcome"] = {"kind": "stopped"}


# --- one handler per step ----------------------------------------------------------------------------


def on_service(reply: str, state: dict[str, Any], turn: Turn) -> None:
    offered = state.get("offered") or services()
    cleaned = _clean(reply)
    service = None
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(offered):
        service = offered[int(cleaned) - 1]
    else:
        service = service_in(reply) or next(
            (s for s in offered if _clean(_title(s, turn.lang)) in cleaned), None
        )
    if service is None:
        turn.say("utter_application_reask_service")
        return
    state.pop("offered", None)
    begin(service, state, turn)


def on_interview(reply: str, state: dict[str, Any], turn: Turn) -> None:
    from services.applications import ApplicationError, NotIdentified, answer

    try:
        step = answer(state["id"], reply, conversation_id=turn.conversation_id, language=turn.lang)
    except NotIdentified:
        if not identify(state, turn, SUBMIT):  # identified meanwhile, in another way
            state["purpose"] = SUBMIT
            after_identity(state, turn)
        return
    except ApplicationError:
        state["outcome"] = {"kind": "gone"}
        return
    show(step, state)
    outcome = state.get("outcome") or {}
    kept = outcome.get("kind") == "cancelled" and outcome["kept"]
    if kept and identity.identified_person(turn.conversation_id) is None:
        state.pop("outcome")
        state["step"] = SAVE_OFFER


def on_save_offer(reply: str, state: dict[str, Any], turn: Turn) -> None:
    cleaned = _clean(reply)
    if cleaned in YES_WORDS:
        if not identify(state, turn, SAVE):
            state["purpose"] = SAVE
            after_identity(state, turn)
    elif cleaned in NO_WORDS:
        state["outcome"] = {"kind": "cancelled", "kept": True, "here": True}
    else:
        turn.say("utter_application_reask_yes_no")


def on_identity(reply: str, state: dict[str, Any], turn: Turn) -> None:
    step = identity.HANDLERS[state["step"]](reply, state, turn.dispatcher, turn.conversation_id, turn.lang)
    if step is None:
        after_identity(state, turn)
    else:
        state["step"] = step


STEPS = {
    SERVICE: on_service,
    INTERVIEW: on_interview,
    SAVE_OFFER: on_save_offer,
    identity.PHONE: on_identity,
    identity.CODE: on_identity,
    identity.PNR: on_identity,
}


def _title(service: str, lang: str) -> str:
    from services.applications import get_questionnaire

    return get_questionnaire(service).title(lang)


# --- actions -----------------------------------------------------------------------------------------


class ActionApplicationStart(Action):
    """Start from the person's words: apply (for a named or hinted service), continue a draft, or status."""

    def name(self) -> str:
        return "action_application_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        turn = Turn(dispatcher, tracker)
        intent = (tracker.latest_message or {}).get("intent", {}).get("name")
        text = _user_text(tracker)
        named = next(tracker.get_latest_entity_values("service"), None)
        service = named if named in services() else service_in(text)
        state: dict[str, Any] = {"task": APPLY}
        events: list[EventType] = []
        if CONTINUE.search(text.lower()) and service is None:
            state["task"] = RESUME
            resume(state, turn)
        elif intent == "application_status":
            state["task"] = STATUS
            if not identify(state, turn, STATUS):
                state["outcome"] = {"kind": "status"}
        elif service is not None:
            begin(service, state, turn)
        else:
            state["step"] = SERVICE
        events.append(SlotSet("application", state))
        if state.get("service"):
            events.append(SlotSet("application_service", state["service"]))
        if state.get("outcome"):
            events.append(SlotSet("application_reply", DONE))
        return events


class ActionAskApplicationReply(Action):
    """Say the current step: which service, the service's question or review, or an identity step."""

    def name(self) -> str:
        return "action_ask_application_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        state = tracker.get_slot("application") or {}
        lang = current_language(tracker)
        step = state.get("step")
        if step == SERVICE:
            offered = state.get("offered") or services()
            buttons = [{"title": _title(s, lang), "payload": str(n)} for n, s in enumerate(offered, 1)]
            dispatcher.utter_message(response="utter_application_ask_service", buttons=buttons)
        elif step == INTERVIEW:
            view = state.get("view") or {}
            if view.get("language") != lang:  # the person switched language: ask again in theirs
                view = self._current(state, tracker.sender_id, lang) or view
            dispatcher.utter_message(
                response="utter_application_step",
                step=render(view),
                buttons=buttons_of(view),
                json_message={"application_step": view.get("kind"), "service": view.get("service")},
            )
        elif step == SAVE_OFFER:
            dispatcher.utter_message(response="utter_application_offer_save")
        elif step == identity.PHONE:
            purpose = state.get("purpose") or SUBMIT
            dispatcher.utter_message(response=IDENTIFY_RESPONSES[purpose])
        elif step in identity.ASK_RESPONSES:
            masked = (state.get("challenge") or {}).get("masked", "")
            dispatcher.utter_message(response=identity.ASK_RESPONSES[step], phone=masked)
        return []

    @staticmethod
    def _current(state: dict[str, Any], conversation_id: str, lang: str) -> dict[str, Any] | None:
        from services.applications import ApplicationError, current_step

        try:
            step = current_step(state["id"], conversation_id=conversation_id, language=lang)
        except ApplicationError:
            return None
        return dataclasses.asdict(step)


class ValidateApplicationForm(FormValidationAction):
    """Hand each reply to the current step and pick the next one (or finish)."""

    def name(self) -> str:
        return "validate_application_form"

    async def validate_application_reply(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if slot_value is None or slot_value == DONE:
            return {"application_reply": slot_value}
        reply = str(slot_value).strip()
        state = dict(tracker.get_slot("application") or {})
        turn = Turn(dispatcher, tracker)
        step = state.get("step")
        if step not in STEPS:
            state["outcome"] = {"kind": "stopped"}
        elif step != INTERVIEW and _clean(reply) in CANCEL_WORDS:
            kept = bool(state.get("id"))
            state["outcome"] = {"kind": "cancelled", "kept": True} if kept else {"kind": "stopped"}
        else:
            STEPS[step](reply, state, turn)
        slots: dict[str, Any] = {
            "application": state,
            "application_reply": DONE if state.get("outcome") else None,
        }
        if state.get("service"):
            slots["application_service"] = state["service"]
        return slots


class ActionApplicationResult(Action):
    """Say how it ended (sent with a reference, declined, saved for later, status) and forget the state."""

    def name(self) -> str:
        return "action_application_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        state = tracker.get_slot("application") or {}
        outcome = state.get("outcome") or {"kind": "stopped"}
        kind = outcome["kind"]
        events: list[EventType] = [SlotSet("application", None), SlotSet("application_reply", None)]
        if kind == "submitted":
            data = {"application_reference": outcome["reference"], "application_status": "received",
                    "service": state.get("service")}  # fmt: skip
            dispatcher.utter_message(
                response="utter_application_submitted", step=outcome["text"], json_message=data
            )
            events.append(SlotSet("application_service", None))
        elif kind == "declined":
            dispatcher.utter_message(response="utter_application_declined")
            events.append(SlotSet("application_service", None))
        elif kind == "cancelled" and outcome.get("kept"):
            here = outcome.get("here") or identity.identified_person(tracker.sender_id) is None
            dispatcher.utter_message(
                response="utter_application_cancelled_here" if here else "utter_application_cancelled_saved"
            )
        elif kind == "status":
            self._status(dispatcher, tracker)
        elif kind == "gone":
            dispatcher.utter_message(response="utter_application_gone")
        else:
            dispatcher.utter_message(response="utter_application_stopped")
        return events

    @staticmethod
    def _status(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        from services.applications import application_status

        person = identity.identified_person(tracker.sender_id)
        applications = application_status(person) if person is not None else []
        if not applications:
            dispatcher.utter_message(response="utter_application_status_none")
            return
        lang = current_language(tracker)
        lines = [
            f"- {a.title(lang)}{f', {a.reference}' if a.reference else ''}: {a.status_text(lang)}"
            for a in applications
        ]
        data = [{"reference": a.reference, "service": a.service, "status": a.status} for a in applications]
        dispatcher.utter_message(
            response="utter_application_status",
            applications="\n".join(lines),
            json_message={"applications": data},
        )
