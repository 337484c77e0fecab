"""The entries of a questionnaire that have figures, with the cells of their lines and the
tables that bound their answers (language-neutral: what releases and audits work on).

An entry is asked only where its conditions hold: its own "show_if", its matrix's or
group's, its section's, and no earlier "end_if" that ended the survey before its page. So
its answers number at most the responses that meet them: an inequality between two
published tables, which knowledge.guard_follow_up checks. A condition becomes such a
`Link` where it names cells of its source's table: answers (any_of, equals, none_of…), or
numbers compared with a value, which bound the follow-up by the bands the value touches.
A condition we cannot express in cells (one that combines several questions with "any",
or negates a comparison that splits a band) withholds the follow-up's table: it would
relate the table to figures the audit does not see.

Two more links of this kind: a score is computed only for responses with numbers for its
items, and a number group's field is answered only by responses counted in its total.
"""

from dataclasses import dataclass, replace

from participation.results.disclosure import NOT_ANSWERED
from participation.results.figures import (
    ANSWERED,
    FIGURE_KINDS,
    FROM,
    UNDER,
    cut_points,
    floor_of,
    line_keys,
)
from participation.surveys.conditions import COMPARISONS, leaf_operator
from participation.surveys.content import QuestionnaireView, QuestionView


@dataclass(frozen=True)
class Link:
    """The answers of an entry (its cells `part`; none named: every answer cell) number at
    most the responses in the cells `keys` of the earlier entry `source`."""

    source: str
    keys: tuple[str, ...]
    part: tuple[str, ...] = ()


UNCHECKABLE = Link("", ())  # no table has this key: the follow-up's table is withheld


@dataclass(frozen=True)
class QuestionShape:
    id: int
    key: str
    kind: str
    field_of_action: str | None
    option_keys: tuple[str, ...]  # the cells of its line but "not answered"
    settings: dict  # its own, with what it takes from its matrix (and a score's items')
    links: tuple[Link, ...] = ()
    members: tuple[int, ...] = ()  # a number group's fields


def shapes_of(view: QuestionnaireView) -> list[QuestionShape]:
    """Every entry with figures, in questionnaire order."""
    by_key = {question.key: question for question in view.questions}
    shapes: dict[str, QuestionShape] = {}
    for question in view.questions:
        if question.kind not in FIGURE_KINDS:
            continue
        settings = dict(question.settings)
        parts = [by_key[key] for key in settings.get("items", ()) if key in by_key]
        if question.kind == "number_group":
            parts = [q for q in view.questions if q.settings.get("group") == question.key]
        if any(part.settings.get("sensitive") for part in parts):
            settings["sensitive"] = True  # figures made of sensitive answers are sensitive
        floor = _score_floor(question, parts) if question.kind == "score" else floor_of(
            question.kind, settings)
        keys = line_keys(question.kind, settings, tuple(o.key for o in question.options),
                         floor)
        shapes[question.key] = QuestionShape(
            question.id, question.key, question.kind, question.field_of_action, keys,
            settings, members=tuple(part.id for part in parts
                                    if question.kind == "number_group"))
    links = _links_of(view, shapes)
    return [replace(shape, links=links.get(key, ())) for key, shape in shapes.items()]


def _score_floor(score: QuestionView, items: list[QuestionView]) -> float | None:
    """0 where every item's numbers are at least 0 (scale steps are): no band below 0."""
    if not items or float(score.settings.get("factor", 1)) < 0:
        return None
    fine = all(item.kind == "scale" or (item.kind == "number" and (
        item.settings.get("min") is not None and item.settings["min"] >= 0))
        for item in items)
    return 0 if fine else None


def numeric_keys(shape: QuestionShape) -> tuple[str, ...]:
    """The cells of a line that hold numbers: scale steps, bands, "answered"."""
    if shape.kind == "scale":
        return tuple(key for key in shape.option_keys if key.isdigit())
    if shape.kind in ("number", "age"):
        return tuple(key for key in shape.option_keys
                     if key == ANSWERED or key.startswith((UNDER, FROM)))
    return ()


def _links_of(view: QuestionnaireView, shapes: dict[str, QuestionShape]
              ) -> dict[str, tuple[Link, ...]]:
    by_key = {question.key: question for question in view.questions}
    section: dict | None = None
    ends: list[tuple[str, dict]] = []  # (page, end_if) of earlier entries
    result: dict[str, tuple[Link, ...]] = {}
    for question in view.questions:
        if question.kind == "section":
            section = question.settings.get("show_if")
            continue
        if question.kind == "score":  # computed from shown items, whatever its place
            result[question.key] = tuple(
                Link(item, numeric_keys(shapes[item])) for item in
                question.settings.get("items", ()) if item in shapes)
            continue
        header = by_key.get(question.settings.get("group"))
        conditions = [section, header.settings.get("show_if") if header else None,
                      question.settings.get("show_if")]
        conditions += [{"not": end} for page, end in ends if page != question.page_key]
        links = [link for condition in conditions if condition
                 for link in _condition_links(condition, shapes)]
        own = shapes.get(question.key)
        if header is not None and header.kind == "number_group" and own is not None:
            links.append(Link(header.key, (ANSWERED,), numeric_keys(own)))
        result[question.key] = tuple(dict.fromkeys(links))
        if question.answerable and question.settings.get("end_if"):
            ends.append((question.page_key, question.settings["end_if"]))
    return result


def _condition_links(condition: dict, shapes: dict[str, QuestionShape]) -> list[Link]:
    if "all" in condition:
        return [link for part in condition["all"]
                for link in _condition_links(part, shapes)]
    found = _cells(condition, shapes)
    if found is None:
        return [UNCHECKABLE]
    source, keys, _exact = found
    return [Link(source, keys)]


def _cells(condition: dict, shapes) -> tuple[str, tuple[str, ...], bool] | None:
    """(source, the cells of its line a response meeting the condition can be in, whether
    exactly those responses are in them), or None where no cells describe it."""
    if "any" in condition:
        parts = [_cells(part, shapes) for part in condition["any"]]
        if not parts or None in parts or len({part[0] for part in parts}) != 1:
            return None
        source = shapes[parts[0][0]]
        keys = {key for part in parts for key in part[1]}
        return (source.key, tuple(k for k in (*source.option_keys, NOT_ANSWERED) if k in keys),
                all(part[2] for part in parts))
    if "not" in condition:
        inner = _cells(condition["not"], shapes)
        if inner is None or not inner[2] or shapes[inner[0]].kind == "multiple_choice":
            return None
        source = shapes[inner[0]]
        return source.key, tuple(k for k in (*source.option_keys, NOT_ANSWERED)
                                 if k not in inner[1]), True
    source = shapes.get(condition.get("question"))
    operator = leaf_operator(condition)
    if source is None or operator is None:
        return None
    return _leaf_cells(source, operator, condition[operator])


def _leaf_cells(source: QuestionShape, operator: str, expected
                ) -> tuple[str, tuple[str, ...], bool] | None:
    answers = source.option_keys
    several = source.kind == "multiple_choice"
    if operator == "answered":
        if not expected:
            return None if several else (source.key, (NOT_ANSWERED,), True)
        return source.key, answers, not several
    numeric = isinstance(expected, int | float) and not isinstance(expected, bool)
    if operator in ("equals", "not_equals") and numeric:
        operator = "eq" if operator == "equals" else "ne"
    if operator in ("any_of", "equals"):
        named = set(expected if operator == "any_of" else [expected])
        return source.key, tuple(k for k in answers if k in named), not (
            several and operator == "equals")
    if operator in ("none_of", "not_equals"):
        if several:
            return None
        named = set(expected if operator == "none_of" else [expected])
        return source.key, tuple(k for k in answers if k not in named), True
    if operator in (*COMPARISONS, "eq", "ne") and numeric:
        return _compared(source, operator, expected)
    return None


def _compared(source: QuestionShape, operator: str, value: float):
    """The cells holding numbers that may meet `number <operator> value`."""
    ranges = _ranges(source)
    if ranges is None:
        return None
    some = [key for key, span in ranges.items() if _may(operator, value, *span)]
    exact = all(_must(operator, value, *ranges[key]) for key in some)
    return source.key, tuple(some), exact


def _ranges(source: QuestionShape) -> dict[str, tuple[float | None, float | None]] | None:
    """The whole numbers each numeric cell of a line can hold (None: no bound)."""
    if source.kind == "scale":
        return {key: (int(key), int(key)) for key in numeric_keys(source)}
    if source.kind not in ("number", "age"):
        return None
    cuts = cut_points(source.kind, source.settings)
    ranges: dict[str, tuple[float | None, float | None]] = {}
    for key in numeric_keys(source):
        if key == ANSWERED:
            ranges[key] = (None, None)
        elif key.startswith(UNDER):
            ranges[key] = (None, cuts[0] - 1)
        else:
            low = int(key.removeprefix(FROM))
            higher = [cut for cut in cuts if cut > low]
            ranges[key] = (low, higher[0] - 1 if higher else None)
    return ranges


def _may(operator: str, value: float, low, high) -> bool:
    """Whether some whole number in [low, high] meets the comparison."""
    return {
        "gt": high is None or high > value, "ge": high is None or high >= value,
        "lt": low is None or low < value, "le": low is None or low <= value,
        "eq": (low is None or low <= value) and (high is None or high >= value),
        "ne": not (low == high == value),
    }[operator]


def _must(operator: str, value: float, low, high) -> bool:
    """Whether every whole number in [low, high] meets the comparison."""
    return {
        "gt": low is not None and low > value, "ge": low is not None and low >= value,
        "lt": high is not None and high < value, "le": high is not None and high <= value,
        "eq": low == high == value, "ne": not _may("eq", value, low, high),
    }[operator]
