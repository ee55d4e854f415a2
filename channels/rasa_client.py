"""A small HTTP client for the Rasa server, with timeouts that keep the person from waiting."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator
from typing import Any

import httpx


class RasaUnavailable(Exception):
    """Rasa (or the action server behind it) did not answer in time or answered with an error."""


class RasaBusy(RasaUnavailable):
    """Every turn slot towards Rasa stayed taken: the message was not sent (so it was not handled)."""


class RasaClient:
    """Talks to one or more Rasa servers that share their conversations (PostgreSQL + Redis lock store).

    Requests go round the servers in turn; a server that refuses the connection is skipped for that
    request (nothing reached it, so sending to the next one cannot handle a message twice).

    At most ``max_in_flight`` messages per server are sent at once. Rasa's work is CPU-bound: a message sent
    to a server that is already full is answered after the person has been told "try again", and that
    wasted work makes every later message late too. So a message waits for a free slot for at most half
    of the timeout and is otherwise refused at once, unsent (``RasaBusy``). ``max_in_flight=0``: no cap.
    """

    def __init__(
        self,
        *,
        base_urls: list[str],
        token: str,
        timeout: float,
        health_timeout: float,
        max_in_flight: int = 0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not base_urls:
            raise ValueError("at least one Rasa server URL is needed")
        self.base_urls = [url.rstrip("/") for url in base_urls]
        self._turn = itertools.count()
        self._token = token
        self._timeout = timeout
        self._health_timeout = health_timeout
        self.max_turns = max_in_flight * len(self.base_urls)
        self._slots = asyncio.Semaphore(self.max_turns) if self.max_turns else None
        self.turns_in_flight = 0
        self.turns_refused = 0
        self.http = httpx.AsyncClient(
            transport=transport,
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=50),
        )

    async def aclose(self) -> None:
        await self.http.aclose()

    async def send(
        self, sender: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Send one user message through Rasa's REST channel and return the bot's raw messages."""
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        async with self._turn_slot() as remaining:
            response = await self._request("POST", "/webhooks/rest/webhook", json=body, timeout=remaining)
        messages = response.json()
        if not isinstance(messages, list):
            raise RasaUnavailable("unexpected response shape from Rasa")
        return messages

    @contextlib.asynccontextmanager
    async def _turn_slot(self) -> AsyncIterator[float]:
        """Hold one of the turn slots; yields the time left for the request itself."""
        if self._slots is None:
            yield self._timeout
            return
        loop = asyncio.get_running_loop()
        start = loop.time()
        try:
            await asyncio.wait_for(self._slots.acquire(), self._timeout / 2)
        except asyncio.TimeoutError:
            self.turns_refused += 1
            raise RasaBusy("every turn slot is taken") from None
        self.turns_in_flight += 1
        try:
            yield self._timeout - (loop.time() - start)
        finally:
            self.turns_in_flight -= 1
            self._slots.release()

    async def set_slot(self, sender: str, name: str, value: Any) -> None:
        """Set a slot on a conversation through Rasa's HTTP API (the server runs with --enable-api)."""
        event = {"event": "slot", "name": name, "value": value}
        await self._request(
            "POST",
            f"/conversations/{sender}/tracker/events",
            json=event,
            params={"token": self._token, "include_events": "NONE"},
            timeout=self._timeout,
        )

    async def tracker_events(self, sender: str) -> list[dict[str, Any]]:
        response = await self._request(
            "GET",
            f"/conversations/{sender}/tracker",
            params={"token": self._token, "include_events": "ALL"},
            timeout=self._timeout,
        )
        return list(response.json().get("events") or [])

    async def is_ready(self) -> bool:
        """True when at least one server answers and has a model loaded."""
        return any((await self.readiness()).values())

    async def readiness(self) -> dict[str, bool]:
        """Each server's URL and whether it answers with a model loaded."""
        checks = await asyncio.gather(*(self._server_ready(url) for url in self.base_urls))
        return dict(zip(self.base_urls, checks, strict=True))

    async def _server_ready(self, base_url: str) -> bool:
        try:
            response = await self.http.get(
                f"{base_url}/status", params={"token": self._token}, timeout=self._health_timeout
            )
            return response.status_code == 200 and bool(response.json().get("model_file"))
        except (httpx.HTTPError, ValueError):
            return False

    async def _request(self, method: str, path: str, *, timeout: float, **kwargs: Any) -> httpx.Response:
        start = next(self._turn)
        for attempt in range(len(self.base_urls)):
            url = self.base_urls[(start + attempt) % len(self.base_urls)] + path
            # httpx's timeouts bound each phase of a request; wait_for bounds the whole of it.
            try:
                response = await asyncio.wait_for(
                    self.http.request(method, url, timeout=timeout, **kwargs), timeout
                )
            except httpx.ConnectError as exc:
                if attempt + 1 < len(self.base_urls):
                    continue  # this server is down: the message never reached it
                raise RasaUnavailable(type(exc).__name__) from exc
            except (httpx.HTTPError, asyncio.TimeoutError) as exc:
                raise RasaUnavailable(type(exc).__name__) from exc
            if response.status_code >= 400:
                raise RasaUnavailable(f"Rasa answered {response.status_code}")
            return response
        raise AssertionError("unreachable")


async def actions_ready(http: httpx.AsyncClient, actions_urls: str, timeout: float) -> bool:
    """True when every action server's health endpoint answers (``actions_urls`` is comma-separated)."""
    urls = [url.strip().rstrip("/") for url in actions_urls.split(",") if url.strip()]
    return all(await asyncio.gather(*(_action_server_ready(http, url, timeout) for url in urls)))


async def _action_server_ready(http: httpx.AsyncClient, actions_url: str, timeout: float) -> bool:
    try:
        response = await http.get(f"{actions_url}/health", timeout=timeout)
        return response.status_code == 200
    except httpx.HTTPError:
        return False


def to_api_messages(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Turn Rasa's REST output into the gateway contract: text, buttons and data per message.

    Rasa sends a custom JSON payload as a message of its own; it belongs to the text before it.
    """
    messages: list[dict[str, Any]] = []
    pending_data: dict[str, Any] = {}
    for item in raw:
        custom = item.get("custom")
        text = item.get("text")
        if text is None and isinstance(custom, dict):
            if messages:
                messages[-1]["data"].update(custom)
            else:
                pending_data.update(custom)
            continue
        if text is None:
            continue
        buttons = [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in item.get("buttons") or []
        ]
        data = dict(pending_data)
        pending_data = {}
        if isinstance(custom, dict):
            data.update(custom)
        messages.append({"text": text, "buttons": buttons, "data": data})
    if pending_data and not messages:
        messages.append({"text": "", "buttons": [], "data": pending_data})
    return messages
