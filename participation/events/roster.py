"""Who comes to an event, as organisers read it: the attendee list, the waiting list in its
order, the people to call, check-in counts and the needs summary for planning.

Reads only. Needs are health data: callers show them only after services.record_needs_view
(manage_signups.py decides who may).
"""

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from participation.events.models import (
    NEEDS,
    SIGNUP_CANCELLED,
    SIGNUP_CONFIRMED,
    SIGNUP_WAITING,
    SignUp,
)


@dataclass(frozen=True)
class Roster:
    confirmed: list[SignUp]
    waiting: list[SignUp]  # first come, first served: the order they move up in
    cancelled: int  # sign-ups, not people
    to_call: list[SignUp]

    @property
    def confirmed_people(self) -> int:
        return sum(s.people for s in self.confirmed)

    @property
    def waiting_people(self) -> int:
        return sum(s.people for s in self.waiting)

    @property
    def arrived_people(self) -> int:
        return sum(s.people for s in self.confirmed if s.checked_in_at is not None)


def in_turn(event_id: int, status: str) -> Select:
    return (select(SignUp).where(SignUp.event_id == event_id, SignUp.status == status)
            .order_by(SignUp.created_at, SignUp.id))


def roster_of(db: Session, event_id: int) -> Roster:
    confirmed = list(db.scalars(in_turn(event_id, SIGNUP_CONFIRMED)))
    waiting = list(db.scalars(in_turn(event_id, SIGNUP_WAITING)))
    cancelled = db.scalar(select(func.count(SignUp.id)).where(
        SignUp.event_id == event_id, SignUp.status == SIGNUP_CANCELLED)) or 0
    to_call = [s for s in confirmed + waiting if s.to_call]
    return Roster(confirmed, waiting, cancelled, to_call)


def signup_of_event(db: Session, event_id: int, signup_id: int) -> SignUp | None:
    signup = db.get(SignUp, signup_id)
    return signup if signup is not None and signup.event_id == event_id else None


def to_call_by_event(db: Session, event_ids: list[int]) -> dict[int, int]:
    """How many people each event's organisers still have to call: one query for a list."""
    if not event_ids:
        return {}
    rows = db.execute(select(SignUp.event_id, func.count(SignUp.id))
                      .where(SignUp.event_id.in_(event_ids), SignUp.to_call.is_(True))
                      .group_by(SignUp.event_id)).all()
    return {event_id: int(count) for event_id, count in rows}


def needs_summary(signups: list[SignUp]) -> list[tuple[str, int]]:
    """(need, number of sign-ups that ticked it), in the order of the form; a party of
    three with one wheelchair counts once."""
    counts = Counter(need for signup in signups for need in set(signup.needs or ()))
    return [(need, counts[need]) for need in NEEDS if counts[need]]
