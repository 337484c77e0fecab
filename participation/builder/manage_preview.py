"""The organiser's preview: the questionnaire as residents see it, one page at a time, the
check page and the thank-you page, in any content language, inside the organiser's own
page (navigation and words in the organiser's language).

The resident's parts are the answering package's templates, rendered in the previewed
language (`in_locale`); links into them are built before, so they keep the organiser's
language in their path. Preview answers live in the session, never in the database; only
sending them writes, and what it writes is the note that a test answer was made.
"""

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from participation import db
from participation.accounts.access import login_required
from participation.answering.services import with_answers
from participation.builder import publishing
from participation.builder.manage import bp
from participation.builder.page import page
from participation.i18n import DEFAULT_LOCALE, current_lang, in_locale, native_name, text_direction
from participation.surveys.access import organiser_questionnaire as visible_questionnaire
from participation.surveys.conditions import visible_questions
from participation.surveys.content import questionnaire_view
from participation.surveys.coverage import CONTENT_LANGUAGES, coverage
from participation.surveys.models import Questionnaire
from participation.surveys.pages import group_rule, page_items, page_of, parse_page, shown_pages
from participation.surveys.questions import describe, other_key

ANSWERS_KEY = "preview"  # session: {"for": "<id>:<lang>", "answers": {...}}
TEXT_LIMIT = 300  # typed preview answers are cut: the session travels in a cookie


class PreviewLinks:
    """The preview's URLs, made in the organiser's language (templates get this object)."""

    def __init__(self, questionnaire_id: int, lang: str):
        self.questionnaire_id, self.lang = questionnaire_id, lang
        self.page_lang = current_lang()  # made before the resident's part switches language

    def _url(self, endpoint: str, **args) -> str:
        return url_for(endpoint, questionnaire_id=self.questionnaire_id, lang=self.lang,
                       lang_code=self.page_lang, **args)

    def start(self) -> str:
        return self._url("builder.preview")

    def question(self, position: int, **args) -> str:
        return self._url("builder.preview_question", position=position, **args)

    def change_url(self, position: int) -> str:
        return self.question(position, von="pruefen")

    def check(self) -> str:
        return self._url("builder.preview_check")

    def done(self) -> str:
        return self._url("builder.preview_done")


def _questionnaire(questionnaire_id: int, lang: str) -> Questionnaire:
    if lang not in CONTENT_LANGUAGES:
        abort(404)
    return visible_questionnaire(questionnaire_id)


def _answers(questionnaire_id: int, lang: str) -> dict:
    stored = session.get(ANSWERS_KEY) or {}
    if stored.get("for") != f"{questionnaire_id}:{lang}":
        return {}
    return dict(stored.get("answers") or {})


def _keep(questionnaire_id: int, lang: str, answers: dict) -> None:
    session[ANSWERS_KEY] = {"for": f"{questionnaire_id}:{lang}", "answers": answers}


def _shorter(value):
    return value[:TEXT_LIMIT] if isinstance(value, str) else value


def _frame(questionnaire: Questionnaire, lang: str, body: str, status: int = 200):
    """The organiser's page around the resident's part."""
    languages = [DEFAULT_LOCALE, *(code for code in questionnaire.languages or ()
                                   if code != DEFAULT_LOCALE and code in CONTENT_LANGUAGES)]
    if lang not in languages:
        languages.append(lang)
    found = coverage(questionnaire, lang)
    html, _status = page(
        "preview_frame.html", questionnaire, lang=lang, body=Markup(body),  # noqa: S704 - rendered by our templates, autoescaped
        direction=text_direction(lang), language=native_name(lang),
        complete=found.complete, language_links=[
            {"lang": code, "name": native_name(code), "url": PreviewLinks(
                questionnaire.id, code).start()} for code in languages])
    return html, status


@bp.get("/verwaltung/fragebogen/<id:questionnaire_id>/vorschau/<lang>")
@login_required
def preview(questionnaire_id: int, lang: str):
    """The start page: title, introduction, "Jetzt beginnen"; a new test answer begins."""
    questionnaire = _questionnaire(questionnaire_id, lang)
    links = PreviewLinks(questionnaire.id, lang)
    with in_locale(lang):
        view = questionnaire_view(questionnaire, lang)
        pages = shown_pages(view, {})
        first = links.question(pages[0].position) if pages else links.check()
        body = _render("builder/preview_start.html", links, view=view, first=first)
    return _frame(questionnaire, lang, body)


@bp.route("/verwaltung/fragebogen/<id:questionnaire_id>/vorschau/<lang>/frage/<id:position>",
          methods=["GET", "POST"])
@login_required
def preview_question(questionnaire_id: int, position: int, lang: str):
    questionnaire = _questionnaire(questionnaire_id, lang)
    links = PreviewLinks(questionnaire.id, lang)
    answers = _answers(questionnaire.id, lang)
    from_check = request.args.get("von") == "pruefen"
    with in_locale(lang):
        view = questionnaire_view(questionnaire, lang)
        if view.question_at(position) is None:
            abort(404)
        pages = shown_pages(view, answers)
        page_here = page_of(pages, position)
        if page_here is None or page_here.position != position:
            target = page_here.position if page_here else None
            return redirect(links.question(target) if target else links.check())
        items = page_items(page_here, answers)
        errors = {}
        if request.method == "POST":
            given = parse_page(page_here, items, request.form, answers)
            errors = given.errors
            if not errors:
                answers = with_answers(answers, [
                    (key, _shorter(parsed.value), _shorter(parsed.other))
                    for key, parsed in given.valid().items()])
                _keep(questionnaire.id, lang, answers)
                return redirect(_next_url(links, shown_pages(view, answers), page_here,
                                          from_check))
        earlier = [p for p in pages if p.position < page_here.position]
        body = _render(
            "answering/_question_body.html", links, view=view, page=page_here, items=items,
            errors=errors, back=links.question(earlier[-1].position) if earlier
            else links.start(), number=pages.index(page_here) + 1, total=len(pages),
            group_rule=group_rule(page_here.header, view.questions))
    return _frame(questionnaire, lang, body, 400 if errors else 200)


def _next_url(links: PreviewLinks, pages, current, from_check: bool) -> str:
    following = [p for p in pages if p.position > current.position]
    if from_check or not following:
        return links.check()
    return links.question(following[0].position)


@bp.route("/verwaltung/fragebogen/<id:questionnaire_id>/vorschau/<lang>/pruefen",
          methods=["GET", "POST"])
@login_required
def preview_check(questionnaire_id: int, lang: str):
    questionnaire = _questionnaire(questionnaire_id, lang)
    links = PreviewLinks(questionnaire.id, lang)
    answers = _answers(questionnaire.id, lang)
    with in_locale(lang):
        view = questionnaire_view(questionnaire, lang)
        shown = visible_questions(view, answers)
        errors = {f"row-{q.position}": _("Bitte beantworten Sie Frage %(n)s.", n=q.number)
                  for q in shown if q.required and answers.get(q.key) is None}
        if request.method == "POST" and not errors:
            publishing.note_test_answer(db.session(), questionnaire)
            session.pop(ANSWERS_KEY, None)
            return redirect(links.done())
        if request.method == "GET":
            errors = {}
        pages = shown_pages(view, answers)
        body = _render(
            "answering/_check_body.html", links, view=view, errors=errors, quartier_name=None,
            rows=[(q, describe(q, answers.get(q.key), answers.get(other_key(q.key))))
                  for q in shown],
            back=links.question(pages[-1].position) if pages else links.start())
    return _frame(questionnaire, lang, body, 400 if errors else 200)


@bp.get("/verwaltung/fragebogen/<id:questionnaire_id>/vorschau/<lang>/danke")
@login_required
def preview_done(questionnaire_id: int, lang: str):
    questionnaire = _questionnaire(questionnaire_id, lang)
    links = PreviewLinks(questionnaire.id, lang)
    with in_locale(lang):
        view = questionnaire_view(questionnaire, lang)
        body = _render("answering/_done_body.html", links, view=view)
    return _frame(questionnaire, lang, body)


def _render(template: str, links: PreviewLinks, **context) -> str:
    return render_template(template, preview=links, **context)
