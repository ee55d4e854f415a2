"""Rasa's SQL tracker store, configured with one database URL like the rest of the project.

Rasa wraps every tracker store in ``FailSafeTrackerStore``: when the database fails, it logs an error and
carries on with an empty conversation kept in memory. For a health service that is the worst outcome (the
person's answers silently vanish, and what they say next is lost when the process restarts), so this store
turns the fallback off: a database error fails the turn, the gateway answers "unavailable, try again", and
the message is handled once the database is back (ADR 0003).
"""

from __future__ import annotations

from typing import Any, NoReturn

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore, create_engine_kwargs
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
        refuse_in_memory_fallback()
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
        # Connections left over from before a database restart are tested before use, so the first turn
        # after the database comes back works instead of failing on a dead connection.
        first_engine = self.engine
        self.engine = sa.create_engine(
            first_engine.url, pool_pre_ping=True, **create_engine_kwargs(first_engine.url)
        )
        first_engine.dispose()
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)


class TrackerStoreUnavailable(Exception):
    """The conversation database failed; the turn is refused instead of being kept in memory."""


def _refuse(self: FailSafeTrackerStore, error: Exception) -> NoReturn:
    raise TrackerStoreUnavailable(f"conversation store failed: {type(error).__name__}") from error


def refuse_in_memory_fallback() -> None:
    """Make Rasa's FailSafeTrackerStore raise on a store error instead of falling back to memory.

    Rasa calls these two hooks inside its ``except`` blocks, before it would touch the in-memory store;
    raising there stops the fallback. Rasa has no setting for this, so the hooks are replaced on the class.
    """
    FailSafeTrackerStore.on_tracker_store_error = _refuse  # type: ignore[method-assign]
    FailSafeTrackerStore.on_tracker_store_retrieve_error = _refuse  # type: ignore[method-assign]
