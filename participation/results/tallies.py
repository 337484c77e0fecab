"""The counts of one questionnaire per Quartier and entry, read once with a few GROUP BY
queries (counts.py): up to a day, and of all responses or those one organiser entered.

Numbers are kept as a distribution (value → responses) in the unit the figures use: an age
in years in the year the resident answered (asked as a year of birth or as an age), a
month and year as whole years before the response (negative: after it), a number group's
total per response.
"""

from datetime import date

from sqlalchemy.orm import Session

from participation.results import counts
from participation.results.figures import Tally
from participation.results.shapes import QuestionShape
from participation.surveys.parsers import age_in_years


class Tallies:
    def __init__(self, db: Session, questionnaire_id: int, structure: list[QuestionShape],
                 upto: date | None, entered_by: int | None = None):
        self.options = counts.option_counts(db, questionnaire_id, upto, entered_by)
        self.answered = counts.answered_and_means(db, questionnaire_id, upto, entered_by)
        by_id = {shape.id: shape for shape in structure}
        self.values: dict[tuple[int, int], dict[float, int]] = {}
        for key, rows in counts.number_values(db, questionnaire_id, upto,
                                              entered_by).items():
            shape = by_id.get(key[1])
            for value, year, count in rows if shape is not None else ():
                self._add(key, _in_years(shape, value, year), count)
        for key, rows in counts.month_values(db, questionnaire_id, upto, entered_by).items():
            for text, day, count in rows:
                self._add(key, years_before(text, day), count)
        self.totals: dict[tuple[int, int], dict[float, int]] = {}
        for shape in structure:
            if shape.members:
                found = counts.group_totals(db, questionnaire_id, shape.members, upto,
                                            entered_by)
                for quartier_id, totals in found.items():
                    self.totals[(quartier_id, shape.id)] = totals

    def _add(self, key: tuple[int, int], value: float | None, count: int) -> None:
        if value is not None:
            values = self.values.setdefault(key, {})
            values[value] = values.get(value, 0) + count

    def tally(self, quartier_id: int | None, shape: QuestionShape) -> Tally:
        key = (quartier_id, shape.id)
        if shape.members:  # a number group: the responses with a total, and the totals
            totals = self.totals.get(key, {})
            return Tally({}, sum(totals.values()), dict(totals))
        return Tally(dict(self.options.get(key, {})), self.answered.get(key, (0, None, 0))[0],
                     dict(self.values.get(key, {})))

    def combined(self, quartier_ids: list[int], shape: QuestionShape) -> Tally:
        """The tallies of several Quartiere added up."""
        total = Tally()
        for quartier_id in quartier_ids:
            total = total + self.tally(quartier_id, shape)
        return total


def _in_years(shape: QuestionShape, value: float, year: int) -> float | None:
    if shape.kind != "age":
        return value
    return age_in_years(shape, int(value), date(year, 7, 1))


def years_before(month: str, day: date) -> int | None:
    """Whole years from a month ("YYYY-MM") to the day of the response; -1 if it is later."""
    try:
        year, number = (int(part) for part in month.split("-"))
    except ValueError:
        return None
    months = (day.year * 12 + day.month) - (year * 12 + number)
    return months // 12 if months >= 0 else -1
