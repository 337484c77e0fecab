"""Organiser handlers: reading a questionnaire's free-text answers, and the log of who did.

Free text (text and short-text questions, "other (please specify)") can identify people.
An organiser reads it for the municipalities they may see (another municipality's
questionnaire is a 404), one question at a time, and every view is logged
(services.record_free_text_view): the texts come only in answer to a POST, since GET
requests never write. The district admin reads the log.
"""

from flask import abort, render_template, request

from participation import db
from participation.accounts.access import current_organiser, login_required
from participation.places import queries as place_queries
from participation.places.models import Municipality, Quartier
from participation.results import queries, services
from participation.results.manage import bp, may_see_raw_data
from participation.surveys.access import organiser_view
from participation.surveys.content import QuestionnaireView, QuestionView
from participation.surveys.questions import FREE_TEXT_KINDS, extra_keys


def free_text_questions(view: QuestionnaireView) -> list[QuestionView]:
    """The questions whose answers can hold free text, in questionnaire order."""
    return [q for q in view.questions
            if q.kind in FREE_TEXT_KINDS or "other" in extra_keys(q.settings or {})]


def _quartiere(view: QuestionnaireView) -> list[Quartier]:
    return list(db.session().scalars(place_queries.quartiere_of(view.municipality_id)))


def _page(view: QuestionnaireView, quartiere: list[Quartier], **context):
    session = db.session()
    questions = free_text_questions(view)
    options = [{"value": str(q.id), "label": q.text, "lang": q.text.lang} for q in questions]
    response = render_template(
        "results/free_text.html", view=view, questions=questions, options=options,
        quartiere=quartiere, text_kinds=FREE_TEXT_KINDS,
        municipality=session.get(Municipality, view.municipality_id).name, **context)
    return response, 200, {"Cache-Control": "no-store"}


@bp.get("/verwaltung/ergebnisse/<id:questionnaire_id>/freitext")
@login_required
def free_text(questionnaire_id: int):
    """The choice of question and Quartier: no text yet, so nothing to log."""
    view = organiser_view(questionnaire_id)
    return _page(view, _quartiere(view))


@bp.post("/verwaltung/ergebnisse/<id:questionnaire_id>/freitext")
@login_required
def read_free_text(questionnaire_id: int):
    view = organiser_view(questionnaire_id)
    question = next((q for q in free_text_questions(view)
                     if str(q.id) == request.form.get("question", "")), None)
    if question is None:
        abort(404)
    quartiere = _quartiere(view)
    wanted = request.form.get("quartier", "")
    quartier = next((q for q in quartiere if str(q.id) == wanted), None)
    if wanted and quartier is None:
        abort(404)
    quartier_id = quartier.id if quartier else None
    session = db.session()
    services.record_free_text_view(session, current_organiser().id, view.id, question.id,
                                   quartier_id)
    texts = session.execute(
        queries.question_text_answers(view.id, question.id, quartier_id)).all()
    return _page(view, quartiere, question=question, quartier=quartier, texts=texts)


@bp.get("/verwaltung/ergebnisse/<id:questionnaire_id>/freitext-protokoll")
@login_required
def free_text_log(questionnaire_id: int):
    """Who read which free text when: for the district admin."""
    view = organiser_view(questionnaire_id)
    if not may_see_raw_data(current_organiser()):
        abort(403)
    questions = {q.id: q for q in view.questions}
    rows = db.session().execute(queries.free_text_views(view.id)).all()
    return render_template("results/free_text_log.html", view=view, rows=rows,
                           questions=questions)
