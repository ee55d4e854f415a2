"""The database layer: one engine per process, created on first use, never at import time."""

from services.store.db import Base, configure, database_url, get_engine, reset_engine, session_scope

__all__ = ["Base", "configure", "database_url", "get_engine", "reset_engine", "session_scope"]
