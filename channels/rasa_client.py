"""A small HTTP client for the Rasa server, with timeouts that keep the person from waiting."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx


class RasaUnavailable(Exception):
    """Rasa (or the action server behind it) did not answer in time or answered with an error."""


class RasaClient:
    def __init__(
        self,
        *,
        base_url: str,
        token: str,
        timeout: float,
        health_timeout: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._token = token
        self._timeout = timeout
        self._health_timeout = health_timeout
        self.http = httpx.AsyncClient(
            base_url=base_url,
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
        response = await self._request("POST", "/webhooks/rest/webhook", json=body, timeout=self._timeout)
        messages = response.json()
        if not isinstance(messages, list):
            raise RasaUnavailable("unexpected response shape from Rasa")
        return messages

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
        """True when the server answers and has a model loaded."""
        try:
            response = await self.http.get(
                "/status", params={"token": self._token}, timeout=self._health_timeout
            )
            return response.status_code == 200 and bool(response.json().get("model_file"))
        except (httpx.HTTPError, ValueError):
            return False

    async def _request(self, method: str, url: str, *, timeout: float, **kwargs: Any) -> httpx.Response:
        # httpx's timeouts bound each phase of a request; wait_for bounds the whole of it.
        try:
            response = await asyncio.wait_for(
                self.http.request(method, url, timeout=timeout, **kwargs), timeout
            )
        except (httpx.HTTPError, asyncio.TimeoutError) as exc:
            raise RasaUnavailable(type(exc).__name__) from exc
        if response.status_code >= 400:
            raise RasaUnavailable(f"Rasa answered {response.status_code}")
        return response


async def actions_ready(http: httpx.AsyncClient, actions_url: str, timeout: float) -> bool:
    """True when the action server's health endpoint answers."""
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
