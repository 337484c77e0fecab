"""Conditions as instructions on paper: "Nur beantworten, wenn Sie bei Frage n … angekreuzt
haben", on printed copies and beside the keyed-in questions."""

from dataclasses import dataclass

from babel.lists import format_list
from flask_babel import get_locale
from markupsafe import Markup, escape

from participation.surveys.content import QuestionnaireView
from participation.surveys.questions import kind_of


@dataclass(frozen=True)
class Condition:
    """"Only answer if you ticked … at question n", for a printed or keyed-in question."""

    position: int
    answers: Markup  # the option labels, fallback ones marked lang="de"
    count: int


def conditions_of(view: QuestionnaireView) -> dict[int, Condition]:
    by_key = {question.key: question for question in view.questions}
    conditions = {}
    for question in view.questions:
        condition = (question.settings or {}).get("show_if") or {}
        source = by_key.get(condition.get("question"))
        if source is None:
            continue
        labels = {option.key: option.label for option in kind_of(source).options(source)}
        wanted = [labels[key] for key in condition.get("any_of", ()) if key in labels]
        conditions[question.id] = Condition(source.position, label_list(wanted), len(wanted))
    return conditions


def label_list(labels) -> Markup:
    """Labels joined the local way ("A, B oder C"), each fallback label marked lang="de"."""
    parts = [Markup('<span lang="{}">{}</span>').format(label.lang, label.text) if label.lang
             else escape(label.text) for label in labels]
    placeholders = [f"\x00{index}\x00" for index in range(len(parts))]
    joined = escape(format_list(placeholders, style="or", locale=get_locale()) if parts else "")
    for placeholder, part in zip(placeholders, parts, strict=True):
        joined = joined.replace(placeholder, part)  # Markup.replace keeps `part` as markup
    return joined
