"""The places of an event: how many are taken, free, and who may take which.

Places are counted from the sign-ups themselves, inside the transaction that holds the
event's row lock (services.lock_event), so the check and the insert see the same numbers.
Of `capacity`, `held_back` places are kept for sign-ups that staff take by phone or in
person; everyone else may take only the rest (the general places).
"""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participation.events.models import (
    HELD_BACK_CHANNELS,
    SIGNUP_CONFIRMED,
    SIGNUP_WAITING,
    Event,
    SignUp,
)


@dataclass(frozen=True)
class Places:
    capacity: int
    held_back: int
    general_taken: int
    held_taken: int
    waiting: int  # people on the waiting list

    @property
    def general_free(self) -> int:
        # held-back places staff have filled count even when an organiser has since
        # lowered the number held back: together the places never exceed the capacity
        held = max(self.held_back, self.held_taken)
        return max(0, self.capacity - held - self.general_taken)

    @property
    def held_free(self) -> int:
        return max(0, self.held_back - self.held_taken)

    @property
    def taken(self) -> int:
        return self.general_taken + self.held_taken

    @property
    def free_online(self) -> int:
        """What a resident signing up on the website can still get."""
        return self.general_free

    def seats_for(self, channel: str, people: int) -> int | None:
        """How many of `people` sit on held-back places if they get places now; None if the
        party does not fit. Staff by phone or in person use the held-back places first."""
        if channel in HELD_BACK_CHANNELS:
            held = min(people, self.held_free)
            return held if people - held <= self.general_free else None
        return 0 if people <= self.general_free else None


def places_of(db: Session, event: Event) -> Places:
    rows = db.execute(
        select(SignUp.status, func.coalesce(func.sum(SignUp.people), 0),
               func.coalesce(func.sum(SignUp.held_places), 0))
        .where(SignUp.event_id == event.id,
               SignUp.status.in_((SIGNUP_CONFIRMED, SIGNUP_WAITING)))
        .group_by(SignUp.status)).all()
    totals = {status: (int(people), int(held)) for status, people, held in rows}
    people, held = totals.get(SIGNUP_CONFIRMED, (0, 0))
    return Places(capacity=event.capacity, held_back=min(event.held_back, event.capacity),
                  general_taken=people - held, held_taken=held,
                  waiting=totals.get(SIGNUP_WAITING, (0, 0))[0])


def places_from_counts(event: Event, counts: tuple[int, int, int] | None) -> Places:
    confirmed, held, waiting = counts or (0, 0, 0)
    return Places(capacity=event.capacity, held_back=min(event.held_back, event.capacity),
                  general_taken=confirmed - held, held_taken=held, waiting=waiting)


def counted_places(event: Event) -> Places:
    """The places kept counted on the event's row (services.py): for pages, outside the lock."""
    return places_from_counts(event, (event.confirmed_people, event.held_people,
                                      event.waiting_people))
