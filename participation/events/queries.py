"""Read queries of events (select() builders)."""

from datetime import datetime

from sqlalchemy import Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import selectinload

from participation.accounts.models import Organiser
from participation.events.models import (
    EVENT_CANCELLED,
    EVENT_PUBLISHED,
    FORMAT_TRAINING,
    Event,
    EventQuartier,
    NeedsView,
    SignUp,
)
from participation.places.models import Municipality, Quartier


def event_with_texts(event_id: int) -> Select:
    return select(Event).where(Event.id == event_id).options(selectinload(Event.texts))


def _visible_upcoming(query: Select, now, municipality_id=None, quartier_id=None) -> Select:
    # or_, not in_(): the statements built once (statements.py) take no expanding lists
    query = (query.where(or_(Event.status == EVENT_PUBLISHED, Event.status == EVENT_CANCELLED),
                         Event.format != FORMAT_TRAINING, Event.ends_at > now,
                         Event.municipality_id.is_not(None))
             .order_by(Event.starts_at, Event.id))
    if municipality_id is not None:
        query = query.where(Event.municipality_id == municipality_id)
    if quartier_id is not None:
        # events for this Quartier, and those for the whole municipality (no Quartier listed)
        listed = select(EventQuartier.event_id).where(EventQuartier.event_id == Event.id)
        mine = select(EventQuartier.event_id).where(EventQuartier.event_id == Event.id,
                                                    EventQuartier.quartier_id == quartier_id)
        query = query.where(or_(~listed.exists(), mine.exists()))
    return query


def upcoming_public(now: datetime, municipality_id: int | None = None,
                    quartier_id: int | None = None) -> Select:
    """Published (or cancelled, still shown as such) events residents may see, soonest
    first: no staff training, not yet over."""
    return _visible_upcoming(select(Event).options(selectinload(Event.texts)), now,
                             municipality_id, quartier_id)


def people_of(status: str, column=SignUp.people):
    """The sum of `column` over an event's sign-ups in `status` (services.recount)."""
    return (select(func.coalesce(func.sum(column), 0))
            .where(SignUp.event_id == Event.id, SignUp.status == status).scalar_subquery())


# Built once and run with statements.read_rows (QUALITY.md §6): what keys the cached
# resident event pages, an event's row with its places (kept counted on the row). The
# texts are read only when a page is rendered anew (`version` counts every change).
_STATE = (Event.id, Event.status, Event.format, Event.municipality_id, Event.version,
          Event.starts_at, Event.ends_at, Event.signup_deadline, Event.capacity,
          Event.held_back, Event.waiting_list,
          Event.confirmed_people.label("confirmed"), Event.held_people.label("held"),
          Event.waiting_people.label("waiting"))
EVENT_STATE = select(*_STATE).where(Event.id == bindparam("event_id"))
UPCOMING_STATE = _visible_upcoming(
    select(*_STATE, Municipality.name.label("municipality_name"),
           Municipality.slug.label("municipality_slug"))
    .join(Municipality, Municipality.id == Event.municipality_id), bindparam("now"))
UPCOMING_STATE_IN = _visible_upcoming(select(*_STATE), bindparam("now"),
                                      bindparam("municipality_id"))
UPCOMING_STATE_IN_QUARTIER = _visible_upcoming(select(*_STATE), bindparam("now"),
                                               bindparam("municipality_id"),
                                               bindparam("quartier_id"))
MUNICIPALITY_BY_SLUG = select(Municipality.id, Municipality.name).where(
    Municipality.slug == bindparam("slug"))
QUARTIERE_OF = (select(Quartier.id, Quartier.slug, Quartier.name)
                .where(Quartier.municipality_id == bindparam("municipality_id"))
                .order_by(Quartier.position, Quartier.name))


def upcoming_training(now: datetime, district_id: int) -> Select:
    return (select(Event)
            .where(Event.status.in_((EVENT_PUBLISHED, EVENT_CANCELLED)),
                   Event.format == FORMAT_TRAINING, Event.ends_at > now,
                   Event.district_id == district_id)
            .options(selectinload(Event.texts))
            .order_by(Event.starts_at, Event.id))


def events_for_organiser(municipality_ids: list[int] | None, district_id: int) -> Select:
    """Every event an organiser manages: their municipality's (all for a district admin),
    and for district admins also the district's own."""
    query = select(Event).options(selectinload(Event.texts)).order_by(Event.starts_at.desc(),
                                                                      Event.id.desc())
    if municipality_ids is None:
        return query.where(Event.district_id == district_id)
    return query.where(Event.municipality_id.in_(municipality_ids))


def quartier_ids_of(event_id: int) -> Select:
    return select(EventQuartier.quartier_id).where(EventQuartier.event_id == event_id)


def signups_of(event_id: int) -> Select:
    return (select(SignUp).where(SignUp.event_id == event_id)
            .order_by(SignUp.status, SignUp.created_at, SignUp.id))


def signups_of_organiser(event_ids: list[int], organiser_id: int) -> Select:
    """An organiser's own standing sign-ups (staff training) among these events."""
    return select(SignUp).where(SignUp.event_id.in_(event_ids),
                                SignUp.organiser_id == organiser_id,
                                SignUp.status != "cancelled")


def needs_views(event_id: int) -> Select:
    """Who saw the needs of an event's sign-ups, and when: newest first."""
    return (select(NeedsView.viewed_at, NeedsView.purpose, Organiser.name)
            .join(Organiser, Organiser.id == NeedsView.organiser_id)
            .where(NeedsView.event_id == event_id)
            .order_by(NeedsView.viewed_at.desc(), NeedsView.id.desc()))


def waiting_ahead(signup: SignUp) -> Select:
    """How many parties wait before this one on its event's list (first come first served,
    as services.promote moves them up)."""
    return select(func.count(SignUp.id)).where(
        SignUp.event_id == signup.event_id, SignUp.status == "waiting",
        or_(SignUp.created_at < signup.created_at,
            and_(SignUp.created_at == signup.created_at, SignUp.id < signup.id)))
