"""Booking through the gateway: identity by an SMS code read from the outbox, book, list, move, cancel."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.helpers import texts

PNR_SV = "19811218-9876"
PNR_EN = "19900101-0017"


@pytest.fixture
def db(stack):
    engine = create_engine(stack.database_url)
    yield engine
    engine.dispose()


def latest_sms(db, to: str) -> str:
    with db.connect() as connection:
        row = connection.execute(
            text('SELECT body FROM sms_outbox WHERE "to" = :to ORDER BY id DESC LIMIT 1'), {"to": to}
        ).first()
    assert row is not None, "no SMS in the outbox"
    return row[0]


def payloads(messages: list[dict]) -> list[str]:
    return [b["payload"] for b in messages[-1]["buttons"]]


def verify(chat, db, phone: str, e164: str, pnr: str) -> list[dict]:
    """Answer the identity questions: the mobile number, the code from the outbox, the personnummer."""
    asked_code = chat.say(phone)
    code = re.search(r"\b(\d{6})\b", latest_sms(db, e164)).group(1)
    assert e164[-2:] in texts(asked_code)
    chat.say(code)
    return chat.say(pnr)


def appointments(db, reference: str) -> list[tuple]:
    with db.connect() as connection:
        return list(
            connection.execute(
                text("SELECT status, start_at FROM appointments WHERE reference = :r"), {"r": reference}
            )
        )


def reference_in(messages: list[dict]) -> str:
    data = next(m["data"]["appointment"] for m in messages if "appointment" in m.get("data", {}))
    return data["reference"]


def test_a_swedish_booking_then_list_move_and_cancel(chat_factory, db):
    chat = chat_factory()
    where = chat.say("kan jag få en tid hos en läkare på torsdag eftermiddag?")
    assert "Var vill du gå?" in texts(where), texts(where)
    assert payloads(where)[-1] == "alla"
    offers = chat.say("Norrvik")
    assert payloads(offers) == ["1", "2", "3", "fler"], texts(offers)
    assert re.match(r"tors \d+ \w+ (1[2-6]):\d\d, ", offers[-1]["buttons"][0]["title"])
    asked = chat.say("1")
    assert "mobilnummer" in texts(asked)
    confirm = verify(chat, db, "070-111 22 33", "+46701112233", PNR_SV)
    assert texts(confirm).startswith("Vill du boka en tid hos läkare torsdag"), texts(confirm)
    booked = chat.say("ja")
    reference = reference_in(booked)
    assert reference in texts(booked) and texts(booked).startswith("Klart!")
    assert appointments(db, reference)[0][0] == "booked" and len(appointments(db, reference)) == 1
    assert latest_sms(db, "+46701112233").startswith("Bokad tid: läkare")
    assert reference in latest_sms(db, "+46701112233")
    assert texts(chat.say("ja")).startswith("Vad vill du ha hjälp med?")  # a repeated yes books nothing
    with db.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM appointments")).scalar_one() >= 1

    listing = chat.say("vilka tider har jag")
    assert reference in texts(listing) and payloads(listing) == ["flytta", "avboka", "nej"]
    offers = chat.say("flytta")
    assert payloads(offers)[-1] == "fler"
    question = chat.say("2")
    assert texts(question).startswith("Vill du flytta din tid"), texts(question)
    moved = chat.say("ja")
    assert reference_in(moved) == reference and "flyttad" in texts(moved)
    assert latest_sms(db, "+46701112233").startswith("Din tid är flyttad")

    question = chat.say(f"jag vill avboka {reference}")
    assert texts(question).startswith("Vill du avboka din tid"), texts(question)
    cancelled = chat.say("ja")
    assert "avbokad" in texts(cancelled)
    assert appointments(db, reference)[0][0] == "cancelled"


def test_an_english_booking_with_a_wrong_code_and_cancel_words(chat_factory, db):
    chat = chat_factory("en")
    ask_kind = chat.say("I want to book an appointment")
    nurse = next(b["payload"] for b in ask_kind[-1]["buttons"] if b["title"] == "Nurse")
    assert texts(chat.say(nurse)).startswith("Where do you want to go?")
    offers = chat.say("Sjöhamn")
    assert offers[-1]["buttons"][-1]["title"] == "More times"
    more = chat.say("More times")
    assert payloads(more) == ["1", "2", "3", "fler"]
    assert "mobile number" in texts(chat.say("1"))
    chat.say("0739 998877")
    wrong = chat.say("000000")
    assert "The code is wrong" in texts(wrong)
    code = re.search(r"\b(\d{6})\b", latest_sms(db, "+46739998877")).group(1)
    assert "personal identity number" in texts(chat.say(code))
    assert "not valid" in texts(chat.say("19900101-0018"))
    confirm = chat.say(PNR_EN)
    assert texts(confirm).startswith("Do you want to book a visit with a nurse"), texts(confirm)
    booked = chat.say("yes")
    reference = reference_in(booked)
    assert texts(booked).startswith("Done!")
    assert latest_sms(db, "+46739998877").startswith("Booked: nurse")

    # Already identified: no identity questions, and "cancel" leaves the flow politely.
    assert texts(chat.say("book a time with a doctor in Norrvik")).startswith(
        "These are the first free times"
    )
    assert texts(chat.say("cancel")).startswith("OK, we stop here.")
    listing = chat.say("show my appointments")
    assert reference in texts(listing)
    assert texts(chat.say("avboka")).startswith("Do you want to cancel your visit")
    assert "is cancelled" in texts(chat.say("yes"))
    assert appointments(db, reference)[0][0] == "cancelled"


def test_booking_after_a_triage_does_not_ask_for_the_kind_of_visit(chat_factory):
    chat = chat_factory()
    messages = chat.say("jag har ont när jag kissar")
    for _ in range(8):
        if any(m["buttons"] and m["buttons"][0]["payload"] == "/book_appointment" for m in messages):
            break
        if any("triage_level" in m["data"] for m in messages):
            pytest.skip("the advice for this text offers no booking")
        messages = chat.say("nej")
    else:
        pytest.skip("no booking offered")
    where = chat.say("/book_appointment")
    assert texts(where).startswith("Var vill du gå?"), texts(where)
    offers = chat.say("Norrvik")
    today = datetime.now(ZoneInfo("Europe/Stockholm"))
    soon = {f"{d.day} " for d in (today, today + timedelta(days=1))}
    first = offers[-1]["buttons"][0]["title"]
    assert any(f" {day}" in first for day in soon) or "ingen ledig tid då" in texts(offers), texts(offers)
