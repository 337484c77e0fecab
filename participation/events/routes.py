"""Resident pages of events: find events, read one, take it into a calendar, and view or
cancel a sign-up with its code. The sign-up steps are in signing_up.py.

Organiser handlers (manage.py and the modules beside it) join this blueprint. The list and
event pages are the same for everyone in a language, so they are rendered once per key
(page_cache.py): each event's state row (content version, times, places taken, read by a
statement built once) and what can be booked now. Texts are read only to render anew.
"""

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _

from participation import db, mail, statements
from participation.events import display, queries, services
from participation.events.calendar import event_calendar
from participation.events.content import event_view
from participation.events.mails import external_url
from participation.events.models import (
    EVENT_CANCELLED,
    EVENT_PUBLISHED,
    FORMAT_TRAINING,
    Event,
    SignUp,
)
from participation.events.places import places_from_counts
from participation.i18n import current_lang
from participation.limits import EVERYONE, rate_limits
from participation.page_cache import render_cached
from participation.places import queries as places_queries
from participation.places.models import District, Municipality
from participation.security import csrf, csrf_problem

bp = Blueprint("events", __name__, template_folder="templates")
NO_STORE = {"Cache-Control": "no-store"}

for _helper, _name in ((display.when, "event_when"), (display.places_text, "event_places_text"),
                       (display.format_name, "event_format_name"),
                       (display.need_label, "event_need_label"),
                       (display.tel_href, "event_tel_href")):
    bp.add_app_template_global(_helper, _name)


def is_public(event) -> bool:
    """Residents see published and cancelled events of a municipality, never drafts or
    staff training (an Event or a row of queries.EVENT_STATE)."""
    return (event.status in (EVENT_PUBLISHED, EVENT_CANCELLED) and event.municipality_id
            is not None and event.format != FORMAT_TRAINING)


def public_event(event_id: int) -> Event:
    event = db.session().scalar(queries.event_with_texts(event_id))
    if event is None or not is_public(event):
        abort(404)
    return event


def availability_of(row) -> display.Availability:
    """What a resident can do about the event of a state row (queries.EVENT_STATE)."""
    places = places_from_counts(row, (row.confirmed, row.held, row.waiting))
    return display.availability(row, places, services.now_utc())


def _keyed(rows) -> tuple:
    """The cache key of a list: every event's state row and what can be booked now."""
    return tuple((tuple(row), availability_of(row)) for row in rows)


def _views(keyed: tuple, query) -> tuple:
    """(view, availability) per event of the key, read with their texts: on rendering only."""
    lang = current_lang()
    events = {event.id: event for event in db.session().scalars(query)}
    return tuple((event_view(events[row[0]], lang), available)
                 for row, available in keyed if row[0] in events)


@bp.get("/veranstaltungen")
def upcoming():
    """Every municipality's upcoming events, by municipality, each soonest first."""
    now = services.now_utc()
    rows = statements.read_rows(queries.UPCOMING_STATE, {"now": now})
    places = sorted({(row.municipality_name, row.municipality_slug, row.municipality_id)
                     for row in rows})
    key = (request.path, _keyed(rows), tuple(places))

    def grouped() -> dict:
        items = _views(key[1], queries.upcoming_public(now))
        return {"groups": [(name, slug, [item for item in items
                                         if item[0].municipality_id == place_id])
                           for name, slug, place_id in places]}

    return render_cached(key, "events/list.html", more=grouped)


@bp.get("/gemeinde/<slug>/veranstaltungen")
def municipality_events(slug: str):
    """One municipality's events, for all of it or one Quartier (`?quartier=<slug>`)."""
    chosen_slug = request.args.get("quartier") or None
    if "\x00" in slug or "\x00" in (chosen_slug or ""):  # PostgreSQL refuses NUL in text
        abort(404)
    place = statements.read_row(queries.MUNICIPALITY_BY_SLUG, {"slug": slug})
    if place is None:
        abort(404)
    quartiere = statements.read_rows(queries.QUARTIERE_OF, {"municipality_id": place.id})
    chosen = next((q for q in quartiere if q.slug == chosen_slug), None)
    if chosen_slug and chosen is None:
        abort(404)
    now = services.now_utc()
    if chosen is None:
        rows = statements.read_rows(queries.UPCOMING_STATE_IN,
                                    {"now": now, "municipality_id": place.id})
    else:
        rows = statements.read_rows(queries.UPCOMING_STATE_IN_QUARTIER, {
            "now": now, "municipality_id": place.id, "quartier_id": chosen.id})
    choices = tuple((q.slug, q.name) for q in quartiere)
    keyed = _keyed(rows)
    key = (request.path, chosen_slug, place.name, choices, keyed)
    return render_cached(
        key, "events/list_municipality.html", name=place.name, slug=slug, quartiere=choices,
        chosen=chosen.name if chosen else None, chosen_slug=chosen_slug,
        more=lambda: {"items": _views(keyed, queries.upcoming_public(
            now, place.id, chosen.id if chosen else None))})


@bp.get("/veranstaltung/<id:event_id>")
def detail(event_id: int):
    """Rendered once per state of the event (content version, places, open or not)."""
    row = statements.read_row(queries.EVENT_STATE, {"event_id": event_id})
    if row is None or not is_public(row):
        abort(404)
    available = availability_of(row)
    return render_cached((request.path, tuple(row), available), "events/detail.html",
                         available=available, more=lambda: _detail_context(event_id))


def _detail_context(event_id: int) -> dict:
    event = public_event(event_id)
    return detail_context(event, event_view(event, current_lang()))


def detail_context(event: Event, view) -> dict:
    """What events/detail.html shows besides the places; also the organisers' preview,
    where the event may be the district's own (no municipality)."""
    session = db.session()
    place = (session.get(Municipality, event.municipality_id) if event.municipality_id
             else session.get(District, event.district_id))
    listed = set(session.scalars(queries.quartier_ids_of(event.id)))
    quartiere = [q.name for q in session.scalars(places_queries.quartiere_of(place.id))
                 if q.id in listed] if event.municipality_id else []
    return {"view": view, "municipality": place.name, "slug": place.slug,
            "quartiere": quartiere, "facts": display.accessibility(view),
            "paragraphs": display.paragraphs(str(view.description)),
            "deadline": display.moment_text(view.signup_deadline),
            "map_url": display.safe_link(view.map_url)}


@bp.get("/veranstaltung/<id:event_id>/kalender.ics")
def calendar_file(event_id: int):
    event = public_event(event_id)
    view = event_view(event, current_lang())
    url = external_url("events.detail", event_id=event.id, lang_code=current_lang())
    body = event_calendar(view, url, mail.sender_domain(),
                          cancelled=view.status == EVENT_CANCELLED)
    return Response(body, headers={
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": f'attachment; filename="veranstaltung-{event.id}.ics"'})


# View or cancel with the code --------------------------------------------------------------


def _signup_by_code(raw: str) -> tuple[SignUp | None, str | None, int]:
    """The sign-up of a typed code, or why not (message, status). Like resume codes, only
    a wrong code counts against the address and the whole site."""
    problem = csrf_problem()
    if problem:
        return None, problem, 400
    code = services.normalise_signup_code(raw)
    if code is None:
        return None, _("Bitte geben Sie den Code mit 12 Zeichen ein, zum Beispiel "
                       "ACD2 F4GH 7KMN."), 400
    checks = (("signup-code-address", request.remote_addr or ""),
              ("signup-code-total", EVERYONE))
    if not rate_limits().allowed(*checks):
        return None, _("Bitte warten Sie einige Minuten und versuchen Sie es dann noch "
                       "einmal."), 429
    signup = services.signup_by_code(db.session(), code, current_app.config["SECRET_KEY"])
    if signup is None:
        rate_limits().hit(*checks)
        return None, _("Zu diesem Code haben wir keine Anmeldung gefunden. Bitte prüfen Sie "
                       "den Code. Nach dem Absagen gilt er nicht mehr."), 400
    return signup, None, 200


def _code_form(raw: str, error: str | None, status: int):
    return render_template("events/my_signup.html", value=raw, error=error,
                           errors={"code": error} if error else {}), status, NO_STORE


@bp.route("/meine-anmeldung", methods=["GET", "POST"])
@csrf.exempt  # checked by csrf_problem(): a failed check keeps the typed code
def my_signup():
    """Everything stored about a sign-up, shown in the answer to the POST of its code: the
    code never travels in a link or a cookie."""
    if request.method == "GET":
        return _code_form("", None, 200)
    raw = request.form.get("code", "")[:40]
    signup, error, status = _signup_by_code(raw)
    if signup is None:
        return _code_form(raw, error, status)
    event = db.session().scalar(queries.event_with_texts(signup.event_id))
    view = event_view(event, current_lang())
    ahead = (db.session().scalar(queries.waiting_ahead(signup))
             if signup.status == "waiting" else 0)
    return render_template(
        "events/my_signup_record.html", view=view, signup=signup,
        code=services.normalise_signup_code(raw), waiting_place=ahead + 1,
        language=display.language_name(signup.locale),
        signed_up_at=display.moment_text(signup.created_at)), 200, NO_STORE


@bp.post("/meine-anmeldung/absagen")
@csrf.exempt
def cancel_my_signup():
    """Cancel with the code: the place is freed, what the resident gave is deleted."""
    raw = request.form.get("code", "")[:40]
    signup, error, status = _signup_by_code(raw)
    if signup is None:
        return _code_form(raw, error, status)
    event = db.session().scalar(queries.event_with_texts(signup.event_id))
    view = event_view(event, current_lang())
    services.cancel_signup(db.session(), signup.id, erase=True)
    return render_template("events/cancelled.html", view=view), 200, NO_STORE
