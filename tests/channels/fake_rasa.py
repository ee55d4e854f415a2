"""A local stand-in for the Rasa server, spoken to through httpx's transport interface."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class FakeRasa:
    """Answers like Rasa's REST channel and HTTP API; can be told to be down, slow or silent."""

    reply: list[dict[str, Any]] = field(default_factory=lambda: [{"recipient_id": "x", "text": "Hej!"}])
    down: bool = False
    delay: float = 0.0
    received: list[dict[str, Any]] = field(default_factory=list)
    slot_events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    actions_up: bool = True
    tracker: list[dict[str, Any]] = field(default_factory=list)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/health":  # the action server
            if not self.actions_up:
                raise httpx.ConnectError("actions down", request=request)
            return httpx.Response(200, json={"status": "ok"})
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        if self.delay:
            await asyncio.sleep(self.delay)
        if request.url.path == "/webhooks/rest/webhook":
            self.received.append(json.loads(request.content))
            return httpx.Response(200, json=self.reply)
        if request.url.path.endswith("/tracker/events"):
            sender = request.url.path.split("/")[2]
            self.slot_events.append((sender, json.loads(request.content)))
            return httpx.Response(200, json={})
        if request.url.path.startswith("/conversations/") and request.url.path.endswith("/tracker"):
            return httpx.Response(200, json={"events": self.tracker})
        if request.url.path == "/status":
            return httpx.Response(200, json={"model_file": "assistant.tar.gz"})
        return httpx.Response(404)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)
