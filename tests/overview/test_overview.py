"""A questionnaire's overview on SQLite and PostgreSQL: counts and targets per Quartier, the
targets form, responses per day, the same protection as the results page, tenants."""

from datetime import date
from html import unescape

import pytest
from sqlalchemy import delete, func, select

from participation.results.models import Release
from participation.surveys.models import QuestionnaireQuartier, ResponseTarget
from tests.factories import add_response, make_questionnaire, quartiere
from tests.results.test_daily_counts import add_days, daily_table
from tests.results.test_results import ADMIN, AICHTAL, KOHLBERG, Page, login

QUARTIER_TABLE = "Antworten und Ziele je Quartier"
DAY_TABLE = "Antworten je Eingangstag"


@pytest.fixture(autouse=True)
def _forget_targets(app):
    """Targets are not among the rows conftest empties after each test."""
    yield
    from participation import db

    with app.app_context():
        db.session().execute(delete(ResponseTarget))
        db.commit()


def url(questionnaire, lang="de", path="uebersicht") -> str:
    return f"/{lang}/verwaltung/fragebogen/{questionnaire.id}/{path}"


def overview(client, questionnaire, lang="de") -> tuple[Page, str]:
    response = client.get(url(questionnaire, lang))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return Page(html), html


def organiser(app, account):
    client = app.test_client()
    login(client, account)
    return client


def test_each_quartier_with_its_responses_target_and_share(app, session):
    questionnaire = make_questionnaire(session, "kohlberg")
    centre, edge = quartiere(session, "kohlberg")
    add_days(session, questionnaire, centre, {date(2026, 3, 2): 12})
    add_response(session, questionnaire, edge, {"choice": "b"}, day=date(2026, 3, 2))
    session.commit()
    admin = organiser(app, ADMIN)
    saved = admin.post(url(questionnaire, path="ziele"),
                       data={f"ziel-{centre.id}": "40", f"ziel-{edge.id}": ""})
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith("hinweis=ziele-gespeichert#ziele")

    page, html = overview(admin, questionnaire)
    assert page.table(QUARTIER_TABLE) == [
        ["Quartier", "Antworten", "Ziel", "Anteil am Ziel"],
        [centre.name, "12", "40", "30 %"],
        [edge.name, "1", "–", "–"]]
    assert "Die Ziele wurden gespeichert." not in html
    # the chart: one bar per Quartier, one target mark, named by its title and description
    svg = html.split('<svg class="chart-svg"', 1)[1].split("</svg>", 1)[0]
    assert 'role="img" aria-labelledby="bars-title bars-desc"' in svg
    assert svg.count('class="chart-bar"') == 2 and svg.count('class="chart-mark"') == 1
    # numbers isolated (U+2068 … U+2069), so that right to left keeps them whole
    assert ">\u206812\u2069 von \u206840\u2069 (\u206830\xa0%\u2069)<" in unescape(svg)
    # the overview is a section of the questionnaire's pages, marked as the current one
    current = f'<a href="{url(questionnaire)}" aria-current="page">Überblick</a>'
    assert current in html


def test_targets_are_checked_kept_and_shown_with_status_400(app, session):
    questionnaire = make_questionnaire(session, "kohlberg")
    centre, edge = quartiere(session, "kohlberg")
    session.commit()
    client = organiser(app, KOHLBERG)
    for typed, message in (("zehn", "als ganze Zahl ein"), ("3,5", "als ganze Zahl ein"),
                           ("-3", "mindestens 1"), ("0", "mindestens 1"),
                           ("100001", "höchstens 100.000")):
        response = client.post(url(questionnaire, path="ziele"),
                               data={f"ziel-{centre.id}": typed, f"ziel-{edge.id}": "25"})
        html = response.get_data(as_text=True)
        assert response.status_code == 400, typed
        assert html.count(message) == 2, typed  # in the summary and at the field
        assert f'<a href="#ziel-{centre.id}">' in html and "<title>Fehler:" in html
        assert f'value="{typed}"' in html and 'value="25"' in html  # both kept
        assert 'aria-invalid="true"' in html
    assert session.scalar(select(func.count()).select_from(ResponseTarget)) == 0

    assert client.post(url(questionnaire, path="ziele"),
                       data={f"ziel-{centre.id}": " 100000 ", f"ziel-{edge.id}": "25"}
                       ).status_code == 302
    html = client.get(url(questionnaire) + "?hinweis=ziele-gespeichert").get_data(as_text=True)
    assert "Die Ziele wurden gespeichert." in html
    assert dict(session.execute(select(ResponseTarget.quartier_id, ResponseTarget.target)
                                .where(ResponseTarget.questionnaire_id == questionnaire.id)
                                ).all()) == {centre.id: 100000, edge.id: 25}
    # an empty field removes a target; a changed one replaces it
    client.post(url(questionnaire, path="ziele"),
                data={f"ziel-{centre.id}": "", f"ziel-{edge.id}": "30"})
    session.expire_all()
    assert session.execute(select(ResponseTarget.quartier_id, ResponseTarget.target)).all() \
        == [(edge.id, 30)]


def test_only_the_covered_quartiere_get_a_target(app, session):
    questionnaire = make_questionnaire(session, "aichtal")
    aich, groetzingen, neuenhaus = quartiere(session, "aichtal")
    session.add(QuestionnaireQuartier(questionnaire_id=questionnaire.id, quartier_id=aich.id))
    add_response(session, questionnaire, neuenhaus, {"choice": "a"})  # from before a change
    session.commit()
    client = organiser(app, AICHTAL)
    page, html = overview(client, questionnaire)
    assert f'name="ziel-{aich.id}"' in html
    assert f'name="ziel-{groetzingen.id}"' not in html
    assert f'name="ziel-{neuenhaus.id}"' not in html
    # listed: the covered Quartier and the one with a response ("< 10" for a municipality)
    assert page.table(QUARTIER_TABLE)[1:] == [[aich.name, "0", "–", "–"],
                                              [neuenhaus.name, "< 10", "–", "–"]]
    # a target for a Quartier it does not cover is not taken
    client.post(url(questionnaire, path="ziele"),
                data={f"ziel-{aich.id}": "20", f"ziel-{neuenhaus.id}": "20"})
    assert session.execute(select(ResponseTarget.quartier_id)).scalars().all() == [aich.id]


def test_another_municipality_gets_404(app, session):
    questionnaire = make_questionnaire(session, "kohlberg")
    centre, _edge = quartiere(session, "kohlberg")
    session.commit()
    client = organiser(app, AICHTAL)
    assert client.get(url(questionnaire)).status_code == 404
    assert client.post(url(questionnaire, path="ziele"),
                       data={f"ziel-{centre.id}": "10"}).status_code == 404
    assert session.scalar(select(func.count()).select_from(ResponseTarget)) == 0
    assert client.get("/de/verwaltung/fragebogen/2147483647/uebersicht").status_code == 404
    assert app.test_client().get(url(questionnaire)).status_code == 302  # to the login


def test_days_without_responses_between_the_first_and_last_show_as_zero(app, session):
    questionnaire = make_questionnaire(session, "kohlberg")
    centre, _edge = quartiere(session, "kohlberg")
    add_days(session, questionnaire, centre,
             {date(2026, 3, 30): 2, date(2026, 4, 2): 7})
    session.commit()
    admin = organiser(app, ADMIN)
    page, html = overview(admin, questionnaire)
    assert page.table(DAY_TABLE) == [
        ["Eingangstag", "Antworten"], ["30.03.2026", "2"], ["31.03.2026", "0"],
        ["01.04.2026", "0"], ["02.04.2026", "7"]]
    svg = html.split('aria-labelledby="days-title days-desc"', 1)[1].split("</svg>", 1)[0]
    assert svg.count('class="chart-bar"') == 2  # zero days have no column
    assert "\u206830.03.2026\u2069" in unescape(svg)
    assert "\u206802.04.2026\u2069" in unescape(svg)
    assert "Die Linie oben steht für 10 Antworten an einem Tag." in html


def test_a_municipal_organiser_sees_no_more_than_on_the_results_page(app, session):
    """The results page's own test case (tests/results/test_daily_counts.py): the centre's
    days, one "< 5" and its partner "·"; the edge as "< 10", not counted in the days."""
    questionnaire = make_questionnaire(session, "kohlberg")
    centre, edge = quartiere(session, "kohlberg")
    add_days(session, questionnaire, centre,
             {date(2026, 3, 2): 6, date(2026, 3, 3): 40, date(2026, 3, 5): 3,
              date(2026, 3, 9): 9})
    add_days(session, questionnaire, edge, {date(2026, 3, 4): 3})
    session.commit()
    client = organiser(app, KOHLBERG)
    client.post(url(questionnaire, path="ziele"),
                data={f"ziel-{centre.id}": "100", f"ziel-{edge.id}": "30"})

    page, html = overview(client, questionnaire)
    assert page.table(QUARTIER_TABLE)[1:] == [[centre.name, "58", "100", "58 %"],
                                              [edge.name, "< 10", "30", "–"]]
    results_days, results_html = daily_table(client, questionnaire)
    days = page.table(DAY_TABLE)
    assert [row for row in days if row[1] != "0"] == results_days
    assert days[1:] == [["02.03.2026", "6"], ["03.03.2026", "40"], ["04.03.2026", "0"],
                        ["05.03.2026", "< 5"], ["06.03.2026", "0"], ["07.03.2026", "0"],
                        ["08.03.2026", "0"], ["09.03.2026", "·"]]
    assert page.table("Antworten je Quartier und Weg") \
        == [row[:-1] for row in Page(results_html).table("Antworten je Quartier und Weg")]
    # protected counts are drawn as a dashed frame of one size, never to their value
    assert html.count('class="chart-hidden"') == 3  # the edge's bar and two days
    assert "dieselben wie auf der Ergebnisseite" in html and "„&lt; 10“" in html
    assert "\u2068< 10\u2069 von \u206830\u2069<" in unescape(html)  # no share shown

    admin = organiser(app, ADMIN)  # raw data: the live counts, every day
    page, _html = overview(admin, questionnaire)
    assert page.table(QUARTIER_TABLE)[2] == [edge.name, "3", "30", "10 %"]
    assert page.table(DAY_TABLE)[3] == ["04.03.2026", "3"]


def test_looking_writes_nothing_not_even_a_due_release(app, session):
    questionnaire = make_questionnaire(session, "kohlberg")
    centre, _edge = quartiere(session, "kohlberg")
    add_days(session, questionnaire, centre, {date(2026, 5, 4): 12})
    session.commit()
    client = organiser(app, KOHLBERG)
    html = client.get(url(questionnaire)).get_data(as_text=True)
    assert Page(html).table(QUARTIER_TABLE)[1][1] == "12"
    client.get(url(questionnaire, "ar"))
    assert session.scalar(select(func.count()).select_from(Release)) == 0
    assert session.scalar(select(func.count()).select_from(ResponseTarget)) == 0


def test_arabic_page_runs_right_to_left_with_mirrored_bars(app, session):
    questionnaire = make_questionnaire(session, "kohlberg")
    centre, _edge = quartiere(session, "kohlberg")
    add_days(session, questionnaire, centre, {date(2026, 5, 4): 12})
    session.commit()
    admin = organiser(app, ADMIN)
    _page, html = overview(admin, questionnaire, "ar")
    assert 'dir="rtl"' in html
    bar = next(attrs for tag, attrs in Page(html).tags
               if tag == "rect" and attrs.get("class") == "chart-bar")
    assert float(bar["x"]) + float(bar["width"]) == pytest.approx(316)  # from the right


def test_linked_from_the_questionnaire_list_and_the_dashboard(app, session):
    questionnaire = make_questionnaire(session, "kohlberg", status="open")
    session.commit()
    client = organiser(app, KOHLBERG)
    link = f'href="/de/verwaltung/fragebogen/{questionnaire.id}/uebersicht"'
    assert link in client.get("/de/verwaltung/fragebogen").get_data(as_text=True)
    assert link in client.get("/de/verwaltung/").get_data(as_text=True)


def test_a_questionnaire_with_targets_can_still_be_deleted(app, session):
    questionnaire = make_questionnaire(session, "kohlberg", status="draft")
    centre, _edge = quartiere(session, "kohlberg")
    session.commit()
    client = organiser(app, KOHLBERG)
    client.post(url(questionnaire, path="ziele"), data={f"ziel-{centre.id}": "10"})
    response = client.post(url(questionnaire, path="loeschen"))
    assert response.status_code == 302
    assert session.scalar(select(func.count()).select_from(ResponseTarget)) == 0
