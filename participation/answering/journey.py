"""Where a resident is in a questionnaire: the open questionnaire, their draft, checks.

Shared by the answering pages (routes.py), resume codes (resume.py), assisted answering
(manage.py) and the Quartier start pages of distribution.
"""

from typing import NamedTuple

from flask import abort, current_app, request, session, url_for

from participation import codes, db, statements
from participation.answering import queries, services
from participation.clock import local_today
from participation.i18n import current_lang
from participation.surveys import queries as survey_queries
from participation.surveys.content import QuestionnaireView, ViewCache, questionnaire_view
from participation.surveys.models import CHANNEL_ONLINE, STATUS_OPEN, Draft
from participation.surveys.pages import Page, shown_pages


class DraftState(NamedTuple):
    """A draft as read, not to be changed: what showing it and submitting it need."""

    id: int
    token_hash: str
    quartier_id: int | None
    answers: dict
    channel: str
    locale: str
    entered_by_id: int | None  # the staff member answering with the resident


def open_questionnaire(questionnaire_id: int) -> QuestionnaireView:
    """The open questionnaire in the page language (404 otherwise), from the view cache."""
    state = statements.read_row(queries.QUESTIONNAIRE_AND_DRAFT_STATE, {
        "questionnaire_id": questionnaire_id, "token_hash": None})
    return _view_if_open(questionnaire_id, state)


def open_with_draft_state(questionnaire_id: int) -> tuple[QuestionnaireView, DraftState | None]:
    """The open questionnaire and the resident's draft as a read-only row, in one query.

    For pages that show a draft and for the final submit, which only reads it."""
    token = token_of(questionnaire_id)
    row = statements.read_row(queries.QUESTIONNAIRE_AND_DRAFT_STATE, {
        "questionnaire_id": questionnaire_id,
        "token_hash": codes.hash_token(token) if token else None,
    })
    view = _view_if_open(questionnaire_id, row)
    if row.draft_id is None:
        return view, None
    return view, DraftState(row.draft_id, row.token_hash, row.quartier_id, row.answers,
                            row.channel, row.locale, row.entered_by_id)


def _view_if_open(questionnaire_id: int, state) -> QuestionnaireView:
    if state is None or state.status != STATUS_OPEN:
        abort(404)
    today = local_today()
    if (state.opens_on and today < state.opens_on) or (state.closes_on and today > state.closes_on):
        abort(410)  # outside its dates: a clear "not open now" page
    key = (questionnaire_id, state.version, current_lang())
    view = view_cache(current_app).get(key)
    if view is None:
        questionnaire = db.session().scalar(
            survey_queries.questionnaire_with_content(questionnaire_id))
        view = questionnaire_view(questionnaire, current_lang(), complete_languages_only=True)
        view_cache(current_app).put(key, view)
    return view


def view_cache(app) -> ViewCache:
    return app.extensions.setdefault("questionnaire_views", ViewCache())


def token_of(questionnaire_id: int) -> str | None:
    return session.get("drafts", {}).get(str(questionnaire_id))


def current_draft(questionnaire_id: int):
    return services.load_draft(db.session(), token_of(questionnaire_id))


def draft_or_new(questionnaire_id: int, channel: str = CHANNEL_ONLINE):
    draft = current_draft(questionnaire_id)
    if draft is None:
        # someone starts afresh here: the code page of a draft paused here ends now
        ticket = paused_ticket(questionnaire_id)
        if ticket:
            services.forget_device(db.session(), (), (ticket,))
            forget_pause(questionnaire_id)
        token = codes.new_token()
        draft = services.start_draft(db.session(), token, questionnaire_id, current_lang(),
                                     channel)
        remember_token(questionnaire_id, token)
    return draft


def remember_token(questionnaire_id: int, token: str) -> None:
    session["drafts"] = {**session.get("drafts", {}), str(questionnaire_id): token}


def quartier_choices(municipality_id: int, questionnaire_id: int) -> list[dict]:
    """The Quartiere a resident can choose: those the questionnaire covers (all if none)."""
    rows = statements.read_rows(survey_queries.QUARTIER_CHOICES, {
        "municipality_id": municipality_id, "questionnaire_id": questionnaire_id})
    return [{"value": str(row.id), "label": row.name, "lang": None} for row in rows]


def next_step_url(view: QuestionnaireView, draft: Draft | None) -> str:
    """Where a resident continues: the Quartier, the page after the last one answered,
    a page with a required question still open, or the check page."""
    if draft is None or draft.quartier_id is None:
        return url_for("answering.quartier", questionnaire_id=view.id)
    answers = draft.answers or {}
    pages = shown_pages(view, answers)
    answered = [index for index, page in enumerate(pages)
                if any(answers.get(q.key) is not None for q in page.questions)]
    # continue after the last answered page, then fill gaps, then check
    after_last = pages[max(answered) + 1:] if answered else pages
    missing = services.missing_required(view, draft)
    position = after_last[0].position if after_last else (missing[0] if missing else None)
    if position is None:
        return url_for("answering.check", questionnaire_id=view.id)
    return page_url(view, position)


def page_url(view: QuestionnaireView, position: int, **args) -> str:
    return url_for("answering.question", questionnaire_id=view.id, position=position, **args)


def after_answer_url(view: QuestionnaireView, page: Page, answers: dict) -> str:
    """The next page shown to this resident, or the check page."""
    pages = shown_pages(view, answers)
    following = [p for p in pages if p.position > page.position]
    open_ones = [p for p in following if _unanswered(p.questions, answers)]
    if request.args.get("von") == "pruefen":
        if not open_ones:
            return url_for("answering.check", questionnaire_id=view.id)
        # a changed answer revealed new questions: ask them, then return to the check page
        return page_url(view, open_ones[0].position, von="pruefen")
    if not following:
        return url_for("answering.check", questionnaire_id=view.id)
    return page_url(view, following[0].position)


def previous_url(view: QuestionnaireView, position: int, answers: dict) -> str:
    earlier = [page for page in shown_pages(view, answers) if page.position < position]
    if earlier:
        return page_url(view, earlier[-1].position)
    return url_for("answering.quartier", questionnaire_id=view.id)


def _unanswered(questions, answers: dict) -> list:
    return [q for q in questions if q.required and answers.get(q.key) is None]


def pause_with_code(questionnaire_id: int, draft: Draft) -> str:
    """Pause the draft with a new code and detach it from this browser; return the URL of
    the code page.

    The session keeps only a random ticket: the code page finds the draft by the ticket's
    hash and unseals the code with the ticket itself (services.pause)."""
    paused = services.pause(db.session(), draft, current_app.config["SECRET_KEY"])
    drafts = dict(session.get("drafts", {}))
    drafts.pop(str(questionnaire_id), None)
    session["drafts"] = drafts
    session["paused"] = {**session.get("paused", {}), str(questionnaire_id): paused.ticket}
    return url_for("answering.later", questionnaire_id=questionnaire_id)


def paused_ticket(questionnaire_id: int) -> str | None:
    return session.get("paused", {}).get(str(questionnaire_id))


def forget_pause(questionnaire_id: int) -> None:
    paused = dict(session.get("paused", {}))
    paused.pop(str(questionnaire_id), None)
    session["paused"] = paused
