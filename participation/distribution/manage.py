"""Organisers spread a questionnaire: its public links per Quartier, A4 posters with a QR code,
and the QR code as a file."""

import io

import segno
from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _

from participation.accounts.access import login_required
from participation.answering.journey import quartier_choices
from participation.distribution.routes import SHORT_LINK, bp
from participation.i18n import DEFAULT_LOCALE, current_lang
from participation.surveys.access import organiser_view as visible_questionnaire
from participation.surveys.models import STATUS_OPEN

QR_SCALE_DOWNLOAD = 10
# A QR code changes only with its link, so a browser may keep it for a day; "private"
# because the download sits behind the login (no shared cache should hold it).
QR_CACHE_CONTROL = "private, max-age=86400"


def public_url(endpoint: str, **values) -> str:
    return f"{current_app.config['BASE_URL']}{url_for(endpoint, **values)}"


def short_url(questionnaire_id: int, quartier_id: int | None, lang: str) -> str:
    """The shortest public link; in another language than German it names the language."""
    if lang == DEFAULT_LOCALE:
        return public_url(SHORT_LINK, questionnaire_id=questionnaire_id, quartier_id=quartier_id)
    return public_url("distribution.short_link_in_language", lang_code=lang,
                      questionnaire_id=questionnaire_id, quartier_id=quartier_id)


def qr_code(link: str):
    return segno.make(link, error="m")


def _quartier_of(view, raw: str | None) -> dict | None:
    """The Quartier named in ?quartier= (404 if it is not one of this municipality's)."""
    if not raw:
        return None
    found = next((choice for choice in quartier_choices(view.municipality_id, view.id)
                  if choice["value"] == raw), None)
    if found is None:
        abort(404)
    return found


@bp.get("/verwaltung/verteilen/<id:questionnaire_id>")
@login_required
def links(questionnaire_id: int):
    view = visible_questionnaire(questionnaire_id)
    entries = [{"quartier": None,
                "short": short_url(view.id, None, DEFAULT_LOCALE),
                "full": public_url("answering.questionnaire_start", lang_code=DEFAULT_LOCALE,
                                   questionnaire_id=view.id)}]
    entries += [{"quartier": quartier,
                 "short": short_url(view.id, int(quartier["value"]), DEFAULT_LOCALE),
                 "full": public_url("distribution.quartier_start", lang_code=DEFAULT_LOCALE,
                                    questionnaire_id=view.id,
                                    quartier_id=int(quartier["value"]))}
                for quartier in quartier_choices(view.municipality_id, view.id)]
    return render_template("distribution/links.html", view=view, entries=entries,
                           is_open=view.status == STATUS_OPEN)


def _poster_link(view, quartier: dict | None) -> str:
    return short_url(view.id, int(quartier["value"]) if quartier else None, current_lang())


@bp.get("/verwaltung/verteilen/<id:questionnaire_id>/plakat")
@login_required
def poster(questionnaire_id: int):
    view = visible_questionnaire(questionnaire_id)
    quartier = _quartier_of(view, request.args.get("quartier"))
    link = _poster_link(view, quartier)
    qr_svg = qr_code(link).svg_inline(scale=10, omitsize=True, dark="#000000",
                                      light="#ffffff", title=_("QR-Code mit dem Link zur "
                                                               "Befragung"))
    return render_template(
        "distribution/poster.html", view=view, quartier=quartier, link=link,
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
    response.headers["Cache-Control"] = QR_CACHE_CONTROL
    return response


@bp.get("/verwaltung/verteilen/<id:questionnaire_id>/plakat.svg")
@login_required
def poster_svg(questionnaire_id: int):
    return _download(questionnaire_id, "svg", "image/svg+xml")


@bp.get("/verwaltung/verteilen/<id:questionnaire_id>/plakat.png")
@login_required
def poster_png(questionnaire_id: int):
    return _download(questionnaire_id, "png", "image/png")
