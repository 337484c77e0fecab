"""Spreading a questionnaire: public links per Quartier, A4 posters with a QR code (organisers),
and the short links residents type or scan.

Short links: `/q/<id>` and `/q/<id>/<quartier_id>` lead to the German start page (where every
language can be chosen); `/<lang>/q/…` to the start page in that language. A Quartier link
shows the start page with that Quartier; its "Jetzt beginnen" button (a POST: GET requests
never write) presets the Quartier in the resident's draft and goes on to the first question.
"""

import io

import segno
from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from participation import csrf, db
from participation.accounts.access import login_required
from participation.i18n import DEFAULT_LOCALE, current_lang
from participation.surveys import bp, services
from participation.surveys.journey import (
    csrf_problem,
    current_draft,
    draft_or_new,
    next_step_url,
    open_questionnaire,
    quartier_choices,
)
from participation.surveys.manage import organiser_view as visible_questionnaire
from participation.surveys.models import STATUS_OPEN

SHORT_LINK = "surveys_short_link"  # app-level endpoint: the short links have no language
QR_SCALE_DOWNLOAD = 10


def short_link(questionnaire_id: int, quartier_id: int | None = None):
    """The language-free short link: to the German start page, or its Quartier version."""
    return _to_start(DEFAULT_LOCALE, questionnaire_id, quartier_id)


@bp.record_once
def _register_short_links(state) -> None:
    # The blueprint's routes all sit below /<lang_code>; the shortest links do not.
    state.app.add_url_rule("/q/<int:questionnaire_id>", SHORT_LINK, short_link,
                           defaults={"quartier_id": None})
    state.app.add_url_rule("/q/<int:questionnaire_id>/<int:quartier_id>", SHORT_LINK,
                           short_link)


@bp.get("/q/<int:questionnaire_id>", defaults={"quartier_id": None})
@bp.get("/q/<int:questionnaire_id>/<int:quartier_id>")
def short_link_in_language(questionnaire_id: int, quartier_id: int | None):
    return _to_start(current_lang(), questionnaire_id, quartier_id)


def _to_start(lang: str, questionnaire_id: int, quartier_id: int | None):
    if quartier_id is None:
        return redirect(url_for("surveys.questionnaire_start", lang_code=lang,
                                questionnaire_id=questionnaire_id))
    return redirect(url_for("surveys.quartier_start", lang_code=lang,
                            questionnaire_id=questionnaire_id, quartier_id=quartier_id))


def public_url(endpoint: str, **values) -> str:
    return f"{current_app.config['BASE_URL']}{url_for(endpoint, **values)}"


def short_url(questionnaire_id: int, quartier_id: int | None, lang: str) -> str:
    """The shortest public link; in another language than German it names the language."""
    if lang == DEFAULT_LOCALE:
        return public_url(SHORT_LINK, questionnaire_id=questionnaire_id, quartier_id=quartier_id)
    return public_url("surveys.short_link_in_language", lang_code=lang,
                      questionnaire_id=questionnaire_id, quartier_id=quartier_id)


def qr_code(link: str):
    return segno.make(link, error="m")


# --- residents ---


@bp.route("/umfrage/<int:questionnaire_id>/quartier/<int:quartier_id>",
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
        "surveys/distribution/start.html", view=view, quartier=quartier,
        draft=current_draft(questionnaire_id), error=error,
        errors={"start": error} if error else {},
    ), 400 if error else 200


# --- organisers ---


def _quartier_of(view, raw: str | None) -> dict | None:
    """The Quartier named in ?quartier= (404 if it is not one of this municipality's)."""
    if not raw:
        return None
    found = next((choice for choice in quartier_choices(view.municipality_id, view.id)
                  if choice["value"] == raw), None)
    if found is None:
        abort(404)
    return found


@bp.get("/verwaltung/verteilen/<int:questionnaire_id>")
@login_required
def distribution(questionnaire_id: int):
    view = visible_questionnaire(questionnaire_id)
    entries = [{"quartier": None,
                "short": short_url(view.id, None, DEFAULT_LOCALE),
                "full": public_url("surveys.questionnaire_start", lang_code=DEFAULT_LOCALE,
                                   questionnaire_id=view.id)}]
    entries += [{"quartier": quartier,
                 "short": short_url(view.id, int(quartier["value"]), DEFAULT_LOCALE),
                 "full": public_url("surveys.quartier_start", lang_code=DEFAULT_LOCALE,
                                    questionnaire_id=view.id,
                                    quartier_id=int(quartier["value"]))}
                for quartier in quartier_choices(view.municipality_id, view.id)]
    return render_template("surveys/distribution/links.html", view=view, entries=entries,
                           is_open=view.status == STATUS_OPEN)


def _poster_link(view, quartier: dict | None) -> str:
    return short_url(view.id, int(quartier["value"]) if quartier else None, current_lang())


@bp.get("/verwaltung/verteilen/<int:questionnaire_id>/plakat")
@login_required
def poster(questionnaire_id: int):
    view = visible_questionnaire(questionnaire_id)
    quartier = _quartier_of(view, request.args.get("quartier"))
    link = _poster_link(view, quartier)
    qr_svg = qr_code(link).svg_inline(scale=10, omitsize=True, dark="#000000",
                                      light="#ffffff", title=_("QR-Code mit dem Link zur "
                                                               "Befragung"))
    return render_template(
        "surveys/distribution/poster.html", view=view, quartier=quartier, link=link,
        link_text=link.split("://", 1)[-1], qr_svg=qr_svg,
        minutes=(len(view.questions) // 2) or 1, is_open=view.status == STATUS_OPEN,
    )


def _download(questionnaire_id: int, kind: str, mimetype: str) -> Response:
    view = visible_questionnaire(questionnaire_id)
    quartier = _quartier_of(view, request.args.get("quartier"))
    buffer = io.BytesIO()
    options = {"title": _("QR-Code mit dem Link zur Befragung")} if kind == "svg" else {}
    qr_code(_poster_link(view, quartier)).save(buffer, kind=kind, scale=QR_SCALE_DOWNLOAD,
                                               **options)
    name = f"qr-fragebogen-{view.id}" + (f"-quartier-{quartier['value']}" if quartier else "")
    response = Response(buffer.getvalue(), mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=f"{name}.{kind}")
    return response


@bp.get("/verwaltung/verteilen/<int:questionnaire_id>/plakat.svg")
@login_required
def poster_svg(questionnaire_id: int):
    return _download(questionnaire_id, "svg", "image/svg+xml")


@bp.get("/verwaltung/verteilen/<int:questionnaire_id>/plakat.png")
@login_required
def poster_png(questionnaire_id: int):
    return _download(questionnaire_id, "png", "image/png")
