"""Organiser handlers of the builder: the questions of a questionnaire.

Reordering is done with "nach oben / nach unten" buttons (one small POST form each), so it
works by keyboard and without JavaScript. A new question first asks for its kind (a GET
form), then shows the editor for that kind.
"""

from flask import abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation import db
from participation.accounts.access import login_required
from participation.builder import question_forms, question_services, services
from participation.builder.manage import bp
from participation.builder.page import (
    answer_options,
    condition_text,
    german,
    organiser_id,
    page,
    question_of,
)
from participation.i18n import DEFAULT_LOCALE
from participation.surveys.access import organiser_questionnaire as visible_questionnaire
from participation.surveys.content import BUILT_IN_KEYS, questionnaire_view
from participation.surveys.fields import FIELDS_OF_ACTION
from participation.surveys.models import Question, Questionnaire
from participation.surveys.questions import (
    DONT_KNOW_KEY,
    KINDS,
    OTHER_KEY,
    PREFER_NOT_KEY,
    STRUCTURE_KINDS,
)
from participation.surveys.structure import EXTRAS

STEPS = {"hoch": -1, "runter": 1}


def kind_choices() -> list[dict]:
    return [{"value": name, "label": str(kind.label)} for name, kind in KINDS.items()]


EXTRA_LABELS = {
    OTHER_KEY: _l("„Sonstiges (bitte angeben)“ mit einem Textfeld anbieten"),
    DONT_KNOW_KEY: _l("„Weiß nicht“ anbieten"),
    PREFER_NOT_KEY: _l("„Möchte ich nicht sagen“ anbieten"),
}
ASK_CHOICES = (("year", _l("nach dem Geburtsjahr (zum Beispiel 1948)")),
               ("age", _l("nach dem Alter in Jahren (zum Beispiel 78)")))


def kind_label(kind: str):
    return KINDS[kind].label if kind in KINDS else STRUCTURE_KINDS[kind]


def wording_only(question: Question | None) -> bool:
    """Sections, matrices, groups, scores and their rows: the editor changes their words;
    their structure comes from an import."""
    return question is not None and (question.kind in STRUCTURE_KINDS
                                     or bool((question.settings or {}).get("group")))


def extra_choices(kind: str) -> list[dict]:
    """The built-in answers this kind may add, as checkboxes."""
    return [{"value": key, "label": str(EXTRA_LABELS[key])} for key in EXTRAS[kind]]


def field_choices() -> list[dict]:
    return [*({"value": key, "label": str(label)} for key, label in FIELDS_OF_ACTION.items()),
            {"value": "none", "label": _("Keinem Handlungsfeld zuordnen")}]


def condition_sources(questionnaire: Questionnaire, question: Question | None,
                      after: Question | None = None):
    """The earlier questions with fixed answers that a condition can refer to (a new
    question inserted after `after`: up to that one)."""
    view = questionnaire_view(questionnaire, DEFAULT_LOCALE)
    sources = []
    for model, item in zip(questionnaire.questions, view.questions, strict=True):
        if model is question:
            break
        options = answer_options(item) if item.answerable else []
        if options:
            sources.append(question_forms.ConditionSource(item.key, item.number, item.text.text,
                                                         tuple(options)))
        if question is None and model is after:
            break
    return sources


def _rows(questionnaire: Questionnaire) -> list[dict]:
    view = questionnaire_view(questionnaire, DEFAULT_LOCALE)
    return [{
        "id": item.id, "place": item.position, "text": german(item.text.text),
        "name": _("Frage %(n)s", n=item.number) if item.number else str(kind_label(item.kind)),
        "kind": kind_label(item.kind), "required": item.required and item.answerable,
        "field": FIELDS_OF_ACTION.get(item.field_of_action),
        "condition": condition_text(view, item), "options": len(item.options),
    } for item in view.questions]


def _list(questionnaire: Questionnaire, errors=None):
    rows = _rows(questionnaire)
    moved = next((row for row in rows if str(row["id"]) == request.args.get("verschoben")), None)
    return page("questions.html", questionnaire, errors, rows=rows, moved=moved)


@bp.get("/verwaltung/fragebogen/<id:questionnaire_id>/fragen")
@login_required
def questions(questionnaire_id: int):
    return _list(visible_questionnaire(questionnaire_id))


@bp.post("/verwaltung/fragebogen/<id:questionnaire_id>/fragen/<id:question_id>/verschieben")
@login_required
def question_move(questionnaire_id: int, question_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    question = question_of(questionnaire, question_id)
    index = questionnaire.questions.index(question)
    place_field = f"stelle-{question.id}"
    step, place = STEPS.get(request.form.get("richtung", "")), request.form.get(place_field, "")
    if step is not None:
        target = index + step
    elif place.strip().isdigit() and 1 <= int(place) <= len(questionnaire.questions):
        target = int(place) - 1
    elif place_field in request.form:
        return _list(questionnaire, {place_field: _(
            "Bitte geben Sie eine Stelle zwischen 1 und %(n)d ein.",
            n=len(questionnaire.questions))})
    else:
        abort(400)
    if not 0 <= target < len(questionnaire.questions):
        target = index
    errors = question_services.move_question(db.session(), questionnaire, organiser_id(),
                                             question, target)
    if errors:
        return _list(questionnaire, errors)
    return redirect(url_for("builder.questions", questionnaire_id=questionnaire.id,
                            verschoben=question.id, _anchor=f"frage-{question.id}"))


@bp.post("/verwaltung/fragebogen/<id:questionnaire_id>/fragen/<id:question_id>/kopieren")
@login_required
def question_duplicate(questionnaire_id: int, question_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    question = question_of(questionnaire, question_id)
    copy, errors = question_services.duplicate_question(db.session(), questionnaire,
                                                        organiser_id(), question)
    if errors:
        return _list(questionnaire, errors)
    return redirect(url_for("builder.question_edit", questionnaire_id=questionnaire.id,
                            question_id=copy.id, hinweis="frage-kopiert"))


def _wording_editor(questionnaire: Questionnaire, question: Question):
    texts = {"text": services.german_text(question.texts, "text"),
             "hint": services.german_text(question.texts, "hint")}
    values, errors = texts, {}
    if request.method == "POST":
        data, errors, values = question_forms.parse_wording(request.form, question)
        if data is not None:
            saved, errors = question_services.save_question(db.session(), questionnaire,
                                                            organiser_id(), question, data)
            if not errors:
                return redirect(url_for("builder.questions", questionnaire_id=questionnaire.id,
                                        hinweis="frage-gespeichert", _anchor=f"frage-{saved.id}"))
    view = questionnaire_view(questionnaire, DEFAULT_LOCALE)
    item = next(q for q in view.questions if q.id == question.id)
    return page("question_wording.html", questionnaire, errors, question=question,
                item=item, kind_label=kind_label(question.kind), values=values,
                condition=condition_text(view, item),
                number=questionnaire.questions.index(question) + 1)


def _after(questionnaire: Questionnaire) -> Question | None:
    """The question a new one is inserted after (`?nach=ID`), if any."""
    wanted = request.args.get("nach", "")
    return next((q for q in questionnaire.questions if str(q.id) == wanted), None)


def _editor(questionnaire: Questionnaire, question: Question | None, kind: str):
    if wording_only(question):
        return _wording_editor(questionnaire, question)
    sources = condition_sources(questionnaire, question, _after(questionnaire))
    options, texts = [], {}
    if question is not None:
        options = [(o.key, services.german_text(o.texts, "label")) for o in question.options
                   if o.key not in BUILT_IN_KEYS]  # own wordings of built-ins are kept as they are
        texts = {"text": services.german_text(question.texts, "text"),
                 "hint": services.german_text(question.texts, "hint")}
    same_family = question is not None and (question.kind == kind or {question.kind, kind} <=
                                            question_forms.OWN_OPTION_KINDS)
    values = question_forms.question_values(question, texts, options if same_family else [], kind)
    locked = services.is_locked(db.session(), questionnaire.id)
    fixed = len(options) if locked and same_family else 0  # shown with their keys read-only
    errors, focus_row = {}, None
    if request.method == "POST":
        known = {label: key for key, label in options}
        data, errors, values = question_forms.parse_question(
            request.form, kind, known, sources, FIELDS_OF_ACTION,
            question_forms.kept_settings(question, kind), fixed)
        step = request.form.get("schritt")
        if step == question_forms.MORE_ROWS:  # more empty rows, nothing saved
            focus_row = len(values["options"]) + 1
            values["options"] = question_forms.more_rows(values["options"])
        if step in ("bedingung", question_forms.MORE_ROWS):  # re-shown, not saved
            data, errors = None, {}
        if data is not None:
            saved, errors = question_services.save_question(
                db.session(), questionnaire, organiser_id(), question, data,
                after=_after(questionnaire))
            if not errors:
                return redirect(url_for("builder.questions",
                                        questionnaire_id=questionnaire.id,
                                        hinweis="frage-gespeichert", _anchor=f"frage-{saved.id}"))
    after = _after(questionnaire)
    number = (questionnaire.questions.index(question) + 1 if question is not None
              else questionnaire.questions.index(after) + 2 if after is not None
              else len(questionnaire.questions) + 1)
    kept = question_forms.kept_settings(question, kind)
    view = questionnaire_view(questionnaire, DEFAULT_LOCALE)
    item = next((q for q in view.questions if question and q.id == question.id), None)
    kept_condition = (condition_text(view, item) if item is not None and "show_if" in kept
                      else None)
    return page("question.html", questionnaire, errors, question=question, kind=kind,
                kind_label=KINDS[kind].label, values=values, sources=sources, number=number,
                kinds=kind_choices(), fields=field_choices(), extras=extra_choices(kind),
                ask_choices=[{"value": v, "label": str(label)} for v, label in ASK_CHOICES],
                kept_condition=kept_condition, after=after, locked=locked, fixed_rows=fixed,
                focus_row=focus_row,
                source_choices=[{"value": question_forms.NO_SOURCE, "label": _("Keine Bedingung")},
                                *({"value": source.key, "label": _(
                                    "Frage %(n)s: %(text)s", n=source.number, text=source.text)}
                                  for source in sources)],
                old_kind_label=KINDS[question.kind].label if question is not None else None)


@bp.route("/verwaltung/fragebogen/<id:questionnaire_id>/fragen/neu", methods=["GET", "POST"])
@login_required
def question_new(questionnaire_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    kind = request.args.get("art")
    if kind not in KINDS:
        errors = {"art-1": _("Bitte wählen Sie die Art der Frage aus.")} if kind is not None \
            else {}
        return page("question_kind.html", questionnaire, errors, kinds=kind_choices(),
                    after=_after(questionnaire))
    return _editor(questionnaire, None, kind)


@bp.route("/verwaltung/fragebogen/<id:questionnaire_id>/fragen/<id:question_id>",
          methods=["GET", "POST"])
@login_required
def question_edit(questionnaire_id: int, question_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    question = question_of(questionnaire, question_id)
    kind = request.args.get("art", question.kind)
    if kind not in KINDS or services.is_locked(db.session(), questionnaire.id):
        kind = question.kind
    return _editor(questionnaire, question, kind)


@bp.route("/verwaltung/fragebogen/<id:questionnaire_id>/fragen/<id:question_id>/loeschen",
          methods=["GET", "POST"])
@login_required
def question_delete(questionnaire_id: int, question_id: int):
    questionnaire = visible_questionnaire(questionnaire_id)
    question = question_of(questionnaire, question_id)
    errors = {}
    if request.method == "POST":
        errors = question_services.delete_question(db.session(), questionnaire, organiser_id(),
                                                   question)
        if not errors:
            return redirect(url_for("builder.questions",
                                    questionnaire_id=questionnaire.id, hinweis="frage-geloescht"))
    return page("question_delete.html", questionnaire, errors, question=question,
                number=questionnaire.questions.index(question) + 1,
                text=german(services.german_text(question.texts, "text")),
                problem=question_services.question_delete_problem(db.session(), questionnaire,
                                                                  question))
