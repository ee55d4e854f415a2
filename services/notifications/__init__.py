"""SMS notifications behind one small interface: the outbox table (default), Twilio or 46elks.

``get_sms_sender()`` picks the provider from ``SMS_PROVIDER`` (``outbox`` | ``twilio`` | ``46elks``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from services.notifications.base import SentSms, SmsError, SmsSender

__all__ = ["SentSms", "SmsError", "SmsSender", "get_sms_sender"]


def _require(env: Mapping[str, str], *names: str) -> list[str]:
    missing = [name for name in names if not env.get(name)]
    if missing:
        raise RuntimeError(f"SMS provider settings missing: {', '.join(missing)}")
    return [env[name] for name in names]


def get_sms_sender(env: Mapping[str, str] | None = None) -> SmsSender:
    """The configured sender. Settings:

    - twilio: ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN``, ``TWILIO_FROM_NUMBER`` or
      ``TWILIO_MESSAGING_SERVICE_SID``, optional ``TWILIO_API_BASE_URL``;
    - 46elks: ``ELKS_API_USERNAME``, ``ELKS_API_PASSWORD``, ``ELKS_SENDER`` (number or up to 11 letters),
      optional ``ELKS_API_BASE_URL``.
    """
    env = os.environ if env is None else env
    provider = (env.get("SMS_PROVIDER") or "outbox").strip().lower()
    if provider == "outbox":
        from services.notifications.outbox import OutboxSender

        return OutboxSender()
    if provider == "twilio":
        from services.notifications.twilio import DEFAULT_BASE_URL, TwilioSender

        sid, token = _require(env, "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN")
        if not (env.get("TWILIO_FROM_NUMBER") or env.get("TWILIO_MESSAGING_SERVICE_SID")):
            raise RuntimeError(
                "SMS provider settings missing: TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID"
            )
        return TwilioSender(
            account_sid=sid,
            auth_token=token,
            from_number=env.get("TWILIO_FROM_NUMBER") or None,
            messaging_service_sid=env.get("TWILIO_MESSAGING_SERVICE_SID") or None,
            base_url=env.get("TWILIO_API_BASE_URL") or DEFAULT_BASE_URL,
        )
    if provider == "46elks":
        from services.notifications.elks import DEFAULT_BASE_URL as ELKS_URL
        from services.notifications.elks import ElksSender

        username, password, sender = _require(env, "ELKS_API_USERNAME", "ELKS_API_PASSWORD", "ELKS_SENDER")
        return ElksSender(
            username=username,
            password=password,
            sender=sender,
            base_url=env.get("ELKS_API_BASE_URL") or ELKS_URL,
        )
    raise RuntimeError(f"unknown SMS_PROVIDER {provider!r}; use outbox, twilio or 46elks")
