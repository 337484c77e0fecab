"""The public pages around the questionnaires: start, language, municipality, statements."""

from flask import Blueprint, abort, render_template, request

from participation import db, statements
from participation.i18n import PAGE_LANGUAGES, current_lang, same_page_in
from participation.page_cache import render_cached
from participation.surveys import queries
from participation.surveys.content import pick

bp = Blueprint("places", __name__, template_folder="templates")


@bp.get("/")
def start():
    municipalities = statements.read_rows(queries.MUNICIPALITIES_WITH_OPEN_QUESTIONNAIRES, {})
    return render_cached((request.path, tuple(municipalities)), "places/start.html",
                         municipalities=municipalities, targets=_language_targets(request.path))


def _language_targets(page: str | None) -> dict[str, str]:
    return {lang: same_page_in(page, lang) for lang in PAGE_LANGUAGES}


@bp.get("/sprache")
def language_choice():
    """Every language, each named in itself, leading back to the page the resident was on."""
    back_to = request.args.get("seite")
    return render_template("places/language.html", targets=_language_targets(back_to),
                           back=same_page_in(back_to, current_lang()))


@bp.get("/gemeinde/<slug>")
def municipality(slug: str):
    if "\x00" in slug:  # no slug has one, and PostgreSQL refuses a NUL byte in any text
        abort(404)
    offer = statements.read_rows(queries.MUNICIPALITY_OFFER, {"slug": slug})
    if not offer:
        abort(404)
    versions = tuple((row.questionnaire_id, row.version) for row in offer
                     if row.questionnaire_id is not None)
    return render_cached((request.path, offer[0].name, versions), "places/municipality.html",
                         name=offer[0].name, slug=slug,
                         more=lambda: {"questionnaires": _titles(offer[0].id)})


def _titles(municipality_id: int) -> list:
    """(id, title) of the open questionnaires; only read when the page is rendered anew."""
    return [(q.id, pick({t.lang: t.title for t in q.texts}, current_lang()))
            for q in db.session().scalars(queries.open_questionnaires(municipality_id))]


@bp.get("/barrierefreiheit")
def accessibility():
    return render_cached((request.path,), "places/accessibility.html")


@bp.get("/datenschutz")
def privacy():
    return render_cached((request.path,), "places/privacy.html")
