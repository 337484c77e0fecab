"""Responses per day on the results page: a flood shows, small counts do not.

For organisers without raw data the days count only the Quartiere with at least 10
responses, and they are one protected line (a small day, a partner "·").

Responses keep only their day, never a time (QUALITY.md §5), so there is no count per hour.
"""

from datetime import date

from tests.factories import add_response, make_questionnaire, quartiere
from tests.results.test_results import ADMIN, KOHLBERG, Page, login

CAPTION = "Antworten je Eingangstag"


def add_days(session, questionnaire, quartier, per_day: dict[date, int]) -> None:
    for day, count in per_day.items():
        for _ in range(count):
            add_response(session, questionnaire, quartier, {"choice": "a", "rating": "3"},
                         day=day)


def daily_table(client, questionnaire) -> tuple[list[list[str]], str]:
    html = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}").get_data(as_text=True)
    return Page(html).table(CAPTION), html


def test_a_flood_on_one_day_is_visible_and_small_days_are_hidden(app, session):
    questionnaire = make_questionnaire(session, "kohlberg")
    centre, _edge = quartiere(session, "kohlberg")
    add_days(session, questionnaire, centre,
             {date(2026, 3, 2): 6, date(2026, 3, 3): 40, date(2026, 3, 5): 3,
              date(2026, 3, 9): 9})
    session.commit()

    admin = app.test_client()
    login(admin, ADMIN)
    rows, html = daily_table(admin, questionnaire)
    assert rows == [["Eingangstag", "Antworten"], ["02.03.2026", "6"], ["03.03.2026", "40"],
                    ["05.03.2026", "3"], ["09.03.2026", "9"]]
    assert '<time datetime="2026-03-03">03.03.2026</time>' in html
    assert "nur der Tag gespeichert, keine Uhrzeit" in html

    # a municipal organiser: 3 is "< 5"; the days add up to the centre's 58, so another
    # day is hidden too (58 - 55 = 3): the one a hash of the day names, not the smallest
    organiser = app.test_client()
    login(organiser, KOHLBERG)
    rows, html = daily_table(organiser, questionnaire)
    assert rows[1:] == [["02.03.2026", "6"], ["03.03.2026", "40"], ["05.03.2026", "< 5"],
                        ["09.03.2026", "·"]]
    assert Page(html).table("Antworten je Quartier und Weg")[1][-1] == "58"


def test_a_hidden_quartier_is_not_the_difference_of_days_and_quartiere(app, session):
    """Centre 20, edge 2 ("< 10"): with the edge's day counted, 22 - 20 would give the
    edge away; the days count the centre alone."""
    questionnaire = make_questionnaire(session, "kohlberg")
    centre, edge = quartiere(session, "kohlberg")
    add_days(session, questionnaire, centre, {date(2026, 4, 1): 8, date(2026, 4, 2): 12})
    add_days(session, questionnaire, edge, {date(2026, 4, 2): 2})
    session.commit()
    organiser = app.test_client()
    login(organiser, KOHLBERG)
    rows, html = daily_table(organiser, questionnaire)
    assert [row[-1] for row in Page(html).table("Antworten je Quartier und Weg")[1:]] \
        == ["20", "< 10"]
    assert rows[1:] == [["01.04.2026", "8"], ["02.04.2026", "12"]]


def test_days_in_the_page_language_and_an_empty_questionnaire(app, session):
    questionnaire = make_questionnaire(session, "kohlberg")
    admin = app.test_client()
    login(admin, ADMIN)
    html = admin.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}").get_data(as_text=True)
    assert "Antworten je Eingangstag," not in html and "Antworten je Tag" in html
    add_days(session, questionnaire, quartiere(session, "kohlberg")[0], {date(2026, 5, 4): 5})
    session.commit()
    html = admin.get(f"/en/verwaltung/ergebnisse/{questionnaire.id}").get_data(as_text=True)
    assert '<time datetime="2026-05-04">May 4, 2026</time>' in html
