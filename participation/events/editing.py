"""Write use cases of organisers: create and edit events, their texts per language, publish,
copy, repeat, and staff signing up for a training with their accounts. Services flush; the
edge commits. Every change of an event counts its `version` up (it keys cached pages and the
calendar file's SEQUENCE).
"""

from datetime import UTC, datetime

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from participation.accounts.models import Organiser
from participation.clock import LOCAL_ZONE, as_utc
from participation.events import queries, services
from participation.events.forms import (
    ACCESSIBILITY,
    REPEAT_FORTNIGHTLY,
    REPEAT_MONTHLY,
    EventInput,
)
from participation.events.models import (
    CHANNEL_ONLINE,
    EVENT_DRAFT,
    EVENT_PUBLISHED,
    Event,
    EventQuartier,
    EventText,
    SignUp,
)
from participation.events.places import places_of
from participation.i18n import DEFAULT_LOCALE

# What a copy takes over from its original (texts and Quartiere are copied on their own).
COPIED_FIELDS = ("district_id", "municipality_id", "format", "starts_at", "ends_at",
                 "meeting_point", "map_url", *ACCESSIBILITY, "walk_distance_km", "walk_pace",
                 "walk_rest_stops", "capacity", "held_back", "waiting_list", "signup_deadline",
                 "contact_name", "contact_phone")


def _apply(event: Event, data: EventInput) -> None:
    event.format = data.format
    event.starts_at, event.ends_at = data.starts_at, data.ends_at
    event.meeting_point, event.map_url = data.meeting_point, data.map_url
    for name, value in data.accessibility.items():
        setattr(event, name, value)
    event.walk_distance_km = data.walk_distance_km
    event.walk_pace, event.walk_rest_stops = data.walk_pace, data.walk_rest_stops
    event.capacity, event.held_back = data.capacity, data.held_back
    event.waiting_list, event.signup_deadline = data.waiting_list, data.signup_deadline
    event.contact_name, event.contact_phone = data.contact_name, data.contact_phone


def _set_text(event: Event, lang: str, title: str | None, description: str) -> None:
    found = next((t for t in event.texts if t.lang == lang), None)
    if title is None:
        if found is not None:
            event.texts.remove(found)
    elif found is None:
        event.texts.append(EventText(lang=lang, title=title, description=description))
    else:
        found.title, found.description = title, description


def _set_quartiere(db: Session, event_id: int, quartier_ids: list[int]) -> None:
    db.execute(delete(EventQuartier).where(EventQuartier.event_id == event_id)
               .execution_options(synchronize_session=False))
    db.add_all(EventQuartier(event_id=event_id, quartier_id=q) for q in quartier_ids)


def create_event(db: Session, district_id: int, municipality_id: int | None,
                 organiser_id: int, data: EventInput) -> Event:
    """A new draft; residents see it once it is published."""
    event = Event(district_id=district_id, municipality_id=municipality_id,
                  status=EVENT_DRAFT, created_by_id=organiser_id,
                  created_at=services.now_utc(), version=1, seat_lock=0)
    _apply(event, data)
    _set_text(event, DEFAULT_LOCALE, data.title, data.description)
    db.add(event)
    db.flush()
    _set_quartiere(db, event.id, data.quartier_ids)
    db.flush()
    return event


def too_few_places(db: Session, event: Event, data: EventInput) -> int | None:
    """The people already confirmed, if the form offers fewer places than that."""
    taken = places_of(db, event).taken
    return taken if data.capacity < taken else None


def update_event(db: Session, event: Event, data: EventInput) -> list[SignUp]:
    """Store the form; returns the people moved up from the waiting list because more
    places are free now (under the event's row lock, like every change of places)."""
    services.lock_event(db, event.id)
    _apply(event, data)
    _set_text(event, DEFAULT_LOCALE, data.title, data.description)
    _set_quartiere(db, event.id, data.quartier_ids)
    event.version += 1
    db.flush()
    return services.promote(db, event.id, services.now_utc())


def save_text(db: Session, event: Event, lang: str, title: str | None,
              description: str) -> None:
    _set_text(event, lang, title, description)
    event.version += 1
    db.flush()


def publish(db: Session, event: Event) -> bool:
    """Draft → published; False if the event is not a draft."""
    if event.status != EVENT_DRAFT:
        return False
    event.status = EVENT_PUBLISHED
    event.version += 1
    db.flush()
    return True


def copy_event(db: Session, event: Event, organiser_id: int, *, starts_at: datetime | None = None,
               status: str = EVENT_DRAFT, series_key: str | None = None) -> Event:
    """A new event with the same fields, texts and Quartiere, without sign-ups; moved to
    `starts_at` (the end and the sign-up deadline keep their distance to the start)."""
    copy = Event(**{name: getattr(event, name) for name in COPIED_FIELDS})
    copy.status, copy.series_key, copy.created_by_id = status, series_key, organiser_id
    copy.created_at, copy.version, copy.seat_lock = services.now_utc(), 1, 0
    if starts_at is not None:
        shift = starts_at - as_utc(event.starts_at)
        copy.starts_at, copy.ends_at = starts_at, as_utc(event.ends_at) + shift
        if event.signup_deadline is not None:
            copy.signup_deadline = as_utc(event.signup_deadline) + shift
    for text in event.texts:
        copy.texts.append(EventText(lang=text.lang, title=text.title,
                                    description=text.description))
    db.add(copy)
    db.flush()
    quartier_ids = db.scalars(select(EventQuartier.quartier_id)
                              .where(EventQuartier.event_id == event.id)).all()
    _set_quartiere(db, copy.id, list(quartier_ids))
    db.flush()
    return copy


def repeat_starts(starts_at: datetime, rule: str, count: int) -> list[datetime]:
    """The next `count` starts after `starts_at`, at the same local time of day (summer
    time included). Monthly keeps the weekday's place in the month: the first Tuesday stays
    the first Tuesday; the fifth becomes the last."""
    local = as_utc(starts_at).astimezone(LOCAL_ZONE).replace(tzinfo=None)
    if rule == REPEAT_MONTHLY:
        place = (local.day - 1) // 7 + 1
        days = rrule(MONTHLY, dtstart=local, byweekday=weekday(local.weekday(),
                                                               place if place < 5 else -1))
    else:
        days = rrule(WEEKLY, dtstart=local, interval=2 if rule == REPEAT_FORTNIGHTLY else 1)
    found = []
    for moment in days:
        if moment > local:
            found.append(moment.replace(tzinfo=LOCAL_ZONE).astimezone(UTC))
        if len(found) == count:
            break
    return found


def repeat_event(db: Session, event: Event, organiser_id: int, rule: str, count: int,
                 publish_copies: bool) -> list[Event]:
    """Copies at the next dates of the rule, in one series with the original."""
    if event.series_key is None:
        event.series_key = services.new_series_key()
        event.version += 1
    status = EVENT_PUBLISHED if publish_copies else EVENT_DRAFT
    return [copy_event(db, event, organiser_id, starts_at=start, status=status,
                       series_key=event.series_key)
            for start in repeat_starts(event.starts_at, rule, count)]


# --- staff training ---------------------------------------------------------------------------


def training_signup(db: Session, event_id: int, organiser_id: int) -> SignUp | None:
    return db.scalar(queries.signups_of_organiser([event_id], organiser_id))


def sign_up_for_training(db: Session, event: Event, organiser: Organiser, secret: str
                         ) -> services.SignUpResult:
    """An organiser signs up with their account, once: a second sign-up while the first
    stands is refused (OUTCOME_REPEATED). The submission key counts the organiser's earlier
    sign-ups, so two taps at once make the same key and only one row."""
    existing = training_signup(db, event.id, organiser.id)
    if existing is not None:
        return services.SignUpResult(services.OUTCOME_REPEATED, existing.id)
    earlier = db.scalar(select(func.count(SignUp.id)).where(
        SignUp.event_id == event.id, SignUp.organiser_id == organiser.id)) or 0
    person = services.Person(name=organiser.name, phone=None, email=organiser.email,
                             people=1, needs=(), locale=organiser.locale or DEFAULT_LOCALE)
    return services.sign_up(db, event.id, person, channel=CHANNEL_ONLINE,
                            submission_key=f"training-{event.id}-{organiser.id}-{earlier}",
                            secret=secret, organiser_id=organiser.id)
