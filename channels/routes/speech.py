"""Speech for the web page and the phone: text to audio (cached) and audio to text.

``GET /api/tts`` speaks a bot message in Swedish or English (WAV or MP3, from ``voice/``);
``POST /api/stt`` turns a recording into text; ``GET /api/stt`` says whether voice input is offered.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from channels.deps import SettingsDep
from channels.errors import ApiError, preferred_language
from channels.openapi import error_responses

router = APIRouter(tags=["speech"])
MAX_AUDIO_BYTES = 5 * 1024 * 1024
_BINARY = {"schema": {"type": "string", "format": "binary"}}
AUDIO_TYPES = ("audio/wav", "audio/mpeg", "audio/webm", "audio/ogg")


@router.get(
    "/api/tts",
    response_class=Response,
    responses={
        200: {"description": "The spoken text", "content": {"audio/mpeg": _BINARY, "audio/wav": _BINARY}},
        **error_responses(422, 503),
    },
)
async def text_to_speech(
    settings: SettingsDep,
    text: str = Query(..., min_length=1),
    lang: Literal["sv", "en"] = "sv",
    format: Literal["mp3", "wav"] = "mp3",  # noqa: A002 - the query parameter's public name
) -> Response:
    """Audio of ``text`` read aloud the way people say times, amounts and phone numbers."""
    from voice import MEDIA_TYPES, VoiceError, get_text_to_speech

    if len(text) > settings.max_message_chars:
        raise ApiError(422, "too_long", lang, limit=settings.max_message_chars)
    try:
        audio = await run_in_threadpool(get_text_to_speech().synthesize, text, lang, format)
    except ValueError as exc:  # nothing left to say once the text is prepared (only spaces, say)
        raise ApiError(422, "empty", lang) from exc
    except VoiceError as exc:
        raise ApiError(503, "speech_unavailable", lang) from exc
    return Response(
        audio, media_type=MEDIA_TYPES[format], headers={"Cache-Control": "private, max-age=86400"}
    )


@router.get("/api/stt", responses=error_responses(422))
async def speech_to_text_status(lang: Literal["sv", "en"] | None = None) -> dict:
    """Whether the page should offer voice input: in ``lang``, or without it in both languages."""
    from voice import get_speech_to_text

    return {"available": await run_in_threadpool(get_speech_to_text().available, lang)}


@router.post(
    "/api/stt",
    responses=error_responses(413, 422, 503),
    openapi_extra={
        "requestBody": {"required": True, "content": {media_type: _BINARY for media_type in AUDIO_TYPES}}
    },
)
async def speech_to_text(request: Request, lang: Literal["sv", "en"] = "sv") -> JSONResponse:
    """The words in a recording (the request body: WAV, MP3, WebM or Ogg audio).

    ``lang`` is the conversation's language (the page sends the language of its latest answer): it picks
    the model (``STT_MODEL_DIR_SV`` for Swedish, if set) and tells Whisper which language to hear.
    """
    from voice import SpeechToTextUnavailable, VoiceError, get_speech_to_text

    language = preferred_language(request, lang)
    audio = await request.body()
    if not audio:
        raise ApiError(422, "empty_audio", language)
    if len(audio) > MAX_AUDIO_BYTES:
        raise ApiError(413, "body_too_large", language)
    engine = get_speech_to_text()
    try:
        transcript = await run_in_threadpool(engine.transcribe, audio, language)
    except SpeechToTextUnavailable as exc:
        raise ApiError(503, "stt_unavailable", language) from exc
    except VoiceError as exc:
        raise ApiError(422, "bad_audio", language) from exc
    return JSONResponse({"text": transcript.text, "language": language})
