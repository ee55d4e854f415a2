"""46elks: ``POST /a1/sms`` with form fields ``from``, ``to`` and ``message`` and basic auth."""

from __future__ import annotations

import logging

import httpx
from sqlalchemy.orm import Session

from services.notifications.base import SentSms, SmsError, SmsSender

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.46elks.com"


class ElksSender(SmsSender):
    name = "46elks"

    def __init__(
        self,
        *,
        username: str,
        password: str,
        sender: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 10.0,
    ) -> None:
        self.username = username
        self.password = password
        self.sender = sender
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def send(self, to: str, body: str, *, session: Session | None = None) -> SentSms:
        form = {"from": self.sender, "to": to, "message": body}
        try:
            response = httpx.post(
                f"{self.base_url}/a1/sms",
                data=form,
                auth=(self.username, self.password),
                timeout=self.timeout,
            )
        except httpx.HTTPError as error:
            raise SmsError(self.name, f"request failed: {type(error).__name__}") from None
        if response.status_code >= 300:
            # 46elks answers errors in plain text, which may quote the number: keep only the status.
            raise SmsError(self.name, f"HTTP {response.status_code}", status_code=response.status_code)
        payload = response.json()
        log.info("sms sent provider=46elks id=%s status=%s", payload.get("id"), payload.get("status"))
        return SentSms(
            provider=self.name, reference=str(payload.get("id")), status=str(payload.get("status"))
        )
