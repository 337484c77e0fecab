"""Residents arriving from a link or a poster: short links and the Quartier start page.

Short links: `/q/<id>` and `/q/<id>/<quartier_id>` lead to the German start page (where every
language can be chosen); `/<lang>/q/…` to the start page in that language. A Quartier link
shows the start page with that Quartier; its "Jetzt beginnen" button (a POST: GET requests
never write) presets the Quartier in the resident's draft and goes on to the first question.
"""

from flask import Blueprint, Flask, abort, redirect, render_template, request, url_for

from participation import db
from participation.answering import services
from participation.answering.journey import (
    current_draft,
    draft_or_new,
    next_step_url,
    open_questionnaire,
    quartier_choices,
)
from participation.i18n import DEFAULT_LOCALE, current_lang
from participation.security import csrf, csrf_problem

bp = Blueprint("distribution", __name__, template_folder="templates")

SHORT_LINK = "short_link"  # app-level endpoint: the shortest links have no language


def short_link(questionnaire_id: int, quartier_id: int | None = None):
    """The language-free short link: to the German start page, or its Quartier version."""
    return _to_start(DEFAULT_LOCALE, questionnaire_id, quartier_id)


def add_short_links(app: Flask) -> None:
    # The blueprint's routes all sit below /<lang_code>; the shortest links do not.
    app.add_url_rule("/q/<id:questionnaire_id>", SHORT_LINK, short_link,
                     defaults={"quartier_id": None})
    app.add_url_rule("/q/<id:questionnaire_id>/<id:quartier_id>", SHORT_LINK, short_link)


@bp.get("/q/<id:questionnaire_id>", defaults={"quartier_id": None})
@bp.get("/q/<id:questionnaire_id>/<id:quartier_id>")
def short_link_in_language(questionnaire_id: int, quartier_id: int | None):
    return _to_start(current_lang(), questionnaire_id, quartier_id)


def _to_start(lang: str, questionnaire_id: int, quartier_id: int | None):
    if quartier_id is None:
        return redirect(url_for("answering.questionnaire_start", lang_code=lang,
                                questionnaire_id=questionnaire_id))
    return redirect(url_for("distribution.quartier_start", lang_code=lang,
                            questionnaire_id=questionnaire_id, quartier_id=quartier_id))


@bp.route("/umfrage/<id:questionnaire_id>/quartier/<id:quartier_id>",
          methods=["GET", "POST"])
@csrf.exempt
def quartier_start(questionnaire_id: int, quartier_id: int):
    """The start page of a questionnaire for one Quartier (from a poster or a link)."""
    view = open_questionnaire(questionnaire_id)
    quartier = next((choice for choice in quartier_choices(view.municipality_id, view.id)
                     if choice["value"] == str(quartier_id)), None)
    if quartier is None:
        abort(404)
    error = None
    if request.method == "POST":
        error = csrf_problem()
        if error is None:
            draft = draft_or_new(questionnaire_id)
            services.save_quartier(db.session(), draft, quartier_id)
            return redirect(next_step_url(view, draft))
    return render_template(
        "distribution/start.html", view=view, quartier=quartier,
        draft=current_draft(questionnaire_id), error=error,
        errors={"start": error} if error else {},
    ), 400 if error else 200
