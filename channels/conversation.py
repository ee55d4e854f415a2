"""One turn of a conversation, whatever the channel: language, Rasa, and the unavailable answer."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool

from channels.rasa_client import RasaClient, RasaUnavailable, actions_ready, to_api_messages
from channels.texts import text
from services import conversations, privacy
from services.conversations import ConversationInfo


@dataclass
class TurnResult:
    conversation_id: str
    language: str
    messages: list[dict[str, Any]] = field(default_factory=list)
    available: bool = True


def unavailable_messages(language: str) -> list[dict[str, Any]]:
    return [{"text": text("unavailable", language), "buttons": [], "data": {"error": "unavailable"}}]


async def take_turn(
    rasa: RasaClient,
    conversation: ConversationInfo,
    user_text: str,
    *,
    requested_language: str | None,
    actions_url: str,
    health_timeout: float,
    on_language_change: Callable[[str], None] | None = None,
    message_id: str | None = None,
) -> TurnResult:
    """Send the person's message to Rasa and return the bot's answer in the gateway's shape.

    A language the person picked in the page (``requested_language``) is set on the conversation first.
    ``on_language_change`` remembers a new language (by default, for a web conversation).
    ``message_id`` names this message: sent again with the same id (after "unavailable"), it is not handled
    twice; Rasa sends back the answer it gave the first time (bot/rest_channel.py).
    """
    remember = on_language_change or (lambda language: conversations.set_language(conversation.id, language))
    language = conversation.language
    try:
        if requested_language and requested_language != language:
            await rasa.set_slot(conversation.id, "language", requested_language)
            await run_in_threadpool(remember, requested_language)
            language = requested_language
        metadata = {
            "language": language,
            "channel": conversation.channel,  # web, sms or phone: what the actions record (e.g. a booking's)
            "message_id": message_id or uuid.uuid4().hex,
        }
        raw = await rasa.send(conversation.id, user_text, metadata=metadata)
    except RasaUnavailable:
        return TurnResult(conversation.id, language, unavailable_messages(language), available=False)

    messages = to_api_messages(raw)
    if not messages and not await actions_ready(rasa.http, actions_url, health_timeout):
        # Rasa swallows action server failures and answers with nothing.
        return TurnResult(conversation.id, language, unavailable_messages(language), available=False)

    switched = next((m["data"]["language"] for m in reversed(messages) if m["data"].get("language")), None)
    if switched in ("sv", "en") and switched != language:
        await run_in_threadpool(remember, switched)
        language = switched
    # The erase request is for the gateway, not for the person's screen: take it out of every message.
    erase_requested = [bool(m["data"].pop("erase_conversation", False)) for m in messages]
    if any(erase_requested):
        return TurnResult(await run_in_threadpool(_erase, conversation, language), language, messages)
    return TurnResult(conversation.id, language, messages)


def _erase(conversation: ConversationInfo, language: str) -> str:
    """The person confirmed: erase the conversation now that Rasa has saved this turn.

    A web page goes on in a new, empty conversation (its id comes back with the answer); an SMS or phone
    conversation starts afresh with the person's next message.
    """
    privacy.erase(conversation.id)
    if conversation.channel == "web":
        return conversations.start_conversation(language=language).id
    return conversation.id
