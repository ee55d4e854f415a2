"""The web chat: the page and the JSON API it (and any other client) uses."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field, StrictStr
from starlette.concurrency import run_in_threadpool

from channels.conversation import take_turn
from channels.deps import RasaDep, SettingsDep
from channels.errors import SUPPORTED_LANGUAGES, ApiError, preferred_language
from channels.texts import PAGE
from services import conversations
from services.language import detect_language

router = APIRouter()
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))


class Button(BaseModel):
    title: str
    payload: str


class BotMessage(BaseModel):
    text: str
    buttons: list[Button] = Field(default_factory=list)
    data: dict = Field(default_factory=dict)


class MessageIn(BaseModel):
    conversation_id: Optional[StrictStr] = None  # noqa: UP045 (pydantic 1 needs Optional)
    text: StrictStr
    language: Optional[StrictStr] = None  # noqa: UP045


class MessagesOut(BaseModel):
    conversation_id: str
    messages: list[BotMessage]


class ErrorOut(BaseModel):
    error: dict


@router.post(
    "/api/messages",
    response_model=MessagesOut,
    responses={
        400: {"model": ErrorOut},
        404: {"model": ErrorOut},
        413: {"model": ErrorOut},
        422: {"model": ErrorOut},
        503: {"model": MessagesOut},
    },
)
async def post_message(body: MessageIn, request: Request, rasa: RasaDep, settings: SettingsDep) -> object:
    """Send the person's message and get the assistant's answers (contract 5 in DESIGN.md)."""
    language_hint = preferred_language(request, body.language)
    if body.language is not None and body.language not in SUPPORTED_LANGUAGES:
        raise ApiError(422, "bad_language", language_hint)
    user_text = body.text.replace("\x00", "").strip()
    if not user_text:
        raise ApiError(422, "empty", language_hint)
    if len(user_text) > settings.max_message_chars:
        raise ApiError(422, "too_long", language_hint, limit=settings.max_message_chars)

    if body.conversation_id is None:
        language = body.language or detect_language(user_text) or "sv"
        conversation = await run_in_threadpool(conversations.start_conversation, language=language)
    else:
        found = await run_in_threadpool(conversations.find_conversation, body.conversation_id)
        if found is None:
            raise ApiError(404, "unknown_conversation", language_hint)
        conversation = found

    result = await take_turn(
        rasa,
        conversation,
        user_text,
        requested_language=body.language,
        actions_url=settings.actions_url,
        health_timeout=settings.health_timeout_seconds,
    )
    content = {"conversation_id": result.conversation_id, "messages": result.messages}
    if not result.available:
        return JSONResponse(status_code=503, content=content, headers={"Retry-After": "30"})
    return content


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def chat_page(request: Request) -> HTMLResponse:
    language = preferred_language(request, request.query_params.get("lang"))
    return templates.TemplateResponse(request, "chat.html", {"lang": language, "t": PAGE[language]})
