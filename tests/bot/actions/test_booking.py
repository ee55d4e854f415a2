"""The booking actions against a real (temporary) database seeded with the demo region."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from conftest import CODE, PHONE, PNR, SENDER, identify, make_tracker  # noqa: E402

from bot.actions.booking import (  # noqa: E402
    DONE,
    ActionAskBookingReply,
    ActionBookingResult,
    ActionBookingStart,
    ValidateBookingForm,
)


@pytest.fixture
def region(database: str) -> str:
    from services.booking import load_region

    load_region()
    return database


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["response"] for m in dispatcher.messages]


async def start(text: str, intent: str = "book_appointment", **kwargs: Any) -> tuple[dict, list[str]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(sender_id=SENDER, intent=intent, text=text, **kwargs)
    [event] = await ActionBookingStart().run(dispatcher, tracker, {})
    assert event["name"] == "booking"
    return event["value"], responses(dispatcher)


async def reply(
    text: str,
    state: dict,
    lang: str = "sv",
    entities: list | None = None,
    metadata: dict[str, Any] | None = None,
) -> tuple[dict, list[str]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        sender_id=SENDER,
        slots={"booking": state, "language": lang},
        intent="inform",
        text=text,
        entities=entities,
        metadata=metadata,
    )
    result = await ValidateBookingForm().validate_booking_reply(text, dispatcher, tracker, {})
    return result, responses(dispatcher)


async def ask(state: dict, lang: str = "sv") -> list[dict]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(sender_id=SENDER, slots={"booking": state, "language": lang})
    assert await ActionAskBookingReply().run(dispatcher, tracker, {}) == []
    return dispatcher.messages


def booked_count() -> int:
    from sqlalchemy import func, select

    from services.booking.models import Appointment
    from services.store.db import session_scope

    with session_scope() as session:
        return session.execute(select(func.count()).select_from(Appointment)).scalar_one()


def outbox() -> list[str]:
    from services.notifications.outbox import read_outbox

    return [m.body for m in read_outbox()]


DOCTOR = [{"entity": "visit_kind", "value": "doctor"}]


@pytest.mark.parametrize(
    ("name", "text", "entities", "expected"),
    [
        ("nothing known", "jag vill boka en tid", [], {"step": "kind", "kind": None, "window": None}),
        ("kind and time in the first message", "kan jag få en tid hos en läkare på torsdag eftermiddag",
         DOCTOR, {"step": "where", "kind": "doctor", "window_from": 720}),
        ("kind, unit and time", "jag vill träffa en läkare på Ekbacken imorgon förmiddag", DOCTOR,
         {"step": "offer", "kind": "doctor", "unit": "vc-norrvik-ekbacken", "window_from": 420}),
        ("a municipality", "jag behöver en sjuksköterska i Sjöhamn", [],
         {"step": "offer", "kind": "nurse", "municipality": "Sjöhamn"}),
        ("the youth clinic", "boka tid på umo", [{"entity": "visit_kind", "value": "youth_clinic"}],
         {"step": "kind", "kind_choices": ["youth_midwife", "youth_counsellor"]}),
        ("an English first message", "can I see a doctor next Tuesday morning in Norrvik", DOCTOR,
         {"step": "offer", "kind": "doctor", "municipality": "Norrvik", "window_from": 420}),
    ],
)  # fmt: skip
async def test_start_uses_what_the_first_message_says(region, name, text, entities, expected):
    state, said = await start(text, entities=entities)
    assert said == []
    for key, value in expected.items():
        if key == "window_from":
            assert state["window"]["from"] == value, name
        else:
            assert state.get(key) == value, name
    if state["step"] == "offer":
        assert 1 <= len(state["offers"]) <= 3


async def test_the_questions_carry_language_neutral_choices(region):
    [kinds] = await ask({"task": "book", "step": "kind"})
    assert kinds["response"] == "utter_booking_ask_kind"
    assert '/inform{"visit_kind": "doctor"}' in [b["payload"] for b in kinds["buttons"]]
    [english] = await ask({"task": "book", "step": "kind"}, lang="en")
    assert [b["payload"] for b in english["buttons"]] == [b["payload"] for b in kinds["buttons"]]
    [where] = await ask({"task": "book", "step": "where", "kind": "doctor"})
    assert [b["payload"] for b in where["buttons"]] == ["Norrvik", "Sjöhamn", "alla"]
    state, _ = await start("jag vill boka en läkare i Norrvik", entities=DOCTOR)
    [offer] = await ask(state)
    assert offer["response"] == "utter_booking_offer_first"
    assert [b["payload"] for b in offer["buttons"]] == ["1", "2", "3", "fler"]
    assert offer["buttons"][0]["title"].split(", ")[1].startswith(("Vårdcentralen", "Jourmottagningen"))


async def test_a_first_time_visitor_books_from_start_to_reference(region, fixed_code):
    state, _ = await start("jag vill boka en tid")
    steps = []
    for text, expected_step, expected_said in [
        ("läkare", "where", []),
        ("nära mig", "where", ["utter_booking_where_near"]),
        ("Norrvik", "offer", []),
        ("fler", "offer", []),
        ("1", "phone", []),
        ("12345", "phone", ["utter_identity_bad_phone"]),
        (PHONE, "code", []),
        ("111111", "code", ["utter_identity_wrong_code"]),
        (CODE, "pnr", []),
        ("19811218-9875", "pnr", ["utter_identity_bad_pnr"]),
        (PNR, "confirm", []),
    ]:
        result, said = await reply(text, state)
        state = result["booking"]
        steps.append((text, state["step"], said))
        assert (state["step"], said) == (expected_step, expected_said), text
        assert result["booking_reply"] is None
    assert any("Din kod är" in body for body in outbox())
    [confirm] = await ask(state)
    assert confirm["response"] == "utter_booking_confirm" and confirm["kind"] == "läkare"

    result, said = await reply("ja", state)
    assert result["booking_reply"] == DONE and said == []
    assert result["booking"]["outcome"]["kind"] == "booked"
    again, _ = await reply("ja", state)  # a retried confirmation books nothing more
    assert again["booking"]["outcome"] == result["booking"]["outcome"]
    assert booked_count() == 1
    assert outbox()[0].startswith("Bokad tid: läkare")

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(sender_id=SENDER, slots={"booking": result["booking"]})
    events = await ActionBookingResult().run(dispatcher, tracker, {})
    assert events == [SlotSet("booking", None), SlotSet("booking_reply", None)]
    [done] = dispatcher.messages
    assert done["response"] == "utter_booking_booked"
    assert done["reference"] == result["booking"]["outcome"]["reference"]
    assert done["custom"]["appointment"]["reference"] == done["reference"]
    assert done["custom"]["booking_reference"] == done["reference"]  # for the printable summary


@pytest.mark.parametrize(
    ("text", "entities", "kind"),
    [
        ('/inform{"visit_kind": "nurse"}', [{"entity": "visit_kind", "value": "nurse"}], "nurse"),
        ("en sjuksköterska tack", [], "nurse"),
        ("a physio", [], "physiotherapist"),
    ],
)
async def test_the_kind_of_visit_from_a_button_or_in_words(region, text, entities, kind):
    result, said = await reply(text, {"task": "book", "step": "kind", "offset": 0}, entities=entities)
    assert (result["booking"]["kind"], result["booking"]["step"], said) == (kind, "where", [])


async def test_an_identified_person_goes_straight_from_the_time_to_the_confirmation(region):
    identify()
    state, _ = await start("jag vill träffa en läkare på Ekbacken", entities=DOCTOR)
    result, said = await reply("2", state)
    assert (result["booking"]["step"], said) == ("confirm", [])


def channel_of(reference: str) -> str:
    from sqlalchemy import select

    from services.booking.models import Appointment
    from services.store.db import session_scope

    with session_scope() as session:
        return session.execute(
            select(Appointment.channel).where(Appointment.reference == reference)
        ).scalar_one()


@pytest.mark.parametrize(
    ("name", "metadata", "channel"),
    [
        ("by SMS", {"channel": "sms", "language": "sv", "message_id": "m1"}, "sms"),
        ("by phone", {"channel": "phone"}, "phone"),
        ("no metadata (an older gateway)", None, "web"),
        ("an unknown channel", {"channel": "fax"}, "web"),
    ],
)
async def test_a_booking_records_the_channel_of_the_confirming_message(region, name, metadata, channel):
    identify()
    state, _ = await start("jag vill träffa en läkare på Ekbacken", entities=DOCTOR)
    state, _ = await reply("1", state, metadata=metadata)
    result, _ = await reply("ja", state["booking"], metadata=metadata)
    outcome = result["booking"]["outcome"]
    assert outcome["kind"] == "booked", name
    assert channel_of(outcome["reference"]) == channel, name


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("a time in the past", "igår", ["utter_booking_time_in_past"]),
        ("a closed day", "på söndag", ["utter_booking_closed_day"]),
        ("no free time in the window", "efter 22", ["utter_booking_no_times_then"]),
        ("not understood", "blå", ["utter_booking_reask_offer"]),
    ],
)
async def test_bad_times_get_a_sentence_and_the_nearest_times(region, name, text, said):
    state, _ = await start("jag vill träffa en läkare på Ekbacken", entities=DOCTOR)
    result, got = await reply(text, state)
    assert got == said, name
    assert result["booking"]["step"] == "offer" and result["booking"]["offers"], name


async def test_a_time_taken_meanwhile_gets_new_offers(region):
    from services.booking import book_appointment
    from services.identity.models import Person
    from services.store.db import session_scope

    identify()
    state, _ = await start("jag vill träffa en läkare på Ekbacken", entities=DOCTOR)
    result, _ = await reply("1", state)
    with session_scope() as session:
        rival = Person(pnr_hash="rival", pnr_masked="-")
        session.add(rival)
        session.flush()
        rival_id = rival.id
    book_appointment(slot_id=result["booking"]["slot"], person_id=rival_id)
    taken, said = await reply("ja", result["booking"])
    assert said == ["utter_booking_slot_taken"]
    assert taken["booking"]["step"] == "offer" and taken["booking"]["slot"] is None
    assert result["booking"]["slot"] not in taken["booking"]["offers"]


@pytest.mark.parametrize("word", ["avbryt", "Cancel", "sluta"])
async def test_cancel_words_leave_the_flow_politely(region, word):
    state, _ = await start("jag vill boka en tid")
    result, _ = await reply(word, state)
    assert result["booking_reply"] == DONE
    dispatcher = CollectingDispatcher()
    await ActionBookingResult().run(dispatcher, make_tracker(slots={"booking": result["booking"]}), {})
    assert responses(dispatcher) == ["utter_booking_stopped"]


async def book_one(text: str = "1") -> str:
    from services.booking import book_appointment, find_free_slots

    person = identify()
    slot = find_free_slots(visit_kind="doctor", unit_id="vc-norrvik-ekbacken")[0]
    return book_appointment(slot_id=slot.id, person_id=person).reference


@pytest.mark.parametrize(
    ("name", "intent", "identified", "expected_step", "said"),
    [
        ("list, not identified", "list_appointments", False, "phone", []),
        ("list, nothing booked", "list_appointments", True, "offer_book", ["utter_booking_none_booked"]),
        ("cancel, nothing booked", "cancel_appointment", True, "offer_book", ["utter_booking_none_booked"]),
    ],
)
async def test_list_cancel_and_move_need_an_identified_person(
    region, name, intent, identified, expected_step, said
):
    if identified:
        identify()
    state, got = await start("", intent=intent)
    assert (state["step"], got) == (expected_step, said), name


async def test_list_then_cancel_with_a_confirmation(region):
    reference = await book_one()
    state, _ = await start("visa mina bokningar", intent="list_appointments")
    assert state["step"] == "list"
    listing = await ask(state)
    assert [m["response"] for m in listing] == ["utter_booking_list", "utter_booking_list_question"]
    assert reference in listing[0]["appointments"]
    result, _ = await reply("avboka", state)
    assert result["booking"]["step"] == "confirm_cancel" and result["booking"]["reference"] == reference
    kept, _ = await reply("nej", result["booking"])
    assert kept["booking"]["outcome"] == {"kind": "kept"}
    done, _ = await reply("ja", result["booking"])
    assert done["booking"]["outcome"] == {"kind": "cancelled", "reference": reference}
    from services.booking import list_appointments

    assert list_appointments(person_id=identify()) == []


async def test_cancel_by_reference_code_in_the_first_message(region):
    reference = await book_one()
    state, _ = await start(f"jag vill avboka {reference.lower()}", intent="cancel_appointment")
    assert (state["step"], state["reference"]) == ("confirm_cancel", reference)


async def test_move_offers_times_at_the_same_unit_and_moves(region):
    from services.booking import get_appointment

    reference = await book_one()
    person = identify()
    before = get_appointment(reference, person_id=person)
    state, _ = await start("jag vill flytta min tid", intent="reschedule_appointment")
    assert state["step"] == "offer" and state["unit"] == "vc-norrvik-ekbacken"
    chosen, _ = await reply("imorgon", state)
    picked, _ = await reply("1", chosen["booking"])
    assert picked["booking"]["step"] == "confirm_move"
    [question] = await ask(picked["booking"])
    assert question["response"] == "utter_booking_confirm_move"
    moved, _ = await reply("ja", picked["booking"])
    assert moved["booking"]["outcome"] == {"kind": "moved", "reference": reference}
    after = get_appointment(reference, person_id=person)
    assert after.start != before.start and after.unit.id == before.unit.id
    assert outbox()[0].startswith("Din tid är flyttad")


async def test_booking_right_after_a_same_day_triage_looks_today_and_tomorrow(region):
    events = [
        {"event": "action", "name": "action_triage_result"},
        {"event": "slot", "name": "triage_level", "value": "same_day"},
        {"event": "action", "name": "action_listen"},
    ]
    state, _ = await start("/book_appointment", events=events, slots={"triage_level": "same_day"})
    assert state["kind"] == "doctor" and state["step"] == "where"
    assert state["window"] is not None
    late, _ = await start("jag vill boka en tid", slots={"triage_level": "same_day"})
    assert late["kind"] is None  # not right after the advice: ask
