"""Digest periods, in the district's local time (clock.py).

A regular period is an ISO calendar week ("2026-W48"), due at 06:00 on the Monday after it.
An interim period is a day ("2026-12-02"): what `digests run --now` sends, from the Monday
of that day's week up to and including that day, due at once. It has a ledger row of its
own, so the week's regular digest is still sent afterwards, with the whole week.
"""

from datetime import UTC, date, datetime, time, timedelta

from participation.clock import LOCAL_ZONE, local_today

SEND_AT = time(6, 0)  # local time on the Monday after a week


def period_of(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def interim_period(day: date) -> str:
    return day.isoformat()


def is_interim(period: str) -> bool:
    return "-W" not in period


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of the period: Monday and Sunday of a week; for an interim period
    the Monday of its week and the day itself."""
    if is_interim(period):
        day = date.fromisoformat(period)
        return day - timedelta(days=day.weekday()), day
    year, week = period.split("-W")
    start = date.fromisocalendar(int(year), int(week), 1)
    return start, start + timedelta(days=6)


def due_at(period: str) -> datetime:
    """When a period's digest may be sent (in UTC): a week at 06:00 local time on the
    following Monday, an interim period from the start of its day."""
    _start, end = period_bounds(period)
    if is_interim(period):
        local = datetime.combine(end, time(0, 0), tzinfo=LOCAL_ZONE)
    else:
        local = datetime.combine(end + timedelta(days=1), SEND_AT, tzinfo=LOCAL_ZONE)
    return local.astimezone(UTC)


def is_due(period: str, now: datetime) -> bool:
    return now >= due_at(period)


def on_demand_period(period: str, now: datetime) -> str:
    """The interim period a digest sent now for `period` has: today, or the last day of an
    earlier week. Never the week itself, whose ledger row belongs to the regular digest."""
    if is_interim(period):
        return period
    return interim_period(min(local_today(now), period_bounds(period)[1]))


def valid_period(period: str) -> bool:
    try:
        period_bounds(period)
    except ValueError:
        return False
    return True


def digest_job_id(municipality_id: int, period: str) -> str:
    """The RQ job id of a digest delivery: the same work is queued once."""
    return f"digest-{municipality_id}-{period}"
