"""Scores computed per response, such as the WHO-5 well-being index (sum of five items × 4).

A score entry's settings: "items" (keys of scale, number or age questions), "method" ("sum"
or "mean"), "reversed" (items scored from the other end of their scale), "factor", and
"min_answered" (how many items must have a number; default all). Codes such as "Weiß nicht"
are not numbers: an item answered with one counts as not answered.
"""

from participation.surveys.content import QuestionnaireView, QuestionView


def item_value(item: QuestionView, value, reversed_: bool) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    numeric = isinstance(value, int | float) or (
        isinstance(value, str) and value.lstrip("-").isdigit())  # a scale step's key
    if not numeric:
        return None
    number = float(value)
    if reversed_:
        steps = [int(o.key) for o in item.options if o.key.lstrip("-").isdigit()]
        if not steps:
            return None
        number = min(steps) + max(steps) - number
    return number


def score_value(score: QuestionView, by_key: dict[str, QuestionView],
                answers: dict) -> float | None:
    settings = score.settings
    items = [key for key in settings.get("items", ()) if key in by_key]
    reversed_items = set(settings.get("reversed", ()))
    numbers = [number for key in items
               if (number := item_value(by_key[key], answers.get(key),
                                        key in reversed_items)) is not None]
    needed = settings.get("min_answered") or len(items)
    if not items or len(numbers) < needed:
        return None
    total = sum(numbers)
    if settings.get("method") == "mean":
        total /= len(numbers)
    return round(total * settings.get("factor", 1), 2)


def scores_of(view: QuestionnaireView, answers: dict,
              shown_keys: set[str]) -> list[tuple[QuestionView, float]]:
    """Each score of the questionnaire this response has enough answers for. Only answers
    to questions the resident was shown count."""
    by_key = {q.key: q for q in view.questions if q.key in shown_keys}
    found = []
    for score in view.questions:
        if score.kind == "score":
            value = score_value(score, by_key, answers)
            if value is not None:
                found.append((score, value))
    return found
