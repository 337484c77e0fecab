"""What can only be checked across questions: matrices and groups with their rows, scores
and their items, conditions and what they refer to (no forward references, so no cycles).

Questions come as dicts {"key", "kind", "settings", "options": [option keys]}, in order.
Problems are (index, part, message); part names the setting ("settings.show_if").
"""

from flask_babel import gettext as _

from participation.surveys.conditions import COMBINATIONS, COMPARISONS, leaf_operator
from participation.surveys.content import GROUP_KINDS
from participation.surveys.questions import KINDS, answer_keys
from participation.surveys.structure import MATRIX_ANSWERS, ROW_SETTINGS

NUMERIC_KINDS = frozenset({"number", "age", "scale"})
MAX_CONDITION_DEPTH = 6
MAX_CONDITION_PARTS = 50


def sequence_problems(questions: list[dict]) -> list[tuple[int, str, str]]:
    problems: list[tuple[int, str, str]] = []
    earlier: dict[str, dict] = {}  # answerable questions so far, with their answer keys
    open_group: dict | None = None
    for index, question in enumerate(questions):
        kind, settings = question["kind"], question.get("settings") or {}
        group = settings.get("group")
        if open_group is not None and group != open_group["key"]:
            if not open_group["rows"]:
                problems.append((open_group["index"], "kind", _(
                    "Diese Matrix bzw. Gruppe hat keine Zeilen. Zeilen folgen direkt auf sie "
                    "und nennen ihren Schlüssel unter „group“.")))
            open_group = None
        if kind in GROUP_KINDS:
            problems += _header_problems(index, question)
            open_group = {"key": question["key"], "index": index, "rows": [], "question": question}
        elif group is not None:
            problems += _row_problems(index, question, open_group)
            if open_group is not None:
                open_group["rows"].append(question["key"])
        for name in ("show_if", "end_if"):
            if settings.get(name):
                page = open_group["key"] if open_group and group else None
                problems += [(index, f"settings.{name}", message) for message in
                             condition_problems(settings[name], earlier, page)]
        problems += _setting_problems(index, question, earlier)
        if kind in KINDS:
            earlier[question["key"]] = {
                "kind": kind, "page": group,
                "keys": answer_keys(kind, _effective(question, open_group),
                                    tuple(_options(question, open_group)))}
    if open_group is not None and not open_group["rows"]:
        problems.append((open_group["index"], "kind", _(
            "Diese Matrix bzw. Gruppe hat keine Zeilen. Zeilen folgen direkt auf sie und "
            "nennen ihren Schlüssel unter „group“.")))
    return problems


def _options(question: dict, group: dict | None) -> list[str]:
    if group is not None and question.get("settings", {}).get("group") == group["key"] \
            and group["question"]["kind"] == "matrix":
        return list(group["question"].get("options", ()))
    return list(question.get("options", ()))


def _effective(question: dict, group: dict | None) -> dict:
    settings = dict(question.get("settings") or {})
    if group is not None and settings.get("group") == group["key"]:
        header = group["question"].get("settings") or {}
        for name in ("prefer_not", "dont_know"):
            if header.get(name):
                settings[name] = True
    return settings


def _header_problems(index: int, question: dict) -> list[tuple[int, str, str]]:
    settings = question.get("settings") or {}
    if question["kind"] == "matrix" and settings.get("answer") not in MATRIX_ANSWERS:
        return [(index, "settings.answer", _(
            "Eine Matrix braucht die Antwortart „scale“ (Skala) oder „single_choice“ "
            "(Einfachauswahl)."))]
    chunk = settings.get("chunk")
    if chunk is not None and (not isinstance(chunk, int) or chunk < 1):
        return [(index, "settings.chunk", _("Die Zahl der Zeilen je Seite muss mindestens 1 "
                                            "sein."))]
    return []


def _row_problems(index: int, question: dict, group: dict | None) -> list[tuple[int, str, str]]:
    settings = question.get("settings") or {}
    if group is None or settings["group"] != group["key"]:
        return [(index, "settings.group", _(
            "Eine Zeile muss direkt auf ihre Matrix bzw. Gruppe „%(key)s“ oder deren andere "
            "Zeilen folgen.", key=settings["group"]))]
    header = group["question"]
    if header["kind"] == "matrix":
        if question["kind"] != header.get("settings", {}).get("answer"):
            return [(index, "kind", _("Eine Zeile hat die Antwortart ihrer Matrix."))]
        if question.get("options"):
            return [(index, "options", _("Eine Zeile einer Matrix hat keine eigenen "
                                         "Antworten: Sie verwendet die der Matrix."))]
        extra = sorted(set(settings) - ROW_SETTINGS)
        if extra:
            return [(index, "settings", _("Diese Einstellung gehört an die Matrix, nicht an "
                                          "die Zeile: %(names)s.", names=", ".join(extra)))]
    elif question["kind"] != "number":
        return [(index, "kind", _("Die Felder einer Zahlengruppe sind Zahlen („number“)."))]
    return []


def _setting_problems(index: int, question: dict, earlier: dict) -> list[tuple[int, str, str]]:
    settings, kind = question.get("settings") or {}, question["kind"]
    problems = []
    exclusive = settings.get("exclusive") or []
    if any(key not in question.get("options", ()) for key in exclusive):
        problems.append((index, "settings.exclusive", _(
            "„Nur allein wählbar“ nennt eine Antwort, die es bei dieser Frage nicht gibt.")))
    bands = settings.get("bands")
    if bands is not None and (not bands or any(
            upper <= lower for lower, upper in zip(bands, bands[1:], strict=False))):
        problems.append((index, "settings.bands", _(
            "Die Grenzen der Gruppen für die Auswertung müssen aufsteigen, zum Beispiel "
            "65, 70, 75, 80.")))
    if kind == "age" and settings.get("ask", "age") not in ("age", "year"):
        problems.append((index, "settings.ask", _(
            "Gefragt wird nach dem Alter („age“) oder dem Geburtsjahr („year“).")))
    if kind == "number_group" and settings.get("total_equals"):
        source = earlier.get(settings["total_equals"])
        if source is None or source["kind"] not in ("number", "age"):
            problems.append((index, "settings.total_equals", _(
                "Die Summe kann nur mit einer früheren Zahlenfrage verglichen werden.")))
    if kind == "score":
        problems += [(index, f"settings.{part}", message)
                     for part, message in _score_problems(settings, earlier)]
    return problems


def _score_problems(settings: dict, earlier: dict) -> list[tuple[str, str]]:
    items = settings.get("items") or []
    if not items:
        return [("items", _("Ein Punktwert braucht mindestens eine Frage, aus der er "
                            "berechnet wird."))]
    wrong = [key for key in items if earlier.get(key, {}).get("kind") not in NUMERIC_KINDS]
    if wrong:
        return [("items", _("Ein Punktwert wird nur aus früheren Skalen- oder Zahlenfragen "
                            "berechnet: %(keys)s.", keys=", ".join(wrong)))]
    if not set(settings.get("reversed") or ()) <= set(items):
        return [("reversed", _("Umgekehrt gewertet werden können nur Fragen des "
                               "Punktwerts."))]
    if settings.get("method", "sum") not in ("sum", "mean"):
        return [("method", _("Ein Punktwert ist eine Summe („sum“) oder ein Mittelwert "
                             "(„mean“)."))]
    needed = settings.get("min_answered")
    if needed is not None and not 1 <= needed <= len(items):
        return [("min_answered", _("Die Zahl der nötigen Antworten liegt zwischen 1 und der "
                                   "Zahl der Fragen (%(n)d).", n=len(items)))]
    return []


def condition_problems(condition: dict, earlier: dict, page: str | None = None,
                       depth: int = 0) -> list[str]:
    """What is wrong with a condition, given the answerable questions before it.

    `page` is the matrix or group the condition's question is on: its rows are answered
    together, so they cannot be conditions of each other."""
    if depth > MAX_CONDITION_DEPTH:
        return [_("Die Bedingung ist zu tief verschachtelt.")]
    combination = next((name for name in COMBINATIONS if name in condition), None)
    if combination == "not":
        return condition_problems(condition["not"], earlier, page, depth + 1)
    if combination is not None:
        parts = condition[combination]
        if not parts or len(parts) > MAX_CONDITION_PARTS:
            return [_("Eine Verknüpfung braucht 1 bis %(n)d Teile.", n=MAX_CONDITION_PARTS)]
        return [message for part in parts
                for message in condition_problems(part, earlier, page, depth + 1)]
    source_key, operator = condition.get("question"), leaf_operator(condition)
    source = earlier.get(source_key)
    if source is None or (page is not None and source["page"] == page):
        return [_("„%(key)s“ ist keine der vorherigen Fragen. Eine Bedingung kann sich nur "
                  "auf eine Frage auf einer früheren Seite beziehen.", key=source_key)]
    value = condition.get(operator)
    if operator in COMPARISONS:
        if source["kind"] not in NUMERIC_KINDS:
            return [_("Die Frage „%(key)s“ hat keine Zahl zum Vergleichen.", key=source_key)]
        return []
    if operator in ("equals", "not_equals") and isinstance(value, int | float):
        if source["kind"] not in NUMERIC_KINDS:
            return [_("Die Frage „%(key)s“ hat keine Zahl zum Vergleichen.", key=source_key)]
        return []
    if operator in ("any_of", "none_of", "equals", "not_equals") and source["keys"]:
        wanted = value if isinstance(value, list) else [value]
        return [_("Die Frage „%(question)s“ hat keine Antwort „%(key)s“.",
                  question=source_key, key=key) for key in wanted if key not in source["keys"]]
    if operator in ("any_of", "none_of") and not source["keys"]:
        return [_("Die Frage „%(key)s“ hat keine Antwortmöglichkeiten, auf die sich eine "
                  "Bedingung beziehen kann.", key=source_key)]
    return []
