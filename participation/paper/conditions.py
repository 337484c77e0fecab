"""Conditions as instructions on paper, on printed copies and beside the keyed-in questions.

The words come from surveys/condition_words.py; here each section, matrix, group and
question that has a condition gets its notes: "Nur beantworten, wenn Sie …" (show_if) and
"Wenn Sie …: Der Fragebogen ist für Sie hier zu Ende." (end_if, answerable questions only).
"""

from dataclasses import dataclass

from markupsafe import Markup

from participation.surveys.condition_words import end_if_words, show_if_words
from participation.surveys.content import QuestionnaireView


@dataclass(frozen=True)
class Notes:
    """The instructions printed with one entry of the questionnaire."""

    show: Markup | None = None  # before it: when to answer it at all
    end: Markup | None = None  # after it: when the questionnaire ends there


def notes_of(view: QuestionnaireView) -> dict[int, Notes]:
    """The notes of every entry with a condition, by question id."""
    by_key = {question.key: question for question in view.questions}
    notes = {}
    for question in view.questions:
        show, end = question.settings.get("show_if"), question.settings.get("end_if")
        if question.kind == "score" or not (show or end):
            continue
        notes[question.id] = Notes(
            show=show_if_words(show, by_key, section=question.kind == "section")
            if show else None,
            end=end_if_words(end, by_key) if end and question.answerable else None)
    return notes
