"""The REST input channel the gateway talks to, with failures reported instead of hidden.

Rasa's own ``RestInput`` catches every error while it handles a message (a lost database, a lock store that
cannot be reached) and still answers 200 with whatever messages it had collected, often none. The gateway
then cannot tell a failed turn from a quiet one. This channel answers 503 when handling fails, so the
gateway tells the person the service is unavailable and the message can be sent again. It also never logs
the person's text (Rasa's channel does, on errors).

A message may carry an id (``metadata.message_id``; the gateway sends one with every message, and the same
one when the person sends a message again after "unavailable"). A message id that was seen before is never
handled again: the answer Rasa gave the first time is sent back, or 503 while the first is still being
handled. So a message that was handled after the gateway stopped waiting is not handled twice when the
person sends it again.

credentials.yml names it ``bot.rest_channel.StrictRestInput``; it keeps the path ``/webhooks/rest/webhook``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)


class StrictRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("strict_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            sender_id = await self._extract_sender(request)
            metadata = self.get_metadata(request) or {}
            message_id = metadata.get("message_id") if isinstance(metadata, dict) else None
            agent = request.app.ctx.agent
            claimed = False
            try:
                if isinstance(message_id, str) and message_id:
                    claimed = agent.lock_store.claim_message(sender_id, message_id)
                    if not claimed:
                        earlier = await answers_to(agent.tracker_store, sender_id, message_id)
                        if earlier is None:  # the first copy is still being handled
                            return response.json({"error": "in_progress"}, status=503)
                        return response.json(earlier)
                collector = CollectingOutputChannel()
                message = UserMessage(
                    self._extract_message(request),
                    collector,
                    sender_id,
                    input_channel=self._extract_input_channel(request),
                    metadata=metadata,
                )
                await on_new_message(message)
            except asyncio.CancelledError:  # the gateway stopped waiting: the turn stops here
                if claimed:
                    await _release_unless_stored(agent, sender_id, str(message_id))
                raise
            except Exception as error:  # noqa: BLE001 - any failure means the turn did not happen
                logger.error("handling a message failed: %s", type(error).__name__)
                if claimed:
                    await _release_unless_stored(agent, sender_id, str(message_id))
                return response.json({"error": "unavailable"}, status=503)
            return response.json(collector.messages)

        return webhook


async def _release_unless_stored(agent: Any, sender_id: str, message_id: str) -> None:
    """A failed turn may still have been stored (a failure after the save): then the id stays claimed."""
    try:
        if await answers_to(agent.tracker_store, sender_id, message_id) is not None:
            return
    except Exception:  # noqa: BLE001 - the store is down: the turn was not saved
        pass
    try:
        agent.lock_store.release_message(sender_id, message_id)
    except Exception:  # noqa: BLE001 - Redis is down: the id expires with its time to live
        logger.error("could not release a message id")


async def answers_to(tracker_store: Any, sender_id: str, message_id: str) -> list[dict[str, Any]] | None:
    """What the bot answered to the message with ``message_id``, as the REST channel sent it; None if that
    message is not in the conversation (yet)."""
    tracker = await tracker_store.retrieve(sender_id)
    if tracker is None:
        return None
    answers: list[dict[str, Any]] | None = None
    for event in tracker.events:
        if isinstance(event, UserUttered):
            if answers is not None:
                break  # the next message: the answer is complete
            if (event.metadata or {}).get("message_id") == message_id:
                answers = []
        elif isinstance(event, BotUttered) and answers is not None:
            answers.extend(_as_sent(sender_id, event))
    return answers


def _as_sent(sender_id: str, event: BotUttered) -> list[dict[str, Any]]:
    """A stored bot message in the REST channel's shape (its custom JSON goes as a message of its own)."""
    data = event.data or {}
    sent: list[dict[str, Any]] = []
    if event.text:
        item: dict[str, Any] = {"recipient_id": sender_id, "text": event.text}
        if data.get("buttons"):
            item["buttons"] = data["buttons"]
        sent.append(item)
    if data.get("custom"):
        sent.append({"recipient_id": sender_id, "custom": data["custom"]})
    return sent
