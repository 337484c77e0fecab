"""Editing the order of questions in one step: insert a new question at a chosen place,
duplicate a question, move it to a place by number; the rules of order still hold."""

from sqlalchemy import select

from participation.builder.services import TEMPLATE
from participation.surveys.models import ContentChange, Question
from tests.builder.option_form import option_fields
from tests.builder.test_builder import BASE, KOHLBERG, login
from tests.factories import make_questionnaire

SPEC = {
    "languages": ["de", "en"], "title": {"de": "Wohnen"},
    "questions": [
        {"key": "car", "kind": "yes_no", "text": {"de": "Fahren Sie Auto?", "en": "Do you drive?"}},
        {"key": "parking", "kind": "single_choice", "text": {"de": "Parkplatz?"},
         "settings": {"show_if": {"question": "car", "any_of": ["yes"]}},
         "options": [("always", {"de": "Immer", "en": "Always"}), ("rarely", {"de": "Selten"})]},
        {"key": "bus", "kind": "yes_no", "text": {"de": "Fahren Sie Bus?"}},
    ],
}


def _keys(session, questionnaire_id: int) -> list[str]:
    session.expire_all()
    return list(session.scalars(select(Question.key).where(
        Question.questionnaire_id == questionnaire_id).order_by(Question.position)))


def _changes(session, questionnaire_id: int) -> list[str]:
    return list(session.scalars(select(ContentChange.summary).where(
        ContentChange.questionnaire_id == questionnaire_id).order_by(ContentChange.id)))


def test_a_new_question_is_inserted_where_the_organiser_chose(client, session):
    login(client, KOHLBERG)
    questionnaire = make_questionnaire(session, "kohlberg", SPEC, status="draft")
    questionnaire_id, first_id = questionnaire.id, questionnaire.questions[0].id
    session.commit()
    listing = client.get(f"{BASE}/{questionnaire_id}/fragen").get_data(as_text=True)
    assert f"/fragen/neu?nach={first_id}" in listing and "Hier eine Frage einfügen" in listing
    kind_page = client.get(f"{BASE}/{questionnaire_id}/fragen/neu?nach={first_id}")
    text = kind_page.get_data(as_text=True)
    assert "Die neue Frage kommt an Stelle 2." in text
    assert f'name="nach" value="{first_id}"' in text
    editor = client.get(f"{BASE}/{questionnaire_id}/fragen/neu?art=yes_no&nach={first_id}")
    page = editor.get_data(as_text=True)
    assert "Frage 2 hinzufügen" in page and f"nach={first_id}" in page
    # conditions can only refer to questions before the new place
    assert '<option value="car">' in page and 'value="parking"' not in page
    reply = client.post(f"{BASE}/{questionnaire_id}/fragen/neu?art=yes_no&nach={first_id}",
                        data={"text": "Haben Sie einen Führerschein?", "field_of_action": "none"})
    assert reply.status_code == 302
    keys = _keys(session, questionnaire_id)
    assert len(keys) == 4 and keys[0] == "car" and keys[2:] == ["parking", "bus"]
    assert _changes(session, questionnaire_id)[-1].startswith("Frage 2 hinzugefügt")


def test_a_question_is_duplicated_in_every_language_right_after_itself(client, session):
    login(client, KOHLBERG)
    questionnaire = make_questionnaire(session, "kohlberg", SPEC, status="draft")
    questionnaire_id, parking_id = questionnaire.id, questionnaire.questions[1].id
    session.commit()
    reply = client.post(f"{BASE}/{questionnaire_id}/fragen/{parking_id}/kopieren")
    assert reply.status_code == 302 and "hinweis=frage-kopiert" in reply.headers["Location"]
    keys = _keys(session, questionnaire_id)
    assert keys[:2] == ["car", "parking"] and keys[3] == "bus" and keys[2] != "parking"
    copy = session.scalar(select(Question).where(Question.questionnaire_id == questionnaire_id,
                                                 Question.key == keys[2]))
    original = session.get(Question, parking_id)
    assert (copy.kind, copy.settings, copy.required) == (
        original.kind, original.settings, original.required)
    assert {t.lang: t.text for t in copy.texts} == {t.lang: t.text for t in original.texts}
    assert [(o.key, {t.lang: t.label for t in o.texts}) for o in copy.options] == [
        (o.key, {t.lang: t.label for t in o.texts}) for o in original.options]
    page = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert "Die Frage wurde kopiert." in page and "Frage 3 bearbeiten" in page
    assert _changes(session, questionnaire_id)[-1] == "Frage „Parkplatz?“ kopiert"


def test_a_question_moves_to_a_place_in_one_step_but_not_before_its_condition(client, session):
    login(client, KOHLBERG)
    questionnaire = make_questionnaire(session, "kohlberg", SPEC, status="draft")
    questionnaire_id = questionnaire.id
    car_id, parking_id, bus_id = (q.id for q in questionnaire.questions)
    session.commit()
    url = f"{BASE}/{questionnaire_id}/fragen/{{}}/verschieben"
    moved = client.post(url.format(bus_id), data={f"stelle-{bus_id}": "1"})
    assert moved.status_code == 302
    assert _keys(session, questionnaire_id) == ["bus", "car", "parking"]
    assert _changes(session, questionnaire_id)[-1] == (
        "Frage „Fahren Sie Bus?“ an Stelle 1 verschoben")
    refused = client.post(url.format(parking_id), data={f"stelle-{parking_id}": "1"})
    assert "Frage 3 hängt von Frage 2 ab" in refused.get_data(as_text=True)
    wrong = client.post(url.format(car_id), data={f"stelle-{car_id}": "7"})
    assert wrong.status_code == 400
    assert "Bitte geben Sie eine Stelle zwischen 1 und 3 ein." in wrong.get_data(as_text=True)
    assert _keys(session, questionnaire_id) == ["bus", "car", "parking"]


def test_matrix_rows_move_among_themselves_and_a_matrix_is_not_copied(client, session):
    login(client, KOHLBERG)
    questionnaire = make_questionnaire(session, "kohlberg", TEMPLATE, status="draft")
    questionnaire_id = questionnaire.id
    matrix = next(q for q in questionnaire.questions if q.kind == "matrix")
    rows = [q for q in questionnaire.questions if (q.settings or {}).get("group") == matrix.key]
    first_row_place = questionnaire.questions.index(rows[0]) + 1
    last_row, matrix_id = rows[-1], matrix.id
    last_id, last_key = last_row.id, last_row.key
    session.commit()
    url = f"{BASE}/{questionnaire_id}/fragen/{last_id}/verschieben"
    reply = client.post(url, data={f"stelle-{last_id}": str(first_row_place)})
    assert reply.status_code == 302
    keys = _keys(session, questionnaire_id)
    assert keys[first_row_place - 1] == last_key
    out = client.post(url, data={f"stelle-{last_id}": "1"})
    assert "bleibt mit ihren Zeilen zusammen" in out.get_data(as_text=True)
    assert _keys(session, questionnaire_id) == keys
    copied = client.post(f"{BASE}/{questionnaire_id}/fragen/{matrix_id}/kopieren")
    assert "über Export und Import des Fragebogens kopiert" in copied.get_data(as_text=True)
    assert _keys(session, questionnaire_id) == keys


def test_a_condition_is_set_by_choosing_the_question_then_its_answers(client, session):
    login(client, KOHLBERG)
    questionnaire = make_questionnaire(session, "kohlberg", SPEC, status="draft")
    questionnaire_id = questionnaire.id
    parking_id = questionnaire.questions[1].id
    session.commit()
    url = f"{BASE}/{questionnaire_id}/fragen/neu?art=yes_no"
    page = client.get(url).get_data(as_text=True)
    assert '<option value="keine" selected>Keine Bedingung</option>' in page
    assert 'name="show_if__' not in page  # no answers before a question is chosen
    typed = {"text": "Haben Sie eine Garage?", "field_of_action": "housing"}
    shown = client.post(url, data={**typed, "bedingung_frage": "car", "schritt": "bedingung"})
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and 'value="Haben Sie eine Garage?"' in page
    assert 'name="show_if__car" value="yes"' in page and 'name="show_if__parking"' not in page
    assert len(_keys(session, questionnaire_id)) == 3  # nothing saved yet
    missing = client.post(url, data={**typed, "bedingung_frage": "car"})
    assert missing.status_code == 400
    assert "Bitte kreuzen Sie die Antworten an" in missing.get_data(as_text=True)
    saved = client.post(url, data={**typed, "bedingung_frage": "car", "show_if__car": "yes",
                                   "show_if__parking": "always"})  # another question's tick
    assert saved.status_code == 302
    session.expire_all()
    new = session.scalar(select(Question).where(Question.questionnaire_id == questionnaire_id)
                         .order_by(Question.position.desc()))
    assert new.settings == {"show_if": {"question": "car", "any_of": ["yes"]}}
    existing = client.get(f"{BASE}/{questionnaire_id}/fragen/{parking_id}").get_data(
        as_text=True)
    assert '<option value="car" selected>' in existing
    assert 'name="show_if__car" value="yes" checked' in existing
    none = client.post(f"{BASE}/{questionnaire_id}/fragen/{parking_id}", data={
        "text": "Parkplatz?", **option_fields(("always", "Immer"), ("rarely", "Selten")),
        "field_of_action": "none", "bedingung_frage": "keine", "show_if__car": "yes"})
    assert none.status_code == 302
    session.expire_all()
    assert "show_if" not in (session.get(Question, parking_id).settings or {})
