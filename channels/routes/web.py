"""The web chat: the JSON API, and the accessible page that works with and without JavaScript.

Without JavaScript the page's form posts to ``POST /`` and the page comes back with the whole conversation,
read from Rasa's tracker, so the gateway stores nothing extra. With JavaScript the same form is sent to
``POST /api/messages`` and the answers are added to the page (``static/chat.js``).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field, StrictStr, constr
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from channels.conversation import TurnResult, take_turn
from channels.deps import RasaDep, SettingsDep
from channels.errors import SUPPORTED_LANGUAGES, ApiError, preferred_language
from channels.openapi import ERROR_SCHEMA, error_responses, nullable
from channels.rasa_client import RasaClient, RasaUnavailable
from channels.settings import Settings
from channels.texts import PAGE, text
from services import conversations
from services.language import detect_language

router = APIRouter()
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))

THEMES = ("default", "contrast")
TEXT_SIZES = ("100", "150", "200")
PREFERENCE_COOKIE_SECONDS = 365 * 24 * 3600
# What the summary shows from a bot message's data: a triage disposition and references.
REFERENCE_KEYS = ("booking_reference", "application_reference")


class Button(BaseModel):
    title: str
    payload: str


class BotMessage(BaseModel):
    text: str
    buttons: list[Button] = Field(default_factory=list)
    data: dict = Field(default_factory=dict)


MESSAGE_ID_PATTERN = r"^[A-Za-z0-9_.:-]{1,64}$"


class MessageIn(BaseModel):
    conversation_id: Optional[StrictStr] = None  # noqa: UP045 (pydantic 1 needs Optional)
    text: StrictStr
    # Any other language is refused by ``converse`` with a message that says which ones there are.
    language: Optional[StrictStr] = Field(None, enum=list(SUPPORTED_LANGUAGES))  # noqa: UP045
    # The same id when a message is sent again after "unavailable": it is then never handled twice.
    message_id: Optional[constr(strict=True, regex=MESSAGE_ID_PATTERN)] = None  # type: ignore[valid-type]  # noqa: UP045

    class Config:
        schema_extra = nullable("conversation_id", "language", "message_id")


class MessagesOut(BaseModel):
    conversation_id: str
    messages: list[BotMessage]


async def converse(
    rasa: RasaClient,
    settings: Settings,
    *,
    conversation_id: str | None,
    user_text: str,
    language: str | None,
    language_hint: str,
    message_id: str | None = None,
) -> TurnResult:
    """Check the message, find or start the conversation and take the turn: the API and the page alike.

    Raises ``ApiError`` for bad input, before anything is stored.
    """
    if language is not None and language not in SUPPORTED_LANGUAGES:
        raise ApiError(422, "bad_language", language_hint)
    user_text = user_text.replace("\x00", "").strip()
    if not user_text:
        raise ApiError(422, "empty", language_hint)
    if len(user_text) > settings.max_message_chars:
        raise ApiError(422, "too_long", language_hint, limit=settings.max_message_chars)

    if conversation_id is None:
        first_language = language or detect_language(user_text) or "sv"
        conversation = await run_in_threadpool(conversations.start_conversation, language=first_language)
    else:
        found = await run_in_threadpool(conversations.find_conversation, conversation_id)
        if found is None:
            raise ApiError(404, "unknown_conversation", language_hint)
        conversation = found

    return await take_turn(
        rasa,
        conversation,
        user_text,
        requested_language=language,
        actions_url=settings.actions_url,
        health_timeout=settings.health_timeout_seconds,
        message_id=message_id,
    )


@router.post(
    "/api/messages",
    response_model=MessagesOut,
    responses={
        **error_responses(400, 404, 413, 422),
        503: {
            "description": "Rasa or the database did not answer (the messages say where to get help)",
            "content": {
                "application/json": {
                    "schema": {"anyOf": [{"$ref": "#/components/schemas/MessagesOut"}, ERROR_SCHEMA]}
                }
            },
        },
    },
)
async def post_message(body: MessageIn, request: Request, rasa: RasaDep, settings: SettingsDep) -> object:
    """Send the person's message and get the assistant's answers (contract 5 in DESIGN.md)."""
    result = await converse(
        rasa,
        settings,
        conversation_id=body.conversation_id,
        user_text=body.text,
        language=body.language,
        language_hint=preferred_language(request, body.language),
        message_id=body.message_id,
    )
    content = {"conversation_id": result.conversation_id, "messages": result.messages}
    if not result.available:
        return JSONResponse(status_code=503, content=content, headers={"Retry-After": "30"})
    return content


# --- the page -------------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One message in the conversation as the page shows it."""

    who: str  # "user" or "bot"
    text: str
    lang: str
    buttons: list[dict[str, str]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


def transcript_from_events(events: list[dict[str, Any]]) -> list[Entry]:
    """The conversation so far from Rasa's tracker events, each message with its language.

    A choice the person pressed is shown by its title; a data-only bot message belongs to the text before it.
    """
    language = "sv"  # the `language` slot's initial value
    entries: list[Entry] = []
    for event in events:
        kind = event.get("event")
        if kind == "slot" and event.get("name") == "language" and event.get("value") in SUPPORTED_LANGUAGES:
            language = event["value"]
        elif kind == "user" and event.get("text"):
            said = str(event["text"])
            lang = (event.get("metadata") or {}).get("language")
            shown = next(
                (b["title"] for e in _current_turn(entries) for b in e.buttons if b["payload"] == said), said
            )
            entries.append(Entry("user", shown, lang if lang in SUPPORTED_LANGUAGES else language))
        elif kind == "bot":
            data: dict[str, Any] = event.get("data") or {}
            custom: dict[str, Any] = data["custom"] if isinstance(data.get("custom"), dict) else {}
            if custom.get("language") in SUPPORTED_LANGUAGES:
                language = custom["language"]
            if event.get("text") is None:
                if entries and entries[-1].who == "bot":
                    entries[-1].data.update(custom)
                continue
            buttons = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in data.get("buttons") or []
            ]
            entries.append(Entry("bot", str(event["text"]), language, buttons, dict(custom)))
    return entries


def _current_turn(entries: list[Entry]) -> list[Entry]:
    """The bot's messages since the person last wrote: the only ones whose choices still apply."""
    turn: list[Entry] = []
    for entry in reversed(entries):
        if entry.who == "user":
            break
        turn.insert(0, entry)
    return turn


def _field(form: FormData, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def _preferences(request: Request, form: FormData | None = None) -> dict[str, str]:
    """The person's theme and text size: what they just picked, else what their cookie remembers."""
    chosen = {
        "theme": (form and _field(form, "theme")) or request.cookies.get("theme"),
        "text_size": (form and _field(form, "text_size")) or request.cookies.get("text_size"),
    }
    return {
        "theme": chosen["theme"] if chosen["theme"] in THEMES else "default",
        "text_size": chosen["text_size"] if chosen["text_size"] in TEXT_SIZES else "100",
    }


async def _read_transcript(rasa: RasaClient, conversation_id: str) -> list[Entry] | None:
    try:
        return transcript_from_events(await rasa.tracker_events(conversation_id))
    except RasaUnavailable:
        return None


def _page(
    request: Request,
    *,
    language: str,
    transcript: list[Entry],
    conversation_id: str = "",
    pending_language: str = "",
    kept_text: str = "",
    message_id: str = "",
    error: str = "",
    after_post: bool = False,
    preferences: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The page; ``message_id`` names the kept text so that sending it again is never handled twice."""
    preferences = preferences or _preferences(request)
    context = {
        "lang": language,
        "t": PAGE[language],
        "transcript": transcript,
        "choices": [b for entry in _current_turn(transcript) for b in entry.buttons],
        "conversation_id": conversation_id,
        "pending_language": pending_language,
        "kept_text": kept_text,
        "message_id": message_id if kept_text and message_id else uuid.uuid4().hex,
        "error": error,
        "after_post": after_post,
        **preferences,
    }
    response = templates.TemplateResponse(request, "chat.html", context, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def chat_page(request: Request) -> HTMLResponse:
    language = preferred_language(request, request.query_params.get("lang"))
    return _page(request, language=language, transcript=[], pending_language=language)


@router.post("/", response_class=HTMLResponse, include_in_schema=False)
async def chat_form(request: Request, rasa: RasaDep, settings: SettingsDep) -> HTMLResponse:
    """The page's forms without JavaScript: a message or a choice, or a change of language or display.

    Fields: ``text`` (the typed message; a pressed choice comes after it in the form, so the last one
    counts), ``conversation_id``, ``language``; or, with no ``text``, ``theme`` / ``text_size``.
    """
    form = await request.form()
    conversation_id = _field(form, "conversation_id") or None
    requested = _field(form, "language") or None
    pending = requested if requested in SUPPORTED_LANGUAGES else ""
    said = [value for value in form.getlist("text") if isinstance(value, str)]
    known = (
        await run_in_threadpool(conversations.find_conversation, conversation_id) if conversation_id else None
    )
    page_language = preferred_language(request, requested or (known and known.language))
    preferences = _preferences(request, form)

    if not said:  # a setting changed: show the same conversation again with it
        transcript = (await _read_transcript(rasa, known.id) or []) if known else []
        response = _page(
            request,
            language=page_language,
            transcript=transcript,
            conversation_id=known.id if known else "",
            pending_language=pending,
            after_post=True,
            preferences=preferences,
        )
        for name, value in preferences.items():
            response.set_cookie(name, value, max_age=PREFERENCE_COOKIE_SECONDS, samesite="lax")
        return response

    user_text = said[-1]
    message_id = _field(form, "message_id") or ""
    if not re.fullmatch(MESSAGE_ID_PATTERN, message_id):
        message_id = ""
    try:
        result = await converse(
            rasa,
            settings,
            conversation_id=conversation_id,
            user_text=user_text,
            language=requested,
            language_hint=page_language,
            message_id=message_id or None,
        )
    except ApiError as exc:
        unknown = exc.code == "unknown_conversation"
        shown = None if unknown or known is None else await _read_transcript(rasa, known.id)
        return _page(
            request,
            language=exc.language,
            transcript=shown or [],
            conversation_id="" if unknown else conversation_id or "",
            pending_language=pending,
            kept_text=user_text,
            error=text(exc.code, exc.language, **exc.values),
            after_post=True,
            status_code=exc.status,
        )

    read = await _read_transcript(rasa, result.conversation_id) if result.available else None
    if read is None:  # Rasa did not answer: show what this turn gave, and keep what was written
        read = [Entry("user", user_text, result.language)] + [
            Entry("bot", m["text"], result.language, m["buttons"], m["data"]) for m in result.messages
        ]
    return _page(
        request,
        language=result.language,
        transcript=read,
        conversation_id=result.conversation_id,
        kept_text="" if result.available else user_text,
        message_id=message_id,
        after_post=True,
        status_code=200 if result.available else 503,
    )


@router.api_route("/summary", methods=["GET", "POST"], response_class=HTMLResponse, include_in_schema=False)
async def summary_page(request: Request, rasa: RasaDep) -> HTMLResponse:
    """A plain, printable summary of what was decided, built from the tracker; no account needed.

    The page posts the conversation id (so it stays out of addresses and logs); a link with
    ``?conversation_id=`` works too.
    """
    form = await request.form() if request.method == "POST" else None
    conversation_id = (form and _field(form, "conversation_id")) or request.query_params.get(
        "conversation_id", ""
    )
    found = await run_in_threadpool(conversations.find_conversation, conversation_id)
    if found is None:
        language = preferred_language(request, request.query_params.get("lang"))
        return _page(
            request,
            language=language,
            transcript=[],
            pending_language=language,
            error=text("unknown_conversation", language),
            status_code=404,
        )
    transcript = await _read_transcript(rasa, found.id)
    if transcript is None:
        return _page(
            request,
            language=found.language,
            transcript=[],
            conversation_id=found.id,
            error=text("unavailable", found.language),
            status_code=503,
        )
    decisions = [
        entry
        for entry in transcript
        if entry.who == "bot"
        and ("triage_level" in entry.data or any(k in entry.data for k in REFERENCE_KEYS))
    ]
    context = {
        "lang": found.language,
        "t": PAGE[found.language],
        "decisions": decisions,
        "reference_keys": REFERENCE_KEYS,
        "conversation_id": found.id,
        **_preferences(request),
    }
    response = templates.TemplateResponse(request, "summary.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response
