"""Printed copies of questionnaires with sections, matrices, number groups, typed answers
with codes and conditions of every form (SQLite and PostgreSQL): the four questionnaire
fixtures, the starter template, and a questionnaire with every kind of note."""

import json
import re

import pytest

from participation.builder import transfer
from participation.surveys.content import questionnaire_view
from tests.accounts.test_login import login
from tests.factories import interface_text, make_questionnaire, municipality
from tests.paper.printing import printed
from tests.paper.questionnaire_files import FIXTURES, NAMES, imported
from tests.paper.test_paper import KOHLBERG

TEMPLATE = FIXTURES.parents[2] / "participation" / "questionnaire_template.json"


def printed_copy(client, questionnaire, lang: str = "de") -> str:
    """The one copy on the print page, between its sheet numbers."""
    reply = client.get(f"/{lang}/verwaltung/papier/{questionnaire.id}/druck?von=1&bis=1")
    assert reply.status_code == 200
    page = reply.get_data(as_text=True)
    assert page.count('class="paper-copy"') == 1
    return page.split('class="paper-copy"', 1)[1].split("</article>", 1)[0]


def grids(copy: str) -> list[str]:
    """The copy's grids, one per matrix: a matrix taller than the rest of a printed page is
    printed in parts of rows under the same heading (paper/layout.py), joined here."""
    joined: list[tuple[str, str]] = []
    for section in re.findall(r'<section class="paper-question paper-matrix">.*?</section>',
                              copy, re.S):
        heading = re.search(r"<h\d>.*?</h\d>", section, re.S).group(0)
        table = re.search(r'<table class="paper-grid">.*?</table>', section, re.S).group(0)
        if joined and joined[-1][0] == heading:
            rows = table.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
            joined[-1] = (heading, joined[-1][1].replace("</tbody>", rows + "</tbody>", 1))
        else:
            joined.append((heading, table))
    return [table for _heading, table in joined]


def tick_boxes(html: str) -> int:
    return html.count('<span class="tick-box" aria-hidden="true"></span>')


@pytest.fixture
def organiser(client):
    assert login(client, *KOHLBERG).status_code == 302
    return client


@pytest.mark.parametrize("name", NAMES)
def test_every_fixture_prints_each_question_once_numbered_and_no_score(organiser, session,
                                                                       name):
    questionnaire = imported(session, name)
    copy = printed_copy(organiser, questionnaire)
    document = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    for question in document["questions"]:
        text = question["text"]["de"].replace("'", "&#39;")
        if question["kind"] == "score":
            assert text not in copy, question["key"]  # computed, never asked
        else:
            assert text in copy, question["key"]
    view = questionnaire_view(questionnaire, "de")
    headings = [q for q in view.questions
                if q.number and q.settings.get("group") is None]
    for question in headings:  # numbered by the questionnaire's numbers, not by positions
        assert f'<span class="paper-number">Frage {question.number}</span>' in copy
    assert f"Frage {len(headings) + 1}<" not in copy
    assert "%(" not in copy and "\x00" not in copy


def test_who5_prints_as_one_grid_of_statements_and_scale(organiser, session):
    copy = printed_copy(organiser, imported(session, "who5"))
    [grid] = grids(copy)
    assert copy.index("In den letzten zwei Wochen …") < copy.index('<table class="paper-grid">')
    labels = ["Die ganze Zeit", "Meistens", "Etwas mehr als die Hälfte der Zeit",
              "Etwas weniger als die Hälfte der Zeit", "Ab und zu", "Zu keinem Zeitpunkt"]
    columns = re.findall(r'<th scope="col">([^<]*)</th>', grid)
    assert columns == labels
    rows = re.findall(r'<th scope="row"><span class="paper-row-number">(\w+)</span> '
                      r"<span>([^<]*)</span>", grid)
    assert [number for number, _text in rows] == ["1a", "1b", "1c", "1d", "1e"]
    assert rows[0][1] == "… war ich froh und guter Laune"
    assert tick_boxes(grid) == 5 * 6  # a box per cell
    assert "Bitte in jeder Zeile nur ein Kästchen ankreuzen." in copy
    assert "WHO-5-Wohlbefindens-Index" not in copy and "Frage 2" not in copy


def test_the_checklist_prints_its_fourteen_statements_as_one_grid(organiser, session):
    copy = printed_copy(organiser, imported(session, "wohnumfeld_checkliste"))
    [grid] = grids(copy)
    assert re.findall(r'<th scope="col">([^<]*)</th>', grid) == ["Ja", "Nein"]
    numbers = re.findall(r'<span class="paper-row-number">(\w+)</span>', grid)
    assert numbers == [f"1{letter}" for letter in "abcdefghijklmn"]
    assert tick_boxes(grid) == 14 * 2
    assert "(optional)" in copy.split("<table", 1)[0]  # no statement is required


def test_a_number_group_prints_its_labelled_boxes_under_its_condition(organiser, session):
    copy = printed_copy(organiser, imported(session, "base_haushalt"))
    group = copy.split('class="paper-question paper-number-group"', 1)[1].split("</section>")[0]
    assert "Mit wem leben Sie (hier) zusammen?" in group
    condition = "Nur beantworten, wenn Sie bei Frage 1 „Nein“ angekreuzt haben."
    assert f'<p class="paper-condition">{condition}</p>' in group
    fields = re.findall(r'<li><span class="paper-row-number">(\w+)</span> '
                        r'<span class="paper-field-label">([^<]*)</span>\s*'
                        r'<span class="write-box write-box-number"', group)
    assert fields == [("2a", "Ehepartner(in) /Lebensgefährte(in)"), ("2b", "Sohn"),
                      ("2c", "Tochter"), ("2d", "sonstiges Familienmitglied"), ("2e", "Freund"),
                      ("2f", "Sonstige")]
    assert group.index(condition) < group.index("2a")
    assert '<p class="hint">Zusammen mindestens 1.</p>' in group  # the check of the total


def test_hilgen_prints_sections_grid_conditions_and_typed_answers(organiser, session):
    copy = printed_copy(organiser, imported(session, "burscheid_hilgen"))
    sections = re.findall(r'<h3 class="paper-section-title">([^<]*)</h3>\s*'
                          r'<div class="paper-section-intro">\s*<p>([^<]*)</p>', copy)
    assert [title for title, _intro in sections] == [
        "Wohnen und Wohnumfeld", "Nahversorgung", "Freizeit und soziale Kontakte",
        "Attraktivität von Hilgen", "Angaben zu Ihrer Person"]
    # a section's title and intro come before its first question, which is one level down
    first = copy.index("Wohnen und Wohnumfeld")
    assert first < copy.index(sections[0][1]) < copy.index(
        '<h4><span class="paper-number">Frage 1</span> <span>Wie wohnen Sie zur Zeit?')
    [grid] = grids(copy)
    assert re.findall(r'<th scope="col">([^<]*)</th>', grid) == [
        "sehr zufrieden", "zufrieden", "einigermaßen zufrieden", "unzufrieden",
        "Möchte ich nicht sagen"]  # the matrix offers "prefer not to say": a column of its own
    assert re.findall(r'<span class="paper-row-number">(\w+)</span>', grid) == [
        "6a", "6b", "6c", "6d", "6e", "6f"]
    assert ("Nur beantworten, wenn Sie bei Frage 2 eine der folgenden Antworten angekreuzt "
            "haben: „einigermaßen zufrieden“ oder „unzufrieden“.") in copy
    assert "Nur beantworten, wenn Sie bei Frage 22 eine Zahl über 1 eingetragen haben." in copy
    assert '<p class="hint">Zusammen so viele wie bei Frage 22.</p>' in copy
    age = copy.split("Wie alt sind Sie?", 1)[1].split("</section>", 1)[0]
    assert ('<span class="paper-field-label">Alter in Jahren</span> '
            '<span class="write-box write-box-number"') in age
    assert "Oder kreuzen Sie an:" in age and tick_boxes(age) == 1
    assert "Möchte ich nicht sagen" in age
    since = copy.split("Seit wann wohnen Sie in Hilgen?", 1)[1].split("</section>", 1)[0]
    assert 'Monat</span> <span class="write-box write-box-month"' in since
    assert 'Jahr</span> <span class="write-box write-box-year"' in since
    assert "Weiß nicht" in since and tick_boxes(since) == 1


def test_the_template_prints_birth_year_dont_know_column_and_age_condition(organiser, session):
    document, problems = transfer.validate_document(TEMPLATE.read_bytes())
    assert problems == []
    questionnaire = transfer.import_questionnaire(
        session, municipality(session, "kohlberg").id, document)
    printed(session, questionnaire)
    copy = printed_copy(organiser, questionnaire)
    born = copy.split("In welchem Jahr sind Sie geboren?", 1)[1].split("</section>", 1)[0]
    assert '<span class="paper-field-label">Geburtsjahr</span>' in born
    [grid] = grids(copy)
    assert re.findall(r'<th scope="col">([^<]*)</th>', grid)[-1] == "Weiß nicht"
    view = questionnaire_view(questionnaire, "de")
    birth_year = next(q for q in view.questions if q.key == "birth_year")
    assert (f"Nur beantworten, wenn Sie mindestens 80 Jahre alt sind (Frage "
            f"{birth_year.number}).") in copy

    english = printed_copy(organiser, questionnaire, "en")
    assert "In what year were you born?" in english
    [grid] = grids(english)
    assert re.findall(r'<th scope="col">([^<]*)</th>', grid)[0] == "Very satisfied"
    assert interface_text(organiser.application, "en", "Weiß nicht").replace("'", "&#39;") in grid
    assert interface_text(organiser.application, "en", "Frage %(n)s", n="1") + "<" in english
    assert 'lang="de"' not in english  # every text of the template has its English version


def test_a_grid_in_german_on_an_arabic_copy_is_marked_german(organiser, session):
    arabic = printed_copy(organiser, imported(session, "who5"), "ar")
    [grid] = grids(arabic)
    assert re.findall(r'<th scope="col" lang="de" dir="ltr">([^<]+)</th>', grid)[0] == (
        "Die ganze Zeit")
    assert ('<span class="paper-row-number">1a</span> <span lang="de" dir="ltr">… war ich '
            "froh und guter Laune</span>") in grid
    assert interface_text(organiser.application, "ar", "Frage %(n)s", n="1") in arabic


NOTES_SPEC = {
    "languages": ["de"],
    "title": {"de": "Mit Hinweisen"},
    "questions": [
        {"key": "alone", "kind": "yes_no", "text": {"de": "Leben Sie allein?"}},
        {"key": "age", "kind": "age", "text": {"de": "Wie alt sind Sie?"},
         "settings": {"prefer_not": True,
                      "end_if": {"question": "alone", "any_of": ["dont_know"]}}},
        {"key": "part", "kind": "section", "text": {"de": "Unterstützung"},
         "hint": {"de": "Erster Absatz.\n\nZweiter Absatz."},
         "settings": {"show_if": {"not": {"question": "age", "lt": 65}}}},
        {"key": "grid", "kind": "matrix", "text": {"de": "Wie gut klappt das?"},
         "settings": {"answer": "single_choice", "dont_know": True,
                      "show_if": {"question": "alone", "equals": "yes"}},
         "options": [("good", {"de": "Gut"}), ("bad", {"de": "Schlecht"})]},
        {"key": "grid_shop", "kind": "single_choice", "text": {"de": "Einkaufen"},
         "settings": {"group": "grid"}},
        {"key": "grid_stairs", "kind": "single_choice", "text": {"de": "Treppen"},
         "settings": {"group": "grid",
                      "show_if": {"any": [{"question": "age", "ge": 80},
                                          {"question": "alone", "answered": False}]}}},
        {"key": "moved", "kind": "month_year", "text": {"de": "Seit wann?"},
         "settings": {"prefer_not": True, "dont_know": True}},
    ],
}


def test_every_kind_of_note_is_printed_where_it_applies(organiser, session):
    questionnaire = make_questionnaire(session, "kohlberg", NOTES_SPEC)
    printed(session, questionnaire)
    copy = printed_copy(organiser, questionnaire)
    age = copy.split("Wie alt sind Sie?", 1)[1].split("</section>", 1)[0]
    end = ("Wenn Sie bei Frage 1 „Weiß nicht“ angekreuzt haben: Der Fragebogen ist für Sie "
           "hier zu Ende. Vielen Dank!")
    assert f'<p class="paper-condition paper-end-if">{end}</p>' in age
    assert age.index("Möchte ich nicht sagen</span></li>") < age.index(end)  # after answers
    section = copy.split('<div class="paper-section">', 1)[1].split("</div>\n</div>", 1)[0]
    assert ("Diesen Abschnitt nur ausfüllen, wenn Sie mindestens 65 Jahre alt sind (Frage 2) "
            "oder bei Frage 2 kein Alter eingetragen haben.") in section
    assert "<p>Erster Absatz.</p>" in section and "<p>Zweiter Absatz.</p>" in section
    matrix = copy.split("paper-matrix", 1)[1].split("</section>", 1)[0]
    assert matrix.index("Nur beantworten, wenn Sie bei Frage 1 „Ja“ angekreuzt haben.") < (
        matrix.index("<table"))
    assert re.search(r'<h4><span class="paper-number">Frage 3</span>', matrix)
    row = re.search(r'<th scope="row">.*?Treppen.*?</th>', matrix, re.S).group(0)
    assert "3b" in row and ('<span class="paper-row-condition">Nur beantworten, wenn Sie '
                            "mindestens 80 Jahre alt sind (Frage 2) oder Frage 1 nicht "
                            "beantwortet haben.</span>") in row
    assert re.findall(r'<th scope="col">([^<]*)</th>', matrix) == ["Gut", "Schlecht",
                                                                   "Weiß nicht"]
    moved = copy.split("Seit wann?", 1)[1].split("</section>", 1)[0]
    assert tick_boxes(moved) == 2 and "Weiß nicht" in moved and "Möchte ich nicht sagen" in moved


def test_the_template_prints_in_leichte_sprache_from_a_link_on_the_print_page(organiser,
                                                                               session):
    document, problems = transfer.validate_document(TEMPLATE.read_bytes())
    assert problems == []
    questionnaire = transfer.import_questionnaire(
        session, municipality(session, "kohlberg").id, document)
    printed(session, questionnaire)
    page = organiser.get(f"/de/verwaltung/papier/{questionnaire.id}/druck?von=1&bis=1")
    links = re.findall(r'<a href="/([a-z-]+)/verwaltung/papier/\d+/druck[^"]*" lang="([a-z]+)"',
                       page.get_data(as_text=True))
    assert ("de-x-ls", "de") in links and ("ar", "ar") in links and ("de", "de") not in links
    easy = printed_copy(organiser, questionnaire, "de-x-ls")
    texts = {q["key"]: q["text"] for q in json.loads(TEMPLATE.read_bytes())["questions"]}
    assert texts["household_size"]["de-x-ls"] in easy
    assert texts["household_size"]["de"] not in easy
