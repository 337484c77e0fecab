"""Matrices and scores on the results pages and in the table downloads, on SQLite and
PostgreSQL: the WHO-5 (a scale matrix and its index) and the checklist of the living
environment (a yes/no matrix), answered and submitted, with every figure recomputed here."""

import csv
import io

from tests.factories import quartiere
from tests.results.structures import import_document, submit, who5
from tests.results.test_results import (
    ADMIN,
    AICHTAL,
    KOHLBERG,
    login,
    publish_figures,
    results_page,
)
from tests.xlsx import read_xlsx

MATRIX = "1. In den letzten zwei Wochen …"
INDEX = "WHO-5-Wohlbefindens-Index (0–100)"
STEPS = ["Die ganze Zeit", "Meistens", "Etwas mehr als die Hälfte der Zeit",
         "Etwas weniger als die Hälfte der Zeit", "Ab und zu", "Zu keinem Zeitpunkt",
         "Nicht beantwortet"]


def seed_who5(session):
    """Aichtal. Aich, 21: all steps 4 (index 80) ×8, 2 (40) ×6, 1 (20) ×4, 5 (100) ×2, and
    once 3 to the first four statements but nothing to the fifth (no index).
    Grötzingen, 12: all 3 (60) ×6, all 1 (20) ×6. Neuenhaus, 3: all 5 (100)."""
    questionnaire = import_document(session, "who5", "aichtal")
    aich, groetzingen, neuenhaus = quartiere(session, "aichtal")
    for steps, times in [((4,) * 5, 8), ((2,) * 5, 6), ((1,) * 5, 4), ((5,) * 5, 2),
                         ((3, 3, 3, 3, None), 1)]:
        for _ in range(times):
            submit(session, questionnaire, aich, who5(*steps))
    for steps in [(3,) * 5] * 6 + [(1,) * 5] * 6:
        submit(session, questionnaire, groetzingen, who5(*steps))
    for _ in range(3):
        submit(session, questionnaire, neuenhaus, who5(5, 5, 5, 5, 5))
    session.commit()
    return questionnaire


def test_a_matrix_is_one_table_with_a_row_per_statement(client, session):
    questionnaire = seed_who5(session)
    login(client, ADMIN)
    page = results_page(client, questionnaire)
    table = page.table(MATRIX)
    assert table[0] == ["Aussage", *STEPS, "Mittelwert"]
    # first statement, all 36: step 5: 2 + 3, 4: 8, 3: 1 + 6, 2: 6, 1: 4 + 6;
    # mean 100 / 36 = 2.78
    assert table[1] == ["1a. … war ich froh und guter Laune", "5 (14 %)", "8 (22 %)",
                        "7 (19 %)", "6 (17 %)", "10 (28 %)", "0 (0 %)", "0 (0 %)", "2,8"]
    # the fifth was left out once: 35 steps, mean 97 / 35 = 2.77
    assert table[5] == ["1e. … war mein Alltag voller Dinge, die mich interessieren",
                        "5 (14 %)", "8 (22 %)", "6 (17 %)", "6 (17 %)", "10 (28 %)",
                        "0 (0 %)", "1 (3 %)", "2,8"]
    assert len(table) == 6  # the header and five statements, no table of their own
    assert not any(caption.startswith("1a.") for caption in page.tables)


def test_a_score_shows_its_bands_mean_median_and_each_quartiers_mean(client, session):
    questionnaire = seed_who5(session)
    login(client, ADMIN)
    page = results_page(client, questionnaire)
    # indices 20 ×10, 40 ×6, 60 ×6, 80 ×8, 100 ×5 and one not computed: 36 responses;
    # mean 1940 / 35 = 55.4, median the 18th of 35 = 60
    assert page.table(INDEX)[1:] == [
        ["0 bis 28", "10", "28 %"], ["29 bis 50", "6", "17 %"], ["51 und mehr", "19", "53 %"],
        ["Nicht beantwortet", "1", "3 %"], ["Mittelwert", "55,4", "–"], ["Median", "60", "–"]]
    # Aich 1160 / 20, Grötzingen 480 / 12, Neuenhaus 300 / 3
    assert page.table(f"Mittelwert je Quartier: {INDEX}")[1:] == [
        ["Aich", "58,0"], ["Grötzingen", "40,0"], ["Neuenhaus", "100,0"]]
    aich = quartiere(session, "aichtal")[0]
    page = results_page(client, questionnaire, f"?quartier={aich.id}")
    # median of 20: the 10th and 11th, 40 and 80
    assert page.table(INDEX)[1:] == [
        ["0 bis 28", "4", "19 %"], ["29 bis 50", "6", "29 %"], ["51 und mehr", "10", "48 %"],
        ["Nicht beantwortet", "1", "5 %"], ["Mittelwert", "58,0", "–"], ["Median", "60", "–"]]
    assert not any(caption.startswith("Mittelwert je Quartier") for caption in page.tables)


def test_published_scores_and_statements_hide_small_counts(client, session):
    questionnaire = seed_who5(session)
    aich, groetzingen, neuenhaus = quartiere(session, "aichtal")
    login(client, AICHTAL)
    publish_figures(client, questionnaire)
    page = results_page(client, questionnaire, f"?quartier={aich.id}")
    index = [row[1] for row in page.table(INDEX)[1:]]
    # 4 and 1 are small; one of 6 and 10 is their partner (by a hash of its key, not its
    # size); a mean or median beside hidden cells would narrow them
    assert index[0] == "< 5" and index[3] == "< 5"
    assert sorted(index[1:3]) in (["10", "·"], ["6", "·"])
    assert index[4:] == ["–", "–"]
    first = page.table(MATRIX)[1]  # 5: 2, 4: 8, 3: 1, 2: 6, 1: 4, 0: 0
    assert [first[1], first[3], first[5]] == ["< 5", "< 5", "< 5"]
    assert first[6:8] == ["0 (0 %)", "0 (0 %)"] and first[-1] == "–"
    assert sorted([first[2], first[4]]) in (["6 (29 %)", "·"], ["8 (38 %)", "·"])
    page = results_page(client, questionnaire, f"?quartier={groetzingen.id}")
    assert page.table(INDEX)[1:] == [
        ["0 bis 28", "6", "50 %"], ["29 bis 50", "0", "0 %"], ["51 und mehr", "6", "50 %"],
        ["Nicht beantwortet", "0", "0 %"], ["Mittelwert", "40,0", "–"], ["Median", "40", "–"]]
    assert page.table(MATRIX)[1] == ["1a. … war ich froh und guter Laune", "0 (0 %)",
                                     "0 (0 %)", "6 (50 %)", "0 (0 %)", "6 (50 %)", "0 (0 %)",
                                     "0 (0 %)", "2,0"]
    page = results_page(client, questionnaire, f"?quartier={neuenhaus.id}")
    assert not any(caption.startswith(INDEX) for caption in page.tables)  # 3 responses
    page = results_page(client, questionnaire)  # Aich and Grötzingen: each one's mean
    assert page.table(f"Mittelwert je Quartier: {INDEX}")[1:] == [
        ["Aich", "–"], ["Grötzingen", "40,0"]]
    combined = [row[1] for row in page.table(INDEX)[1:]]
    assert combined[0] == "·" and combined[3] == "·"  # a sum with a hidden cell in it


def test_table_downloads_hold_matrices_and_scores(client, session):
    questionnaire = seed_who5(session)
    aich, groetzingen, _neuenhaus = quartiere(session, "aichtal")
    login(client, AICHTAL)
    publish_figures(client, questionnaire)
    response = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}/tabellen.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"),
                                       newline="")))
    index = [row[7:] for row in rows[1:] if row[0] == "Grötzingen" and row[5] == "who5_index"]
    assert index == [["_from_0", "0 bis 28", "6", "50"], ["_from_29", "29 bis 50", "0", "0"],
                     ["_from_51", "51 und mehr", "6", "50"],
                     ["_not_answered", "Nicht beantwortet", "0", "0"],
                     ["_mean", "Mittelwert", "40.0", ""], ["_median", "Median", "40.0", ""]]
    statement = [row for row in rows[1:] if row[0] == "Grötzingen" and row[5] == "who5_1"]
    assert statement[0][:9] == ["Grötzingen", "Gesundheitliche Versorgung", "who5",
                                "In den letzten zwei Wochen …", "1a", "who5_1",
                                "… war ich froh und guter Laune", "5", "Die ganze Zeit"]
    assert [row[9] for row in statement] == ["0", "0", "6", "0", "6", "0", "0", "2.0"]
    sheets = read_xlsx(client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}/tabellen.xlsx")
                       .get_data())
    grids = [[cell.value if cell else "" for cell in row]
             for row in sheets["Matrizen und Zahlengruppen"]]
    start = grids.index(["Grötzingen", MATRIX])
    assert grids[start + 1][:4] == ["Nummer", "Aussage oder Angabe", "Die ganze Zeit: Anzahl",
                                    "Die ganze Zeit: Anteil in Prozent"]
    assert grids[start + 1][-1] == "Mittelwert"
    assert grids[start + 2] == ["1a", "… war ich froh und guter Laune", "0", "0", "0", "0",
                                "6", "50", "0", "0", "6", "50", "0", "0", "0", "0", "2"]


def test_the_answers_export_has_a_column_per_statement_and_the_index(client, session):
    questionnaire = seed_who5(session)
    login(client, ADMIN)
    response = client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}/antworten.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"),
                                       newline="")))
    assert rows[0][6:] == ["who5_1", "who5_1__label", "who5_2", "who5_2__label", "who5_3",
                           "who5_3__label", "who5_4", "who5_4__label", "who5_5",
                           "who5_5__label", "who5_index"]
    assert rows[1][6:] == ["4", "Meistens"] * 5 + ["80"]
    assert rows[21][6:] == ["3", "Etwas mehr als die Hälfte der Zeit"] * 4 + ["", "", ""]
    sheets = read_xlsx(client.get(f"/de/verwaltung/ergebnisse/{questionnaire.id}/antworten.xlsx")
                       .get_data())
    labels = [cell.value for cell in sheets["Antworten"][1]]
    assert labels[6] == "1a. In den letzten zwei Wochen … – … war ich froh und guter Laune"
    assert labels[-1] == INDEX
    codebook = [[cell.value for cell in row] for row in sheets["Codebuch"]]
    assert ["who5_3", "1c. In den letzten zwei Wochen … – … habe ich mich energisch und "
            "aktiv gefühlt", "0", "Zu keinem Zeitpunkt"] in codebook


def seed_checklist(session):
    """Kohlberg's centre, 12: wege_eben yes ×12; belaege yes 7, no 5; gehsteige yes 10,
    no 2; nothing else. The edge, 3: wege_eben yes."""
    questionnaire = import_document(session, "wohnumfeld_checkliste", "kohlberg")
    centre, edge = quartiere(session, "kohlberg")
    for index in range(12):
        submit(session, questionnaire, centre, {
            "wohnumfeld_wege_eben": "ja",
            "wohnumfeld_belaege": "ja" if index < 7 else "nein",
            "wohnumfeld_gehsteige": "ja" if index < 10 else "nein"})
    for _ in range(3):
        submit(session, questionnaire, edge, {"wohnumfeld_wege_eben": "ja"})
    session.commit()
    return questionnaire


CHECKLIST = "1. Ist mein Wohnumfeld seniorengerecht?"


def test_a_yes_no_matrix_counts_each_statement(client, session):
    questionnaire = seed_checklist(session)
    login(client, ADMIN)
    table = results_page(client, questionnaire).table(CHECKLIST)
    assert table[0] == ["Aussage", "Ja", "Nein", "Nicht beantwortet"]  # no mean: not a scale
    assert table[1][1:] == ["15 (100 %)", "0 (0 %)", "0 (0 %)"]
    assert table[2][1:] == ["7 (47 %)", "5 (33 %)", "3 (20 %)"]
    assert table[3][1:] == ["10 (67 %)", "2 (13 %)", "3 (20 %)"]
    assert table[4] == ["1d. Haben stark befahrene Straßen Schutzinseln, damit Sie diese "
                        "sicher überqueren können?", "0 (0 %)", "0 (0 %)", "15 (100 %)"]
    assert len(table) == 15  # 14 statements
    login(client, KOHLBERG)
    publish_figures(client, questionnaire)
    table = results_page(client, questionnaire).table(CHECKLIST)  # the centre only
    assert table[1][1:] == ["12 (100 %)", "0 (0 %)", "0 (0 %)"]
    assert table[2][1:] == ["7 (58 %)", "5 (42 %)", "0 (0 %)"]
    # 2 is small, and 10 its only possible partner (12 − 10 would give it away)
    assert table[3][1:] == ["·", "< 5", "0 (0 %)"]
