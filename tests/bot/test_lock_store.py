"""The conversation lock store: tickets strictly in turn, shared by Rasa servers through a real Redis."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from rasa.core.lock_store import LockError
from rasa.utils.endpoints import EndpointConfig

from bot import lock_store
from bot.lock_store import UrlLockStore
from devtools.servers import RedisServer, redis_server


@pytest.fixture(scope="module")
def redis() -> Iterator[RedisServer]:
    with redis_server() as server:
        yield server


def store(url: str | None) -> UrlLockStore:
    return UrlLockStore(EndpointConfig(url=url))


@pytest.fixture(params=["memory", "redis"])
def url(request: pytest.FixtureRequest) -> str:
    return "memory://" if request.param == "memory" else request.getfixturevalue("redis").url


def test_tickets_are_served_in_the_order_they_were_taken(url: str):
    locks = store(url)
    first = locks.issue_ticket("conversation-a")
    second = locks.issue_ticket("conversation-a")
    lock = locks.get_lock("conversation-a")
    assert lock is not None
    assert not lock.is_locked(first)
    assert lock.is_locked(second)
    locks.cleanup("conversation-a", first)
    lock = locks.get_lock("conversation-a")
    assert lock is not None and not lock.is_locked(second)
    locks.cleanup("conversation-a", second)
    assert locks.get_lock("conversation-a") is None  # nothing left behind


def test_conversations_do_not_share_a_lock(url: str):
    locks = store(url)
    a = locks.issue_ticket("conversation-b1")
    b = locks.issue_ticket("conversation-b2")
    assert not locks.get_lock("conversation-b1").is_locked(a)  # type: ignore[union-attr]
    assert not locks.get_lock("conversation-b2").is_locked(b)  # type: ignore[union-attr]


def test_two_servers_taking_tickets_at_once_never_get_the_same_number(redis: RedisServer):
    servers = [store(redis.url), store(redis.url)]

    def take(index: int) -> int:
        return servers[index % 2].issue_ticket("conversation-c")

    with ThreadPoolExecutor(max_workers=8) as pool:
        tickets = list(pool.map(take, range(200)))
    assert sorted(tickets) == list(range(200))


def test_a_message_waits_for_the_one_before_it_on_another_server(redis: RedisServer):
    first_server, second_server = store(redis.url), store(redis.url)
    order: list[str] = []

    async def handle(locks: UrlLockStore, name: str, work: float) -> None:
        async with locks.lock("conversation-d", wait_time_in_seconds=0.05):
            order.append(f"{name} starts")
            await asyncio.sleep(work)
            order.append(f"{name} ends")

    async def both() -> None:
        first = asyncio.create_task(handle(first_server, "first", 0.3))
        await asyncio.sleep(0.05)  # the first message takes its ticket first
        await asyncio.gather(first, handle(second_server, "second", 0.0))

    asyncio.run(both())
    assert order == ["first starts", "first ends", "second starts", "second ends"]


def test_without_redis_no_ticket_is_given(redis: RedisServer):
    server = RedisServer()  # a port nothing listens on
    with pytest.raises(LockError):
        store(server.url).issue_ticket("conversation-e")


def test_a_lock_shorter_than_the_action_timeout_is_refused(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(lock_store, "LOCK_LIFETIME", 60)
    with pytest.raises(ValueError, match="TICKET_LOCK_LIFETIME"):
        store("memory://")


def test_a_crashed_servers_lock_expires_in_redis(redis: RedisServer):
    import redis as redis_client

    locks = store(redis.url)
    locks.issue_ticket("conversation-f", lock_lifetime=5)
    ttl = redis_client.Redis.from_url(redis.url).ttl(lock_store.KEY_PREFIX + "conversation-f")
    assert 0 < ttl <= 6


def test_a_message_id_is_claimed_once_until_released(url: str):
    locks = store(url)
    assert locks.claim_message("conversation-g", "m-1")
    assert not locks.claim_message("conversation-g", "m-1")  # a second copy, from any server
    assert locks.claim_message("conversation-h", "m-1")  # another conversation's id space
    locks.release_message("conversation-g", "m-1")
    assert locks.claim_message("conversation-g", "m-1")
