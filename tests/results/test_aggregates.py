"""Protected tables for organisers of a municipality (CSV, XLSX), and sensitive questions,
on SQLite and PostgreSQL."""

import csv
import io

from tests.factories import add_response, make_questionnaire, quartiere
from tests.results.test_results import (
    AICHTAL,
    KOHLBERG,
    SPEC,
    login,
    publish_figures,
    results_page,
    seed,
)
from tests.xlsx import read_xlsx, unescape_xlsx


def _tables_csv(client, questionnaire) -> list[list[str]]:
    response = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}/tabellen.csv")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_a_municipal_organiser_downloads_the_figures_of_the_results_page(client, session):
    questionnaire = seed(session)
    login(client, KOHLBERG)
    publish_figures(client, questionnaire)
    assert client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}/antworten.csv") \
        .status_code == 403  # raw answers stay with the district
    rows = _tables_csv(client, questionnaire)
    assert rows[0] == ["quartier", "section", "group", "group_text", "number", "question",
                       "question_text", "answer", "answer_text", "count", "share_percent"]
    assert rows[1][:7] == ["", "Wohnen", "", "", "1", "choice", "Welche Farbe?"]
    colour = [row[7:] for row in rows[1:] if row[0] == "" and row[5] == "choice"]
    # all Quartiere together is the centre alone (the edge has fewer than 10): as on the page
    assert colour == [["a", "Rot", "·", ""], ["b", "Grün", "< 5", ""], ["c", "Blau", "< 5", ""],
                      ["_not_answered", "Nicht beantwortet", "0", "0"]]
    page = results_page(client, questionnaire)
    assert [row[1] for row in page.table("Welche Farbe?")[1:]] == [row[2] for row in colour]
    people = [row[7:] for row in rows[1:] if row[0] == "Ortskern" and row[5] == "people"]
    assert people == [["_answered", "Beantwortet", "12", "100"],
                      ["_not_answered", "Nicht beantwortet", "0", "0"],
                      ["_mean", "Mittelwert", "1.5", ""], ["_median", "Median", "1.5", ""]]
    assert not [row for row in rows if row[0] == "Wohngebiete am Ortsrand"]  # only 3
    assert "am See" not in str(rows)  # free text is never in the tables

    response = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}/tabellen.xlsx")
    assert response.status_code == 200
    sheet = read_xlsx(response.get_data())["Tabellen"]
    assert [cell.value for cell in sheet[1]][:2] == ["Quartier (leer: alle Quartiere)",
                                                     "Abschnitt"]
    values = [[cell.value if cell else "" for cell in row] for row in sheet[2:]]
    assert len(values) == len(rows) - 1


def test_tables_neutralise_formulas_in_question_and_option_texts(client, session):
    spec = {**SPEC, "questions": [
        {"key": "choice", "kind": "single_choice", "text": {"de": "=1+1 Farbe?"},
         "options": [("a", {"de": "@SUM(A1)"}), ("b", {"de": "-5"})]}]}
    questionnaire = make_questionnaire(session, "kohlberg", spec)
    centre = quartiere(session, "kohlberg")[0]
    for choice in ["a"] * 6 + ["b"] * 6:
        add_response(session, questionnaire, centre, {"choice": choice})
    session.commit()
    login(client, KOHLBERG)
    publish_figures(client, questionnaire)
    rows = _tables_csv(client, questionnaire)
    assert rows[1][6] == "'=1+1 Farbe?" and rows[1][8] == "'@SUM(A1)"
    sheet = read_xlsx(client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}/tabellen.xlsx")
                      .get_data())["Tabellen"]
    assert unescape_xlsx(sheet[2][6].value) == "'=1+1 Farbe?"
    assert not any(cell and cell.formula for row in sheet for cell in row)


def test_tables_of_another_municipality_are_not_found(client, session):
    questionnaire = seed(session)  # Kohlberg's
    login(client, AICHTAL)
    assert client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}/tabellen.csv") \
        .status_code == 404
    stranger = client.application.test_client()
    response = stranger.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}/tabellen.xlsx")
    assert response.status_code == 302 and "/anmelden" in response.headers["Location"]


def test_a_sensitive_question_hides_counts_below_ten_and_needs_twenty_responses(client,
                                                                               session):
    spec = {**SPEC, "questions": [
        {"key": "health", "kind": "yes_no", "settings": {"sensitive": True},
         "text": {"de": "Pflegebedürftig?"}},
        {"key": "plain", "kind": "yes_no", "text": {"de": "Garten?"}}]}
    questionnaire = make_questionnaire(session, "aichtal", spec)
    aich, groetzingen, _third = quartiere(session, "aichtal")
    for index in range(24):  # yes 7, no 17
        add_response(session, questionnaire, aich, {"health": "yes" if index < 7 else "no",
                                                    "plain": "yes" if index < 7 else "no"})
    for _ in range(15):  # enough for plain questions, too few for sensitive ones
        add_response(session, questionnaire, groetzingen, {"health": "no", "plain": "no"})
    session.commit()
    login(client, AICHTAL)
    publish_figures(client, questionnaire)
    page = results_page(client, questionnaire, f"?quartier={aich.id}")
    # 7 is below the stricter threshold of 10: "< 10", with a partner
    assert [row[1] for row in page.table("Pflegebedürftig?")[1:]] == ["< 10", "·", "0", "0"]
    assert [row[1] for row in page.table("Garten?")[1:]] == ["7", "17", "0", "0"]
    page = results_page(client, questionnaire, f"?quartier={groetzingen.id}")
    assert page.table("Pflegebedürftig?") == [[
        "Diese Frage wird hier nicht aufgeschlüsselt: Bei so wenigen Antworten ließen sich "
        "sonst einzelne Angaben zurückrechnen."]]
    assert [row[1] for row in page.table("Garten?")[1:]] == ["0", "15", "0", "0"]
