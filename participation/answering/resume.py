"""Shared tablets: continue later with a short code, and hand the tablet to a new person."""

import segno
from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from participation import db
from participation.answering import services
from participation.answering.journey import (
    current_draft,
    next_step_url,
    open_questionnaire,
    pause_with_code,
    remember_token,
)
from participation.answering.routes import bp
from participation.i18n import DEFAULT_LOCALE, current_lang
from participation.security import csrf, csrf_problem


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
    shown = session.get("resume_code") or {}
    if shown.get("questionnaire") != view.id:
        return redirect(url_for("answering.questionnaire_start", questionnaire_id=view.id))
    code = shown["code"]
    link = (f"{current_app.config['BASE_URL']}"
            f"{url_for('answering.resume', lang_code=current_lang(), code=code)}")
    qr_svg = segno.make(link, error="m").svg_inline(
        scale=5, dark="#000000", light="#ffffff", title=_("QR-Code zum Weitermachen"))
    return render_template(
        "answering/later.html", view=view, code=code, spaced=f"{code[:3]} {code[3:]}",
        link=link, qr_svg=qr_svg, hours=current_app.config["DRAFT_RETENTION_HOURS"],
        continue_url=next_step_url(view, current_draft(view.id)),
    )


@bp.route("/weitermachen", methods=["GET", "POST"])
@csrf.exempt
def resume():
    raw = request.values.get("code", "")
    error = None
    if request.method == "POST":
        error = csrf_problem()
        code = services.normalise_resume_code(raw)
        if error is None and code is None:
            error = _("Bitte geben Sie den Code mit 6 Zeichen ein, zum Beispiel ABC DEF.")
        elif error is None:
            found = services.resume_draft(db.session(), code, current_app.config["SECRET_KEY"])
            if found is None:
                error = _("Zu diesem Code haben wir keine Antworten gefunden. Bitte prüfen "
                          "Sie den Code. Angefangene Antworten werden nach einiger Zeit "
                          "gelöscht.")
            else:
                draft, token = found
                remember_token(draft.questionnaire_id, token)
                view = open_questionnaire(draft.questionnaire_id)
                return redirect(next_step_url(view, draft))
    return render_template("answering/resume.html", value=raw, error=error,
                           errors={"code": error} if error else {})


@bp.post("/neue-person")
def new_person():
    """Shared tablet: forget everything of the previous person, back to the default language.

    The previous person's draft stays in the database and can be continued with its code.
    """
    session.clear()
    return redirect(url_for("places.start", lang_code=DEFAULT_LOCALE))
