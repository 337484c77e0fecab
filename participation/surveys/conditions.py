"""Conditional display, evaluated on the server: "show if question X was answered Y".

A question's settings may hold {"show_if": {"question": <earlier key>, "any_of": [keys]}}.
A question whose condition refers to a hidden question is hidden too.
"""

from participation.surveys.content import QuestionnaireView, QuestionView


def is_shown(question: QuestionView, answers: dict, shown_keys: set[str]) -> bool:
    condition = (question.settings or {}).get("show_if")
    if not condition:
        return True
    source = condition.get("question")
    if source not in shown_keys:
        return False
    given = answers.get(source)
    given = set(given) if isinstance(given, list) else {given}
    return bool(given & set(condition.get("any_of", ())))


def visible_questions(view: QuestionnaireView, answers: dict) -> list[QuestionView]:
    """The questions this resident is asked, in order, given their answers so far."""
    shown: list[QuestionView] = []
    shown_keys: set[str] = set()
    for question in view.questions:
        if is_shown(question, answers, shown_keys):
            shown.append(question)
            shown_keys.add(question.key)
    return shown
