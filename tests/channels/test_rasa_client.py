from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from channels.rasa_client import RasaBusy, RasaClient, to_api_messages


def test_custom_payloads_join_the_text_before_them():
    raw = [
        {"recipient_id": "a", "text": "Ring 112 nu."},
        {"recipient_id": "a", "custom": {"triage_level": "emergency_call"}},
        {
            "recipient_id": "a",
            "text": "Vill du något mer?",
            "buttons": [{"title": "Ja", "payload": "/affirm"}],
        },
    ]
    assert to_api_messages(raw) == [
        {"text": "Ring 112 nu.", "buttons": [], "data": {"triage_level": "emergency_call"}},
        {"text": "Vill du något mer?", "buttons": [{"title": "Ja", "payload": "/affirm"}], "data": {}},
    ]


def test_a_leading_custom_payload_joins_the_next_text():
    raw = [{"recipient_id": "a", "custom": {"language": "en"}}, {"recipient_id": "a", "text": "OK"}]
    assert to_api_messages(raw) == [{"text": "OK", "buttons": [], "data": {"language": "en"}}]


def test_images_and_unknown_items_are_skipped():
    assert to_api_messages([{"recipient_id": "a", "image": "http://x"}]) == []


class _SlowRasa:
    """A Rasa server that holds every message until ``release`` is set, counting what reached it."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.received = 0

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.received += 1
        await self.release.wait()
        return httpx.Response(200, json=[{"recipient_id": "a", "text": "svar"}])


def _client(fake: _SlowRasa, *, max_in_flight: int, timeout: float = 1.0, servers: int = 1) -> RasaClient:
    return RasaClient(
        base_urls=[f"http://rasa-{i}:5005" for i in range(servers)],
        token="t",
        timeout=timeout,
        health_timeout=0.5,
        max_in_flight=max_in_flight,
        transport=httpx.MockTransport(fake.handle),
    )


async def test_a_message_beyond_the_cap_is_refused_unsent_within_half_the_timeout():
    fake = _SlowRasa()
    client = _client(fake, max_in_flight=2, timeout=1.0)
    held = [asyncio.create_task(client.send(f"p{i}", "hej")) for i in range(2)]
    await asyncio.sleep(0.05)
    start = time.perf_counter()
    with pytest.raises(RasaBusy):
        await client.send("p3", "hej")
    waited = time.perf_counter() - start
    assert 0.4 <= waited < 0.8
    assert fake.received == 2 and client.turns_in_flight == 2 and client.turns_refused == 1
    fake.release.set()
    assert [len(await task) for task in held] == [1, 1]
    assert client.turns_in_flight == 0
    assert await client.send("p4", "hej") == [{"recipient_id": "a", "text": "svar"}]
    await client.aclose()


async def test_a_waiting_message_goes_as_soon_as_a_slot_frees():
    fake = _SlowRasa()
    client = _client(fake, max_in_flight=1, timeout=2.0)
    first = asyncio.create_task(client.send("p1", "hej"))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(client.send("p2", "hej"))
    await asyncio.sleep(0.1)
    assert fake.received == 1  # the second waits in the gateway, not in Rasa
    fake.release.set()
    assert len(await first) == 1 and len(await second) == 1
    assert fake.received == 2 and client.turns_refused == 0
    await client.aclose()


async def test_the_cap_grows_with_the_number_of_servers_and_zero_means_none():
    assert _client(_SlowRasa(), max_in_flight=3, servers=2).max_turns == 6
    fake = _SlowRasa()
    client = _client(fake, max_in_flight=0)
    tasks = [asyncio.create_task(client.send(f"p{i}", "hej")) for i in range(30)]
    await asyncio.sleep(0.1)
    assert fake.received == 30
    fake.release.set()
    await asyncio.gather(*tasks)
    await client.aclose()
