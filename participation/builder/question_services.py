"""Write use cases of the question editor: add, change, move and delete questions.

They follow the rules of services.py: every change is recorded and raises the content
version, and a questionnaire with responses keeps its structure.
"""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.builder.forms import make_key
from participation.builder.question_forms import QuestionInput
from participation.builder.services import (
    german_text,
    is_locked,
    quoted,
    record,
)
from participation.i18n import DEFAULT_LOCALE
from participation.surveys import structure
from participation.surveys.conditions import named_answers, sources
from participation.surveys.content import BUILT_IN_KEYS, GROUP_KINDS
from participation.surveys.models import (
    Draft,
    Option,
    OptionText,
    Question,
    Questionnaire,
    QuestionText,
)
from participation.surveys.questions import OTHER_KEY, PREFER_NOT_KEY, answer_keys, other_key
from participation.surveys.services import copy_neutral_labels
from participation.surveys.structure import OPTION_KINDS


def reads(question: Question) -> set[str]:
    """The keys of the questions this one depends on: its conditions' sources, a score's
    items and a row's matrix or group."""
    settings = question.settings or {}
    keys = set(settings.get("items") or ())
    for name in ("show_if", "end_if"):
        keys.update(sources(settings.get(name) or {}))
    if settings.get("group"):
        keys.add(settings["group"])
    return keys


def dependents(questionnaire: Questionnaire, key: str) -> list[tuple[int, Question]]:
    """(number, question) of the questions that depend on the question `key`."""
    return [(number, q) for number, q in enumerate(questionnaire.questions, start=1)
            if key in reads(q)]


def _wanted_answers(question: Question, key: str) -> set[str]:
    """The answers of question `key` that the conditions of `question` name."""
    settings = question.settings or {}
    return {answer for name in ("show_if", "end_if")
            for answer in named_answers(settings.get(name) or {}, key)}


def _snapshot(question: Question) -> tuple:
    return (question.kind, question.required, question.field_of_action,
            repr(sorted((question.settings or {}).items())),
            german_text(question.texts, "text"), german_text(question.texts, "hint"),
            [(o.key, german_text(o.texts, "label")) for o in question.options])


def _structure_problems(db: Session, questionnaire: Questionnaire, question: Question,
                        data: QuestionInput) -> dict[str, str]:
    options_field = "options" if data.kind in OPTION_KINDS else "text"
    old_keys = set(answer_keys(question.kind, question.settings or {},
                               tuple(o.key for o in question.options)))
    new_keys = set(answer_keys(data.kind, data.settings,
                               tuple(key for key, _label in data.options)))
    problems = {}
    if is_locked(db, questionnaire.id):
        if data.kind != question.kind:
            return {"text": _("Dieser Fragebogen hat schon Antworten. Die Art einer Frage kann "
                              "deshalb nicht mehr geändert werden.")}
        removed = sorted(old_keys - new_keys)
        if removed:
            target = "extras-1" if set(removed) <= {OTHER_KEY, PREFER_NOT_KEY} else options_field
            problems[target] = _(
                "Dieser Fragebogen hat schon Antworten. Antwortmöglichkeiten können deshalb "
                "nicht mehr entfernt und ihre Schlüssel nicht mehr geändert werden "
                "(Schlüssel: %(keys)s). Den Text einer Antwort können Sie ändern.",
                keys=", ".join(removed))
            return problems
    for number, dependent in dependents(questionnaire, question.key):
        wanted = _wanted_answers(dependent, question.key)
        if data.kind not in OPTION_KINDS | {"yes_no"}:
            wanted = set()  # numbers and texts are compared, not named
        if not wanted <= new_keys:
            missing = sorted(wanted - new_keys)
            target = "extras-1" if set(missing) <= {OTHER_KEY, PREFER_NOT_KEY} else options_field
            problems[target] = _(
                "Frage %(n)d wird nur bei der Antwort %(keys)s gezeigt. Bitte ändern Sie zuerst "
                "die Bedingung von Frage %(n)d.", n=number, keys=", ".join(missing))
            break
    return problems


def _rule_problems(data: QuestionInput, options_field: str) -> dict[str, str]:
    """The structure rules the import follows too (the form should never get here)."""
    found = structure.problems(data.kind, data.settings, [key for key, _l in data.options])
    targets = {"options": options_field, "settings": "text"}
    return {targets[part]: message for part, message in reversed(found)}


def _set_german(texts: list, factory, **values) -> None:
    found = next((t for t in texts if t.lang == DEFAULT_LOCALE), None)
    if found is None:
        texts.append(factory(lang=DEFAULT_LOCALE, **values))
    else:
        for name, value in values.items():
            setattr(found, name, value)


def _apply_options(question: Question, options: list[tuple[str, str]]) -> None:
    existing = {option.key: option for option in question.options}
    wanted = []
    for position, (key, label) in enumerate(options):
        option = existing.get(key) or Option(key=key)
        option.position = position
        _set_german(option.texts, OptionText, label=label)
        wanted.append(option)
    question.options[:] = wanted  # options no longer listed are deleted (delete-orphan)


def save_question(db: Session, questionnaire: Questionnaire, organiser_id: int,
                  question: Question | None, data: QuestionInput,
                  after: Question | None = None):
    """(question, problems): add a question (at the end, or right after `after`), or change
    one."""
    if data.options is None:  # wording only: the structure stays as it is
        return _save_wording(db, questionnaire, organiser_id, question, data)
    problems = _rule_problems(data, "options" if data.kind in OPTION_KINDS else "text")
    if problems:
        return question, problems
    if question is None:
        keys = {q.key for q in questionnaire.questions}
        question = Question(key=make_key(data.text, keys, "frage"),
                            position=len(questionnaire.questions))
        question.kind, question.settings = data.kind, dict(data.settings)
        problem = place_new_question(questionnaire, question, after)
        if problem is not None:
            return None, {"text": problem}
        before = None
    else:
        problems = _structure_problems(db, questionnaire, question, data)
        if problems:
            return question, problems
        before = _snapshot(question)
    if before is not None and question.kind != data.kind:
        _forget_draft_answers(db, questionnaire, question.key)
    question.kind, question.required = data.kind, data.required
    question.field_of_action, question.settings = data.field_of_action, dict(data.settings)
    _set_german(question.texts, QuestionText, text=data.text, hint=data.hint)
    # an imported wording of a built-in answer ("keine Angabe") stays while it is offered
    relabels = [(o.key, german_text(o.texts, "label")) for o in question.options
                if o.key in BUILT_IN_KEYS and data.settings.get(o.key)]
    _apply_options(question, data.options + relabels)
    copy_neutral_labels(questionnaire)
    db.flush()
    number = questionnaire.questions.index(question) + 1
    if before is None:
        record(db, questionnaire, organiser_id, _("Frage %(n)d hinzugefügt: %(text)s",
                                                  n=number, text=quoted(data.text)))
    elif _snapshot(question) != before:
        summary = _("Frage %(n)d geändert: %(text)s", n=number, text=quoted(data.text))
        if is_locked(db, questionnaire.id):
            summary = _("%(summary)s (nach Eingang von Antworten)", summary=summary)
        record(db, questionnaire, organiser_id, summary)
    return question, {}


def _save_wording(db: Session, questionnaire: Questionnaire, organiser_id: int,
                  question: Question, data: QuestionInput):
    before = _snapshot(question)
    _set_german(question.texts, QuestionText, text=data.text, hint=data.hint)
    db.flush()
    if _snapshot(question) != before:
        record(db, questionnaire, organiser_id, _("Frage %(n)d geändert: %(text)s",
                                                  n=questionnaire.questions.index(question) + 1,
                                                  text=quoted(data.text)))
    return question, {}


def _forget_draft_answers(db: Session, questionnaire: Questionnaire, key: str) -> None:
    """Unfinished answers to a question whose kind changed no longer fit it: drop them."""
    for draft in db.scalars(select(Draft).where(Draft.questionnaire_id == questionnaire.id)):
        answers = dict(draft.answers or {})
        if key in answers or other_key(key) in answers:
            answers.pop(key, None)
            answers.pop(other_key(key), None)
            draft.answers = answers


def _renumber(questionnaire: Questionnaire, ordered: list[Question]) -> None:
    for position, question in enumerate(ordered):
        question.position = position
    questionnaire.questions[:] = ordered


def order_problem(ordered: list[Question], numbers: dict[str, int]) -> tuple[Question, str] | None:
    """(question, why) when an order breaks a rule: every question after the questions it
    depends on, and the rows of a matrix or number group right after it. `numbers`: the
    numbers the organiser sees now, by key, for the message."""
    seen: dict[str, int] = {}
    for index, question in enumerate(ordered):
        group = (question.settings or {}).get("group")
        before = ordered[index - 1] if index else None
        if group and (before is None or group not in (before.key,
                                                       (before.settings or {}).get("group"))):
            return question, _(
                "Eine Matrix oder Zahlengruppe bleibt mit ihren Zeilen zusammen. Ihre "
                "Reihenfolge ändern Sie über Export und Import des Fragebogens.")
        for key in sorted(reads(question)):
            if key not in seen:
                return question, _(
                    "Frage %(later)d hängt von Frage %(earlier)d ab und muss deshalb nach ihr "
                    "stehen.", later=numbers.get(question.key, index + 1),
                    earlier=numbers.get(key, 0))
        seen[question.key] = index
    return None


def move_question(db: Session, questionnaire: Questionnaire, organiser_id: int,
                  question: Question, target: int) -> dict[str, str]:
    """Move a question to the 0-based place `target` in one step; matrices and groups with
    their rows stay together, and a question stays after the questions it depends on."""
    ordered = list(questionnaire.questions)
    index = ordered.index(question)
    target = max(0, min(target, len(ordered) - 1))
    if target == index:
        return {}
    if question.kind in GROUP_KINDS:  # a matrix or group moves only with its rows
        return {f"frage-{question.id}": _(
            "Eine Matrix oder Zahlengruppe bleibt mit ihren Zeilen zusammen. Ihre Reihenfolge "
            "ändern Sie über Export und Import des Fragebogens.")}
    numbers = {q.key: number for number, q in enumerate(ordered, start=1)}
    ordered.insert(target, ordered.pop(index))
    problem = order_problem(ordered, numbers)
    if problem is not None:
        return {f"frage-{question.id}": problem[1]}
    _renumber(questionnaire, ordered)
    text = quoted(german_text(question.texts, "text"))
    if target == index - 1:
        summary = _("Frage %(text)s nach oben verschoben", text=text)
    elif target == index + 1:
        summary = _("Frage %(text)s nach unten verschoben", text=text)
    else:
        summary = _("Frage %(text)s an Stelle %(n)d verschoben", text=text, n=target + 1)
    record(db, questionnaire, organiser_id, summary)
    return {}


def duplicate_question(db: Session, questionnaire: Questionnaire, organiser_id: int,
                       question: Question) -> tuple[Question | None, dict[str, str]]:
    """A copy right after `question`, in every language, with its options and settings."""
    if question.kind in GROUP_KINDS or question.kind == "score":
        return None, {f"frage-{question.id}": _(
            "Eine Matrix, Zahlengruppe oder ein Punktwert wird über Export und Import des "
            "Fragebogens kopiert.")}
    keys = {q.key for q in questionnaire.questions}
    copy = Question(key=make_key(german_text(question.texts, "text"), keys, "frage"),
                    kind=question.kind, required=question.required,
                    field_of_action=question.field_of_action,
                    settings=dict(question.settings or {}))
    copy.texts = [QuestionText(lang=t.lang, text=t.text, hint=t.hint) for t in question.texts]
    copy.options = [Option(key=o.key, position=o.position,
                           texts=[OptionText(lang=t.lang, label=t.label) for t in o.texts])
                    for o in question.options]
    ordered = list(questionnaire.questions)
    ordered.insert(ordered.index(question) + 1, copy)
    _renumber(questionnaire, ordered)
    db.flush()
    record(db, questionnaire, organiser_id, _("Frage %(text)s kopiert", text=quoted(
        german_text(question.texts, "text"))))
    return copy, {}


def place_new_question(questionnaire: Questionnaire, question: Question,
                       after: Question | None) -> str | None:
    """Put a question just added (at the end) right after `after`; why not, if it would
    break the order (None: placed)."""
    ordered = [q for q in questionnaire.questions if q is not question]
    numbers = {q.key: number for number, q in enumerate(ordered, start=1)}
    ordered.insert(ordered.index(after) + 1 if after is not None else len(ordered), question)
    problem = order_problem(ordered, numbers)
    if problem is not None:
        return problem[1]
    _renumber(questionnaire, ordered)
    return None


def in_block(question: Question) -> bool:
    """A matrix or number group, or one of their rows: they move only together."""
    return question.kind in GROUP_KINDS or bool((question.settings or {}).get("group"))


def question_delete_problem(db: Session, questionnaire: Questionnaire,
                            question: Question) -> str | None:
    """Why a question cannot be deleted, or None."""
    if is_locked(db, questionnaire.id):
        return _("Dieser Fragebogen hat schon Antworten. Fragen können deshalb nicht mehr "
                 "gelöscht werden; die Formulierung können Sie ändern.")
    depending = dependents(questionnaire, question.key)
    if depending and (depending[0][1].settings or {}).get("group") == question.key:
        return _("Frage %(n)d ist eine Zeile dieser Matrix oder Gruppe. Bitte löschen Sie "
                 "zuerst ihre Zeilen.", n=depending[0][0])
    if depending:
        return _("Frage %(n)d wird nur abhängig von dieser Frage gezeigt. Bitte ändern Sie "
                 "zuerst deren Bedingung.", n=depending[0][0])
    return None


def delete_question(db: Session, questionnaire: Questionnaire, organiser_id: int,
                    question: Question) -> dict[str, str]:
    problem = question_delete_problem(db, questionnaire, question)
    if problem:
        return {"delete": problem}
    text = german_text(question.texts, "text")
    _renumber(questionnaire, [q for q in questionnaire.questions if q is not question])
    db.flush()
    record(db, questionnaire, organiser_id, _("Frage %(text)s gelöscht", text=quoted(text)))
    return {}
