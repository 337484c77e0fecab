"""Conditions, evaluated on the server: which questions a resident is asked, and when the
survey ends early.

A question's (section's, matrix's, group's) settings may hold "show_if" and, on answerable
questions, "end_if": a condition is a leaf on one earlier question or a combination:

    {"question": "q1", "any_of": ["a", "b"]}   {"question": "q1", "none_of": ["a"]}
    {"question": "q1", "equals": "a"}          {"question": "q1", "not_equals": 3}
    {"question": "age", "ge": 75}  (lt, le, gt, ge)    {"question": "q1", "answered": true}
    {"all": [...]}   {"any": [...]}   {"not": {...}}

Age questions compare the age in years, however they were asked. A source that was not
shown counts as unanswered. Sources must be earlier (structure.py), so there are no cycles.
"""

from participation.surveys.content import QuestionnaireView, QuestionView
from participation.surveys.parsers import age_in_years

COMPARISONS = {
    "lt": lambda a, b: a < b, "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b,
}
LEAF_OPERATORS = ("any_of", "none_of", "equals", "not_equals", "answered", *COMPARISONS)
COMBINATIONS = ("all", "any", "not")


def leaf_operator(condition: dict) -> str | None:
    return next((name for name in LEAF_OPERATORS if name in condition), None)


def sources(condition: dict) -> list[str]:
    """The question keys a condition reads, in order."""
    if "all" in condition or "any" in condition:
        return [key for part in condition.get("all", condition.get("any", ()))
                for key in sources(part)]
    if "not" in condition:
        return sources(condition["not"])
    return [condition["question"]] if "question" in condition else []


def named_answers(condition: dict, key: str) -> list[str]:
    """The answer keys of question `key` that a condition names (any_of, equals…)."""
    if "all" in condition or "any" in condition:
        return [answer for part in condition.get("all", condition.get("any", ()))
                for answer in named_answers(part, key)]
    if "not" in condition:
        return named_answers(condition["not"], key)
    if condition.get("question") != key:
        return []
    named = [*condition.get("any_of", ()), *condition.get("none_of", ()),
             condition.get("equals"), condition.get("not_equals")]
    return [answer for answer in named if isinstance(answer, str)]


def holds(condition: dict, answers: dict, by_key: dict[str, QuestionView],
          shown_keys: set[str]) -> bool:
    if "all" in condition:
        return all(holds(part, answers, by_key, shown_keys) for part in condition["all"])
    if "any" in condition:
        return any(holds(part, answers, by_key, shown_keys) for part in condition["any"])
    if "not" in condition:
        return not holds(condition["not"], answers, by_key, shown_keys)
    source = condition.get("question")
    given = answers.get(source) if source in shown_keys else None
    operator = leaf_operator(condition)
    expected = condition.get(operator)
    if operator == "answered":
        return (given is not None) == bool(expected)
    if operator in ("any_of", "none_of"):
        chosen = set(given) if isinstance(given, list) else {given}
        overlap = bool(chosen & set(expected or ()))
        return overlap if operator == "any_of" else (given is not None and not overlap)
    if operator in ("equals", "not_equals"):
        same = _same(given, expected)
        return same if operator == "equals" else (given is not None and not same)
    if operator in COMPARISONS:
        number = _number(by_key.get(source), given)
        return number is not None and COMPARISONS[operator](number, expected)
    return False


def _same(given, expected) -> bool:
    """One answer equal to `expected`; a scale step "5" equals the number 5."""
    values = given if isinstance(given, list) else [given]
    if len(values) != 1 or values[0] is None:
        return False
    if values[0] == expected:
        return True
    return (isinstance(expected, int | float) and not isinstance(expected, bool)
            and _number(None, values[0]) == expected)


def _number(question: QuestionView | None, value) -> float | None:
    if question is not None and question.kind == "age":
        return age_in_years(question, value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():  # a scale step
        return int(value)
    return None


def visible_questions(view: QuestionnaireView, answers: dict) -> list[QuestionView]:
    """The answerable questions this resident is asked, in order, given their answers.

    A hidden section hides everything up to the next section; a hidden matrix or group
    hides its rows; a question whose "end_if" holds ends the survey after its page."""
    return [question for question in shown_entries(view, answers)
            if question.answerable]


def shown_entries(view: QuestionnaireView, answers: dict) -> list[QuestionView]:
    """Every entry shown (sections and headers too), up to an early end."""
    by_key = {question.key: question for question in view.questions}
    shown: list[QuestionView] = []
    shown_keys: set[str] = set()
    section_hidden = False
    hidden_groups: set[str] = set()
    ending_page: str | None = None
    for question in view.questions:
        if ending_page is not None and question.page_key != ending_page:
            break
        if question.kind == "section":
            section_hidden = not _condition_holds(question, answers, by_key, shown_keys)
            if not section_hidden:
                shown.append(question)
            continue
        if question.kind == "score" or section_hidden:
            continue
        group = question.settings.get("group")
        if group in hidden_groups:
            continue
        if not _condition_holds(question, answers, by_key, shown_keys):
            if question.kind in ("matrix", "number_group"):
                hidden_groups.add(question.key)
            continue
        shown.append(question)
        shown_keys.add(question.key)
        end = question.settings.get("end_if")
        if end and question.answerable and holds(end, answers, by_key, shown_keys):
            ending_page = question.page_key
    return shown


def _condition_holds(question: QuestionView, answers: dict, by_key: dict,
                     shown_keys: set[str]) -> bool:
    condition = question.settings.get("show_if")
    return not condition or holds(condition, answers, by_key, shown_keys)
