"""What every organiser page about events shares: the tenant-checked lookup, who may see
needs, labels, notices, dates written out, and the page frame.

An organiser manages the events of their municipality; a district admin every event of the
district, including the district's own (staff training, no municipality). Any other id is a
404. Needs (health data) only reach organisers of the event's municipality: for a district
event, the district admins.
"""

from datetime import datetime

from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l

from participation import db
from participation.accounts.access import current_organiser
from participation.accounts.models import Organiser
from participation.clock import LOCAL_ZONE, as_utc
from participation.events import queries
from participation.events.content import moment_text
from participation.events.models import Event
from participation.i18n import current_lang
from participation.surveys.content import LocalText, pick

FORMAT_LABELS = {
    "walk": _l("Quartiersspaziergang"), "workshop": _l("Zukunftswerkstatt"),
    "cafe": _l("Bürgercafé"), "information": _l("Informationsabend"),
    "consultation": _l("Sprechstunde"), "training": _l("Schulung für Mitarbeitende"),
    "other": _l("Andere Veranstaltung"),
}
STATUS_LABELS = {"draft": _l("Entwurf"), "published": _l("Veröffentlicht"),
                 "cancelled": _l("Abgesagt")}
CHANNEL_LABELS = {"online": _l("Online"), "assisted": _l("Mit Unterstützung"),
                  "phone": _l("Telefon"), "in_person": _l("Persönlich")}
# Short names for the planning summary ("2 × Rollstuhl, 1 × Abholung"); residents tick the
# longer, explained ones of display.NEED_LABELS.
NEED_LABELS = {
    "wheelchair": _l("Rollstuhl"), "walking_aid": _l("Gehhilfe"),
    "hearing": _l("Hörschleife oder Hörhilfe"), "sign_language": _l("Gebärdensprache"),
    "large_print": _l("Großdruck"), "transport": _l("Abholung"), "other": _l("Anderes"),
}
NOTICES = {
    "angelegt": _l("Die Veranstaltung wurde als Entwurf angelegt."),
    "gespeichert": _l("Ihre Änderungen wurden gespeichert."),
    "veroeffentlicht": _l("Die Veranstaltung ist veröffentlicht."),
    "kopiert": _l("Die Kopie wurde als Entwurf angelegt. Sie bearbeiten jetzt die Kopie."),
    "wiederholt": _l("Die weiteren Termine wurden angelegt."),
    "storniert": _l("Die Anmeldung wurde storniert."),
    "angemeldet": _l("Sie sind angemeldet."),
    "abgemeldet": _l("Sie sind abgemeldet."),
    "schon-angemeldet": _l("Sie waren schon angemeldet."),
    "nicht-moeglich": _l("Eine Anmeldung ist nicht mehr möglich."),
}


def may_manage(organiser: Organiser, event: Event) -> bool:
    if event.district_id != organiser.district_id:
        return False
    return organiser.is_district_admin or event.municipality_id == organiser.municipality_id


def may_see_needs(organiser: Organiser, event: Event) -> bool:
    """Organisers of the event's municipality; for a district event, the district admins
    (whose account has no municipality)."""
    return may_manage(organiser, event) and organiser.municipality_id == event.municipality_id


def organiser_event(event_id: int) -> Event:
    """The event with its texts; 404 unless the logged-in organiser manages it."""
    event = db.session().scalar(queries.event_with_texts(event_id))
    if event is None or not may_manage(current_organiser(), event):
        abort(404)
    return event


def title_of(event: Event) -> LocalText:
    return pick({t.lang: t.title for t in event.texts}, current_lang())


def german_text(event: Event):
    return next((t for t in event.texts if t.lang == "de"), None)


def local(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(LOCAL_ZONE)


def when_text(starts_at: datetime, ends_at: datetime | None = None) -> str:
    return moment_text(starts_at, ends_at)


def iso(moment: datetime) -> str:
    return local(moment).isoformat(timespec="minutes")


def notice() -> str | None:
    message = NOTICES.get(request.args.get("hinweis", ""))
    return str(message) if message else None


def page(template: str, event: Event | None = None, errors=None, status: int | None = None,
         **context):
    """Render an organiser page about events (status 400 when there are errors)."""
    if event is not None:
        context.update(event=event, title=title_of(event),
                       when=when_text(event.starts_at, event.ends_at),
                       when_iso=iso(event.starts_at),
                       may_see_needs=may_see_needs(current_organiser(), event))
    body = render_template(f"events/{template}", errors=errors or {}, notice=notice(),
                           format_labels=FORMAT_LABELS, status_labels=STATUS_LABELS,
                           channel_labels=CHANNEL_LABELS, need_labels=NEED_LABELS,
                           when_text=when_text, iso=iso, **context)
    return body, status or (400 if errors else 200)
