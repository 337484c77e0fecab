"""Conditions in words, for readers of a printed questionnaire and for staff keying it in.

A condition (grammar in conditions.py) becomes one clause whose subject is the reader
("Sie"): "bei Frage 3 „Ja“ angekreuzt haben und bei Frage 1 eine Zahl ab 80 eingetragen
haben". `show_if_words` and `end_if_words` put it into a whole instruction.

Every "not" is moved down to the single answers (De Morgan: "not all" is "any not"), so no
clause reads "nicht (…)": each leaf has words of its own when negated ("nicht „Ja“
angekreuzt", "keine Zahl ab 80 eingetragen"), as exact as the evaluation in conditions.py:
a question that was not answered counts as not ticked and no number. Combinations inside
combinations are put in brackets. Questions are named by their number ("Frage 5b"), age
comparisons are in years, and option labels keep their lang="de" marking when they fell
back. Pure: no database, only the interface language of the current request.
"""

from babel.lists import format_list
from flask_babel import format_decimal, get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup, escape

from participation.i18n import lang_attrs
from participation.surveys.conditions import COMPARISONS, leaf_operator
from participation.surveys.content import LocalText, QuestionView
from participation.surveys.questions import KINDS, OptionView

FLIPPED = {"lt": "ge", "le": "gt", "gt": "le", "ge": "lt"}  # not (a < b) is a >= b


def show_if_words(condition: dict, by_key: dict[str, QuestionView],
                  section: bool = False) -> Markup:
    """"Nur beantworten, wenn Sie …" (for a section: "Diesen Abschnitt nur ausfüllen, …")."""
    clause = condition_clause(condition, by_key)
    if section:
        return _filled(_("Diesen Abschnitt nur ausfüllen, wenn Sie %(condition)s."),
                       condition=clause)
    return _filled(_("Nur beantworten, wenn Sie %(condition)s."), condition=clause)


def end_if_words(condition: dict, by_key: dict[str, QuestionView]) -> Markup:
    """"Wenn Sie …: Der Fragebogen ist für Sie hier zu Ende. Vielen Dank!"."""
    return _filled(_("Wenn Sie %(condition)s: Der Fragebogen ist für Sie hier zu Ende. "
                     "Vielen Dank!"), condition=condition_clause(condition, by_key))


def condition_clause(condition: dict, by_key: dict[str, QuestionView]) -> Markup:
    """The condition as a clause after "Sie", e.g. "bei Frage 3 „Ja“ angekreuzt haben"."""
    return _clause(condition, by_key, negated=False, nested=False)


def label_list(labels, style: str = "or") -> Markup:
    """Labels joined the local way ("A, B oder C"), each fallback label marked lang="de"."""
    return joined([Markup("<span{}>{}</span>").format(lang_attrs(label.lang), label.text)
                   if label.lang else escape(label.text) for label in labels], style)


def quoted_list(labels, style: str = "or") -> Markup:
    """Labels quoted the local way and joined: "„A“, „B“ oder „C“"."""
    return joined([_filled(_("„%(text)s“"), text=label_list([label])) for label in labels],
                  style)


def joined(parts: list[Markup], style: str = "standard") -> Markup:
    """Markup parts joined by the locale's list pattern ("A, B und C"; style "or": "oder")."""
    if not parts:
        return Markup("")
    placeholders = [f"\x00{index}\x00" for index in range(len(parts))]
    result = escape(format_list(placeholders, style=style, locale=get_locale()))
    for placeholder, part in zip(placeholders, parts, strict=True):
        result = result.replace(placeholder, part)  # Markup.replace keeps `part` as markup
    return result


def _filled(message: str, **values) -> Markup:
    """A translated message, asked for without values, with (markup) values put in."""
    return escape(message) % values


# --- combinations -----------------------------------------------------------------------------


def _clause(condition: dict, by_key: dict, negated: bool, nested: bool) -> Markup:
    if "not" in condition:
        return _clause(condition["not"], by_key, not negated, nested)
    for name in ("all", "any"):
        if name in condition:
            both = (name == "all") != negated  # De Morgan: not all = any not
            return _combined(condition[name], by_key, negated, both, nested)
    return _leaf(condition, by_key, negated, nested)


def _combined(parts: list[dict], by_key: dict, negated: bool, both: bool,
              nested: bool) -> Markup:
    words = [_clause(part, by_key, negated, nested=len(parts) > 1 or nested) for part in parts]
    if len(words) == 1:
        return words[0]
    result = joined(words, "standard" if both else "or")
    return Markup("({})").format(result) if nested else result


# --- single answers ---------------------------------------------------------------------------


class _Source:
    """The question a leaf reads: its number and the labels of its answers."""

    def __init__(self, key: str, question: QuestionView | None):
        self.question = question
        self.number = (question.number or str(question.position)) if question else key
        kind = KINDS.get(question.kind) if question else None
        self.widget = kind.widget if kind else "text"
        self.typed = bool(kind and kind.typed)
        options: tuple[OptionView, ...] = kind.options(question) if kind else ()
        self.labels = {option.key: option.label for option in options}

    @property
    def is_age(self) -> bool:
        return self.question is not None and self.question.kind == "age"

    def labels_of(self, keys) -> list[LocalText]:
        return [self.labels.get(str(key), LocalText(str(key))) for key in keys]

    def steps(self, operator: str, value) -> list[str]:
        """The numbered options (scale steps) a comparison holds for."""
        return [key for key in self.labels if key.lstrip("-").isdigit()
                and COMPARISONS[operator](int(key), value)]


def _leaf(leaf: dict, by_key: dict, negated: bool, nested: bool) -> Markup:
    source = _Source(leaf.get("question", ""), by_key.get(leaf.get("question")))
    operator = leaf_operator(leaf)
    value = leaf.get(operator)
    n = source.number
    if operator == "answered":
        if bool(value) != negated:
            return _filled(_("Frage %(n)s beantwortet haben"), n=n)
        return _filled(_("Frage %(n)s nicht beantwortet haben"), n=n)
    if operator == "any_of":
        return _ticked(source, list(value or ()), negated)
    if operator == "none_of":
        if negated:  # not answered, or one of them ticked
            return _clause({"any": [{"question": leaf["question"], "answered": False},
                                    {"question": leaf["question"], "any_of": value}]},
                           by_key, False, nested)
        return _filled(_("Frage %(n)s beantwortet haben, aber nicht mit %(answers)s"),
                       n=n, answers=quoted_list(source.labels_of(value or ())))
    if operator == "equals":
        return _equals(source, value, negated)
    if operator == "not_equals":
        return _not_equals(leaf, source, by_key, negated, nested)
    if operator in COMPARISONS:
        return _compared(source, operator, value, negated, nested)
    return escape(n)  # an unknown operator: conditions.py does not know it either


def _ticked(source: _Source, keys: list, negated: bool) -> Markup:
    labels = source.labels_of(keys)
    n = source.number
    if len(labels) == 1:
        answer = quoted_list(labels)
        if negated:
            return _filled(_("bei Frage %(n)s nicht %(answer)s angekreuzt haben"),
                           n=n, answer=answer)
        return _filled(_("bei Frage %(n)s %(answer)s angekreuzt haben"), n=n, answer=answer)
    answers = quoted_list(labels)
    if negated:
        return _filled(_("bei Frage %(n)s keine der folgenden Antworten angekreuzt haben: "
                         "%(answers)s"), n=n, answers=answers)
    return _filled(_("bei Frage %(n)s eine der folgenden Antworten angekreuzt haben: "
                     "%(answers)s"), n=n, answers=answers)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _equals(source: _Source, value, negated: bool) -> Markup:
    n = source.number
    if _is_number(value) and source.labels and str(value) in source.labels:
        value = str(value)  # a scale step named by its number
    if isinstance(value, str) and value in source.labels:
        if source.widget == "checkbox":  # exactly this one ticked
            answer = quoted_list(source.labels_of([value]))
            if negated:
                return _filled(_("bei Frage %(n)s nicht nur %(answer)s angekreuzt haben"),
                               n=n, answer=answer)
            return _filled(_("bei Frage %(n)s nur %(answer)s angekreuzt haben"),
                           n=n, answer=answer)
        return _ticked(source, [value], negated)
    if _is_number(value):
        number = format_decimal(value)
        if negated:
            return _filled(_("bei Frage %(n)s nicht die Zahl %(number)s eingetragen haben"),
                           n=n, number=number)
        return _filled(_("bei Frage %(n)s die Zahl %(number)s eingetragen haben"),
                       n=n, number=number)
    answer = _filled(_("„%(text)s“"), text=str(value))
    if negated:
        return _filled(_("bei Frage %(n)s nicht %(answer)s eingetragen haben"),
                       n=n, answer=answer)
    return _filled(_("bei Frage %(n)s %(answer)s eingetragen haben"), n=n, answer=answer)


def _not_equals(leaf: dict, source: _Source, by_key: dict, negated: bool,
                nested: bool) -> Markup:
    key, value = leaf["question"], leaf["not_equals"]
    if negated:  # not answered, or this answer
        return _clause({"any": [{"question": key, "answered": False},
                                {"question": key, "equals": value}]}, by_key, False, nested)
    if source.widget == "radio" and str(value) in source.labels:  # one answer: any other
        return _leaf({"question": key, "none_of": [str(value)]}, by_key, False, nested)
    if _is_number(value) and not source.labels:  # typed, without codes to tick
        return _filled(_("bei Frage %(n)s eine andere Zahl als %(number)s eingetragen haben"),
                       n=source.number, number=format_decimal(value))
    return _clause({"all": [{"question": key, "answered": True},
                            {"not": {"question": key, "equals": value}}]},
                   by_key, False, nested)


def _compared(source: _Source, operator: str, value, negated: bool, nested: bool) -> Markup:
    if source.labels and source.steps(operator, value) and not source.typed:
        return _ticked(source, source.steps(operator, value), negated)
    if source.is_age:
        if negated:  # the other side, or no age written ("Möchte ich nicht sagen")
            either = joined([_age(source, FLIPPED[operator], value), _no_age(source)], "or")
            return Markup("({})").format(either) if nested else either
        return _age(source, operator, value)
    number = format_decimal(value)
    n = source.number
    if negated:
        messages = {
            "lt": _("bei Frage %(n)s keine Zahl unter %(number)s eingetragen haben"),
            "le": _("bei Frage %(n)s keine Zahl bis %(number)s eingetragen haben"),
            "gt": _("bei Frage %(n)s keine Zahl über %(number)s eingetragen haben"),
            "ge": _("bei Frage %(n)s keine Zahl ab %(number)s eingetragen haben"),
        }
    else:
        messages = {
            "lt": _("bei Frage %(n)s eine Zahl unter %(number)s eingetragen haben"),
            "le": _("bei Frage %(n)s eine Zahl bis %(number)s eingetragen haben"),
            "gt": _("bei Frage %(n)s eine Zahl über %(number)s eingetragen haben"),
            "ge": _("bei Frage %(n)s eine Zahl ab %(number)s eingetragen haben"),
        }
    return _filled(messages[operator], n=n, number=number)


def _age(source: _Source, operator: str, value) -> Markup:
    """"mindestens 80 Jahre alt sind (Frage 2)": an age, however it was asked, in years."""
    count = int(value)
    # ngettext fills its values in: the placeholders are given back to be filled as markup
    keep = {"n": "%(n)s", "years": "%(years)s"}
    messages = {
        "lt": ngettext("jünger als %(years)s Jahr sind (Frage %(n)s)",
                       "jünger als %(years)s Jahre sind (Frage %(n)s)", count, **keep),
        "le": ngettext("höchstens %(years)s Jahr alt sind (Frage %(n)s)",
                       "höchstens %(years)s Jahre alt sind (Frage %(n)s)", count, **keep),
        "gt": ngettext("älter als %(years)s Jahr sind (Frage %(n)s)",
                       "älter als %(years)s Jahre sind (Frage %(n)s)", count, **keep),
        "ge": ngettext("mindestens %(years)s Jahr alt sind (Frage %(n)s)",
                       "mindestens %(years)s Jahre alt sind (Frage %(n)s)", count, **keep),
    }
    return _filled(messages[operator], n=source.number, years=format_decimal(value))


def _no_age(source: _Source) -> Markup:
    if source.question is not None and source.question.settings.get("ask") == "year":
        return _filled(_("bei Frage %(n)s kein Geburtsjahr eingetragen haben"),
                       n=source.number)
    return _filled(_("bei Frage %(n)s kein Alter eingetragen haben"), n=source.number)
