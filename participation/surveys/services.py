"""Writes every feature shares: a questionnaire from the portable format, a response's answers.

Services flush; the edge (request, job, command) commits.
"""

from sqlalchemy import bindparam, insert
from sqlalchemy.orm import Session

from participation import statements
from participation.i18n import DEFAULT_LOCALE
from participation.surveys import structure
from participation.surveys.conditions import visible_questions
from participation.surveys.content import QuestionnaireView
from participation.surveys.coverage import is_neutral
from participation.surveys.models import (
    Answer,
    Option,
    OptionText,
    Question,
    Questionnaire,
    QuestionnaireText,
    QuestionText,
)
from participation.surveys.questions import kind_of, other_key
from participation.surveys.scores import scores_of
from participation.surveys.sequence import sequence_problems

# Built once (statements.run): it runs on every submission.
INSERT_ANSWERS = insert(Answer).values({name: bindparam(name) for name in (
    "response_id", "question_id", "option_key", "number_value", "text_value")})


def add_questionnaire(db: Session, municipality_id: int, content: dict,
                      status: str = "draft") -> Questionnaire:
    """Create a questionnaire from the portable dict format (demo, template, import).

    Its questions must follow structure.py (the import and the builder check that first)."""
    questionnaire = Questionnaire(municipality_id=municipality_id, slug=content["slug"],
                                  status=status, languages=list(content["languages"]))
    for lang, title in content["title"].items():
        questionnaire.texts.append(QuestionnaireText(
            lang=lang, title=title, intro=content.get("intro", {}).get(lang, "")))
    across = sequence_problems([
        {"key": spec["key"], "kind": spec["kind"], "settings": spec.get("settings", {}),
         "options": [key for key, _labels in spec.get("options", [])]}
        for spec in content["questions"]])
    if across:
        raise ValueError(f"questionnaire {content['slug']!r} cannot be answered: {across}")
    for position, spec in enumerate(content["questions"]):
        found = structure.problems(spec["kind"], dict(spec.get("settings", {})),
                                   [key for key, _labels in spec.get("options", [])])
        if found:
            raise ValueError(f"question {spec['key']!r} cannot be answered: {found}")
        question = Question(key=spec["key"], position=position, kind=spec["kind"],
                            required=spec.get("required", True),
                            field_of_action=spec.get("field"),
                            settings=dict(spec.get("settings", {})))
        for lang, text in spec["text"].items():
            question.texts.append(QuestionText(lang=lang, text=text,
                                               hint=spec.get("hint", {}).get(lang, "")))
        for option_position, (key, labels) in enumerate(spec.get("options", [])):
            option = Option(key=key, position=option_position)
            option.texts.extend(OptionText(lang=lang, label=label)
                                for lang, label in labels.items())
            question.options.append(option)
        questionnaire.questions.append(question)
    copy_neutral_labels(questionnaire)
    db.add(questionnaire)
    db.flush()
    return questionnaire


def copy_neutral_labels(questionnaire: Questionnaire) -> None:
    """Labels without letters ("2") are the same in every language: store them there too."""
    languages = [lang for lang in questionnaire.languages or () if lang != DEFAULT_LOCALE]
    for question in questionnaire.questions:
        for option in question.options:
            labels = {t.lang: t for t in option.texts}
            german = labels.get(DEFAULT_LOCALE)
            if german is None or not is_neutral(german.label):
                continue
            option.texts.extend(OptionText(lang=lang, label=german.label)
                                for lang in languages if lang not in labels)


def store_answers(view: QuestionnaireView, response_id: int, answers: dict) -> None:
    """Insert a response's answer rows in one batch (the context's transaction), from
    draft-shaped values.

    Only what was shown is stored: an answer to a question hidden later is dropped.
    """
    rows = []
    shown = visible_questions(view, answers)
    for question in shown:
        value = answers.get(question.key)
        if value is None:
            continue
        other = answers.get(other_key(question.key))
        rows.extend({"response_id": response_id, "question_id": question.id,
                     "option_key": row.option_key, "number_value": row.number_value,
                     "text_value": row.text_value}
                    for row in kind_of(question).rows(question, value, other))
    # scores are stored as numbers of their own, so results count them like any number
    rows.extend({"response_id": response_id, "question_id": score.id, "option_key": None,
                 "number_value": value, "text_value": None}
                for score, value in scores_of(view, answers, {q.key for q in shown}))
    if rows:
        statements.run(INSERT_ANSWERS, rows)
