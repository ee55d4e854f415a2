"""Rasa's SQL tracker store, configured with one database URL like the rest of the project."""

from __future__ import annotations

from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import make_url


class DatabaseUrlTrackerStore(SQLTrackerStore):
    """``type: bot.tracker_store.DatabaseUrlTrackerStore`` with ``url: ${DATABASE_URL}`` in endpoints.yml.

    Rasa hands a custom store the endpoint's ``url`` as ``host``.
    """

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        if not host:
            raise ValueError("the tracker store needs a database URL (DATABASE_URL)")
        parsed = make_url(host)
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
