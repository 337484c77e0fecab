"""The builder with the template's new structures: sections, a matrix and its rows, an age
question, exclusive options and conditions it cannot show as ticks. Their words can be
changed; everything the editor does not show is kept; rows stay with their matrix."""

from sqlalchemy import select

from participation.builder.services import TEMPLATE
from participation.surveys.models import ContentChange, Question
from tests.builder.option_form import shown_rows
from tests.builder.test_builder import BASE, KOHLBERG, fresh, login
from tests.factories import make_questionnaire


def _template(session):
    questionnaire = make_questionnaire(session, "kohlberg", TEMPLATE, status="draft")
    session.commit()
    return questionnaire.id, {q.key: (q.id, q.kind, dict(q.settings or {}))
                              for q in questionnaire.questions}


def _changes(session, questionnaire_id: int) -> list[str]:
    return list(session.scalars(select(ContentChange.summary).where(
        ContentChange.questionnaire_id == questionnaire_id)))


def test_a_section_and_a_matrix_row_change_their_words_and_keep_their_structure(client, session):
    login(client, KOHLBERG)
    questionnaire_id, questions = _template(session)
    section_id, _kind, section_settings = questions["section_home"]
    url = f"{BASE}/{questionnaire_id}/fragen/{section_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Abschnitt bearbeiten" in page and "Einleitung (Deutsch)" in page
    reply = client.post(url, data={"text": "Über Sie", "hint": "Ein paar Fragen zu Ihnen."})
    assert reply.status_code == 302
    section = fresh(session, Question, section_id)
    assert section.kind == "section" and dict(section.settings or {}) == section_settings
    assert {t.lang: t.text for t in section.texts}["de"] == "Über Sie"
    assert {t.lang: t.text for t in section.texts}["tr"] == next(
        q["text"]["tr"] for q in TEMPLATE["questions"] if q["key"] == "section_home")

    row_key = next(key for key, (_id, _kind, settings) in questions.items()
                   if settings.get("group"))
    row_id, row_kind, row_settings = questions[row_key]
    empty = client.post(f"{BASE}/{questionnaire_id}/fragen/{row_id}", data={"text": " "})
    assert empty.status_code == 400 and "Bitte geben Sie den Text ein." in empty.get_data(
        as_text=True)
    client.post(f"{BASE}/{questionnaire_id}/fragen/{row_id}",
                data={"text": "Die Gehwege", "hint": ""})
    row = fresh(session, Question, row_id)
    assert (row.kind, dict(row.settings)) == (row_kind, row_settings) and row.options == []
    assert any("Die Gehwege" in summary for summary in _changes(session, questionnaire_id))


def test_settings_the_editor_does_not_show_are_kept_and_a_kept_condition_can_be_dropped(
        client, session):
    login(client, KOHLBERG)
    questionnaire_id, questions = _template(session)
    question_id, _kind, settings = questions["home_visit"]
    assert settings["show_if"] == {"question": "birth_year", "ge": 80}
    url = f"{BASE}/{questionnaire_id}/fragen/{question_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Bedingung aus dem Import" in page and 'name="keep_condition" value="1" checked' in page
    form = {"text": "Hätten Sie gern Besuch?", "field_of_action": "counselling",
            "keep_condition": "1"}
    assert client.post(url, data=form).status_code == 302
    assert fresh(session, Question, question_id).settings["show_if"] == settings["show_if"]
    form.pop("keep_condition")
    assert client.post(url, data=form).status_code == 302
    assert "show_if" not in (fresh(session, Question, question_id).settings or {})

    exclusive_id, _kind, exclusive_settings = questions["housing_difficulties"]
    url = f"{BASE}/{questionnaire_id}/fragen/{exclusive_id}"
    values = client.get(url).get_data(as_text=True)
    reply = client.post(url, data={"text": "Was ist schwierig?", **shown_rows(values),
                                   "field_of_action": "housing", "extras": "dont_know"})
    assert reply.status_code == 302, reply.get_data(as_text=True)[:2000]
    saved = fresh(session, Question, exclusive_id).settings
    assert saved["exclusive"] == exclusive_settings["exclusive"] and saved["dont_know"] is True


def test_an_age_question_asks_for_the_year_or_the_age(client, session):
    login(client, KOHLBERG)
    questionnaire_id, questions = _template(session)
    question_id, _kind, settings = questions["birth_year"]
    url = f"{BASE}/{questionnaire_id}/fragen/{question_id}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="ask" value="year" checked' in page
    reply = client.post(url, data={"text": "Wie alt sind Sie?", "ask": "age",
                                   "extras": "prefer_not", "field_of_action": "none"})
    assert reply.status_code == 302
    saved = fresh(session, Question, question_id).settings
    assert saved["ask"] == "age" and saved["bands"] == settings["bands"]

    new = client.post(f"{BASE}/{questionnaire_id}/fragen/neu?art=month_year",
                      data={"text": "Seit wann wohnen Sie hier?", "min": "1800",
                            "field_of_action": "housing"})
    assert new.status_code == 400
    assert "Bitte geben Sie eine Zahl zwischen 1900 und 2100 ein." in new.get_data(as_text=True)
    new = client.post(f"{BASE}/{questionnaire_id}/fragen/neu?art=month_year",
                      data={"text": "Seit wann wohnen Sie hier?", "min": "1920",
                            "extras": "dont_know", "field_of_action": "housing"})
    assert new.status_code == 302
    added = session.scalars(select(Question).where(
        Question.questionnaire_id == questionnaire_id).order_by(Question.position.desc())).first()
    session.refresh(added)
    assert (added.kind, added.settings) == ("month_year", {"min": 1920, "dont_know": True})


def test_rows_stay_with_their_matrix_and_sources_cannot_be_deleted(client, session):
    login(client, KOHLBERG)
    questionnaire_id, questions = _template(session)
    matrix_key = next(key for key, (_id, kind, _s) in questions.items() if kind == "matrix")
    row_id = next(question_id for question_id, _kind, settings in questions.values()
                  if settings.get("group") == matrix_key)
    reply = client.post(f"{BASE}/{questionnaire_id}/fragen/{row_id}/verschieben",
                        data={"richtung": "hoch"})
    assert "bleibt mit ihren Zeilen zusammen" in reply.get_data(as_text=True)
    matrix_id = questions[matrix_key][0]
    page = client.get(f"{BASE}/{questionnaire_id}/fragen/{matrix_id}/loeschen")
    assert "Bitte löschen Sie zuerst ihre Zeilen." in page.get_data(as_text=True)
    source_id = questions["birth_year"][0]
    page = client.get(f"{BASE}/{questionnaire_id}/fragen/{source_id}/loeschen")
    assert "Bitte ändern Sie zuerst deren Bedingung." in page.get_data(as_text=True)
    positions = [q.position for q in session.scalars(select(Question).where(
        Question.questionnaire_id == questionnaire_id).order_by(Question.position))]
    assert positions == list(range(len(TEMPLATE["questions"])))
