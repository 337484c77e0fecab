"""Shared tablets: continue later with a code, and hand the tablet to a new person.

A code works once and is guessed only at a bounded rate (limits.py): a few wrong codes per
client address, and a bounded number on the whole site (README, Security and privacy).
The QR code's link carries a longer secret after "#", which browsers never send to a
server: resume.js posts it.
"""

import segno
from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from participation import codes, db
from participation.answering import services
from participation.answering.journey import (
    current_draft,
    forget_pause,
    next_step_url,
    open_questionnaire,
    pause_with_code,
    paused_ticket,
    remember_token,
)
from participation.answering.routes import bp
from participation.events import services as event_services
from participation.i18n import DEFAULT_LOCALE, current_lang
from participation.limits import EVERYONE, rate_limits
from participation.security import csrf, csrf_problem

NO_STORE = {"Cache-Control": "no-store"}


@bp.post("/umfrage/<id:questionnaire_id>/spaeter")
def save_for_later(questionnaire_id: int):
    view = open_questionnaire(questionnaire_id)
    draft = current_draft(view.id)
    if draft is None:
        return redirect(url_for("answering.questionnaire_start", questionnaire_id=view.id))
    return redirect(pause_with_code(view.id, draft))


@bp.get("/umfrage/<id:questionnaire_id>/spaeter")
def later(questionnaire_id: int):
    view = open_questionnaire(questionnaire_id)
    shown = services.shown_pause(db.session(), paused_ticket(view.id), view.id)
    if shown is None:
        return redirect(url_for("answering.questionnaire_start", questionnaire_id=view.id))
    link = (f"{current_app.config['BASE_URL']}"
            f"{url_for('answering.resume', lang_code=current_lang())}#{shown.link_secret}")
    qr_svg = segno.make(link, error="m").svg_inline(
        scale=4, dark="#000000", light="#ffffff", title=_("QR-Code zum Weitermachen"))
    return render_template(
        "answering/later.html", view=view, spaced=codes.grouped(shown.code), link=link,
        qr_svg=qr_svg, hours=current_app.config["DRAFT_RETENTION_HOURS"],
    ), 200, NO_STORE


@bp.post("/umfrage/<id:questionnaire_id>/spaeter/weiter")
def continue_now(questionnaire_id: int):
    """"Jetzt doch weitermachen" on the code page: the draft comes back, its code is used."""
    view = open_questionnaire(questionnaire_id)
    found = services.resume(db.session(), ticket=paused_ticket(view.id),
                            secret=current_app.config["SECRET_KEY"])
    forget_pause(view.id)
    if found is None or found[0].questionnaire_id != view.id:
        return redirect(url_for("answering.questionnaire_start", questionnaire_id=view.id))
    draft, handle = found
    remember_token(view.id, handle)
    return redirect(next_step_url(view, draft))


@bp.route("/weitermachen", methods=["GET", "POST"])
@csrf.exempt
def resume():
    raw = request.form.get("code", "") if request.method == "POST" else ""
    error, status = None, 200
    if request.method == "POST":
        error = csrf_problem()
        link_secret = request.form.get("link", "").strip()[:64]
        code = None if link_secret else codes.normalise_code(raw)
        address = request.remote_addr or ""
        # a typed code counts against the whole site too; a link's secret is too long to guess
        checks = [("resume-address", address)]
        if not link_secret:
            checks.append(("resume-total", EVERYONE))
        if error is None and not link_secret and code is None:
            error = _("Bitte geben Sie den Code mit 10 Zeichen ein, zum Beispiel ACD2F 4GH7K.")
        elif error is None and not rate_limits().allowed(*checks):
            error, status = _("Bitte warten Sie einige Minuten und versuchen Sie es dann noch "
                              "einmal."), 429
        elif error is None:
            found = services.resume(db.session(), code=code, link_secret=link_secret,
                                    secret=current_app.config["SECRET_KEY"])
            if found is not None:
                draft, handle = found
                remember_token(draft.questionnaire_id, handle)
                view = open_questionnaire(draft.questionnaire_id)
                return redirect(next_step_url(view, draft))
            rate_limits().hit(*checks)
            error = _("Zu diesem Code haben wir keine Antworten gefunden. Bitte prüfen Sie den "
                      "Code. Jeder Code gilt nur einmal; angefangene Antworten werden nach "
                      "einiger Zeit gelöscht.")
        if error and status == 200:
            status = 400
    return render_template("answering/resume.html", value=raw, error=error,
                           errors={"code": error} if error else {}), status, NO_STORE


@bp.post("/neue-person")
def new_person():
    """Shared tablet: end every link between this browser and any draft, back to German.

    Paused drafts can still be continued with their codes, from anywhere."""
    services.forget_device(db.session(), session.get("drafts", {}).values(),
                           session.get("paused", {}).values())
    # the event confirmation pages of this browser end too (their codes keep working)
    event_services.forget_tickets(db.session(), session.get("event_tickets", []))
    session.clear()
    return redirect(url_for("places.start", lang_code=DEFAULT_LOCALE))
