"""Local time is Europe/Stockholm; the database stores UTC."""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Stockholm")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def to_local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime; pass an aware datetime")
    return moment.astimezone(LOCAL_TZ)


def local_datetime(day: date, at: time) -> datetime:
    """A wall-clock time in Stockholm as an aware datetime."""
    return datetime.combine(day, at, tzinfo=LOCAL_TZ)


def to_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime; pass an aware datetime")
    return moment.astimezone(timezone.utc)
