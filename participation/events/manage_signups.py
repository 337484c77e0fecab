"""Organiser handlers of who comes: the attendee list (needs only on request, logged), staff
cancelling a sign-up, signing a resident up by phone or in person, CSV/XLSX exports, the
check-in list for the day, and staff signing up for a training with their account.

Needs are health data (Art. 9 GDPR): they appear only in the response to a POST ("Bedürfnisse
anzeigen", an export with needs ticked), only for organisers of the event's municipality
(manage_page.may_see_needs), and every such view is recorded (services.record_needs_view).
"""

from flask import Response, abort, current_app, redirect, request, url_for
from flask_babel import gettext as _

from participation import codes, db
from participation.accounts.access import current_organiser, login_required
from participation.events import editing, exports, queries, roster, services
from participation.events.manage_page import (
    CHANNEL_LABELS,
    NEED_LABELS,
    may_see_needs,
    organiser_event,
    page,
    title_of,
)
from participation.events.models import (
    CHANNEL_IN_PERSON,
    CHANNEL_PHONE,
    EVENT_PUBLISHED,
    FORMAT_TRAINING,
    NEEDS,
    SIGNUP_CANCELLED,
    SIGNUP_CONFIRMED,
    SIGNUP_WAITING,
)
from participation.events.places import counted_places
from participation.events.routes import bp
from participation.events.signup_forms import parse_signup
from participation.i18n import PAGE_LANGUAGES, current_lang, native_name

BASE = "/verwaltung/veranstaltungen/<id:event_id>"
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STAFF_CHANNELS = (CHANNEL_PHONE, CHANNEL_IN_PERSON)


def _needs_shown(event, purpose: str) -> None:
    """Check that this organiser may see the needs, and record that they did."""
    organiser = current_organiser()
    if not may_see_needs(organiser, event):
        abort(403)
    services.record_needs_view(db.session(), event.id, organiser.id, purpose)


def _attendees_page(event, show_needs: bool):
    found = roster.roster_of(db.session(), event.id)
    summary = roster.needs_summary(found.confirmed) if show_needs else []
    # the log of who saw the needs, for those who may see them (it names no resident)
    log = (db.session().execute(queries.needs_views(event.id)).all()
           if may_see_needs(current_organiser(), event) else [])
    return page("manage_attendees.html", event, roster=found, show_needs=show_needs,
                summary=summary, needs_log=log, section="attendees")


@bp.route(f"{BASE}/teilnehmende", methods=["GET", "POST"])
@login_required
def manage_attendees(event_id: int):
    """GET: the list without needs. POST: with needs, and the view is recorded."""
    event = organiser_event(event_id)
    if request.method == "POST":
        _needs_shown(event, "list")
        return _attendees_page(event, show_needs=True)
    return _attendees_page(event, show_needs=False)


@bp.post(f"{BASE}/teilnehmende/<id:signup_id>/stornieren")
@login_required
def manage_cancel_signup(event_id: int, signup_id: int):
    """Staff cancel a sign-up (the person called); whoever moves up without an e-mail
    address appears on the list of people to call."""
    event = organiser_event(event_id)
    signup = roster.signup_of_event(db.session(), event.id, signup_id)
    if signup is None:
        abort(404)
    services.cancel_signup(db.session(), signup.id)
    return redirect(url_for("events.manage_attendees", event_id=event.id, hinweis="storniert"))


# --- signing a resident up --------------------------------------------------------------------


def _signup_form(event, errors=None, values=None, token=None):
    values = values or {"people": "1", "needs": [], "locale": current_lang()}
    return page("manage_signup.html", event, errors, values=values,
                token=token or codes.new_token(),
                channel_choices=[{"value": c, "label": CHANNEL_LABELS[c]}
                                 for c in STAFF_CHANNELS],
                need_choices=[{"value": n, "label": NEED_LABELS[n]} for n in NEEDS],
                locale_choices=[{"value": lang, "label": native_name(lang), "lang": lang}
                                for lang in PAGE_LANGUAGES],
                places=counted_places(event), section="signup")


@bp.route(f"{BASE}/anmelden", methods=["GET", "POST"])
@login_required
def manage_sign_up(event_id: int):
    """A resident who called or came in: the held-back places are used first. The
    cancellation code is shown once, here, to be passed on."""
    event = organiser_event(event_id)
    if request.method == "GET":
        return _signup_form(event)
    channel = request.form.get("channel", "")
    token = request.form.get("token", "")[:64] or codes.new_token()
    person, errors, values = parse_signup(request.form, current_lang(),
                                          contact_required=channel != CHANNEL_IN_PERSON)
    values["channel"] = channel
    if channel not in STAFF_CHANNELS:
        errors["channel-1"] = _("Bitte wählen Sie aus, wie die Anmeldung kam.")
    if errors:
        return _signup_form(event, errors, values, token)
    result = services.sign_up(db.session(), event.id, person, channel=channel,
                              submission_key=f"staff-{token}",
                              secret=current_app.config["SECRET_KEY"],
                              entered_by_id=current_organiser().id)
    code = result.code
    if code is None and result.ticket:  # a double submit: the first answer showed it
        shown = services.shown_code(db.session(), result.ticket)
        code = shown[1] if shown else None
    code = services.spaced_signup_code(code) if code else None
    return page("manage_signed_up.html", event, outcome=result.outcome, signup=result.signup,
                code=code, section="signup")


# --- exports ----------------------------------------------------------------------------------


@bp.post(f"{BASE}/teilnehmende/export")
@login_required
def manage_export(event_id: int):
    event = organiser_event(event_id)
    with_needs = request.form.get("needs") == "yes"
    if with_needs:
        _needs_shown(event, "export")
    labels = {**CHANNEL_LABELS, **_status_labels()}
    columns = exports.header(with_needs, NEED_LABELS)
    body = exports.rows(roster.roster_of(db.session(), event.id), with_needs, labels)
    name = f"teilnehmende-{event.id}"
    if request.form.get("format") == "xlsx":
        content = exports.to_xlsx(columns, body, str(title_of(event)))
        return _download(content, XLSX_TYPE, f"{name}.xlsx")
    return _download(exports.to_csv(columns, body), CSV_TYPE, f"{name}.csv")


def _status_labels() -> dict:
    return {SIGNUP_CONFIRMED: _("Angemeldet"), SIGNUP_WAITING: _("Warteliste"),
            SIGNUP_CANCELLED: _("Storniert")}


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


# --- check-in ---------------------------------------------------------------------------------


@bp.route(f"{BASE}/einlass", methods=["GET", "POST"])
@login_required
def manage_check_in(event_id: int):
    """A large-target list for a tablet at the door: one button per confirmed sign-up."""
    event = organiser_event(event_id)
    if request.method == "POST":
        signup_id = request.form.get("signup", "")
        signup = (roster.signup_of_event(db.session(), event.id, int(signup_id))
                  if signup_id.isascii() and signup_id.isdigit() and len(signup_id) < 10
                  else None)
        if signup is None or signup.status != SIGNUP_CONFIRMED:
            abort(404)
        services.check_in(db.session(), signup, request.form.get("arrived") == "yes")
        return redirect(url_for("events.manage_check_in", event_id=event.id)
                        + f"#anmeldung-{signup.id}")
    return page("manage_check_in.html", event, roster=roster.roster_of(db.session(), event.id),
                section="check_in")


# --- staff training ---------------------------------------------------------------------------


def _training(event_id: int):
    """A published training of the organiser's district, whoever runs it."""
    event = db.session().scalar(queries.event_with_texts(event_id))
    organiser = current_organiser()
    if (event is None or event.format != FORMAT_TRAINING
            or event.district_id != organiser.district_id or event.status != EVENT_PUBLISHED):
        abort(404)
    return event, organiser


@bp.post("/verwaltung/schulungen/<id:event_id>/anmelden")
@login_required
def manage_training_sign_up(event_id: int):
    event, organiser = _training(event_id)
    result = editing.sign_up_for_training(db.session(), event, organiser,
                                          current_app.config["SECRET_KEY"])
    notices = {services.OUTCOME_CONFIRMED: "angemeldet", services.OUTCOME_WAITING: "angemeldet",
               services.OUTCOME_REPEATED: "schon-angemeldet"}
    return redirect(url_for("events.manage_list",
                            hinweis=notices.get(result.outcome, "nicht-moeglich"))
                    + "#schulungen")


@bp.post("/verwaltung/schulungen/<id:event_id>/abmelden")
@login_required
def manage_training_cancel(event_id: int):
    event, organiser = _training(event_id)
    signup = editing.training_signup(db.session(), event.id, organiser.id)
    if signup is not None:
        services.cancel_signup(db.session(), signup.id)
    return redirect(url_for("events.manage_list", hinweis="abgemeldet") + "#schulungen")
