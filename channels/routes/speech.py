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

router = APIRouter(tags=["speech"])
MAX_AUDIO_BYTES = 5 * 1024 * 1024


@router.get("/api/tts", responses={200: {"content": {"audio/mpeg": {}, "audio/wav": {}}}})
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
    except VoiceError as exc:
        raise ApiError(503, "speech_unavailable", lang) from exc
    return Response(
        audio, media_type=MEDIA_TYPES[format], headers={"Cache-Control": "private, max-age=86400"}
    )


@router.get("/api/stt")
async def speech_to_text_status() -> dict:
    """Whether the page should offer voice input."""
    from voice import get_speech_to_text

    return {"available": await run_in_threadpool(get_speech_to_text().available)}


@router.post("/api/stt")
async def speech_to_text(request: Request, lang: Literal["sv", "en"] = "sv") -> JSONResponse:
    """The words in a recording (the request body: WAV, MP3, WebM or Ogg audio)."""
    from voice import SpeechToTextUnavailable, VoiceError, get_speech_to_text

    language = preferred_language(request, lang)
    audio = await request.body()
    if not audio:
        raise ApiError(422, "empty_audio", language)
    if len(audio) > MAX_AUDIO_BYTES:
        raise ApiError(413, "body_too_large", language)
    engine = get_speech_to_text()
    try:
        transcript = await run_in_threadpool(engine.transcribe, audio, lang)
    except SpeechToTextUnavailable as exc:
        raise ApiError(503, "stt_unavailable", language) from exc
    except VoiceError as exc:
        raise ApiError(422, "bad_audio", language) from exc
    return JSONResponse({"text": transcript.text, "language": lang})
