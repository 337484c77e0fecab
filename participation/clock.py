"""The district's calendar: days and weeks follow local time in Esslingen, not UTC.

A response at 00:30 on Monday local time (23:30 UTC on Sunday) belongs to Monday, and so to
Monday's week: the day stored with a response, the digest weeks and the time a digest is
due are all taken in Europe/Berlin, summer time included. Instants stay in UTC everywhere
else (timestamps in the database, RQ's schedule); only the step to a calendar day is local.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Berlin")


def local_now(now: datetime | None = None) -> datetime:
    """`now` (an aware datetime; the clock if None) as local time in the district."""
    return (now or datetime.now(UTC)).astimezone(LOCAL_ZONE)


def local_today(now: datetime | None = None) -> date:
    """The calendar day in the district at `now` (the clock if None)."""
    return local_now(now).date()


def as_utc(moment: datetime | None) -> datetime | None:
    """A stored instant as an aware UTC datetime: SQLite gives naive ones back."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
