"""Digest periods: ISO calendar weeks ("2026-W48"), due on the Monday after they end."""

from datetime import UTC, date, datetime, time, timedelta


def period_of(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day (Monday, Sunday) of the period."""
    year, week = period.split("-W")
    start = date.fromisocalendar(int(year), int(week), 1)
    return start, start + timedelta(days=6)


def due_at(period: str) -> datetime:
    """When a period's digest may be sent: the start of the following Monday (UTC)."""
    _start, end = period_bounds(period)
    return datetime.combine(end + timedelta(days=1), time(6, 0), tzinfo=UTC)


def is_due(period: str, now: datetime) -> bool:
    return now >= due_at(period)


def valid_period(period: str) -> bool:
    try:
        period_bounds(period)
    except ValueError:
        return False
    return True


def digest_job_id(municipality_id: int, period: str) -> str:
    """The RQ job id of a digest delivery: the same work is queued once."""
    return f"digest-{municipality_id}-{period}"
