"""Typed answers on the results pages, on SQLite and PostgreSQL: ages and numbers by bands
with mean and median, month and year as years before the response, "Weiß nicht" and
"Keine Angabe" beside them, number groups, sections, and the tables follow-ups are bounded
by. The questionnaire template and the Burscheid-Hilgen questionnaire, answered."""

import csv
import io
from datetime import date

from participation.results.shapes import Link, shapes_of
from participation.surveys.content import questionnaire_view
from tests.factories import quartiere
from tests.results.structures import import_document, submit
from tests.results.test_results import ADMIN, KOHLBERG, login, publish_figures, results_page

DAY = date(2025, 6, 15)  # the day the responses came in
AGE = "1. In welchem Jahr sind Sie geboren?"
HOUSEHOLD = "2. Wie viele Personen leben in Ihrem Haushalt, Sie eingeschlossen?"


def seed_template(session):
    """Kohlberg's centre, 12 in 2025. Born 1962 ×2 (63 then), 1955 ×3 (70), 1948 ×3 (77),
    1940 ×2 (85), "prefer not to say" ×2. Household 1 ×4, 2 ×5, 4 ×3 (with a partner)."""
    questionnaire = import_document(session, "template", "kohlberg")
    centre = quartiere(session, "kohlberg")[0]
    born = [1962] * 2 + [1955] * 3 + [1948] * 3 + [1940] * 2 + ["prefer_not"] * 2
    households = [1] * 4 + [2] * 5 + [4] * 3
    for year, household in zip(born, households, strict=True):
        submit(session, questionnaire, centre, {
            "birth_year": year, "household_size": household,
            "living_with": ["partner"] if household > 1 else None}, day=DAY)
    session.commit()
    return questionnaire


def test_ages_asked_as_years_of_birth_are_counted_in_bands_of_years(client, session):
    questionnaire = seed_template(session)
    login(client, ADMIN)
    page = results_page(client, questionnaire)
    # ages in the year of the response: 63 63 70 70 70 77 77 77 85 85; 737 / 10 = 73.7,
    # the median between the 5th and 6th, (70 + 77) / 2
    assert page.table(AGE)[1:] == [
        ["unter 65 Jahren", "2", "17 %"], ["65 bis 69 Jahre", "0", "0 %"],
        ["70 bis 74 Jahre", "3", "25 %"], ["75 bis 79 Jahre", "3", "25 %"],
        ["80 bis 84 Jahre", "0", "0 %"], ["85 Jahre und älter", "2", "17 %"],
        ["Keine Angabe", "2", "17 %"], ["Nicht beantwortet", "0", "0 %"],
        ["Mittelwert (Jahre)", "73,7", "–"], ["Median (Jahre)", "73,5", "–"]]
    # bands 2 and 3 of a number of at least 1: "1" is the band below 2; 26 / 12 = 2.2
    assert page.table(HOUSEHOLD)[1:] == [
        ["unter 2", "4", "33 %"], ["2", "5", "42 %"], ["3 und mehr", "3", "25 %"],
        ["Nicht beantwortet", "0", "0 %"], ["Mittelwert", "2,2", "–"], ["Median", "2", "–"]]
    html = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}").get_data(as_text=True)
    sections = ["Sie und Ihre Wohnung", "Unterwegs im Quartier", "Kontakte und Mitmachen",
                "Gesundheit und Beratung", "Hilfe im Alltag und Pflege", "Zum Schluss"]
    positions = [html.index(f"<h3>{title}</h3>") for title in sections]
    assert positions == sorted(positions)
    assert positions[0] < html.index("In welchem Jahr sind Sie geboren?") < positions[1]
    assert "<h3>Wohnen</h3>" not in html  # sections, not fields of action

    response = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}/antworten.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"),
                                       newline="")))
    at = rows[0].index("birth_year")
    assert rows[0][at:at + 2] == ["birth_year", "birth_year__age"]
    assert [row[at:at + 2] for row in rows[1:]] == [
        ["1962", "63"]] * 2 + [["1955", "70"]] * 3 + [["1948", "77"]] * 3 + [
        ["1940", "85"]] * 2 + [["prefer_not", ""]] * 2


def test_published_bands_and_codes_hide_small_counts_and_means(client, session):
    questionnaire = seed_template(session)
    login(client, KOHLBERG)
    publish_figures(client, questionnaire)
    page = results_page(client, questionnaire)
    # every non-zero cell is small: each is "< 5" (with 12 in all, none can be narrowed)
    assert [row[1] for row in page.table(AGE)[1:]] == [
        "< 5", "0", "< 5", "< 5", "0", "< 5", "< 5", "0", "–", "–"]
    # 4 and 3 are small, 5 their only possible partner
    assert [row[1] for row in page.table(HOUSEHOLD)[1:]] == ["< 5", "·", "< 5", "0", "–", "–"]


def test_follow_ups_are_bounded_by_the_cells_their_conditions_name(session):
    view = questionnaire_view(import_document(session, "template", "kohlberg"), "de")
    links = {shape.key: shape.links for shape in shapes_of(view)}
    # "more than 1 person": the bands from 2 on; "80 or older": the bands from 80 on
    assert links["living_with"] == (Link("household_size", ("_from_2", "_from_3")),)
    assert links["home_visit"] == (Link("birth_year", ("_from_80", "_from_85")),)
    assert links["help_from"] == (Link("help_needed", ("regularly", "sometimes")),)
    assert links["wishes"] == ()
    view = questionnaire_view(import_document(session, "burscheid_hilgen", "kohlberg"), "de")
    links = {shape.key: shape.links for shape in shapes_of(view)}
    # a number without bands: only "answered" can hold numbers above 1
    assert links["haushalt_alter"] == (Link("haushalt", ("_answered",)),)
    assert links["haushalt_18_64"] == (Link("haushalt", ("_answered",)),
                                       Link("haushalt_alter", ("_answered",), ("_answered",)))
    view = questionnaire_view(import_document(session, "who5", "kohlberg"), "de")
    index = next(shape for shape in shapes_of(view) if shape.key == "who5_index")
    assert index.links[0] == Link("who5_1", ("5", "4", "3", "2", "1", "0"))
    assert index.option_keys == ("_from_0", "_from_29", "_from_51")  # nothing below 0
    session.rollback()


def seed_burscheid(session):
    """Kohlberg's centre, 12 in mid-June 2025 (see the figures in the tests below)."""
    questionnaire = import_document(session, "burscheid_hilgen", "kohlberg")
    centre = quartiere(session, "kohlberg")[0]
    ages = [55, 62, 62, 68, 71, 71, 71, 75, 79, 83, 90, "prefer_not"]
    households = [1, 1, 2, 2, 2, 3, 3, 4, 1, 2, "prefer_not", "prefer_not"]
    people = {2: (0, 0, 2), 3: (1, 1, 1), 4: (2, 2, 0)}  # under 18, 18 to 64, 65 and over
    since = ["2025-03", "2022-06", "2020-07", "2015-01", "2010-06", "1990-01", "1980-05",
             "1970-06", "1965-02", "2025-09", "dont_know", None]
    for index in range(12):
        household = households[index]
        split = (0, 2, 0) if index == 9 else people.get(household, (None,) * 3)
        submit(session, questionnaire, centre, {
            "alter": ages[index], "haushalt": household, "wohnt_seit": since[index],
            "haushalt_unter18": split[0], "haushalt_18_64": split[1],
            "haushalt_ab65": split[2], "wohnform": "miete"}, day=DAY)
    session.commit()
    return questionnaire


def test_ages_numbers_months_and_groups_of_a_questionnaire_with_sections(client, session):
    questionnaire = seed_burscheid(session)
    login(client, ADMIN)
    page = results_page(client, questionnaire)
    # 55 62 62 68 71 71 71 75 79 83 90: 787 / 11 = 71.5, the 6th is 71
    assert page.table("20. Wie alt sind Sie?")[1:] == [
        ["unter 50 Jahren", "0", "0 %"], ["50 bis 59 Jahre", "1", "8 %"],
        ["60 bis 69 Jahre", "3", "25 %"], ["70 bis 79 Jahre", "5", "42 %"],
        ["80 Jahre und älter", "2", "17 %"], ["Keine Angabe", "1", "8 %"],
        ["Nicht beantwortet", "0", "0 %"], ["Mittelwert (Jahre)", "71,5", "–"],
        ["Median (Jahre)", "71", "–"]]
    # no bands: "answered" beside the code; 21 / 10 = 2.1
    assert page.table("22. Wie viele Personen leben in Ihrem Haushalt")[1:] == [
        ["Beantwortet", "10", "83 %"], ["Keine Angabe", "2", "17 %"],
        ["Nicht beantwortet", "0", "0 %"], ["Mittelwert", "2,1", "–"], ["Median", "2", "–"]]
    # asked of the 7 with more than one person; totals 2 2 2 3 3 4 2: 18 / 7 = 2.6
    assert page.table("23. Wie viele Personen in Ihrem Haushalt") == [
        ["Angabe", "Beantwortet", "Nicht beantwortet", "Mittelwert", "Median"],
        ["23a. unter 18 Jahre alt", "7 (58 %)", "5 (42 %)", "0,6", "0"],
        ["23b. 18 bis 64 Jahre alt", "7 (58 %)", "5 (42 %)", "0,9", "1"],
        ["23c. 65 Jahre und älter", "7 (58 %)", "5 (42 %)", "1,1", "1"],
        ["Summe je Antwort", "7 (58 %)", "5 (42 %)", "2,6", "2"]]
    # whole years before mid-June 2025: 0, 2 ×(1–4), 2 ×(10–19), 35, 45 55 60, one after
    # it; the mean and median of the nine: 227 / 9 = 25.2 and 15
    assert page.table("24. Seit wann wohnen Sie in Hilgen?")[1:] == [
        ["vor weniger als 1 Jahr", "1", "8 %"], ["vor 1 bis 4 Jahren", "2", "17 %"],
        ["vor 5 bis 9 Jahren", "0", "0 %"], ["vor 10 bis 19 Jahren", "2", "17 %"],
        ["vor 20 bis 39 Jahren", "1", "8 %"], ["vor 40 oder mehr Jahren", "3", "25 %"],
        ["nach dem Tag der Antwort", "1", "8 %"], ["Weiß nicht", "1", "8 %"],
        ["Nicht beantwortet", "1", "8 %"], ["Mittelwert (Jahre zurück)", "25,2", "–"],
        ["Median (Jahre zurück)", "15", "–"]]
    html = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}").get_data(as_text=True)
    headings = [html.index(f"<h3>{title}</h3>") for title in (
        "Wohnen und Wohnumfeld", "Nahversorgung", "Freizeit und soziale Kontakte",
        "Attraktivität von Hilgen", "Angaben zu Ihrer Person")]
    assert headings == sorted(headings)
    assert headings[0] < html.index("6. <span>Wie zufrieden sind Sie mit folgenden") \
        < headings[1] < headings[4] < html.index("20. <span>Wie alt sind Sie?")


def test_published_groups_and_typed_codes(client, session):
    questionnaire = seed_burscheid(session)
    login(client, KOHLBERG)
    publish_figures(client, questionnaire)
    page = results_page(client, questionnaire)
    # 1, 3, 2 and the code's 1 are small; 5 is their partner
    assert [row[1] for row in page.table("20. Wie alt sind Sie?")[1:]] == [
        "0", "< 5", "< 5", "·", "< 5", "< 5", "0", "–", "–"]
    # "prefer not to say" twice: small, with the answers as its partner
    assert [row[1] for row in page.table("22. Wie viele Personen leben")[1:]] == [
        "·", "< 5", "0", "–", "–"]
    # 7 and 5 of 12: nothing small, so the means are published
    assert page.table("23. Wie viele Personen in Ihrem Haushalt")[4] == [
        "Summe je Antwort", "7 (58 %)", "5 (42 %)", "2,6", "2"]
    months = [row[1] for row in page.table("24. Seit wann wohnen Sie in Hilgen?")[1:]]
    assert months == ["< 5", "< 5", "0", "< 5", "< 5", "< 5", "< 5", "< 5", "< 5", "–", "–"]
