"""Signing up for an event in three steps: the form, a check of the answers, the
confirmation with the cancellation code.

Nothing is kept in cookies between the steps: every value travels in the form itself, with
a random form token that becomes the sign-up's submission key, so a double tap on
"Verbindlich anmelden" signs up once. The session holds only tickets (services.shown_code),
which let this browser show the code again for a while; never the code.
"""

import functools
import re

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from participation import codes, db, statements
from participation.events import display, queries, services, signup_forms
from participation.events.content import EventView, event_view
from participation.events.models import CHANNEL_ONLINE, MAX_PARTY, NEEDS, Event
from participation.events.places import counted_places
from participation.events.routes import NO_STORE, availability_of, bp, is_public, public_event
from participation.i18n import PAGE_LANGUAGES, current_lang, native_name
from participation.limits import rate_limits
from participation.page_cache import page_cache
from participation.security import csrf, csrf_problem

TICKETS_KEPT = 4  # code pages a shared tablet can show again (until "Neue Person beginnen")
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,64}")
# A radio or tick-box group is reached through its first box (the macro's ids)
GROUP_FIELDS = ("people", "needs", "consent", "locale")


def _opened(event_id: int) -> tuple[Event, EventView, display.Availability]:
    event = public_event(event_id)
    view = event_view(event, current_lang())
    return event, view, display.availability(view, counted_places(event),
                                             services.now_utc())


def _blank_values() -> dict:
    return {"name": "", "phone": "", "email": "", "people": "1", "needs": [],
            "consent": False, "locale": current_lang()}


def _options() -> dict:
    """The choices of the form, in the page's language, each language named in itself."""
    lang = current_lang()
    return {
        "people_options": [
            {"value": str(n), "label": _("1 Person (nur ich)") if n == 1
             else ngettext("%(num)d Person", "%(num)d Personen", n)}
            for n in range(1, MAX_PARTY + 1)],
        "need_options": [{"value": key, "label": display.need_label(key)} for key in NEEDS],
        "language_options": [
            {"value": code, "label": native_name(code),
             "lang": None if code == lang else code} for code in PAGE_LANGUAGES],
    }


def _summary(errors: dict[str, str]) -> dict[str, str]:
    """The error summary's links: a group of boxes by its first box."""
    return {(f"{key}-1" if key in GROUP_FIELDS else key): message
            for key, message in errors.items()}


def _form_page(view, available, values, errors, token, status=200):
    return render_template(
        "events/signup.html", view=view, available=available, values=values, errors=errors,
        summary=_summary(errors), token=token, **_options()), status, NO_STORE


def _review_page(view, available, values, token, errors=None, status=200):
    errors = errors or {}
    return render_template(
        "events/review.html", view=view, available=available, values=values, token=token,
        errors=errors, summary=errors,
        language=display.language_name(values["locale"])), status, NO_STORE


def _notice(view, title: str, message: str, status: int = 200):
    return render_template("events/notice.html", view=view, title=title,
                           message=message), status, NO_STORE


def _closed_notice(view, available):
    if available.state == display.CANCELLED:
        return _notice(view, _("Diese Veranstaltung wurde abgesagt."),
                       _("Eine Anmeldung ist nicht mehr möglich."))
    if available.state == display.FULL:
        return _notice(view, _("Leider ausgebucht"),
                       _("Alle Plätze sind vergeben, und es gibt keine Warteliste. Vielleicht "
                         "passt Ihnen eine andere Veranstaltung."))
    return _notice(view, _("Die Anmeldung ist geschlossen."),
                   _("Für diese Veranstaltung kann man sich nicht mehr anmelden. Fragen Sie "
                     "gerne telefonisch nach."))


@bp.get("/veranstaltung/<id:event_id>/anmelden")
def signup(event_id: int):
    """The empty form is the same for everyone in a language: rendered once per state of
    the event, then only the CSRF token and a fresh form token are filled in."""
    row = statements.read_row(queries.EVENT_STATE, {"event_id": event_id})
    if row is None or not is_public(row):
        abort(404)
    available = availability_of(row)
    if not available.can_sign_up:
        return _closed_notice(event_view(public_event(event_id), current_lang()), available)
    cache = page_cache()
    page = cache.page((request.path, "form", tuple(row), available), lambda: render_template(
        "events/signup.html", view=event_view(public_event(event_id), current_lang()),
        available=available, values=_blank_values(), errors={}, summary={},
        token=cache.text_marker, csrf_token=lambda: cache.csrf_marker, **_options()))
    return cache.fill(page, text=codes.new_token()), 200, NO_STORE


@bp.post("/veranstaltung/<id:event_id>/anmelden")
@csrf.exempt  # checked by csrf_problem() at the last step: a failed check keeps every value
def signup_step(event_id: int):
    # The event, its view and places are read only for a page that shows them: the last
    # step signs up on direct statements (services.sign_up) and only redirects.
    opened = functools.cache(lambda: _opened(event_id))
    form = request.form
    step = form.get("step")
    token = form.get("token", "")
    if not TOKEN_RE.fullmatch(token):
        token = codes.new_token()
    if signup_forms.is_bot(form):
        # Bots get what looks like success, and nothing is stored. People never see the
        # field (hidden by CSS), so no person lands here; if one did, the page says to call.
        return render_template("events/received.html", view=opened()[1]), 200, NO_STORE
    # The last step always asks the service: a double tap whose first tap took the last
    # place must still find its sign-up.
    if step != "confirm" and not opened()[2].can_sign_up:
        return _closed_notice(*opened()[1:])
    person, errors, values = signup_forms.parse_signup(form, current_lang())
    if step == "change":
        return _form_page(*opened()[1:], values, {}, token)
    if errors:
        return _form_page(*opened()[1:], values, errors, token, 400)
    if step != "confirm":
        return _review_page(*opened()[1:], values, token)
    problem = csrf_problem()
    if problem:
        return _review_page(*opened()[1:], values, token, {"confirm": problem}, 400)
    checks = (("signup-address", request.remote_addr or ""),)
    if not rate_limits().allowed(*checks):
        return _review_page(*opened()[1:], values, token, {"confirm": _(
            "Von diesem Gerät kamen gerade sehr viele Anmeldungen. Bitte warten Sie einige "
            "Minuten und tippen Sie dann noch einmal auf „Verbindlich anmelden“. Ihre "
            "Angaben bleiben erhalten.")}, 429)
    rate_limits().hit(*checks)
    result = services.sign_up(None, event_id, person, channel=CHANNEL_ONLINE,
                              submission_key=token, secret=current_app.config["SECRET_KEY"])
    if result.ticket is not None:  # new, or a repeated tap whose first answer got lost
        tickets = [t for t in session.get("event_tickets", [])
                   if isinstance(t, str) and t != result.ticket]
        session["event_tickets"] = [*tickets, result.ticket][-TICKETS_KEPT:]
    if result.outcome not in (services.OUTCOME_FULL, services.OUTCOME_CLOSED):
        # confirmed, waiting, or a repeated tap: the code page of this browser
        return redirect(url_for("events.signed_up", event_id=event_id))
    db.rollback()  # only the lock was taken; the notice reads the event anew
    _event, view, available = opened()  # a draft or training event: 404 here
    if result.outcome == services.OUTCOME_FULL:
        if available.free == 0:
            return _closed_notice(view, display.Availability(display.FULL, 0))
        return _form_page(view, available, values, {"people": ngettext(
            "Leider ist nur noch %(num)d Platz frei. Bitte ändern Sie die Zahl der Personen.",
            "Leider sind nur noch %(num)d Plätze frei. Bitte ändern Sie die Zahl der Personen.",
            available.free)}, token, 409)
    # cancelled or closed since the form was shown
    return _closed_notice(view, available if not available.can_sign_up
                          else display.Availability(display.CLOSED, 0))


@bp.get("/veranstaltung/<id:event_id>/angemeldet")
def signed_up(event_id: int):
    """The confirmation with the code, for the browser that signed up and for a while only.
    Reads only: the code is unsealed with the ticket in this browser's session."""
    event = public_event(event_id)
    view = event_view(event, current_lang())
    shown = None
    for ticket in reversed(session.get("event_tickets", [])):
        found = services.shown_code(db.session(), ticket if isinstance(ticket, str) else None)
        if found is not None and found[0].event_id == event.id:
            shown = found
            break
    if shown is None:
        return render_template("events/confirmation_gone.html", view=view), 200, NO_STORE
    signup, code = shown
    ahead = (db.session().scalar(queries.waiting_ahead(signup))
             if signup.status == "waiting" else 0)
    return render_template(
        "events/confirmation.html", view=view, signup=signup,
        code=services.spaced_signup_code(code), waiting_place=ahead + 1,
        language=display.language_name(signup.locale)), 200, NO_STORE
