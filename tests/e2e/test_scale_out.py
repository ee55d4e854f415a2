"""The production shape: two Rasa servers and two action servers behind the gateway, on a real PostgreSQL and
a real Redis lock store; then parts of it fail and come back.

The gateway sends each request to the next Rasa server in turn, so one conversation's turns alternate
between the servers: a conversation only works if they really share its state.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import create_engine, text

from devtools.servers import PostgresServer, RedisServer, postgres_server, redis_server
from devtools.stack import MODEL, Stack
from services.identity.personnummer import luhn_check_digit
from tests.e2e.conftest import Chat
from tests.e2e.helpers import texts

UNAVAILABLE_SV = "Assistenten fungerar inte just nu"


@dataclass
class Production:
    stack: Stack
    postgres: PostgresServer
    redis: RedisServer

    def chat(self, language: str | None = None) -> Chat:
        return Chat(self.stack.gateway_url, language)

    def user_texts(self, conversation_id: str) -> list[str]:
        engine = create_engine(self.postgres.url)
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"),
                    {"s": conversation_id},
                )
                return [json.loads(row[0])["text"] for row in rows]
        finally:
            engine.dispose()

    def event_types(self, conversation_id: str) -> list[str]:
        tracker = httpx.get(
            f"{self.stack.rasa_url}/conversations/{conversation_id}/tracker",
            params={"token": self.stack.env["RASA_TOKEN"], "include_events": "ALL"},
            timeout=10,
        ).json()
        return [event["event"] for event in tracker["events"]]


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Production]:
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` first")
    with postgres_server() as postgres, redis_server() as redis:
        extra = {
            "DATABASE_URL": postgres.url,
            "LOCK_STORE_URL": redis.url,
            # Twenty messages of one person wait for each other; the gateway waits for the last one.
            "RASA_TIMEOUT_SECONDS": "30",
        }
        stack = Stack.create(tmp_path_factory.mktemp("production"), extra, replicas=2)
        try:
            stack.start_all()
            yield Production(stack, postgres, redis)
        finally:
            stack.stop_all()


def personnummer(birth: str, serial: str) -> str:
    nine = birth[2:] + serial
    return f"{birth}-{serial}{luhn_check_digit(nine)}"


def test_a_conversation_spread_over_two_rasa_servers_keeps_its_state(production: Production):
    chat = production.chat()
    chat.say("jag har ont i halsen")
    answers = []
    for _ in range(8):  # answer the triage questions "nej" until advice comes
        messages = chat.say("nej")
        answers.append(texts(messages))
        if any(m["data"].get("triage_level") for m in messages):
            break
    assert any(m["data"].get("triage_level") for m in messages), answers
    assert chat.last_status == 200
    stored = production.user_texts(chat.conversation_id or "")
    assert stored == ["jag har ont i halsen"] + ["nej"] * len(answers)


def test_twenty_messages_at_once_from_one_person_are_all_handled_one_at_a_time(production: Production):
    chat = production.chat()
    chat.say("hej")
    conversation = chat.conversation_id

    async def send_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=production.stack.gateway_url, timeout=60) as client:
            return await asyncio.gather(
                *(
                    client.post("/api/messages", json={"conversation_id": conversation, "text": f"hej {n}"})
                    for n in range(1, 21)
                )
            )

    responses = asyncio.run(send_all())
    assert [r.status_code for r in responses] == [200] * 20
    assert all(r.json()["messages"] for r in responses)
    stored = production.user_texts(conversation or "")
    assert sorted(stored[1:]) == sorted(f"hej {n}" for n in range(1, 21))  # each exactly once
    # One at a time: every turn ends (the bot listens again) before the next message is taken in.
    events = [e for e in production.event_types(conversation or "") if e in ("user", "action")]
    turns = "".join("u" if e == "user" else "a" for e in events)
    assert "uu" not in turns, turns


def test_redis_down_refuses_messages_and_they_work_again_when_it_is_back(production: Production):
    chat = production.chat()
    chat.say("hej")
    production.redis.stop()
    try:
        started = time.monotonic()
        answer = chat.say("jag vill boka en tid")
        assert time.monotonic() - started < 3
        assert chat.last_status == 503 and UNAVAILABLE_SV in texts(answer)
    finally:
        production.redis.start()
    assert production.user_texts(chat.conversation_id or "") == ["hej"]  # never handled without its lock
    assert chat.say("jag vill boka en tid")
    assert chat.last_status == 200


def test_action_servers_killed_in_the_middle_of_a_booking(production: Production):
    db = create_engine(production.postgres.url)
    chat = production.chat()
    chat.say("kan jag få en tid hos en läkare på fredag?")
    chat.say("Norrvik")
    assert "mobilnummer" in texts(chat.say("1"))
    chat.say("070-444 55 66")
    with db.connect() as connection:
        body = connection.execute(
            text("""SELECT body FROM sms_outbox WHERE "to" = '+46704445566' ORDER BY id DESC LIMIT 1""")
        ).scalar_one()
    chat.say(re.search(r"\b(\d{6})\b", body).group(1))  # type: ignore[union-attr]
    confirm = chat.say(personnummer("19770704", "238"))
    assert texts(confirm).startswith("Vill du boka"), texts(confirm)

    for name in ("actions", "actions-2"):
        production.stack.processes[name].kill()
        production.stack.processes.pop(name).wait()
    started = time.monotonic()
    answer = chat.say("ja")
    assert time.monotonic() - started < 10
    assert chat.last_status == 503 and UNAVAILABLE_SV in texts(answer)

    for name in ("actions", "actions-2"):
        production.stack.start(name)
    production.stack.wait_ready()
    booked = chat.say("ja")
    assert texts(booked).startswith("Klart!"), texts(booked)
    chat.say("ja")  # saying yes again books nothing more
    with db.connect() as connection:
        count = connection.execute(
            text("SELECT count(*) FROM appointments WHERE status = 'booked'")  # this module's own database
        ).scalar_one()
    db.dispose()
    assert count == 1


def test_rasa_servers_down_and_back_without_restarting_the_gateway(production: Production):
    chat = production.chat()
    chat.say("hej")
    production.stack.stop("rasa")
    chat.say("hej igen")  # the other server takes it
    assert chat.last_status == 200

    production.stack.stop("rasa-2")
    started = time.monotonic()
    answer = chat.say("jag vill boka en tid")
    assert time.monotonic() - started < 3
    assert chat.last_status == 503 and UNAVAILABLE_SV in texts(answer)
    ready = httpx.get(f"{production.stack.gateway_url}/readyz", timeout=5)
    assert ready.status_code == 503 and ready.json()["checks"]["rasa"] is False

    production.stack.start("rasa")
    deadline = time.monotonic() + 600  # loading the model takes a minute or more on a busy machine
    while httpx.get(f"{production.stack.gateway_url}/readyz", timeout=5).status_code != 200:
        assert time.monotonic() < deadline, production.stack.log_tail("rasa")
        time.sleep(1)
    chat.say("jag vill boka en tid")
    assert chat.last_status == 200
    assert production.user_texts(chat.conversation_id or "") == ["hej", "hej igen", "jag vill boka en tid"]
