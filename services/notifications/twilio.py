"""Twilio Programmable Messaging: ``POST /2010-04-01/Accounts/{sid}/Messages.json``, form-encoded."""

from __future__ import annotations

import logging

import httpx
from sqlalchemy.orm import Session

from services.notifications.base import SentSms, SmsError, SmsSender

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.twilio.com"


class TwilioSender(SmsSender):
    name = "twilio"

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 10.0,
    ) -> None:
        if not (from_number or messaging_service_sid):
            raise ValueError("Twilio needs a from number or a messaging service sid")
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def send(self, to: str, body: str, *, session: Session | None = None) -> SentSms:
        url = f"{self.base_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        form = {"To": to, "Body": body}
        if self.messaging_service_sid:
            form["MessagingServiceSid"] = self.messaging_service_sid
        else:
            form["From"] = self.from_number  # type: ignore[assignment]
        try:
            response = httpx.post(
                url, data=form, auth=(self.account_sid, self.auth_token), timeout=self.timeout
            )
        except httpx.HTTPError as error:
            raise SmsError(self.name, f"request failed: {type(error).__name__}") from None
        if response.status_code >= 300:
            raise SmsError(self.name, _error_text(response), status_code=response.status_code)
        payload = response.json()
        log.info("sms sent provider=twilio sid=%s status=%s", payload.get("sid"), payload.get("status"))
        return SentSms(
            provider=self.name, reference=str(payload.get("sid")), status=str(payload.get("status"))
        )


def _error_text(response: httpx.Response) -> str:
    try:
        payload = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    # Twilio's error messages can quote the number; keep only the code.
    return f"HTTP {response.status_code} code={payload.get('code')}"
