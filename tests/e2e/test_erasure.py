"""A person asks what is held about them and has it erased, through the gateway and the real Rasa."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from tests.e2e.helpers import texts


def stored_events(database_url: str, conversation_id: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            query = text("SELECT count(*) FROM events WHERE sender_id = :s")
            return int(connection.execute(query, {"s": conversation_id}).scalar_one())
    finally:
        engine.dispose()


def test_show_then_erase_in_the_chat(chat_factory, stack):
    chat = chat_factory()
    chat.say("hej")
    first = chat.conversation_id
    shown = texts(chat.say("vad har ni sparat om mig"))
    assert "Antal meddelanden" in shown and "radera mina uppgifter" in shown, shown
    asked = chat.say("radera mina uppgifter")
    assert "sparas ändå" in texts(asked), texts(asked)
    assert [b["title"] for b in asked[-1]["buttons"]] == ["Ja, radera", "Nej"]
    erased = chat.say("ja")
    assert texts(erased).startswith("Klart. Vi har raderat samtalet."), texts(erased)
    assert chat.conversation_id != first  # the page goes on in a new, empty conversation
    assert stored_events(stack.database_url, first or "") == 0
    assert chat.say("hej") and chat.last_status == 200


def test_no_keeps_the_conversation(chat_factory, stack):
    chat = chat_factory("en")
    chat.say("hello")
    first = chat.conversation_id
    chat.say("delete my data")
    kept = chat.say("no")
    assert texts(kept) == "OK. We do not delete anything.", texts(kept)
    assert chat.conversation_id == first
    assert stored_events(stack.database_url, first or "") > 0
