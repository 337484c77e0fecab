"""The answering journey: Quartier, one question per page, check answers, confirmation.

Answers are saved in a server-side draft after every page; the browser only holds the
draft's token in its session.
"""

from dataclasses import replace

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from participation import codes, db, statements
from participation.accounts.access import current_organiser, may_see_municipality
from participation.answering import queries, services
from participation.answering.journey import (
    after_answer_url,
    current_draft,
    draft_or_new,
    next_step_url,
    open_questionnaire,
    open_with_draft_state,
    page_url,
    pause_with_code,
    previous_url,
    quartier_choices,
    token_of,
)
from participation.i18n import current_lang
from participation.limits import rate_limits
from participation.page_cache import page_cache, render_cached, value_key
from participation.security import csrf, csrf_problem
from participation.surveys.conditions import visible_questions
from participation.surveys.pages import (
    group_rule,
    page_items,
    page_of,
    parse_page,
    shown_pages,
)
from participation.surveys.questions import FIELD, describe, other_key

bp = Blueprint("answering", __name__, template_folder="templates")
TYPED_WIDGETS = ("text", "number", "textarea")  # one typed value: the page cache fills it in


@bp.get("/umfrage/<id:questionnaire_id>")
def questionnaire_start(questionnaire_id: int):
    view, draft = open_with_draft_state(questionnaire_id)
    organiser = current_organiser()
    can_assist = organiser is not None and may_see_municipality(organiser, view.municipality_id)
    return render_cached((request.path, view.version, draft is not None, can_assist),
                         "answering/questionnaire_start.html", view=view, draft=draft,
                         can_assist=can_assist)


@bp.get("/umfrage/<id:questionnaire_id>/quartier")
def quartier(questionnaire_id: int):
    view, draft = open_with_draft_state(questionnaire_id)
    choices = quartier_choices(view.municipality_id, view.id)
    value = str(draft.quartier_id) if draft and draft.quartier_id else None
    key = (request.path, view.version, tuple((c["value"], c["label"]) for c in choices), value)
    return render_cached(key, "answering/quartier.html", view=view, choices=choices,
                         value=value, error=None, errors={}, back=_start_url(view))


@bp.post("/umfrage/<id:questionnaire_id>/quartier")
@csrf.exempt
def choose_quartier(questionnaire_id: int):
    view = open_questionnaire(questionnaire_id)
    choices = quartier_choices(view.municipality_id, view.id)
    value = request.form.get(FIELD, "").strip()
    error = csrf_problem()
    if error is None and value in {choice["value"] for choice in choices}:
        services.save_quartier(db.session(), draft_or_new(questionnaire_id), int(value))
        if request.args.get("von") == "pruefen" or not view.questions:
            return redirect(url_for("answering.check", questionnaire_id=questionnaire_id))
        return redirect(url_for("answering.question", questionnaire_id=questionnaire_id,
                                position=1))
    error = error or _("Bitte wählen Sie das Quartier aus, in dem Sie wohnen.")
    return render_template(
        "answering/quartier.html", view=view, choices=choices, value=value, error=error,
        errors={f"{FIELD}-1": error}, back=_start_url(view))


def _start_url(view) -> str:
    return url_for("answering.questionnaire_start", questionnaire_id=view.id)


@bp.route("/umfrage/<id:questionnaire_id>/frage/<id:position>", methods=["GET", "POST"])
@csrf.exempt
def question(questionnaire_id: int, position: int):
    # showing needs only a row; answering loads the draft object to change it
    if request.method == "POST":
        view, draft = open_questionnaire(questionnaire_id), current_draft(questionnaire_id)
    else:
        view, draft = open_with_draft_state(questionnaire_id)
    if view.question_at(position) is None:
        abort(404)
    answers = dict(draft.answers or {}) if draft else {}
    pages = shown_pages(view, answers)
    page = page_of(pages, position)
    if page is None:  # hidden by an earlier answer, or not a question: never asked
        return redirect(next_step_url(view, draft))
    if page.position != position:
        return redirect(page_url(view, page.position, **request.args))
    items = page_items(page, answers)
    errors = {}
    if request.method == "POST":
        given = parse_page(page, items, request.form, answers)
        csrf_error = csrf_problem()
        later = request.form.get("action") == "later"
        if csrf_error is None and (not given.errors or later):
            draft = draft_or_new(questionnaire_id)
            valid = given.valid() if not given.group_error else {}
            services.save_answers(db.session(), draft, [
                (key, parsed.value, parsed.other) for key, parsed in valid.items()
                if parsed.value is not None or not given.errors], current_lang())
            if later:
                return redirect(pause_with_code(questionnaire_id, draft))
            return redirect(after_answer_url(view, page, draft.answers or {}))
        errors = {"answer-1" if page.single else "page": csrf_error} if csrf_error \
            else given.errors
    context = {
        "view": view, "page": page, "items": items, "errors": errors,
        "back": previous_url(view, page.position, answers),
        "number": pages.index(page) + 1, "total": len(pages),
        "group_rule": group_rule(page.header, view.questions),
    }
    if errors:
        return render_template("answering/question.html", **context)
    return _cached_question_page(context)


def _cached_question_page(context: dict) -> str:
    """The page from the page cache: rendered once, then only token and values filled in.

    Pages of choices are cached per chosen answers; a page with one typed field keeps a
    marker where the typed value goes; other pages are rendered each time."""
    items = context["items"]
    choices_only = all(item.widget in ("radio", "checkbox") for item in items)
    typed = items[0] if len(items) == 1 and items[0].widget in TYPED_WIDGETS else None
    if not choices_only and typed is None:
        return render_template("answering/question.html", **context)
    cache = page_cache()
    key = (request.path, context["view"].version, context["back"], context["number"],
           context["total"], tuple(value_key(item.code if typed else item.value)
                                   for item in items))
    page = cache.get(key)
    if page is None:
        marked = [replace(item, other=cache.other_marker,
                          value=cache.text_marker if typed else item.value) for item in items]
        page = render_template("answering/question.html", **{**context, "items": marked},
                               csrf_token=lambda: cache.csrf_marker)
        cache.put(key, page)
    return cache.fill(page, typed.value if typed else None, items[0].other)


def _check_rows(view, draft):
    answers = (draft.answers or {}) if draft else {}
    return [(q, describe(q, answers.get(q.key), answers.get(other_key(q.key))))
            for q in visible_questions(view, answers)]


def _incomplete(view, draft) -> dict[str, str]:
    """Error-summary entries (link target → message) for what is still missing."""
    errors = {}
    if draft is None or draft.quartier_id is None:
        errors["row-quartier"] = _("Bitte wählen Sie Ihr Quartier aus.")
    if draft is not None:
        for position in services.missing_required(view, draft):
            errors[f"row-{position}"] = _("Bitte beantworten Sie Frage %(n)s.",
                                          n=view.question_at(position).number)
    elif view.questions:
        errors["row-1"] = _("Bitte beantworten Sie die Fragen.")
    return errors


@bp.route("/umfrage/<id:questionnaire_id>/pruefen", methods=["GET", "POST"])
@csrf.exempt
def check(questionnaire_id: int):
    view, draft = open_with_draft_state(questionnaire_id)  # submitting only reads the draft
    status = 200
    if request.method == "POST":
        if draft is None and _already_submitted(questionnaire_id):
            return redirect(url_for("answering.done", questionnaire_id=questionnaire_id))
        csrf_error = csrf_problem()
        errors = {"submit": csrf_error} if csrf_error else _incomplete(view, draft)
        flood = ("submit-address", request.remote_addr or "")
        if not errors and not rate_limits().allowed(flood):
            status, errors = 429, {"submit": _(
                "Von diesem Internetanschluss wurden gerade sehr viele Fragebögen abgeschickt. "
                "Ihre Antworten sind gespeichert. Bitte versuchen Sie es in einigen Minuten "
                "noch einmal.")}
        if not errors:
            services.submit(view, draft, view.municipality_id)
            rate_limits().hit(flood)
            return redirect(url_for("answering.done", questionnaire_id=questionnaire_id))
    else:
        errors = {}
    quartier_name = None
    if draft and draft.quartier_id:
        quartier_name = next((c["label"] for c in quartier_choices(view.municipality_id, view.id)
                              if c["value"] == str(draft.quartier_id)), None)
    return render_template(
        "answering/check.html", view=view, rows=_check_rows(view, draft), errors=errors,
        quartier_name=quartier_name,
        back=previous_url(view, len(view.questions) + 1, (draft.answers or {}) if draft else {}),
    ), status


def _already_submitted(questionnaire_id: int) -> bool:
    token = token_of(questionnaire_id)
    if not token:
        return False
    return statements.read_row(queries.RESPONSE_ID_BY_SUBMISSION_KEY, {
        "submission_key": codes.hash_token(token)}) is not None


@bp.get("/umfrage/<id:questionnaire_id>/danke")
def done(questionnaire_id: int):
    view = open_questionnaire(questionnaire_id)
    # the session keeps the draft's token: its response's submission key shows it was sent
    if not _already_submitted(questionnaire_id):
        return redirect(url_for("answering.questionnaire_start", questionnaire_id=questionnaire_id))
    return render_template("answering/done.html", view=view)
