"""Rasa's SQL tracker store, configured with one database URL like the rest of the project."""

from __future__ import annotations

from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import make_url


class DatabaseUrlTrackerStore(SQLTrackerStore):
    """``type: bot.tracker_store.DatabaseUrlTrackerStore`` with ``url: ${DATABASE_URL}`` in endpoints.yml."""

    def __init__(
        self,
        domain: Domain | None = None,
        url: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        parsed = make_url(url or "sqlite:///var/assistant.db")
        super().__init__(
            domain=domain,
            dialect=parsed.drivername,
            host=parsed.host,
            port=parsed.port,
            db=parsed.database or "",
            username=parsed.username,
            password=parsed.password,
            event_broker=event_broker,
            query=dict(parsed.query),
        )
