"""Every kind of question with every combination of its settings (structure.py), as one
portable document, and how a resident answers each: shared by the tests that answer them
all (tests/answering/test_every_setting.py) and that open and save them all in the builder
(tests/builder/test_round_trip.py)."""

from itertools import combinations

from participation.surveys.questions import KINDS
from participation.surveys.structure import ALLOWED_SETTINGS

GATE = {"key": "gate", "kind": "yes_no", "text": {"de": "Wohnen Sie hier?"}}
CHOICES = [["rot", {"de": "Rot", "en": "Red"}], ["gruen", {"de": "Grün | hell"}],
           ["blau", {"de": "Blau"}]]
STEPS_UP = [[str(n), {"de": f"{n} – gut" if n == 4 else str(n)}] for n in range(1, 5)]
STEPS_DOWN = [[str(n), {"de": f"Stufe {n}"}] for n in range(5, -1, -1)]
RANGES = {"number": [{}, {"min": 1900}, {"max": 2100}, {"min": -5, "max": 5}],
          "multiple_choice": [{}, {"min": 2}, {"max": 1}, {"min": 1, "max": 2}],
          "month_year": [{}, {"min": 1950, "max": 2030}],
          "age": [{}, {"ask": "year"}, {"ask": "age", "bands": [65, 75, 85]}]}


def _flag_sets(kind: str) -> list[dict]:
    flags = [name for name in ("other", "dont_know", "prefer_not")
             if name in ALLOWED_SETTINGS[kind]]
    return [{name: True for name in chosen}
            for size in range(len(flags) + 1) for chosen in combinations(flags, size)]


def questions() -> list[dict]:
    """The gate, then per kind every settings combination, once plain and once optional and
    shown only when the gate is answered "yes"."""
    found = [GATE]
    for kind in KINDS:
        for flags in _flag_sets(kind):
            for ranges in RANGES.get(kind, [{}]):
                for conditional in (False, True):
                    number = len(found)
                    settings = {**flags, **ranges}
                    if conditional:
                        settings["show_if"] = {"question": "gate", "any_of": ["yes"]}
                    question = {"key": f"q{number}", "kind": kind, "field": "housing",
                                "required": not conditional, "settings": settings,
                                "text": {"de": f"Frage {number} ({kind})",
                                         "en": f"Question {number}"},
                                "hint": {"de": "Ein Hinweis."} if conditional else {}}
                    if kind in ("single_choice", "multiple_choice"):
                        question["options"] = CHOICES
                    elif kind == "scale":
                        question["options"] = STEPS_DOWN if conditional else STEPS_UP
                    found.append(question)
    return found


def document() -> dict:
    return {"format": "participation-questionnaire", "version": 1, "slug": "jede-einstellung",
            "languages": ["de", "en"], "title": {"de": "Jede Einstellung", "en": "Every setting"},
            "intro": {"de": "Alle Arten von Fragen."}, "questions": questions()}


def answer(question: dict) -> tuple[dict, set]:
    """(form a resident posts, rows expected as (option_key, number, text))."""
    kind, settings = question["kind"], question.get("settings", {})
    if kind == "yes_no":
        return {"answer": "yes"}, {("yes", None, None)}
    if kind == "single_choice":
        if settings.get("other"):
            return ({"answer": "other", "answer_other": "Lila"}, {("other", None, "Lila")})
        if settings.get("prefer_not"):
            return {"answer": "prefer_not"}, {("prefer_not", None, None)}
        return {"answer": "gruen"}, {("gruen", None, None)}
    if kind == "multiple_choice":
        most = settings.get("max", 3)
        chosen = ["rot", "blau"][:max(1, min(most, 2))]
        if settings.get("other") and most >= 2:
            chosen = ["rot", "other"]
        if len(chosen) < settings.get("min", 1):
            chosen = ["rot", "gruen"]
        rows = {(key, None, "Lila" if key == "other" else None) for key in chosen}
        return {"answer": chosen, "answer_other": "Lila"}, rows
    if kind == "scale":
        if settings.get("prefer_not"):
            return {"answer": "prefer_not"}, {("prefer_not", None, None)}
        step = question["options"][1][0]
        return {"answer": step}, {(step, float(step), None)}
    if KINDS[kind].typed and settings.get("dont_know"):
        return {"answer_code": "dont_know"}, {("dont_know", None, None)}
    if KINDS[kind].typed and settings.get("prefer_not"):
        return {"answer_code": "prefer_not"}, {("prefer_not", None, None)}
    if kind == "number":
        value = settings.get("min", 1948 if settings.get("max", 1e9) >= 1948 else 0)
        return {"answer": str(value)}, {(None, float(value), None)}
    if kind == "age":
        value = 1948 if settings.get("ask") == "year" else 78
        return {"answer": str(value)}, {(None, float(value), None)}
    if kind == "month_year":
        return {"answer": "2019", "answer_month": "3"}, {(None, None, "2019-03")}
    if kind == "date":
        return {"answer": "17.03.1948"}, {(None, None, "1948-03-17")}
    return {"answer": f"Antwort auf {question['key']} <b>"}, {
        (None, None, f"Antwort auf {question['key']} <b>")}
