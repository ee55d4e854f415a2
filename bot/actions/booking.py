"""Booking, listing, moving and cancelling visits: one form, one step at a time.

The form has one slot, ``booking_reply``; the working state (the task, the current step, what is known)
is the ``booking`` slot. ``services.booking`` and ``services.identity`` do the work; these actions only
understand replies, pick the next step and render the choices.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions import identity
from bot.actions.shared import current_language
from services import replies

log = logging.getLogger(__name__)

DONE = "done"
# Steps
KIND, WHERE, OFFER, CONFIRM = "kind", "where", "offer", "confirm"
LIST, CHOOSE, CONFIRM_CANCEL, CONFIRM_MOVE, OFFER_BOOK = (
    "list",
    "choose",
    "confirm_cancel",
    "confirm_move",
    "offer_book",
)
# Tasks
BOOK, SHOW, CANCEL, MOVE = "book", "list", "cancel", "move"
TASK_OF_INTENT = {
    "book_appointment": BOOK,
    "list_appointments": SHOW,
    "cancel_appointment": CANCEL,
    "reschedule_appointment": MOVE,
}
OFFERS = 3
HORIZON = timedelta(days=28)
CHANNELS = ("web", "sms", "phone")

CANCEL_WORDS = {"avbryt", "avsluta", "sluta", "stopp", "cancel", "stop", "quit", "glöm det", "forget it"}
MORE_WORDS = {"fler", "fler tider", "more", "more times", "andra tider", "other times", "visa fler"}
ANY_WORDS = {"alla", "var som helst", "spelar ingen roll", "vilken som helst", "any", "anywhere",
             "does not matter", "doesn't matter", "any place", "egal"}  # fmt: skip
NEAR = re.compile(r"\b(?:nära|nara|närmast\w*|narmast\w*|near\w*|closest|close to me)\b")
MOVE_WORDS = {"flytta", "move", "byt", "byta", "ändra", "change", "reschedule"}
CANCEL_APPT_WORDS = {"avboka", "avbeställ", "ta bort", "cancel it", "cancel appointment", "remove"}
GENERIC_UNIT_WORDS = {"vardcentralen", "vardcentral", "ungdomsmottagningen", "tandvarden", "folktandvarden",
                      "jourmottagningen", "akutmottagningen", "centrum", "health", "centre"}  # fmt: skip
KIND_WORDS = {
    "doctor": ("lakare", "doktor", "dr", "gp", "doctor", "lakartid"),
    "nurse": ("sjukskoterska", "skoterska", "ssk", "nurse"),
    "physiotherapist": ("fysioterapeut", "sjukgymnast", "physio", "fysio"),
    "psychologist": ("psykolog", "psychologist", "kurator", "counsellor", "counselor", "therapist"),
    "dentist": ("tandlakare", "tandvard", "dentist", "tand"),
    "youth_midwife": ("barnmorska", "midwife"),
    "youth_counsellor": (),
}
YOUTH_KINDS = ("youth_midwife", "youth_counsellor")
YOUTH_WORDS = ("ungdomsmottagning", "umo", "youth")
REFERENCE = re.compile(r"\b[A-Za-z2-9]{3}[- ]?[A-Za-z2-9]{3}\b")

LABELS = {  # titles of buttons built here; responses hold every other text
    "more": {"sv": "Fler tider", "en": "More times"},
    "any": {"sv": "Spelar ingen roll", "en": "Anywhere"},
}
_WEEKDAYS = {
    "sv": ("mån", "tis", "ons", "tors", "fre", "lör", "sön"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_WEEKDAYS_LONG = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "sv": ("jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
_MONTHS_LONG = {
    "sv": ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}  # fmt: skip
SMS_TEXTS = {
    "booked": {
        "sv": "Bokad tid: {kind} {when}, {unit}, {address}. Bokningsnummer {reference}. "
        "Kan du inte komma? Avboka i chatten så att någon annan kan få tiden.",
        "en": "Booked: {kind} {when}, {unit}, {address}. Booking number {reference}. "
        "If you cannot come, cancel in the chat so someone else can have the time.",
    },
    "moved": {
        "sv": "Din tid är flyttad: {kind} {when}, {unit}, {address}. Bokningsnummer {reference}.",
        "en": "Your visit has moved: {kind} {when}, {unit}, {address}. Booking number {reference}.",
    },
}


# --- words and times -------------------------------------------------------------------------------


def fold(text: str) -> str:
    return text.lower().translate(str.maketrans("åäöéü", "aaoeu"))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().strip(" .!?")).replace("’", "'")


def short_when(moment: datetime, lang: str) -> str:
    """``tis 2 dec 09:30``: for button titles."""
    return (
        f"{_WEEKDAYS[lang][moment.weekday()]} {moment.day} {_MONTHS[lang][moment.month - 1]} {moment:%H:%M}"
    )


def long_when(moment: datetime, lang: str) -> str:
    """``tisdag 2 december kl. 09:30``: for sentences."""
    day = f"{_WEEKDAYS_LONG[lang][moment.weekday()]} {moment.day} {_MONTHS_LONG[lang][moment.month - 1]}"
    return f"{day} kl. {moment:%H:%M}" if lang == "sv" else f"{day} at {moment:%H:%M}"


def kind_name(kind: Any, lang: str) -> str:
    name = kind.name(lang)
    return name[0].lower() + name[1:]


def match_kind(text: str, choices: tuple[str, ...] | None = None) -> str | None:
    """The visit kind a reply names ("läkare", "a nurse", "doctor"), if exactly one."""
    words = _words(text)

    def names(stem: str) -> bool:
        return any(w == stem if len(stem) <= 3 else w.startswith(stem) for w in words)

    found = {code for code, stems in KIND_WORDS.items() if code == _clean(text) or any(map(names, stems))}
    if choices:
        if "psychologist" in found and "youth_counsellor" in choices:
            found.add("youth_counsellor")
        found &= set(choices)
    return found.pop() if len(found) == 1 else None


def names_youth_clinic(text: str) -> bool:
    return any(w.startswith(YOUTH_WORDS) for w in _words(text))


def match_place(text: str, kind: str | None) -> dict[str, str] | None:
    """A care unit named by its own words ("Ekbacken"), or a municipality ("Sjöhamn")."""
    from services.booking import list_units

    words = set(_words(text))
    units = [u for u in list_units(visit_kind=kind) if u.bookable]
    hits = []
    for unit in units:
        own = set(_words(unit.name)) - GENERIC_UNIT_WORDS - set(_words(unit.municipality))
        if any(len(w) >= 4 and w in words for w in own):
            hits.append(unit)
    if len(hits) == 1:
        return {"unit": hits[0].id, "municipality": hits[0].municipality}
    for municipality in {u.municipality for u in units}:
        if fold(municipality) in words:
            return {"unit": "", "municipality": municipality}
    return None


def window_to_state(window: Any) -> dict[str, Any] | None:
    if window is None:
        return None
    return {
        "start": window.start.isoformat(),
        "end": window.end.isoformat(),
        "from": window.from_minute,
        "until": window.until_minute,
    }


def window_from_state(data: dict[str, Any] | None) -> Any:
    from services.booking import TimeWindow

    if not data:
        return None
    return TimeWindow(
        start=datetime.fromisoformat(data["start"]),
        end=datetime.fromisoformat(data["end"]),
        from_minute=data.get("from"),
        until_minute=data.get("until"),
    )


def read_time(text: str, lang: str, state: dict[str, Any], dispatcher: CollectingDispatcher) -> bool:
    """Take the time the text names into the state; say so when it has passed. True if a time was named."""
    from services.booking import TimeInPast, parse_when

    try:
        window = parse_when(text, lang)
    except TimeInPast:
        dispatcher.utter_message(response="utter_booking_time_in_past")
        state["window"], state["offset"] = None, 0
        return True
    if window is None:
        return False
    state["window"], state["offset"] = window_to_state(window), 0
    return True


def _triage_window() -> dict[str, Any]:
    """Today and tomorrow, for a same-day triage advice."""
    from services.booking import TimeWindow
    from services.booking.timeutil import LOCAL_TZ, utcnow

    now = utcnow().astimezone(LOCAL_TZ)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return window_to_state(TimeWindow(start=now, end=midnight + timedelta(days=2))) or {}


def message_channel(tracker: Tracker) -> str:
    """Where the latest message came from (web, sms or phone), as the gateway says in its metadata."""
    metadata = (tracker.latest_message or {}).get("metadata")
    channel = metadata.get("channel") if isinstance(metadata, dict) else None
    return channel if channel in CHANNELS else "web"


# --- the conversation's state ----------------------------------------------------------------------


class Turn:
    """What a step needs: the dispatcher, the conversation and its language."""

    def __init__(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        self.dispatcher = dispatcher
        self.tracker = tracker
        self.lang = current_language(tracker)
        self.conversation_id = tracker.sender_id
        self.channel = message_channel(tracker)

    def say(self, response: str, **kwargs: Any) -> None:
        self.dispatcher.utter_message(response=response, **kwargs)


def advance(state: dict[str, Any], turn: Turn) -> None:
    """Pick the next step for the task from what is known (and search for times when they are next)."""
    task = state["task"]
    if task == BOOK:
        if not state.get("kind"):
            state["step"] = KIND
        elif state.get("unit") is None and state.get("municipality") is None:
            state["step"] = WHERE
        elif not state.get("slot"):
            search(state, turn)
        elif (step := identity.identity_step(turn.conversation_id)) is not None:
            state["step"] = step
        else:
            state["step"] = CONFIRM
        return
    if (step := identity.identity_step(turn.conversation_id)) is not None:
        state["step"] = step
        return
    person = identity.identified_person(turn.conversation_id)
    if task == SHOW:
        state["step"] = LIST if _appointments(person) else _nothing_booked(state, turn)
        return
    appointments = _appointments(person)
    references = [a.reference for a in appointments]
    if state.get("reference") not in references:
        mentioned = [r for r in state.pop("mentioned", None) or [] if r in references]
        state["reference"] = mentioned[0] if mentioned else None
    if state["reference"] is None:
        if not appointments:
            state["step"] = _nothing_booked(state, turn)
            return
        if len(appointments) > 1:
            state["step"] = CHOOSE
            return
        state["reference"] = references[0]
    if task == CANCEL:
        state["step"] = CONFIRM_CANCEL
    elif not state.get("slot"):
        appt = next(a for a in appointments if a.reference == state["reference"])
        state["kind"], state["unit"], state["municipality"] = appt.visit_kind.code, appt.unit.id, ""
        search(state, turn)
    else:
        state["step"] = CONFIRM_MOVE


def _nothing_booked(state: dict[str, Any], turn: Turn) -> str:
    turn.say("utter_booking_none_booked")
    state["task"] = BOOK
    state["reference"] = None
    return OFFER_BOOK


def _appointments(person: int | None) -> list[Any]:
    from services.booking import list_appointments

    return list_appointments(person_id=person) if person is not None else []


def search(state: dict[str, Any], turn: Turn) -> None:
    """Find up to three fitting times; when none fit, say why and offer the nearest ones instead."""
    from services.booking import TimeWindow, find_free_slots

    kind, unit, municipality = state["kind"], state.get("unit") or None, state.get("municipality") or None
    window = window_from_state(state.get("window"))
    offset = int(state.get("offset") or 0)
    found = find_free_slots(
        visit_kind=kind, window=window, unit_id=unit, municipality=municipality, limit=OFFERS, offset=offset
    )
    if not found and offset:
        turn.say("utter_booking_no_more_times")
        state["offset"] = offset = 0
        found = find_free_slots(
            visit_kind=kind, window=window, unit_id=unit, municipality=municipality, limit=OFFERS
        )
    if not found and window is not None:
        turn.say("utter_booking_closed_day" if _closed_day(window, state) else "utter_booking_no_times_then")
        nearest = TimeWindow(start=window.start, end=window.start + HORIZON)
        state["window"] = window_to_state(nearest)
        found = find_free_slots(visit_kind=kind, window=nearest, unit_id=unit, municipality=municipality)
    if not found and (unit or municipality) and state["task"] == BOOK:
        turn.say("utter_booking_no_times_here")
        state["unit"], state["municipality"], state["window"] = "", "", None
        found = find_free_slots(visit_kind=kind)
    if not found:  # nothing at all in the coming weeks: another kind of visit may have times
        turn.say("utter_booking_no_times")
        state.update(kind=None, unit=None, municipality=None, window=None, offset=0, step=KIND)
        return
    state["offers"] = [slot.id for slot in found]
    state["step"] = OFFER


def _closed_day(window: Any, state: dict[str, Any]) -> bool:
    """True when the window is one day on which no fitting unit is open."""
    from services.booking import list_units

    if window.end - window.start > timedelta(days=1, hours=1):
        return False
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[window.start.weekday()]
    units = [u for u in list_units(visit_kind=state["kind"]) if u.bookable]
    if state.get("unit"):
        units = [u for u in units if u.id == state["unit"]]
    elif state.get("municipality"):
        units = [u for u in units if u.municipality == state["municipality"]]
    return bool(units) and not any(u.opening_hours.get(day) for u in units)


def _last_bot_action(tracker: Tracker) -> str | None:
    """The last action before the person's latest message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None


def _user_text(tracker: Tracker) -> str:
    text = (tracker.latest_message or {}).get("text") or ""
    return "" if text.startswith("/") else text.strip()


# --- actions ---------------------------------------------------------------------------------------


class ActionBookingStart(Action):
    """Start booking, listing, moving or cancelling, using what the first message already says."""

    def name(self) -> str:
        return "action_booking_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        turn = Turn(dispatcher, tracker)
        intent = (tracker.latest_message or {}).get("intent", {}).get("name")
        state: dict[str, Any] = {"task": TASK_OF_INTENT.get(intent or "", BOOK), "offset": 0}
        text = _user_text(tracker)
        if state["task"] == BOOK:
            kind = next(tracker.get_latest_entity_values("visit_kind"), None) or match_kind(text)
            if kind == "youth_clinic" or (kind is None and names_youth_clinic(text)):
                state["kind_choices"], kind = list(YOUTH_KINDS), None
            state["kind"] = kind if kind in KIND_WORDS else None
            level = tracker.get_slot("triage_level")
            if _last_bot_action(tracker) == "action_triage_result" and level in ("same_day", "routine"):
                state["kind"] = state["kind"] or "doctor"
                if level == "same_day":
                    state["window"] = _triage_window()
            if text:
                read_time(text, turn.lang, state, dispatcher)
                place = match_place(text, state["kind"])
                if place:
                    state.update(place)
        elif text:
            state["mentioned"] = _references_in(text)
            if state["task"] == MOVE:
                read_time(text, turn.lang, state, dispatcher)
        advance(state, turn)
        return [SlotSet("booking", state)]


def _references_in(text: str) -> list[str]:
    """Everything in the text that could be a booking number; only the person's own ones are used."""
    from services.booking.service import normalise_reference

    return [normalise_reference(m.group(0)) for m in REFERENCE.finditer(text)]


class ActionAskBookingReply(Action):
    """Ask the current step's question, with its choices."""

    def name(self) -> str:
        return "action_ask_booking_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        from services.booking import get_slot, list_units, list_visit_kinds

        state = tracker.get_slot("booking") or {}
        lang = current_language(tracker)
        step = state.get("step")
        if step == KIND:
            choices = state.get("kind_choices")
            kinds = [k for k in list_visit_kinds() if not choices or k.code in choices]
            buttons = [
                {"title": k.name(lang), "payload": f'/inform{{"visit_kind": "{k.code}"}}'} for k in kinds
            ]
            dispatcher.utter_message(response="utter_booking_ask_kind", buttons=buttons)
        elif step == WHERE:
            units = [u for u in list_units(visit_kind=state.get("kind")) if u.bookable]
            places = sorted({u.municipality for u in units})
            buttons = [{"title": p, "payload": p} for p in places]
            buttons.append({"title": LABELS["any"][lang], "payload": "alla"})
            dispatcher.utter_message(response="utter_booking_ask_where", buttons=buttons)
        elif step == OFFER:
            slots = [get_slot(slot_id) for slot_id in state.get("offers") or []]
            buttons = [
                {"title": f"{short_when(s.start, lang)}, {s.unit_name}", "payload": str(n)}
                for n, s in enumerate(slots, 1)
            ]
            buttons.append({"title": LABELS["more"][lang], "payload": "fler"})
            response = "utter_booking_offer" if state.get("window") else "utter_booking_offer_first"
            dispatcher.utter_message(response=response, buttons=buttons)
        elif step in identity.ASK_RESPONSES:
            masked = (state.get("challenge") or {}).get("masked", "")
            dispatcher.utter_message(response=identity.ASK_RESPONSES[step], phone=masked)
        elif step == CONFIRM:
            slot = get_slot(int(state["slot"]))
            dispatcher.utter_message(
                response="utter_booking_confirm",
                kind=kind_name(slot.visit_kind, lang),
                when=long_when(slot.start, lang),
                unit=slot.unit_name,
            )
        elif step in (LIST, CHOOSE, CONFIRM_CANCEL, CONFIRM_MOVE):
            self._ask_about_appointments(dispatcher, tracker, state, lang)
        elif step == OFFER_BOOK:
            dispatcher.utter_message(response="utter_booking_offer_book")
        return []

    @staticmethod
    def _ask_about_appointments(
        dispatcher: CollectingDispatcher, tracker: Tracker, state: dict[str, Any], lang: str
    ) -> None:
        from services.booking import get_slot

        appointments = _appointments(identity.identified_person(tracker.sender_id))
        step = state["step"]
        if step == LIST:
            lines = [
                f"- {long_when(a.start, lang)}, {kind_name(a.visit_kind, lang)}, {a.unit.name} "
                f"({a.reference})"
                for a in appointments
            ]
            dispatcher.utter_message(response="utter_booking_list", appointments="\n".join(lines))
            dispatcher.utter_message(response="utter_booking_list_question")
        elif step == CHOOSE:
            buttons = [
                {"title": f"{short_when(a.start, lang)}, {a.unit.name}", "payload": a.reference}
                for a in appointments
            ]
            response = "utter_booking_choose_move" if state["task"] == MOVE else "utter_booking_choose_cancel"
            dispatcher.utter_message(response=response, buttons=buttons)
        else:
            appt = next((a for a in appointments if a.reference == state.get("reference")), None)
            if appt is None:
                return
            if step == CONFIRM_CANCEL:
                dispatcher.utter_message(
                    response="utter_booking_confirm_cancel",
                    when=long_when(appt.start, lang),
                    unit=appt.unit.name,
                )
            else:
                slot = get_slot(int(state["slot"]))
                dispatcher.utter_message(
                    response="utter_booking_confirm_move",
                    old=long_when(appt.start, lang),
                    when=long_when(slot.start, lang),
                    unit=slot.unit_name,
                )


class ValidateBookingForm(FormValidationAction):
    """Understand each reply for the current step and pick the next one (or finish)."""

    def name(self) -> str:
        return "validate_booking_form"

    async def validate_booking_reply(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if slot_value is None or slot_value == DONE:
            return {"booking_reply": slot_value}
        reply = str(slot_value).strip()
        state = dict(tracker.get_slot("booking") or {})
        turn = Turn(dispatcher, tracker)
        if _clean(reply) in CANCEL_WORDS or not state.get("step"):
            state["outcome"] = {"kind": "stopped"}
        else:
            STEPS[state["step"]](reply, state, turn)
        if state.get("outcome"):
            return {"booking": state, "booking_reply": DONE}
        return {"booking": state, "booking_reply": None}


# --- one handler per step --------------------------------------------------------------------------


def on_kind(reply: str, state: dict[str, Any], turn: Turn) -> None:
    choices = tuple(state.get("kind_choices") or ()) or None
    named = next(turn.tracker.get_latest_entity_values("visit_kind"), None)
    if named in KIND_WORDS and (not choices or named in choices):
        kind: str | None = named
    else:
        kind = match_kind(reply if not reply.startswith("/") else "", choices)
    if kind is None and not choices and names_youth_clinic(reply):
        state["kind_choices"] = list(YOUTH_KINDS)
        return
    if kind is None:
        turn.say("utter_booking_reask_kind")
        return
    state["kind"] = kind
    state.pop("kind_choices", None)
    read_time(reply, turn.lang, state, turn.dispatcher)
    if (place := match_place(reply, kind)) is not None:
        state.update(place)
    advance(state, turn)


def on_where(reply: str, state: dict[str, Any], turn: Turn) -> None:
    place = match_place(reply, state.get("kind"))
    if place is None and _clean(reply) in ANY_WORDS:
        place = {"unit": "", "municipality": ""}
    if place is None:
        turn.say("utter_booking_where_near" if NEAR.search(reply.lower()) else "utter_booking_reask_where")
        return
    state.update(place)
    read_time(reply, turn.lang, state, turn.dispatcher)
    advance(state, turn)


def on_offer(reply: str, state: dict[str, Any], turn: Turn) -> None:
    offers = state.get("offers") or []
    cleaned = _clean(reply)
    choice = _position(cleaned, len(offers))
    if choice is not None:
        state["slot"] = offers[choice]
        advance(state, turn)
        return
    if cleaned in MORE_WORDS:
        state["offset"] = int(state.get("offset") or 0) + len(offers)
        search(state, turn)
        return
    if read_time(reply, turn.lang, state, turn.dispatcher):
        search(state, turn)
        return
    turn.say("utter_booking_reask_offer")


def _position(cleaned: str, count: int) -> int | None:
    match = re.fullmatch(r"(?:nr |nummer |number |alternativ |tid )?(\d)", cleaned)
    if match and 1 <= int(match.group(1)) <= count:
        return int(match.group(1)) - 1
    return None


def on_identity(reply: str, state: dict[str, Any], turn: Turn) -> None:
    step = identity.HANDLERS[state["step"]](reply, state, turn.dispatcher, turn.conversation_id, turn.lang)
    if step is None:
        advance(state, turn)
    else:
        state["step"] = step


def _confirmed(reply: str, state: dict[str, Any], turn: Turn, *, declined: str) -> bool:
    """True on "ja". On "nej" the chosen time is dropped and new times are offered; else ask again."""
    answer = replies.parse_yes_no(reply)
    if answer == replies.NO:
        turn.say(declined)
        state["slot"] = None
        search(state, turn)
    elif answer != replies.YES:
        turn.say("utter_booking_reask_yes_no")
    return answer == replies.YES


def on_confirm(reply: str, state: dict[str, Any], turn: Turn) -> None:
    from services.booking import BookingError, book_appointment

    if not _confirmed(reply, state, turn, declined="utter_booking_not_booked"):
        return
    person = identity.identified_person(turn.conversation_id)
    if person is None:
        advance(state, turn)
        return
    slot_id = int(state["slot"])
    try:
        appt = book_appointment(
            slot_id=slot_id,
            person_id=person,
            idempotency_key=f"{turn.conversation_id}:{slot_id}",
            language=turn.lang,
            channel=turn.channel,
        )
        if appt.status != "booked":  # this conversation booked and cancelled this time before
            message_id = (turn.tracker.latest_message or {}).get("message_id") or ""
            appt = book_appointment(
                slot_id=slot_id,
                person_id=person,
                idempotency_key=f"{turn.conversation_id}:{slot_id}:{message_id}",
                language=turn.lang,
                channel=turn.channel,
            )
    except BookingError as error:
        _slot_gone(error, state, turn)
        return
    _send_sms("booked", appt, person, turn.lang)
    state["outcome"] = {"kind": "booked", "reference": appt.reference}


def _slot_gone(error: Any, state: dict[str, Any], turn: Turn) -> None:
    response = (
        "utter_booking_overlap" if error.kind == "overlapping_appointment" else "utter_booking_slot_taken"
    )
    turn.say(response)
    state["slot"], state["offset"] = None, 0
    search(state, turn)


def on_list(reply: str, state: dict[str, Any], turn: Turn) -> None:
    cleaned = _clean(reply)
    words = set(_words(reply))
    if cleaned in CANCEL_APPT_WORDS or "avboka" in words:
        state["task"] = CANCEL
    elif cleaned in MOVE_WORDS or words & {"flytta", "move", "byta"}:
        state["task"] = MOVE
    elif replies.parse_yes_no(reply) == replies.NO:
        state["outcome"] = {"kind": "none"}
        return
    else:
        turn.say("utter_booking_reask_list")
        return
    state["reference"], state["mentioned"] = None, _references_in(reply)
    advance(state, turn)


def on_choose(reply: str, state: dict[str, Any], turn: Turn) -> None:
    appointments = _appointments(identity.identified_person(turn.conversation_id))
    references = [a.reference for a in appointments]
    position = _position(_clean(reply), len(references))
    codes = [code for code in _references_in(reply) if code in references]
    if position is not None:
        state["reference"] = references[position]
    elif codes:
        state["reference"] = codes[0]
    else:
        turn.say("utter_booking_reask_choose")
        return
    advance(state, turn)


def on_confirm_cancel(reply: str, state: dict[str, Any], turn: Turn) -> None:
    from services.booking import BookingError, cancel_appointment

    answer = replies.parse_yes_no(reply)
    if answer == replies.NO:
        state["outcome"] = {"kind": "kept"}
        return
    if answer != replies.YES:
        turn.say("utter_booking_reask_yes_no")
        return
    person = identity.identified_person(turn.conversation_id)
    try:
        appt = cancel_appointment(reference=state["reference"], person_id=person or 0)
    except BookingError as error:
        state["outcome"] = {"kind": "cannot_change" if error.kind.startswith("appointment") else "not_found"}
        return
    state["outcome"] = {"kind": "cancelled", "reference": appt.reference}


def on_confirm_move(reply: str, state: dict[str, Any], turn: Turn) -> None:
    from services.booking import BookingError, move_appointment

    if not _confirmed(reply, state, turn, declined="utter_booking_not_moved"):
        return
    person = identity.identified_person(turn.conversation_id) or 0
    try:
        appt = move_appointment(
            reference=state["reference"], new_slot_id=int(state["slot"]), person_id=person
        )
    except BookingError as error:
        if error.kind in ("slot_taken", "slot_in_past", "not_bookable"):
            _slot_gone(error, state, turn)
            return
        state["outcome"] = {"kind": "cannot_change" if error.kind.startswith("appointment") else "not_found"}
        return
    _send_sms("moved", appt, person, turn.lang)
    state["outcome"] = {"kind": "moved", "reference": appt.reference}


def on_offer_book(reply: str, state: dict[str, Any], turn: Turn) -> None:
    answer = replies.parse_yes_no(reply)
    if answer == replies.YES:
        state["task"] = BOOK
        advance(state, turn)
    elif answer == replies.NO:
        state["outcome"] = {"kind": "none"}
    else:
        turn.say("utter_booking_reask_yes_no")


STEPS = {
    KIND: on_kind,
    WHERE: on_where,
    OFFER: on_offer,
    identity.PHONE: on_identity,
    identity.CODE: on_identity,
    identity.PNR: on_identity,
    CONFIRM: on_confirm,
    LIST: on_list,
    CHOOSE: on_choose,
    CONFIRM_CANCEL: on_confirm_cancel,
    CONFIRM_MOVE: on_confirm_move,
    OFFER_BOOK: on_offer_book,
}


def _send_sms(what: str, appt: Any, person_id: int, lang: str) -> None:
    """The confirmation SMS. The booking stands even if the SMS cannot be sent; the chat shows it too."""
    from services.identity import mobile_number_of
    from services.notifications import SmsError, get_sms_sender

    try:
        number = mobile_number_of(person_id)
        if number is None:
            return
        body = SMS_TEXTS[what][lang].format(
            kind=kind_name(appt.visit_kind, lang),
            when=long_when(appt.start, lang),
            unit=appt.unit.name,
            address=appt.unit.address,
            reference=appt.reference,
        )
        get_sms_sender().send(number, body)
    except (SmsError, RuntimeError):
        log.warning("confirmation sms not sent kind=%s", what)


class ActionBookingResult(Action):
    """Say how it ended (booked, moved, cancelled, nothing changed) and forget the working state."""

    def name(self) -> str:
        return "action_booking_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        from services.booking import get_appointment

        state = tracker.get_slot("booking") or {}
        outcome = state.get("outcome") or {"kind": "stopped"}
        kind = outcome["kind"]
        lang = current_language(tracker)
        clear = [SlotSet("booking", None), SlotSet("booking_reply", None)]
        if kind in ("booked", "moved", "cancelled"):
            person = identity.identified_person(tracker.sender_id) or 0
            appt = get_appointment(outcome["reference"], person_id=person)
            dispatcher.utter_message(
                response=f"utter_booking_{kind}",
                kind=kind_name(appt.visit_kind, lang),
                when=long_when(appt.start, lang),
                unit=appt.unit.name,
                address=appt.unit.address,
                reference=appt.reference,
                json_message={"booking_reference": appt.reference,
                              "appointment": {"reference": appt.reference, "status": appt.status,
                                              "start": appt.start.isoformat(), "unit": appt.unit.id}},
            )  # fmt: skip
        elif kind == "none":
            dispatcher.utter_message(response="utter_anything_else")
        else:
            dispatcher.utter_message(response=f"utter_booking_{kind}")
        return clear
