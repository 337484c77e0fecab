"""How an event reads to residents: date and time in their language, the places left as
words, the accessibility facts that are known, the names of formats and needs.

Pure functions of an EventView and its Places; the pages call them only when they are
rendered anew (page_cache.py), so a page served from the cache pays for none of them.
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_date, format_decimal, format_time, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.clock import LOCAL_ZONE
from participation.events.content import (
    EventView,
    moment_text,  # noqa: F401 (pages use it here)
)
from participation.events.models import CHANNEL_ONLINE, EVENT_CANCELLED
from participation.events.places import Places
from participation.events.services import signup_open
from participation.i18n import PAGE_LANGUAGES, native_name

FORMAT_NAMES = {
    "walk": _l("Quartiersspaziergang"),
    "workshop": _l("Zukunftswerkstatt"),
    "cafe": _l("Bürgercafé"),
    "information": _l("Informationsabend"),
    "consultation": _l("Sprechstunde"),
    "training": _l("Schulung"),
    "other": _l("Veranstaltung"),
}
NEED_LABELS = {
    "wheelchair": _l("Rollstuhl"),
    "walking_aid": _l("Rollator oder Gehhilfe"),
    "hearing": _l("Hörhilfe oder Hörschleife"),
    "sign_language": _l("Gebärdensprachdolmetschung"),
    "large_print": _l("Großdruck"),
    "transport": _l("Abholung oder Fahrdienst"),
    "other": _l("Andere Unterstützung – wir rufen Sie an"),
}

# What a resident can do about an event now (the key of its places text)
OPEN, WAITING_LIST, FULL, CLOSED, CANCELLED = "open", "waiting", "full", "closed", "cancelled"


@dataclass(frozen=True)
class Availability:
    state: str
    free: int  # places a resident can still get online

    @property
    def can_sign_up(self) -> bool:
        return self.state in (OPEN, WAITING_LIST)


def availability(view, places: Places, now: datetime) -> Availability:
    """`view`: an EventView or a state row (queries.EVENT_STATE), whatever has the status,
    the times and the waiting list."""
    free = places.free_online
    if view.status == EVENT_CANCELLED:
        return Availability(CANCELLED, free)
    if not signup_open(view, CHANNEL_ONLINE, now):
        return Availability(CLOSED, free)
    if free > 0:
        return Availability(OPEN, free)
    return Availability(WAITING_LIST if view.waiting_list else FULL, 0)


def places_text(available: Availability) -> str:
    if available.state == OPEN:
        return ngettext("Noch %(num)d Platz frei", "Noch %(num)d Plätze frei", available.free)
    return {
        WAITING_LIST: _("Ausgebucht – Warteliste möglich"),
        FULL: _("Ausgebucht"),
        CLOSED: _("Anmeldung geschlossen"),
        CANCELLED: _("Abgesagt"),
    }[available.state]


@dataclass(frozen=True)
class When:
    """Start and end as words in the page's language, and as `<time datetime>` values."""

    start_iso: str
    end_iso: str
    day: str  # "Dienstag, 9. Juni 2026"
    start: str  # "10:00"
    end: str
    end_day: str | None  # only when the event ends on another day


def when(view: EventView) -> When:
    start = view.starts_at.astimezone(LOCAL_ZONE)
    end = view.ends_at.astimezone(LOCAL_ZONE)
    # rebase=False: the times are local already (Flask-Babel would turn them into UTC)
    return When(
        start_iso=start.isoformat(timespec="minutes"),
        end_iso=end.isoformat(timespec="minutes"),
        day=format_date(start, "full", rebase=False),
        start=format_time(start, "short", rebase=False),
        end=format_time(end, "short", rebase=False),
        end_day=None if end.date() == start.date() else format_date(end, "full", rebase=False),
    )


def accessibility(view: EventView) -> list[str]:
    """Only what the organisers said; an unknown fact is left out rather than guessed."""
    facts = []
    if view.step_free is True:
        facts.append(_("Stufenloser Zugang"))
    elif view.step_free is False:
        facts.append(_("Kein stufenloser Zugang"))
    if view.accessible_toilet:
        facts.append(_("Barrierefreie Toilette"))
    if view.seating:
        facts.append(_("Sitzgelegenheiten"))
    if view.hearing_loop:
        facts.append(_("Hörschleife (Induktionsschleife)"))
    if view.format == "walk":
        if view.walk_distance_km:
            facts.append(_("Strecke: etwa %(km)s km",
                           km=format_decimal(round(view.walk_distance_km, 1), "#,##0.#")))
        if view.walk_pace == "slow":
            facts.append(_("Langsames Tempo"))
        elif view.walk_pace == "moderate":
            facts.append(_("Mittleres Tempo"))
        if view.walk_rest_stops:
            facts.append(_("Mit Pausen zum Ausruhen"))
    return facts


def paragraphs(text: str) -> list[str]:
    """A description as paragraphs: organisers separate them with a blank line."""
    parts = [" ".join(part.split()) for part in text.replace("\r\n", "\n").split("\n\n")]
    return [part for part in parts if part]


def format_name(key: str) -> str:
    return str(FORMAT_NAMES.get(key, FORMAT_NAMES["other"]))


def need_label(key: str) -> str:
    return str(NEED_LABELS.get(key, key))


def tel_href(phone: str) -> str:
    """A `tel:` link of a phone number as organisers write it ("0711 123 45-6")."""
    return "tel:" + "".join(ch for ch in phone if ch in "+0123456789")


def safe_link(url: str | None) -> str | None:
    """An organiser's map link, only if it is a web address (never `javascript:` or data)."""
    if url and url.strip().lower().startswith(("https://", "http://")):
        return url.strip()
    return None


def language_name(code: str) -> str:
    """A sign-up's language named in itself."""
    return native_name(code) if code in PAGE_LANGUAGES else code
