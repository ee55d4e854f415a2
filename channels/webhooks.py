"""What every provider webhook checks first: size, form encoding, and for Twilio the signature."""

from __future__ import annotations

from fastapi import HTTPException, Request

from channels.openapi import error_responses
from channels.settings import Settings

# What a webhook can answer besides its reply: not configured (404), unsigned or not allowed (403), a body
# that is too large, unsized or not a form (413, 411, 415), a form without its fields or from a number that
# is not a mobile (400), or the database down, so the provider tries again (503).
WEBHOOK_ERRORS = error_responses(400, 403, 404, 411, 413, 415, 503)


async def read_form(request: Request, settings: Settings) -> dict[str, str]:
    """The posted form, or a 4xx: too large, not a form, or not parseable."""
    length = request.headers.get("content-length")
    if length is None or not length.isdigit() or int(length) > settings.sms_max_body_bytes:
        raise HTTPException(413 if length and length.isdigit() else 411, "body size")
    body = await request.body()
    if len(body) > settings.sms_max_body_bytes:
        raise HTTPException(413, "body size")
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        raise HTTPException(415, "form expected")
    try:
        form = await request.form()
    except Exception as exc:  # noqa: BLE001 - any parse failure is the sender's fault
        raise HTTPException(400, "malformed form") from exc
    # No provider sends a NUL, and PostgreSQL cannot store one (it would be a 500, not a refusal).
    if any("\x00" in key or "\x00" in str(value) for key, value in form.multi_items()):
        raise HTTPException(400, "malformed form")
    return {key: str(value) for key, value in form.items()}


def public_url(request: Request, settings: Settings) -> str:
    """The URL the provider called (and signed): the configured public address behind a proxy."""
    if settings.public_base_url:
        query = f"?{request.url.query}" if request.url.query else ""
        return settings.public_base_url.rstrip("/") + request.url.path + query
    return str(request.url)


async def twilio_form(request: Request, settings: Settings) -> dict[str, str]:
    """The form of a request that Twilio signed with our auth token; 404 when Twilio is not configured."""
    if not settings.twilio_auth_token:
        raise HTTPException(404)
    signature = request.headers.get("x-twilio-signature")
    if not signature:
        raise HTTPException(403, "unsigned")
    form = await read_form(request, settings)
    from twilio.request_validator import RequestValidator

    if not RequestValidator(settings.twilio_auth_token).validate(
        public_url(request, settings), form, signature
    ):
        raise HTTPException(403, "bad signature")
    return form
