"""The default sender: stores messages in the ``sms_outbox`` table instead of sending them."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.notifications.base import SentSms, SmsSender
from services.notifications.models import SmsOutboxMessage
from services.store.db import session_scope

log = logging.getLogger(__name__)


class OutboxSender(SmsSender):
    name = "outbox"
    transactional = True

    def send(self, to: str, body: str, *, session: Session | None = None) -> SentSms:
        if session is not None:
            return self._store(session, to, body)
        with session_scope() as own_session:
            return self._store(own_session, to, body)

    def _store(self, session: Session, to: str, body: str) -> SentSms:
        message = SmsOutboxMessage(to=to, body=body, provider=self.name, status="stored")
        session.add(message)
        session.flush()
        log.info("sms stored in outbox id=%s length=%d", message.id, len(body))
        return SentSms(provider=self.name, reference=str(message.id), status="stored")


def read_outbox(*, limit: int = 20, to: str | None = None) -> list[SmsOutboxMessage]:
    """The newest messages first (development and tests)."""
    with session_scope() as session:
        query = select(SmsOutboxMessage).order_by(SmsOutboxMessage.id.desc()).limit(limit)
        if to is not None:
            query = query.where(SmsOutboxMessage.to == to)
        rows = list(session.execute(query).scalars())
        session.expunge_all()
        return rows
