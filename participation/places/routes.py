"""The public pages around the questionnaires: start, language, municipality, statements."""

from flask import Blueprint, abort, render_template, request

from participation import db
from participation.i18n import PAGE_LANGUAGES, current_lang, same_page_in
from participation.places import queries as place_queries
from participation.surveys import queries
from participation.surveys.content import pick

bp = Blueprint("places", __name__, template_folder="templates")


@bp.get("/")
def start():
    municipalities = db.session().scalars(queries.municipalities_with_open_questionnaires())
    targets = {lang: same_page_in(request.path, lang) for lang in PAGE_LANGUAGES}
    return render_template("places/start.html", municipalities=list(municipalities),
                           targets=targets)


@bp.get("/sprache")
def language_choice():
    """Every language, each named in itself, leading back to the page the resident was on."""
    back_to = request.args.get("seite")
    targets = {lang: same_page_in(back_to, lang) for lang in PAGE_LANGUAGES}
    return render_template("places/language.html", targets=targets,
                           back=same_page_in(back_to, current_lang()))


@bp.get("/gemeinde/<slug>")
def municipality(slug: str):
    found = db.session().scalar(place_queries.municipality_by_slug(slug))
    if found is None:
        abort(404)
    questionnaires = [
        (q.id, pick({t.lang: t.title for t in q.texts}, current_lang()))
        for q in db.session().scalars(queries.open_questionnaires(found.id))
    ]
    return render_template("places/municipality.html", municipality=found,
                           questionnaires=questionnaires)


@bp.get("/barrierefreiheit")
def accessibility():
    return render_template("places/accessibility.html")


@bp.get("/datenschutz")
def privacy():
    return render_template("places/privacy.html")
