"""Whole conversations through the gateway, with the real Rasa server and action server behind it."""

from __future__ import annotations

import time

import httpx
from sqlalchemy import create_engine, text

from devtools.stack import Stack
from tests.e2e.helpers import texts

GREETING_SV = "Hej! Jag är en digital assistent"
GREETING_EN = "Hello! I am a digital assistant"
HELP_SV = "Du kan skriva med dina egna ord."
HELP_EN = "You can write in your own words."
REPHRASE_SV = "Jag förstod inte riktigt."
REPHRASE_EN = "I did not quite understand."


def test_a_swedish_conversation(chat_factory):
    chat = chat_factory()
    greeting = chat.say("Hej!")
    assert chat.last_status == 200
    assert greeting[0]["text"].startswith(GREETING_SV)
    assert [b["title"] for b in greeting[0]["buttons"]] == [
        "Råd om symtom",
        "Boka en tid",
        "Söka stöd från kommunen",
    ]
    assert texts(chat.say("vad kan du hjälpa mig med?")).startswith(HELP_SV)
    assert texts(chat.say("xqzt vbnm plörk")).startswith(REPHRASE_SV)
    assert "Varsågod" in texts(chat.say("tack så mycket"))


def test_an_english_conversation(chat_factory):
    chat = chat_factory("en")
    greeting = chat.say("Hello there")
    assert greeting[0]["text"].startswith(GREETING_EN)
    assert [b["payload"] for b in greeting[0]["buttons"]] == [
        "/report_symptoms",
        "/book_appointment",
        "/apply_for_service",
    ]
    assert texts(chat.say("what can you do for me?")).startswith(HELP_EN)
    fallback = chat.say("xqzt vbnm plörk")
    assert texts(fallback).startswith(REPHRASE_EN)
    assert "/human_handoff" in [b["payload"] for b in fallback[0]["buttons"]]


def test_english_is_detected_from_the_first_message(chat_factory):
    chat = chat_factory()
    assert chat.say("Hello there, good morning")[0]["text"].startswith(GREETING_EN)


def test_switching_language_in_the_chat_is_kept(chat_factory):
    chat = chat_factory()
    assert chat.say("hej")[0]["text"].startswith(GREETING_SV)
    switched = chat.say("kan vi ta det på engelska?")
    assert switched == [
        {"text": "OK, we will continue in English.", "buttons": [], "data": {"language": "en"}}
    ]
    assert texts(chat.say("hjälp")).startswith(HELP_EN)
    back = chat.say("svenska tack")
    assert back[0]["data"] == {"language": "sv"}
    assert texts(chat.say("hjälp")).startswith(HELP_SV)


def test_an_emergency_is_answered_with_112_at_once(chat_factory):
    chat = chat_factory()
    answer = texts(chat.say("min pappa har svår bröstsmärta och kan inte andas"))
    assert "Ring 112 nu" in answer


def test_a_handoff_is_recorded(chat_factory, stack: Stack):
    chat = chat_factory("en")
    chat.say("I have a rash on my arm")
    answer = texts(chat.say("I want to talk to a real person"))
    assert "call 1177" in answer and "contact centre" in answer
    engine = create_engine(stack.database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT topic, language FROM handoff_requests WHERE sender_key = :key"),
            {"key": chat.conversation_id},
        ).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("health", "en")]


def test_rasa_down_then_back_keeps_the_conversation(chat_factory, stack: Stack):
    chat = chat_factory("en")
    assert chat.say("hello")[0]["text"].startswith(GREETING_EN)

    stack.stop("rasa")
    started = time.monotonic()
    answer = chat.say("help")
    assert time.monotonic() - started < 3
    assert chat.last_status == 503
    assert "112" in answer[0]["text"] and answer[0]["text"].startswith("The assistant is not working")
    readiness = httpx.get(f"{stack.gateway_url}/readyz", timeout=5).json()
    assert readiness["checks"]["rasa"] is False

    stack.start("rasa")
    stack.wait_ready()
    # The tracker store kept the conversation: still English, without the gateway restarting.
    assert texts(chat.say("help")).startswith(HELP_EN)
    assert chat.last_status == 200
