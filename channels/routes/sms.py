"""SMS webhooks: Twilio (signed with the auth token) and 46elks (a secret in the URL).

Every check happens before anything is stored or sent to Rasa: method, size, authenticity, form fields.
Then a retried message id is acknowledged without being processed again, per-number limits apply, and
the keywords STOPP/STOP, HJÄLP/HELP and START are handled here. The sender's number becomes a keyed
hash (the Rasa sender id); the number itself is never logged.
"""

from __future__ import annotations

import hmac
import logging
from datetime import timedelta
from xml.sax.saxutils import escape

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from channels import sms
from channels.conversation import take_turn
from channels.deps import RasaDep, SettingsDep
from channels.openapi import TWIML_RESPONSE, TwiML, error_responses, form_body
from channels.settings import Settings
from channels.texts import SMS_TEXTS
from channels.webhooks import WEBHOOK_ERRORS, read_form, twilio_form
from services import messaging
from services.conversations import ConversationInfo
from services.identity import record_channel_verified
from services.identity.phone import InvalidPhoneNumber, normalise_mobile
from services.language import detect_language
from services.store.models import utcnow

router = APIRouter(tags=["sms"])
logger = logging.getLogger(__name__)

TWILIO_SMS_FORM = form_body(
    {"MessageSid": "Twilio's id of the message", "From": "the sender, E.164", "Body": "the text"},
    {"To": "our number", "AccountSid": "the Twilio account", "NumMedia": "attached media (ignored)"},
)
ELKS_SMS_FORM = form_body(
    {"id": "46elks' id of the message", "from": "the sender, E.164", "message": "the text"},
    {"to": "our number", "created": "when 46elks received it"},
)

STOP_WORDS = {"stopp", "stop", "avsluta", "unsubscribe"}
HELP_WORDS = {"hjälp", "hjalp", "help", "info"}
START_WORDS = {"start", "starta", "unstop"}


async def _handle(
    *, provider: str, message_id: str, sender: str, text: str, rasa: RasaDep, settings: Settings
) -> list[str]:
    """One inbound SMS, after it was authenticated: the texts to send back (maybe none)."""
    try:
        phone = normalise_mobile(sender)
    except InvalidPhoneNumber as exc:
        raise HTTPException(400, "sender is not a mobile number") from exc
    key = messaging.conversation_key(phone)
    if not await run_in_threadpool(messaging.claim_inbound, provider, message_id, key):
        logger.info("sms: a retried %s message was acknowledged again", provider)
        return []
    now = utcnow()
    if (
        await run_in_threadpool(messaging.inbound_since, key, now - timedelta(minutes=1))
        > settings.sms_per_minute
    ):
        logger.warning("sms: a number went over %d messages a minute; ignored", settings.sms_per_minute)
        return []

    conversation = await run_in_threadpool(
        messaging.get_or_start, key, language=detect_language(text) or "sv"
    )
    if conversation.new:
        await run_in_threadpool(record_channel_verified, key, phone, channel="sms")
    word = text.strip().lower().strip(".!")
    if word in STOP_WORDS:
        await run_in_threadpool(messaging.set_stopped, key, True)
        return await _limited(key, [SMS_TEXTS["stopped"][conversation.language]], settings, ignore_stop=True)
    if word in START_WORDS:
        await run_in_threadpool(messaging.set_stopped, key, False)
        text = "hej"
    elif conversation.stopped:
        return []
    if word in HELP_WORDS:
        return await _limited(key, sms.pack(sms.to_gsm7(SMS_TEXTS["help"][conversation.language])), settings)

    payload = sms.choose(text, conversation.last_choices)
    result = await take_turn(
        rasa,
        ConversationInfo(id=key, language=conversation.language, channel="sms"),
        payload,
        requested_language=None,
        actions_url=settings.actions_url,
        health_timeout=settings.health_timeout_seconds,
        on_language_change=lambda language: messaging.set_language(key, language),
    )
    texts, choices = sms.render(result.messages, result.language)
    await run_in_threadpool(messaging.set_choices, key, choices)
    return await _limited(key, texts, settings)


async def _limited(key: str, texts: list[str], settings: Settings, *, ignore_stop: bool = False) -> list[str]:
    """Keep to the daily cap of messages sent to one number, and count what goes out."""
    sent_today = await run_in_threadpool(messaging.outbound_since, key, utcnow() - timedelta(days=1))
    allowed = max(settings.sms_daily_cap - sent_today, 0)
    if len(texts) > allowed:
        logger.warning("sms: the daily cap of %d messages to a number was reached", settings.sms_daily_cap)
        texts = texts[:allowed]
    if texts:
        await run_in_threadpool(messaging.record_outbound, key, [sms.segments(t) for t in texts])
    return texts


def _twiml(texts: list[str]) -> TwiML:
    body = "".join(f"<Message>{escape(text)}</Message>" for text in texts)
    return TwiML(f'<?xml version="1.0" encoding="UTF-8"?><Response>{body}</Response>')


@router.post(
    "/sms/twilio",
    response_class=TwiML,
    responses={**TWIML_RESPONSE, **WEBHOOK_ERRORS},
    openapi_extra=TWILIO_SMS_FORM,
)
async def twilio_sms(request: Request, rasa: RasaDep, settings: SettingsDep) -> TwiML:
    """Twilio's incoming-message webhook; answers with TwiML."""
    form = await twilio_form(request, settings)
    if not form.get("MessageSid") or not form.get("From") or "Body" not in form:
        raise HTTPException(400, "missing fields")
    texts = await _handle(
        provider="twilio", message_id=form["MessageSid"][:64], sender=form["From"], text=form["Body"],
        rasa=rasa, settings=settings,
    )  # fmt: skip
    return _twiml(texts)


@router.post(
    "/sms/46elks/{secret}",
    response_class=PlainTextResponse,
    responses={
        200: {"description": "The reply, sent as one SMS (may be empty)"},
        **WEBHOOK_ERRORS,
        **error_responses(422),
    },
    openapi_extra=ELKS_SMS_FORM,
)
async def elks_sms(secret: str, request: Request, rasa: RasaDep, settings: SettingsDep) -> PlainTextResponse:
    """46elks' incoming-SMS webhook; the reply is the response body."""
    expected = settings.elks_webhook_secret
    if not expected or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise HTTPException(404)
    allowed = {ip.strip() for ip in settings.elks_allowed_ips.split(",") if ip.strip()}
    if allowed and (request.client is None or request.client.host not in allowed):
        raise HTTPException(403, "sender not allowed")
    form = await read_form(request, settings)
    if not form.get("id") or not form.get("from") or "message" not in form:
        raise HTTPException(400, "missing fields")
    texts = await _handle(
        provider="46elks", message_id=form["id"][:64], sender=form["from"], text=form["message"],
        rasa=rasa, settings=settings,
    )  # fmt: skip
    # 46elks sends the body as one (concatenated) SMS; parts are joined at their sentence boundaries.
    return PlainTextResponse("\n".join(texts))
