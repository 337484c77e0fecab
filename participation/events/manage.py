"""Organiser handlers of events: list, create, edit, publish, copy, repeat, cancel and the
people to call afterwards.

Texts per language and the preview are in manage_texts.py; attendees, sign-ups on a
resident's behalf, exports, check-in and staff training in manage_signups.py. They all join
the resident blueprint (routes.py), so every endpoint is "events.manage_…". Every handler
loads the event through manage_page.organiser_event (404 unless the organiser manages it);
writes go through editing.py or services.py (POST, then redirect).
"""

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _

from participation import db
from participation.accounts.access import (
    current_organiser,
    login_required,
    visible_municipality_ids,
)
from participation.clock import as_utc
from participation.events import editing, forms, queries, roster, services
from participation.events.manage_page import (
    FORMAT_LABELS,
    german_text,
    organiser_event,
    page,
    title_of,
    when_text,
)
from participation.events.models import EVENT_CANCELLED, EVENT_DRAFT
from participation.events.places import counted_places
from participation.events.routes import bp
from participation.places import queries as place_queries
from participation.places.models import District, Municipality

DISTRICT_HOST = "landkreis"
BASE = "/verwaltung/veranstaltungen"


def _rows(events, to_call, names) -> list[dict]:
    return [{"event": event, "title": title_of(event), "when": when_text(event.starts_at,
                                                                            event.ends_at),
             "places": counted_places(event),
             "to_call": to_call.get(event.id, 0), "municipality": names.get(
                 event.municipality_id)} for event in events]


@bp.get(BASE)
@login_required
def manage_list():
    organiser = current_organiser()
    session, now = db.session(), services.now_utc()
    events = session.scalars(queries.events_for_organiser(
        visible_municipality_ids(organiser), organiser.district_id)).all()
    trainings = session.scalars(queries.upcoming_training(now, organiser.district_id)).all()
    ids = [e.id for e in events] + [t.id for t in trainings]
    to_call = roster.to_call_by_event(session, ids)
    names = {m.id: m.name for m in session.scalars(place_queries.municipalities())}
    upcoming = [e for e in reversed(events) if as_utc(e.ends_at) > now]
    past = [e for e in events if as_utc(e.ends_at) <= now]
    mine = {signup.event_id: signup for signup in session.scalars(
        queries.signups_of_organiser([t.id for t in trainings], organiser.id))}
    return page("manage_list.html", upcoming=_rows(upcoming, to_call, names),
                past=_rows(past, to_call, names),
                trainings=_rows(trainings, {}, names), my_training=mine,
                show_municipality=organiser.is_district_admin)


# --- create and edit --------------------------------------------------------------------------


def _host(organiser) -> tuple[bool, int | None]:
    """(chosen, municipality id) of a new event: an organiser's own municipality; a district
    admin picks one, or the district itself for staff training."""
    if not organiser.is_district_admin:
        return True, organiser.municipality_id
    chosen = request.args.get("fuer", "")
    if chosen == DISTRICT_HOST:
        return True, None
    if chosen.isascii() and chosen.isdigit() and len(chosen) < 10:
        municipality = db.session().get(Municipality, int(chosen))
        if municipality is not None and municipality.district_id == organiser.district_id:
            return True, municipality.id
    return False, None


def _quartier_choices(municipality_id: int | None) -> list[dict]:
    if municipality_id is None:
        return []
    return [{"value": str(q.id), "label": q.name}
            for q in db.session().scalars(place_queries.quartiere_of(municipality_id))]


def _format_choices(formats) -> list[dict]:
    return [{"value": f, "label": FORMAT_LABELS[f]} for f in formats]


@bp.route(f"{BASE}/neu", methods=["GET", "POST"])
@login_required
def manage_create():
    organiser = current_organiser()
    chosen, municipality_id = _host(organiser)
    if not chosen:
        choices = [{"value": str(m.id), "label": m.name}
                   for m in db.session().scalars(place_queries.municipalities())
                   if m.district_id == organiser.district_id]
        choices.append({"value": DISTRICT_HOST,
                        "label": _("%(district)s: Schulung für Mitarbeitende", district=db.session()
                                   .get(District, organiser.district_id).name)})
        errors = ({"fuer-1": _("Bitte wählen Sie aus, wer die Veranstaltung anbietet.")}
                  if "fuer" in request.args else None)
        return page("manage_choose.html", choices=choices, errors=errors)
    formats = forms.formats_for(municipality_id is None)
    quartier_choices = _quartier_choices(municipality_id)
    values, errors = forms.event_values(None), {}
    if request.method == "POST":
        data, errors, values = forms.parse_event(request.form, formats, quartier_choices,
                                                 services.now_utc())
        if data is not None:
            event = editing.create_event(db.session(), organiser.district_id, municipality_id,
                                         organiser.id, data)
            return redirect(url_for("events.manage_edit", event_id=event.id,
                                    hinweis="angelegt"))
    municipality = db.session().get(Municipality, municipality_id) if municipality_id else None
    return page("manage_create.html", errors=errors, values=values, creating=True,
                format_choices=_format_choices(formats), quartier_choices=quartier_choices,
                municipality=municipality)


@bp.route(f"{BASE}/<id:event_id>", methods=["GET", "POST"])
@login_required
def manage_edit(event_id: int):
    event = organiser_event(event_id)
    formats = forms.formats_for(event.municipality_id is None)
    quartier_choices = _quartier_choices(event.municipality_id)
    quartier_ids = db.session().scalars(queries.quartier_ids_of(event.id)).all()
    values, errors = forms.event_values(event, german_text(event), quartier_ids), {}
    if request.method == "POST" and event.status != EVENT_CANCELLED:
        data, errors, values = forms.parse_event(request.form, formats, quartier_choices,
                                                 services.now_utc(),
                                                 as_utc(event.starts_at))
        taken = editing.too_few_places(db.session(), event, data) if data else None
        if taken is not None:
            data, errors["capacity"] = None, _(
                "Es sind schon %(n)d Plätze vergeben. Bitte geben Sie mindestens %(n)d Plätze "
                "an, oder sagen Sie vorher Anmeldungen ab.", n=taken)
        if data is not None:
            editing.update_event(db.session(), event, data)
            return redirect(url_for("events.manage_edit", event_id=event.id,
                                    hinweis="gespeichert"))
    municipality = (db.session().get(Municipality, event.municipality_id)
                    if event.municipality_id else None)
    return page("manage_form.html", event, errors, values=values, creating=False,
                format_choices=_format_choices(formats), quartier_choices=quartier_choices,
                municipality=municipality, section="edit")


# --- publish, copy, repeat --------------------------------------------------------------------


@bp.post(f"{BASE}/<id:event_id>/veroeffentlichen")
@login_required
def manage_publish(event_id: int):
    event = organiser_event(event_id)
    editing.publish(db.session(), event)
    return redirect(url_for("events.manage_edit", event_id=event.id, hinweis="veroeffentlicht"))


@bp.post(f"{BASE}/<id:event_id>/kopieren")
@login_required
def manage_copy(event_id: int):
    event = organiser_event(event_id)
    copy = editing.copy_event(db.session(), event, current_organiser().id)
    return redirect(url_for("events.manage_edit", event_id=copy.id, hinweis="kopiert"))


@bp.route(f"{BASE}/<id:event_id>/wiederholen", methods=["GET", "POST"])
@login_required
def manage_repeat(event_id: int):
    event = organiser_event(event_id)
    values = {"rule": "", "count": "", "status": EVENT_DRAFT}
    errors = {}
    if request.method == "POST":
        data, errors, values = forms.parse_repeat(request.form)
        if data is not None:
            editing.repeat_event(db.session(), event, current_organiser().id, data.rule,
                                 data.count, data.publish)
            return redirect(url_for("events.manage_list", hinweis="wiederholt"))
    examples = {rule: [when_text(moment) for moment in
                       editing.repeat_starts(event.starts_at, rule, 3)]
                for rule in forms.REPEAT_RULES}
    return page("manage_repeat.html", event, errors, values=values, examples=examples,
                max_repeats=forms.MAX_REPEATS, section="edit")


# --- cancel, and the people to call -----------------------------------------------------------


@bp.route(f"{BASE}/<id:event_id>/absagen", methods=["GET", "POST"])
@login_required
def manage_cancel(event_id: int):
    event = organiser_event(event_id)
    if request.method == "POST":
        services.cancel_event(db.session(), event)
        return redirect(url_for("events.manage_to_call", event_id=event.id))
    found = roster.roster_of(db.session(), event.id)
    return page("manage_cancel.html", event, roster=found, section="edit")


@bp.get(f"{BASE}/<id:event_id>/anrufen")
@login_required
def manage_to_call(event_id: int):
    event = organiser_event(event_id)
    return page("manage_to_call.html", event,
                people=services.people_to_call(db.session(), event.id), section="attendees")


@bp.post(f"{BASE}/<id:event_id>/anrufen/<id:signup_id>")
@login_required
def manage_called(event_id: int, signup_id: int):
    event = organiser_event(event_id)
    signup = roster.signup_of_event(db.session(), event.id, signup_id)
    if signup is None:
        abort(404)
    services.mark_called(db.session(), signup)
    return redirect(url_for("events.manage_to_call", event_id=event.id))
