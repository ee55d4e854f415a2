"""The REST input channel the gateway talks to, with failures reported instead of hidden.

Rasa's own ``RestInput`` catches every error while it handles a message (a lost database, a lock store that
cannot be reached) and still answers 200 with whatever messages it had collected, often none. The gateway
then cannot tell a failed turn from a quiet one. This channel answers 503 when handling fails, so the
gateway tells the person the service is unavailable and the message can be sent again. It also never logs
the person's text (Rasa's channel does, on errors).

credentials.yml names it ``bot.rest_channel.StrictRestInput``; it keeps the path ``/webhooks/rest/webhook``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
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
            collector = CollectingOutputChannel()
            message = UserMessage(
                self._extract_message(request),
                collector,
                sender_id,
                input_channel=self._extract_input_channel(request),
                metadata=self.get_metadata(request),
            )
            try:
                await on_new_message(message)
            except Exception as error:  # noqa: BLE001 - any failure means the turn did not happen
                logger.error("handling a message failed: %s", type(error).__name__)
                return response.json({"error": "unavailable"}, status=503)
            return response.json(collector.messages)

        return webhook
