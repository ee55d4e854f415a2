"""Phone calls through Twilio Voice: every bot turn is spoken and answered by keypad or speech.

The call and the SMS conversation of one number share one Rasa conversation (a keyed hash of the
number). Choices are read as "Tryck 1 för ..."; a digit or the spoken words select them. Free answers come
by speech, or as digits ended with #. Silence: the prompt once more, then 9 to repeat and 0 for a person.
0 at any time connects to the configured staffed number. Rasa's own twilio_voice channel is not used (no
keypad, no language, no signature check).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from urllib.parse import urlencode
from xml.sax.saxutils import escape, quoteattr

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.types import DecoratedCallable
from starlette.concurrency import run_in_threadpool

from channels import sms
from channels.conversation import take_turn
from channels.deps import RasaDep, SettingsDep
from channels.openapi import TWIML_RESPONSE, TwiML, error_responses, form_body
from channels.rasa_client import RasaUnavailable
from channels.settings import Settings
from channels.texts import VOICE_TEXTS
from channels.webhooks import WEBHOOK_ERRORS, twilio_form
from services import messaging
from services.conversations import ConversationInfo
from services.identity import record_channel_verified
from services.identity.keys import keyed_hash
from services.identity.phone import InvalidPhoneNumber, normalise_mobile

router = APIRouter(tags=["voice"])
logger = logging.getLogger(__name__)

VOICES = {"sv": ("Polly.Astrid", "sv-SE"), "en": ("Polly.Amy", "en-GB")}
HINTS = {"sv": "ja, nej, vet inte, avbryt, tillbaka", "en": "yes, no, don't know, cancel, back"}
BASE = "/voice/twilio"
CALL_FORM = form_body(
    {"CallSid": "Twilio's id of the call"},
    {
        "From": "the caller, E.164 (may be withheld)",
        "To": "our number",
        "Digits": "keys pressed",
        "SpeechResult": "what Twilio heard",
        "Confidence": "how sure Twilio is of it",
    },
)


def _webhook(path: str, *more_errors: int) -> Callable[[DecoratedCallable], DecoratedCallable]:
    """``router.post`` for a step of the call: signed form in, TwiML out."""
    return router.post(
        path,
        response_class=TwiML,
        responses={**TWIML_RESPONSE, **WEBHOOK_ERRORS, **error_responses(*more_errors)},
        openapi_extra=CALL_FORM,
    )


def _say(text: str, language: str) -> str:
    voice, code = VOICES[language]
    # Written lists become spoken sentences: a bullet ("- ", "• ") is not read out.
    parts = [p.strip().lstrip("-•* ").strip() for p in re.split(r"(?<=[.!?:])\s+|\n+", text)]
    parts = [p for p in parts if p]
    return "".join(
        f"<Say voice={quoteattr(voice)} language={quoteattr(code)}>{escape(p)}</Say>" for p in parts
    )


# The assistant's texts are written for chat; on the phone "write" becomes "say" (longest phrase first).
_SPOKEN_WORDING = {
    "sv": [("skriv till mig", "prata med mig"), ("skriva", "säga"), ("skriv", "säg")],
    "en": [("write to me", "talk to me"), ("write", "say"), ("type", "say")],
}
# A free answer that is a number can also be keyed in; the caller is told how when the turn asks for one.
_ASKS_FOR_DIGITS = re.compile(
    r"\b(siffr|personnummer|mobilnummer|ett tal|koden|belopp|digits|number|the code|amount)", re.IGNORECASE
)


def spoken_wording(text: str, language: str) -> str:
    """A chat text as it should sound on the phone: "Skriv koden här" -> "Säg koden här"."""
    for written, said in _SPOKEN_WORDING[language]:

        def keep_case(match: re.Match[str], said: str = said) -> str:
            return said[0].upper() + said[1:] if match.group(0)[0].isupper() else said

        text = re.sub(rf"\b{written}\b", keep_case, text, flags=re.IGNORECASE)
    return text


def _twiml(body: str) -> TwiML:
    return TwiML(f'<?xml version="1.0" encoding="UTF-8"?><Response>{body}</Response>')


def _play(text: str, language: str, base_url: str) -> str:
    """The turn as audio made by ``voice/`` and served by the gateway (``VOICE_AUDIO=play``)."""
    query = urlencode({"text": text, "lang": language, "format": "mp3"})
    return f"<Play>{escape(base_url.rstrip('/') + '/api/tts?' + query)}</Play>"


def _prompt(
    texts: list[str], choices: list[tuple[str, str]], language: str, *, silence: int = 0, play_base: str = ""
) -> TwiML:
    """Speak the bot's turn inside a Gather that listens for speech and digits."""
    spoken = spoken_wording(" ".join(texts), language)
    if not choices and _ASKS_FOR_DIGITS.search(spoken):
        spoken += " " + VOICE_TEXTS["keypad"][language]
    for number, (title, _) in enumerate(choices, 1):
        spoken += " " + VOICE_TEXTS["press"][language].format(number=number, title=title)
    if silence:
        spoken += " " + VOICE_TEXTS["options"][language]
    _, code = VOICES[language]
    single = ' numDigits="1"' if 0 < len(choices) <= 8 else ' finishOnKey="#"'
    gather = (
        f'<Gather input="speech dtmf" language="{code}" hints={quoteattr(HINTS[language])} '
        f'action="{BASE}/turn" method="POST" timeout="6" speechTimeout="auto"{single}>'
        f"{_play(spoken, language, play_base) if play_base else _say(spoken, language)}</Gather>"
    )
    return _twiml(gather + f'<Redirect method="POST">{BASE}/silence?n={silence + 1}</Redirect>')


async def _verified_form(request: Request, settings: Settings) -> dict[str, str]:
    form = await twilio_form(request, settings)
    if not form.get("CallSid"):
        raise HTTPException(400, "missing fields")
    return form


async def _caller(form: dict[str, str], language: str | None = None) -> messaging.PhoneConversationInfo:
    """The caller's conversation: shared with their SMS when the number is known, else this call's own."""
    try:
        phone: str | None = normalise_mobile(form.get("From", ""))
    except InvalidPhoneNumber:
        phone = None
    key = messaging.conversation_key(phone) if phone else keyed_hash("call", form["CallSid"])
    conversation = await run_in_threadpool(messaging.get_or_start, key, language=language or "sv")
    if conversation.new and phone:
        await run_in_threadpool(record_channel_verified, key, phone, channel="phone")
    if language and language != conversation.language:
        await run_in_threadpool(messaging.set_language, key, language)
    return await run_in_threadpool(messaging.get_or_start, key, language=language or "sv")


async def _turn(
    conversation: messaging.PhoneConversationInfo, text: str, rasa: RasaDep, settings: Settings
) -> TwiML:
    result = await take_turn(
        rasa,
        ConversationInfo(id=conversation.key, language=conversation.language, channel="phone"),
        text,
        requested_language=None,
        actions_url=settings.actions_url,
        health_timeout=settings.health_timeout_seconds,
        on_language_change=lambda language: messaging.set_language(conversation.key, language),
    )
    texts = [m["text"] for m in result.messages if m.get("text")]
    choices = next(
        (
            [(b["title"], b["payload"]) for b in m["buttons"]]
            for m in reversed(result.messages)
            if m["buttons"]
        ),
        [],
    )
    await run_in_threadpool(messaging.set_choices, conversation.key, choices)
    return _prompt(texts, choices, result.language, play_base=_play_base(settings))


def _connect_human(language: str, settings: Settings) -> TwiML:
    if not settings.voice_human_number:
        return _twiml(_say(VOICE_TEXTS["no_human"][language], language))
    return _twiml(
        _say(VOICE_TEXTS["connecting"][language], language)
        + f"<Dial>{escape(settings.voice_human_number)}</Dial>"
    )


@_webhook(BASE)
async def incoming_call(request: Request, settings: SettingsDep) -> TwiML:
    """A call starts: choose the language by keypad."""
    await _verified_form(request, settings)
    ask = _say(VOICE_TEXTS["choose_language"]["sv"], "sv") + _say(VOICE_TEXTS["choose_language"]["en"], "en")
    gather = f'<Gather input="dtmf" numDigits="1" action="{BASE}/language" method="POST" timeout="6">'
    gather += f"{ask}</Gather>"
    return _twiml(gather + f'<Redirect method="POST">{BASE}/language</Redirect>')


@_webhook(f"{BASE}/language")
async def choose_language(request: Request, rasa: RasaDep, settings: SettingsDep) -> TwiML:
    form = await _verified_form(request, settings)
    language = "en" if form.get("Digits") == "2" else "sv"
    conversation = await _caller(form, language)
    return await _turn(conversation, "hej" if language == "sv" else "hello", rasa, settings)


@_webhook(f"{BASE}/turn")
async def turn(request: Request, rasa: RasaDep, settings: SettingsDep) -> TwiML:
    """The caller answered: digits select a choice (0 a person, 9 repeat), speech is passed on."""
    form = await _verified_form(request, settings)
    conversation = await _caller(form)
    digits = form.get("Digits", "").rstrip("#")
    speech = form.get("SpeechResult", "").strip()
    if digits == "0":
        return _connect_human(conversation.language, settings)
    if digits == "9" and not (0 < 9 <= len(conversation.last_choices)):
        return await _repeat(conversation, rasa, settings, silence=1)
    reply = sms.choose(digits or speech, conversation.last_choices, positional=True)
    if not reply:
        return await _repeat(conversation, rasa, settings, silence=1)
    return await _turn(conversation, reply, rasa, settings)


@_webhook(f"{BASE}/silence", 422)
async def silence(
    request: Request,
    rasa: RasaDep,
    settings: SettingsDep,
    n: int = Query(1, ge=1, description="how many times in a row the caller has said nothing"),
) -> TwiML:
    """No answer: the prompt once more, then the options to repeat or reach a person, then goodbye."""
    form = await _verified_form(request, settings)
    conversation = await _caller(form)
    if n >= 3:
        return _twiml(
            _say(VOICE_TEXTS["goodbye"][conversation.language], conversation.language) + "<Hangup/>"
        )
    return await _repeat(conversation, rasa, settings, silence=n)


def _play_base(settings: Settings) -> str:
    return settings.public_base_url if settings.voice_audio == "play" and settings.public_base_url else ""


async def _repeat(
    conversation: messaging.PhoneConversationInfo, rasa: RasaDep, settings: Settings, *, silence: int
) -> TwiML:
    """Say the assistant's last turn again, read back from the conversation's tracker."""
    try:
        events = await rasa.tracker_events(conversation.key)
    except RasaUnavailable:
        events = []
    last: list[str] = []
    for event in reversed(events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot" and event.get("text"):
            last.insert(0, event["text"])
    return _prompt(
        last,
        conversation.last_choices,
        conversation.language,
        silence=silence,
        play_base=_play_base(settings),
    )
