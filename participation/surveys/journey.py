"""Where a resident is in a questionnaire: the open questionnaire, their draft, checks.

Shared by the answering pages (routes.py), resume codes (resume.py) and assisted answering
(manage.py).
"""

from flask import abort, current_app, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from participation import csrf, db
from participation.i18n import current_lang
from participation.places import queries as place_queries
from participation.surveys import queries, services
from participation.surveys.content import QuestionnaireView, questionnaire_view
from participation.surveys.models import CHANNEL_ONLINE, STATUS_OPEN, Draft

ANSWER_FIELD = "answer"


def open_questionnaire(questionnaire_id: int):
    questionnaire = db.session().scalar(queries.questionnaire_with_content(questionnaire_id))
    if questionnaire is None or questionnaire.status != STATUS_OPEN:
        abort(404)
    return questionnaire_view(questionnaire, current_lang())


def token_of(questionnaire_id: int) -> str | None:
    return session.get("drafts", {}).get(str(questionnaire_id))


def current_draft(questionnaire_id: int):
    return services.load_draft(db.session(), token_of(questionnaire_id))


def draft_or_new(questionnaire_id: int, channel: str = CHANNEL_ONLINE):
    draft = current_draft(questionnaire_id)
    if draft is None:
        token = services.new_token()
        draft = services.start_draft(db.session(), token, questionnaire_id, current_lang(),
                                     channel)
        remember_token(questionnaire_id, token)
    return draft


def remember_token(questionnaire_id: int, token: str) -> None:
    session["drafts"] = {**session.get("drafts", {}), str(questionnaire_id): token}


def csrf_problem() -> str | None:
    """Check the CSRF token ourselves, so a stale page keeps the resident's input.

    The answering views are exempt from the global check: a failed check re-shows the
    page with what was typed instead of an error page that loses it.
    """
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return None
    try:
        csrf.protect()
    except CSRFError:
        return _("Ihre Eingabe wurde aus Sicherheitsgründen noch nicht gespeichert. "
                 "Bitte prüfen Sie sie und senden Sie die Seite noch einmal.")
    return None


def quartier_choices(municipality_id: int):
    quartiere = db.session().scalars(place_queries.quartiere_of(municipality_id))
    return [{"value": str(q.id), "label": q.name, "lang": None} for q in quartiere]


def next_step_url(view: QuestionnaireView, draft: Draft | None) -> str:
    """The first page still to answer, or the check page when everything required is there."""
    if draft is None or draft.quartier_id is None:
        return url_for("surveys.quartier", questionnaire_id=view.id)
    missing = services.missing_required(view, draft)
    if missing:
        return url_for("surveys.question", questionnaire_id=view.id, position=missing[0])
    return url_for("surveys.check", questionnaire_id=view.id)


def after_answer_url(view: QuestionnaireView, position: int) -> str:
    if request.args.get("von") == "pruefen" or position >= len(view.questions):
        return url_for("surveys.check", questionnaire_id=view.id)
    return url_for("surveys.question", questionnaire_id=view.id, position=position + 1)
