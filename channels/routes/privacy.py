"""A web conversation's own data: download what is held, or erase it (the conversation id is the key).

The same is offered in the chat ("vad har ni sparat om mig", "radera mina uppgifter"); these endpoints let
the page, or the person's own tools, do it directly. An SMS or phone conversation has no id the person
knows, so there it is done in the conversation only.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from channels.errors import ApiError, preferred_language
from services import conversations, privacy

router = APIRouter(prefix="/api/conversations", tags=["privacy"])


async def _known(conversation_id: str, request: Request) -> conversations.ConversationInfo:
    found = await run_in_threadpool(conversations.find_conversation, conversation_id)
    if found is None:
        raise ApiError(404, "unknown_conversation", preferred_language(request))
    return found


@router.get("/{conversation_id}/data", responses={404: {"description": "unknown conversation"}})
async def held_data(conversation_id: str, request: Request) -> dict[str, Any]:
    """Everything held about this conversation, as JSON the person can keep."""
    await _known(conversation_id, request)
    held = await run_in_threadpool(privacy.export, conversation_id)
    return held.as_dict()


@router.delete("/{conversation_id}", responses={404: {"description": "unknown conversation"}})
async def erase(conversation_id: str, request: Request) -> dict[str, Any]:
    """Erase the conversation; booked visits and sent applications are kept, as the law requires."""
    found = await _known(conversation_id, request)
    erased = await run_in_threadpool(privacy.erase, conversation_id)
    return {
        "erased": {"messages": erased.messages, "drafts": erased.drafts},
        "kept": {"appointments": erased.kept_appointments, "applications": erased.kept_applications},
        "message": privacy.ERASED_TEXT[found.language],
    }
