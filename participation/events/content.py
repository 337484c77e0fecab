"""An event's content in one language, German the marked fallback, and its coverage.

Organisers write title and description per language (Leichte Sprache as "de-x-ls"); a
resident sees their language where it is written, else German marked `lang="de"`.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_date, format_time
from flask_babel import gettext as _

from participation.clock import LOCAL_ZONE, as_utc
from participation.events.models import Event
from participation.surveys.content import LocalText, pick
from participation.surveys.coverage import CONTENT_LANGUAGES


@dataclass(frozen=True)
class EventView:
    id: int
    municipality_id: int | None
    format: str
    status: str
    starts_at: datetime
    ends_at: datetime
    title: LocalText
    description: LocalText
    meeting_point: str
    map_url: str | None
    step_free: bool | None
    accessible_toilet: bool | None
    seating: bool | None
    hearing_loop: bool | None
    walk_distance_km: float | None
    walk_pace: str | None
    walk_rest_stops: bool | None
    capacity: int
    held_back: int
    waiting_list: bool
    signup_deadline: datetime | None
    contact_name: str
    contact_phone: str
    version: int


def event_view(event: Event, lang: str) -> EventView:
    titles = {t.lang: t.title for t in event.texts}
    descriptions = {t.lang: t.description for t in event.texts if t.description}
    # the description falls back on its own only when the title is in this language too
    text_lang = lang if titles.get(lang) else "de"
    return EventView(
        id=event.id, municipality_id=event.municipality_id, format=event.format,
        status=event.status, starts_at=as_utc(event.starts_at), ends_at=as_utc(event.ends_at),
        title=pick(titles, lang), description=pick(descriptions, text_lang, lang),
        meeting_point=event.meeting_point or "", map_url=event.map_url,
        step_free=event.step_free, accessible_toilet=event.accessible_toilet,
        seating=event.seating, hearing_loop=event.hearing_loop,
        walk_distance_km=event.walk_distance_km, walk_pace=event.walk_pace,
        walk_rest_stops=event.walk_rest_stops, capacity=event.capacity,
        held_back=event.held_back, waiting_list=event.waiting_list,
        signup_deadline=as_utc(event.signup_deadline), contact_name=event.contact_name or "",
        contact_phone=event.contact_phone or "", version=event.version or 0,
    )


def written_languages(event: Event) -> list[str]:
    """The content languages with a title, in the order organisers pick them."""
    have = {t.lang for t in event.texts if t.title}
    return [lang for lang in CONTENT_LANGUAGES if lang in have]


def moment_text(moment: datetime | None, until: datetime | None = None) -> str | None:
    """A stored instant as local date and time ("Donnerstag, 17. Dezember 2026, 14:00 Uhr"),
    with the end time when `until` falls on the same day ("14:00–16:00 Uhr")."""
    if moment is None:
        return None
    local = as_utc(moment).astimezone(LOCAL_ZONE)
    # rebase=False: the times are local already (Flask-Babel would turn them into UTC)
    time = format_time(local, "short", rebase=False)
    end = as_utc(until).astimezone(LOCAL_ZONE) if until is not None else None
    if end is not None and end.date() == local.date():
        time += "–" + format_time(end, "short", rebase=False)
    return _("%(day)s, %(time)s Uhr", day=format_date(local, "full", rebase=False), time=time)
