"""Rasa's conversation lock store, configured by one URL and safe with several Rasa servers.

endpoints.yml names ``bot.lock_store.UrlLockStore`` with ``url: ${LOCK_STORE_URL}``: empty or
``memory://`` keeps the locks in the process (one Rasa server, the embedded default); ``redis://host:port/db``
shares them between Rasa servers.

Why not Rasa's own ``RedisLockStore``: it changes a lock by reading it, changing it in Python and writing it
back. Two Rasa servers that take a ticket for the same conversation at the same moment can both read the
same lock and be given the same ticket number, and then both handle a message of that conversation at once.
Here every change of a lock is one optimistic Redis transaction (WATCH/MULTI/EXEC, retried on conflict), so
tickets are handed out strictly one after another. When Redis cannot be reached, taking a ticket fails
(Rasa raises ``LockError``) and the message is refused, never handled without its lock.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from typing import Any

from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

KEY_PREFIX = "assistant:lock:"
MESSAGE_PREFIX = "assistant:message:"
# How long a message id is remembered: a person resending after "unavailable" does so within minutes.
MESSAGE_ID_TTL_SECONDS = 24 * 3600
# Rasa waits up to DEFAULT_REQUEST_TIMEOUT for a custom action; a lock must outlive the slowest turn, or a
# second message of the same person could be handled while the first still waits for its action.
MIN_LOCK_LIFETIME = DEFAULT_REQUEST_TIMEOUT

Mutation = Callable[[TicketLock], Any]


class UrlLockStore(LockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None) -> None:
        url = (endpoint_config.url if endpoint_config else None) or "memory://"
        if LOCK_LIFETIME < MIN_LOCK_LIFETIME:
            raise ValueError(
                f"TICKET_LOCK_LIFETIME is {LOCK_LIFETIME} s but an action may take {MIN_LOCK_LIFETIME} s: "
                "set TICKET_LOCK_LIFETIME to at least that"
            )
        self._backend: _Backend = _MemoryBackend() if url == "memory://" else _RedisBackend(url)
        super().__init__()

    # The storage primitives Rasa's LockStore is written against.
    def get_lock(self, conversation_id: str) -> TicketLock | None:
        return self._backend.get(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self._backend.mutate(lock.conversation_id, lambda stored: _replace(stored, lock))

    def delete_lock(self, conversation_id: str) -> None:
        self._backend.mutate(conversation_id, lambda stored: stored.tickets.clear())

    # Every read-change-write of the base class, done atomically instead.
    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return int(self._backend.mutate(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime)))
        except Exception as error:  # Rasa expects LockError, e.g. when Redis is down
            raise LockError(f"could not take a ticket: {type(error).__name__}") from error

    def update_lock(self, conversation_id: str) -> None:
        self._backend.mutate(conversation_id, lambda lock: lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._backend.mutate(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # finish_serving empties the lock when no one waits; an empty lock is deleted by the backend.
        self.finish_serving(conversation_id, ticket_number)

    def claim_message(self, conversation_id: str, message_id: str) -> bool:
        """True the first time this message id is seen in the conversation (bot/rest_channel.py)."""
        return self._backend.claim(f"{MESSAGE_PREFIX}{conversation_id}:{message_id}", MESSAGE_ID_TTL_SECONDS)

    def release_message(self, conversation_id: str, message_id: str) -> None:
        """Forget a claimed message id whose handling failed, so the person can send it again."""
        self._backend.release(f"{MESSAGE_PREFIX}{conversation_id}:{message_id}")


def _replace(stored: TicketLock, new: TicketLock) -> None:
    stored.tickets.clear()
    stored.tickets.extend(new.tickets)


class _Backend:
    def get(self, conversation_id: str) -> TicketLock | None:
        raise NotImplementedError

    def mutate(self, conversation_id: str, change: Mutation) -> Any:
        """Apply ``change`` to the conversation's lock as one atomic step; an emptied lock is removed."""
        raise NotImplementedError

    def claim(self, key: str, ttl_seconds: int) -> bool:
        """Set ``key`` for ``ttl_seconds`` unless it is set already; True when this call set it."""
        raise NotImplementedError

    def release(self, key: str) -> None:
        raise NotImplementedError


class _MemoryBackend(_Backend):
    """One Rasa process changes its locks on one event loop without awaiting in between: a dict is atomic."""

    def __init__(self) -> None:
        self._locks: dict[str, str] = {}
        self._claims: dict[str, float] = {}  # key -> when it expires

    def get(self, conversation_id: str) -> TicketLock | None:
        raw = self._locks.get(conversation_id)
        return TicketLock.from_dict(json.loads(raw)) if raw else None

    def mutate(self, conversation_id: str, change: Mutation) -> Any:
        lock = self.get(conversation_id) or TicketLock(conversation_id)
        result = change(lock)
        if lock.tickets:
            self._locks[conversation_id] = lock.dumps()
        else:
            self._locks.pop(conversation_id, None)
        return result

    def claim(self, key: str, ttl_seconds: int) -> bool:
        now = _now()
        if len(self._claims) > 100_000:  # forget the expired ones now and then
            self._claims = {k: until for k, until in self._claims.items() if until > now}
        if self._claims.get(key, 0) > now:
            return False
        self._claims[key] = now + ttl_seconds
        return True

    def release(self, key: str) -> None:
        self._claims.pop(key, None)


class _RedisBackend(_Backend):
    def __init__(self, url: str) -> None:
        import redis  # only where Redis is configured

        timeout = float(os.environ.get("LOCK_STORE_TIMEOUT_SECONDS", "2"))
        self._redis = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        self._watch_error = redis.WatchError

    def _key(self, conversation_id: str) -> str:
        return KEY_PREFIX + conversation_id

    def get(self, conversation_id: str) -> TicketLock | None:
        raw = self._redis.get(self._key(conversation_id))
        return TicketLock.from_dict(json.loads(raw)) if raw else None

    def mutate(self, conversation_id: str, change: Mutation) -> Any:
        key = self._key(conversation_id)
        with self._redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else TicketLock(conversation_id)
                    result = change(lock)
                    pipe.multi()
                    if lock.tickets:
                        # The key goes away by itself when its last ticket expires (a crashed server's lock).
                        ttl = max(1, int(max(t.expires for t in lock.tickets) - _now()) + 1)
                        pipe.set(key, lock.dumps(), ex=ttl)
                    else:
                        pipe.delete(key)
                    pipe.execute()
                    return result
                except self._watch_error:
                    continue  # another server changed this lock meanwhile: read it again

    def claim(self, key: str, ttl_seconds: int) -> bool:
        return bool(self._redis.set(key, "1", nx=True, ex=ttl_seconds))

    def release(self, key: str) -> None:
        self._redis.delete(key)


def _now() -> float:
    return time.time()
