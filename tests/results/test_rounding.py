"""Figures are rounded half up, in decimal arithmetic, on the results page and in the digest.

Python's round() and Babel's number formats round half to even, and 2.65 is 2.6499… as a
float: before, 5 of 8 showed as 62 %, 3 of 8 as 38 % and a mean of 2.65 as 2.6.
"""

import itertools
from decimal import Decimal

from sqlalchemy import select

from participation import db
from participation.clock import local_today
from participation.digests import jobs
from participation.digests.models import OutgoingEmail
from participation.digests.schedule import period_of
from participation.results.rounding import mean, round_half_up, share, whole_percent
from tests.factories import add_response, make_questionnaire, municipality, quartiere
from tests.results.test_results import KOHLBERG, Page, login, publish_figures


def test_half_rounds_up_where_round_went_to_even():
    assert round(62.5) == 62 and round(2.65, 1) == 2.6  # what the digests did
    assert round_half_up(62.5) == 63
    assert round_half_up(37.5) == 38
    assert round_half_up(2.65, 1) == Decimal("2.7")
    assert round_half_up(0.5) == 1
    assert round_half_up(Decimal("2.6499"), 1) == Decimal("2.6")


def test_shares_and_means_come_from_the_integer_counts():
    assert whole_percent(5, 8) == 63 and whole_percent(3, 8) == 38
    assert whole_percent(1, 200) == 1 and whole_percent(1, 201) == 0
    assert share(5, 8) == Decimal("0.63") and share(8, 8) == 1
    assert mean(53, 20) == Decimal("2.7")
    assert mean(106.0, 40) == Decimal("2.7")  # SQL sums of number answers are floats
    assert mean(50, 12) == Decimal("4.2") and mean(12, 4) == Decimal("3.0")


def test_shares_of_a_one_answer_table_add_up_to_100_within_rounding():
    """Each share is rounded on its own, so k shown shares lie within k/2 of 100 (and never
    further): 5 and 3 of 8 make 101 %, three thirds 99 %."""
    assert whole_percent(5, 8) + whole_percent(3, 8) == 101
    assert 3 * whole_percent(1, 3) == 99
    for cells in (2, 3, 4, 5):
        for counts in itertools.product(range(13), repeat=cells):
            total = sum(counts)
            if total:
                shown = sum(whole_percent(count, total) for count in counts)
                assert abs(shown - 100) <= cells / 2, counts


def seed_ties(session):
    """Kohlberg's centre, 40 responses: colour a 25 (62.5 %), b 15 (37.5 %); rating 1×7,
    2×10, 3×13, 4×10 (17.5, 25, 32.5, 25 %; mean 106 / 40 = 2.65). No count is below 5, so
    disclosure control hides nothing."""
    questionnaire = make_questionnaire(session, "kohlberg")
    centre, _edge = quartiere(session, "kohlberg")
    ratings = ["1"] * 7 + ["2"] * 10 + ["3"] * 13 + ["4"] * 10
    for index, rating in enumerate(ratings):
        add_response(session, questionnaire, centre,
                     {"choice": "a" if index < 25 else "b", "rating": rating})
    return questionnaire


def test_the_results_page_rounds_half_up(client, session):
    questionnaire = seed_ties(session)
    session.commit()
    login(client, KOHLBERG)
    publish_figures(client, questionnaire)
    html = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}").get_data(as_text=True)
    page = Page(html)
    assert page.table("Welche Farbe?")[1:] == [
        ["Rot", "25", "63 %"], ["Grün", "15", "38 %"], ["Blau", "0", "0 %"],
        ["Nicht beantwortet", "0", "0 %"]]
    assert page.table("Wie zufrieden?")[1:] == [
        ["1", "7", "18 %"], ["2", "10", "25 %"], ["3", "13", "33 %"], ["4", "10", "25 %"],
        ["5", "0", "0 %"], ["Nicht beantwortet", "0", "0 %"], ["Mittelwert", "2,7", "–"]]
    assert "nicht immer genau 100 %" in html
    # the locale's format prints the rounded value as it is
    english = Page(client.get(f"/en/verwaltung/ergebnisse/{questionnaire.id}")
                   .get_data(as_text=True))
    assert english.table("Which colour?")[1][2] == "63%"
    assert english.table("How satisfied?")[-1] == ["Average", "2.7", "–"]


def test_the_digest_rounds_half_up(app):
    with app.app_context():
        seed_ties(db.session())
        kohlberg = municipality(db.session(), "kohlberg").id
        db.commit()
        assert jobs.deliver_digest(kohlberg, period_of(local_today()), force=True) == "sent"
        text = db.session().scalar(select(OutgoingEmail.body_text))
        html = db.session().scalar(select(OutgoingEmail.body_html))
        db.rollback()
    assert "- Rot: 25 (63 %)" in text and "- Grün: 15 (38 %)" in text
    assert "- 1: 7 (18 %)" in text and "- 3: 13 (33 %)" in text
    assert "- Mittelwert: 2,7" in text
    assert "nicht immer genau 100 %" in text
    assert ">63 %<" in html and ">2,7<" in html
