"""Write use cases of events: sign up, cancel, promote from the waiting list, cancel an
event, check in, and erase what is no longer needed. Services flush; the edge commits.

Capacity is never exceeded: every change of places starts by counting up the event's
`seat_lock` (an UPDATE), which takes the event's row lock on PostgreSQL and the write lock
on SQLite (writing transactions BEGIN IMMEDIATE there). Every later sign-up or cancellation
of the same event waits for the commit, then counts the places anew (places.py).
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from participation import codes, mail, statements
from participation.clock import as_utc
from participation.db import session as db_session
from participation.digests.models import OutgoingEmail
from participation.events import mails, queries
from participation.events.models import (
    CHANNEL_ONLINE,
    EVENT_CANCELLED,
    EVENT_PUBLISHED,
    FORMAT_TRAINING,
    SIGNUP_CANCELLED,
    SIGNUP_CONFIRMED,
    SIGNUP_WAITING,
    Event,
    NeedsView,
    SignUp,
)
from participation.events.places import places_from_counts, places_of
from participation.queue import QUEUE_MAIL, enqueue_after_commit

NEEDS_KEPT_DAYS = 7  # after the event's end (QUALITY.md §5)
CONTACT_KEPT_DAYS = 30
CODE_PAGE_MINUTES = 30  # how long the signing-up browser can show the code again
CODE_ATTEMPTS = 5

# A sign-up's code lives until its contact data are erased, months perhaps, not two days
# like a resume code: 12 characters (README, Security and privacy: the arithmetic).
SIGNUP_CODE_LENGTH, SIGNUP_CODE_GROUP = 12, 4

OUTCOME_CONFIRMED, OUTCOME_WAITING = "confirmed", "waiting"
OUTCOME_FULL, OUTCOME_CLOSED, OUTCOME_REPEATED = "full", "closed", "repeated"


@dataclass(frozen=True)
class Person:
    """What a sign-up form gives, checked (forms.py)."""

    name: str
    phone: str | None
    email: str | None
    people: int
    needs: tuple[str, ...]  # only with consent: forms.py drops them otherwise
    locale: str


@dataclass(frozen=True)
class SignUpResult:
    outcome: str
    signup_id: int | None = None
    code: str | None = None  # the cancellation code, shown once (and again via the ticket)
    ticket: str | None = None  # for the browser's session: shows the code page again

    @property
    def signup(self) -> SignUp | None:
        """The stored sign-up, read when asked for (the resident's request never asks)."""
        return None if self.signup_id is None else db_session().get(SignUp, self.signup_id)


def now_utc() -> datetime:
    return datetime.now(UTC)


def lock_event(db: Session, event_id: int) -> Event | None:
    """Take the event's row lock for the rest of the transaction and read it fresh."""
    db.execute(update(Event).where(Event.id == event_id)
               .values(seat_lock=Event.seat_lock + 1)
               .execution_options(synchronize_session=False))
    return db.get(Event, event_id, populate_existing=True)


def signup_open(event, channel: str, now: datetime, organiser: bool | None = None) -> bool:
    """Residents sign up until the deadline; staff on a resident's behalf until the start.
    `organiser`: False for a resident signing up on the website, which staff training
    refuses (organisers sign up with their accounts, or staff take it down); None asks
    only about the time. `event`: an Event, an EventView or a queries.EVENT_STATE row."""
    if event.status != EVENT_PUBLISHED or as_utc(event.starts_at) <= now:
        return False
    internal = event.format == FORMAT_TRAINING or event.municipality_id is None
    if organiser is False and channel == CHANNEL_ONLINE and internal:
        return False
    deadline = as_utc(event.signup_deadline)
    return channel != CHANNEL_ONLINE or deadline is None or now <= deadline


# The resident's sign-up runs on statements built once (QUALITY.md §6: a sign-up POST must
# keep up with a fifth of a bare Flask app): the lock, two reads, one insert.
SIGNUPS = SignUp.__table__
LOCK_EVENT = (update(Event.__table__).where(Event.__table__.c.id == bindparam("event_id"))
              .values(seat_lock=Event.__table__.c.seat_lock + 1))
SIGNUP_BY_KEY = select(SignUp.id).where(SignUp.submission_key == bindparam("key"))
_EVENTS = Event.__table__
COUNT_UP = (update(_EVENTS).where(_EVENTS.c.id == bindparam("event_id"))
            .values(confirmed_people=_EVENTS.c.confirmed_people + bindparam("confirmed"),
                    held_people=_EVENTS.c.held_people + bindparam("held"),
                    waiting_people=_EVENTS.c.waiting_people + bindparam("waiting")))
CONFIRM_JOB = "participation.events.jobs.confirm_signup"  # by path: jobs.py imports this


def sign_up(db: Session | None, event_id: int, person: Person, *, channel: str,
            submission_key: str,
            secret: str, entered_by_id: int | None = None, organiser_id: int | None = None,
            now: datetime | None = None) -> SignUpResult:
    """One sign-up, exactly once per form (`submission_key`), never past the capacity.

    The statements join the context's transaction: its session's, if it has one (`db`,
    kept for the callers' symmetry), else a direct connection (the resident's request)."""
    now = now or now_utc()
    # The form's token, bound to this event: the same token sent to another event is
    # another sign-up, never a repeat of this one.
    key_hash = codes.hash_token(f"{event_id}:{submission_key}")
    # The ticket that shows the code again comes from the token too, so a repeated tap
    # whose first answer never reached the browser still gets the code page.
    ticket = codes.keyed_hash(f"ticket:{key_hash}", secret)
    statements.run(LOCK_EVENT, {"event_id": event_id})
    # under the lock: a double tap that came first has committed, and the places are final
    existing = statements.read_row(SIGNUP_BY_KEY, {"key": key_hash})
    if existing is not None:
        return SignUpResult(OUTCOME_REPEATED, existing.id, ticket=ticket)
    state = statements.read_row(queries.EVENT_STATE, {"event_id": event_id})
    if state is None or not signup_open(state, channel, now, organiser_id is not None):
        return SignUpResult(OUTCOME_CLOSED)
    places = places_from_counts(state, (state.confirmed, state.held, state.waiting))
    held = places.seats_for(channel, person.people)
    if held is None and not state.waiting_list:
        return SignUpResult(OUTCOME_FULL)
    values = {
        "event_id": event_id, "status": SIGNUP_CONFIRMED if held is not None else SIGNUP_WAITING,
        "people": person.people, "held_places": held or 0, "channel": channel,
        "entered_by_id": entered_by_id, "organiser_id": organiser_id, "locale": person.locale,
        "name": person.name, "phone": person.phone, "email": person.email,
        "needs": list(person.needs) or None, "needs_consent_at": now if person.needs else None,
        "submission_key": key_hash, "created_at": now, "to_call": False,
        "ticket_hash": codes.hash_token(ticket),
    }
    for _attempt in range(CODE_ATTEMPTS):  # a new code if this one is taken
        code = codes.new_code(SIGNUP_CODE_LENGTH)
        values.update(code_hash=codes.keyed_hash(code, secret),
                      sealed_code=codes.seal(code, ticket))
        signup_id = statements.insert_ignoring_duplicates(SIGNUPS, values,
                                                          returning=SIGNUPS.c.id)
        if signup_id is not None:
            break
    else:  # never by chance (one in 10¹³ per try): the database refuses something else
        raise RuntimeError(f"sign-up for event {event_id} refused by a unique constraint")
    statements.run(COUNT_UP, {
        "event_id": event_id, "confirmed": person.people if held is not None else 0,
        "held": held or 0, "waiting": 0 if held is not None else person.people})
    if db is not None:  # the session's copy of the event, if it has one, counts anew
        loaded = db.identity_map.get(db.identity_key(Event, event_id))
        if loaded is not None:
            db.expire(loaded)
    if person.email:  # written and sent after the commit; jobs.run_sweep finds lost ones
        enqueue_after_commit(CONFIRM_JOB, signup_id, job_id=f"event-confirm-{signup_id}",
                             queue=QUEUE_MAIL)
    outcome = OUTCOME_CONFIRMED if held is not None else OUTCOME_WAITING
    return SignUpResult(outcome, signup_id, code, ticket)


def shown_code(db: Session, ticket: str | None, now: datetime | None = None
               ) -> tuple[SignUp, str] | None:
    """The sign-up and its code, for the confirmation page of the browser that signed up."""
    if not ticket:
        return None
    signup = db.scalar(select(SignUp).where(SignUp.ticket_hash == codes.hash_token(ticket)))
    if signup is None or signup.sealed_code is None:
        return None
    if as_utc(now or now_utc()) - as_utc(signup.created_at) > timedelta(
            minutes=CODE_PAGE_MINUTES):
        return None
    return signup, codes.unseal(signup.sealed_code, ticket)


def forget_tickets(db: Session, tickets) -> None:
    """"Neue Person beginnen" on a shared tablet: the code pages of this browser end."""
    hashes = [codes.hash_token(t) for t in tickets if isinstance(t, str)]
    if hashes:
        db.execute(update(SignUp).where(SignUp.ticket_hash.in_(hashes))
                   .values(ticket_hash=None, sealed_code=None)
                   .execution_options(synchronize_session=False))


def normalise_signup_code(raw: str) -> str | None:
    return codes.normalise_code(raw, SIGNUP_CODE_LENGTH)


def spaced_signup_code(code: str) -> str:
    return codes.grouped(code, SIGNUP_CODE_GROUP)


def signup_by_code(db: Session, code: str, secret: str) -> SignUp | None:
    return db.scalar(select(SignUp).where(SignUp.code_hash == codes.keyed_hash(code, secret)))


def cancel_signup(db: Session, signup_id: int, now: datetime | None = None,
                  erase: bool = False) -> list[SignUp]:
    """Cancel a sign-up (by its code or by staff); returns the people promoted in its place.

    `erase`: the resident cancelled with their code, which also deletes what they gave."""
    now = now or now_utc()
    signup = db.get(SignUp, signup_id)
    if signup is None:
        return []
    lock_event(db, signup.event_id)
    db.refresh(signup)
    if erase:
        forget_emails(db, [signup.id])
        erase_signup(signup, now)
    if signup.status == SIGNUP_CANCELLED:
        db.flush()
        return []
    signup.status = SIGNUP_CANCELLED
    signup.cancelled_at = now
    signup.to_call = False
    db.flush()
    return promote(db, signup.event_id, now)


def forget_emails(db: Session, signup_ids) -> None:
    """The e-mails written to these people, sent or not, and their copies in the outbox
    folder: they hold names and addresses."""
    emails = db.scalars(select(OutgoingEmail).where(OutgoingEmail.signup_id.in_(signup_ids)))
    for email in emails:
        mail.forget(email.message_id)
        db.delete(email)
    db.flush()


def erase_signup(signup: SignUp, now: datetime) -> None:
    """Everything that names or reaches a person, and their needs; the count stays."""
    signup.name = signup.phone = signup.email = None
    signup.code_hash = signup.ticket_hash = signup.sealed_code = None
    signup.needs = signup.needs_consent_at = None
    signup.needs_erased_at = signup.needs_erased_at or now
    signup.contact_erased_at = signup.contact_erased_at or now


def promote(db: Session, event_id: int, now: datetime) -> list[SignUp]:
    """Move people from the waiting list onto free places, first come first served, each
    exactly once (the caller holds the event's row lock). The first party that does not fit
    keeps its turn: nobody behind it is moved past it."""
    event = db.get(Event, event_id)
    if event is None:
        return []
    promoted = []
    waiting = db.scalars(select(SignUp).where(SignUp.event_id == event_id,
                                              SignUp.status == SIGNUP_WAITING)
                         .order_by(SignUp.created_at, SignUp.id)).all()
    # nobody moves up for a cancelled event, or once it has begun
    moving = event.status != EVENT_CANCELLED and as_utc(event.starts_at) > now
    for signup in waiting if moving else ():
        held = places_of(db, event).seats_for(signup.channel, signup.people)
        if held is None:
            break
        signup.status, signup.held_places, signup.promoted_at = SIGNUP_CONFIRMED, held, now
        signup.to_call = not signup.email
        db.flush()
        if signup.email:
            mails.queue_email(db, event, signup, mails.PROMOTION)
        promoted.append(signup)
    recount(db, event_id)
    return promoted


def recount(db: Session, event_id: int) -> None:
    """Set the event's counted places from its sign-ups (after a cancellation or a move
    from the waiting list; a sign-up only adds to them, services.sign_up)."""
    db.execute(update(Event).where(Event.id == event_id).values(
        confirmed_people=queries.people_of(SIGNUP_CONFIRMED),
        held_people=queries.people_of(SIGNUP_CONFIRMED, SignUp.held_places),
        waiting_people=queries.people_of(SIGNUP_WAITING))
        .execution_options(synchronize_session=False))
    db.flush()


def cancel_event(db: Session, event: Event, now: datetime | None = None) -> list[SignUp]:
    """Cancel the event: everyone with an e-mail address is told in their language; the rest
    are returned, to be called."""
    now = now or now_utc()
    lock_event(db, event.id)
    if event.status == EVENT_CANCELLED:
        return people_to_call(db, event.id)
    event.status, event.cancelled_at = EVENT_CANCELLED, now
    event.version += 1
    for signup in db.scalars(select(SignUp).where(
            SignUp.event_id == event.id,
            SignUp.status.in_((SIGNUP_CONFIRMED, SIGNUP_WAITING)))):
        signup.to_call = not signup.email and signup.organiser_id is None
        if signup.email:
            mails.queue_email(db, event, signup, mails.EVENT_CANCELLED)
    db.flush()
    return people_to_call(db, event.id)


def people_to_call(db: Session, event_id: int) -> list[SignUp]:
    return list(db.scalars(select(SignUp).where(SignUp.event_id == event_id,
                                                SignUp.to_call.is_(True))
                           .order_by(SignUp.id)))


def mark_called(db: Session, signup: SignUp) -> None:
    signup.to_call = False
    db.flush()


def check_in(db: Session, signup: SignUp, arrived: bool, now: datetime | None = None) -> None:
    signup.checked_in_at = (now or now_utc()) if arrived else None
    db.flush()


def record_needs_view(db: Session, event_id: int, organiser_id: int, purpose: str) -> None:
    db.add(NeedsView(event_id=event_id, organiser_id=organiser_id, viewed_at=now_utc(),
                     purpose=purpose))
    db.flush()


def erase_expired(db: Session, now: datetime | None = None) -> tuple[int, int]:
    """Needs 7 days and contact data 30 days after an event's end, and the e-mails written
    to those people; returns (sign-ups whose needs, whose contact data were erased)."""
    now = as_utc(now) if now else now_utc()
    ended_needs = select(Event.id).where(Event.ends_at < now - timedelta(days=NEEDS_KEPT_DAYS))
    needs = db.execute(
        update(SignUp).where(SignUp.event_id.in_(ended_needs), SignUp.needs_erased_at.is_(None))
        .values(needs=None, needs_consent_at=None, needs_erased_at=now)
        .execution_options(synchronize_session=False)).rowcount or 0
    ended_contact = select(Event.id).where(
        Event.ends_at < now - timedelta(days=CONTACT_KEPT_DAYS))
    forget_emails(db, select(SignUp.id).where(SignUp.event_id.in_(ended_contact)))
    # the sealed copy of a code is for the confirmation page's 30 minutes only
    db.execute(update(SignUp).where(
        SignUp.sealed_code.is_not(None),
        SignUp.created_at < now - timedelta(minutes=CODE_PAGE_MINUTES))
        .values(ticket_hash=None, sealed_code=None)
        .execution_options(synchronize_session=False))
    contact = db.execute(
        update(SignUp).where(SignUp.event_id.in_(ended_contact),
                             SignUp.contact_erased_at.is_(None))
        .values(name=None, phone=None, email=None, code_hash=None, ticket_hash=None,
                sealed_code=None, to_call=False, contact_erased_at=now)
        .execution_options(synchronize_session=False)).rowcount or 0
    db.flush()
    return needs, contact


def new_series_key() -> str:
    return secrets.token_hex(8)

