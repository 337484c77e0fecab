"""Answer options in the question editor, one row each: keys suggested from the labels,
typed keys checked, rows added without saving, removal refused once there are responses,
and the texts of other languages kept with their option."""

import pytest
from sqlalchemy import select

from participation.builder.option_keys import suggest_key
from participation.surveys.models import Question
from tests.builder.option_form import option_fields, shown_options, shown_rows
from tests.builder.test_builder import (
    AICHTAL,
    BASE,
    KOHLBERG,
    _forget_new_questionnaires,  # noqa: F401 (autouse: questionnaires made here are removed)
    _locked_questionnaire,
    create_blank,
    fresh,
    login,
)
from tests.factories import make_questionnaire

# --- the key suggested from a label ------------------------------------------------------------


@pytest.mark.parametrize(("label", "key"), [
    ("Täglich", "taeglich"),
    ("Größere Straße", "groessere_strasse"),
    ("Über 80 Jahre", "ueber_80_jahre"),
    ("Café & Bäckerei!", "cafe_baeckerei"),
    ("  --Zu Fuß / mit dem Rad--  ", "zu_fuss_mit_dem_rad"),
    ("Škoda, Ångström, Ørsted", "skoda_angstroem_rsted"),
    ("1 Zimmer", "1_zimmer"),
])
def test_a_key_is_formed_from_the_label(label, key):
    assert suggest_key(label, set(), 1) == key


def test_a_label_without_latin_letters_gets_a_numbered_key():
    assert suggest_key("نعم", set(), 3) == "antwort_3"
    assert suggest_key("Да", set(), 1) == "antwort_1"
    assert suggest_key("???", {"antwort_2"}, 2) == "antwort_2_2"


def test_a_suggested_key_is_short_unique_and_never_a_built_in_answer():
    long = suggest_key("Eine sehr lange Antwort mit vielen Wörtern darin", set(), 1)
    assert len(long) <= 40 and not long.endswith("_")
    assert suggest_key("Bus", {"bus"}, 2) == "bus_2"
    assert suggest_key("Bus", {"bus", "bus_2"}, 3) == "bus_3"
    taken = {long}
    again = suggest_key("Eine sehr lange Antwort mit vielen Wörtern darin", taken, 2)
    assert again != long and again.endswith("_2") and len(again) <= 40
    assert suggest_key("Other", set(), 1) == "other_2"
    assert suggest_key("Dont know", set(), 1) == "dont_know_2"
    assert suggest_key("Prefer not", set(), 1) == "prefer_not_2"


# --- the editor ------------------------------------------------------------------------------


def _options(session, question_id: int) -> list[tuple[str, dict[str, str]]]:
    question = fresh(session, Question, question_id)
    return [(o.key, {t.lang: t.label for t in o.texts}) for o in question.options]


def _question_count(session, questionnaire_id: int) -> int:
    session.rollback()
    return len(session.scalars(select(Question.id).where(
        Question.questionnaire_id == questionnaire_id)).all())


def _new(client, questionnaire_id: int, kind: str = "single_choice", **form):
    form.setdefault("field_of_action", "none")
    return client.post(f"{BASE}/{questionnaire_id}/fragen/neu?art={kind}", data=form)


def test_keys_are_formed_from_the_labels_and_shown_after_saving(client, session):
    login(client, AICHTAL)
    questionnaire_id = create_blank(client)
    empty = client.get(f"{BASE}/{questionnaire_id}/fragen/neu?art=single_choice")
    rows = shown_rows(empty.get_data(as_text=True))
    assert sorted(rows) == sorted(option_fields("", "", ""))  # three empty rows
    saved = _new(client, questionnaire_id, text="Wie oft kaufen Sie ein?",
                 **option_fields("Täglich", "Einmal pro Woche", "Seltener"))
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    question_id = int(saved.headers["Location"].rsplit("#frage-", 1)[1])
    assert _options(session, question_id) == [
        ("taeglich", {"de": "Täglich"}), ("einmal_pro_woche", {"de": "Einmal pro Woche"}),
        ("seltener", {"de": "Seltener"})]
    editor = client.get(f"{BASE}/{questionnaire_id}/fragen/{question_id}").get_data(as_text=True)
    assert shown_options(editor) == [("taeglich", "Täglich"),
                                     ("einmal_pro_woche", "Einmal pro Woche"),
                                     ("seltener", "Seltener")]
    rows = shown_rows(editor)
    assert rows["option-6-label"] == rows["option-6-key"] == "" and "option-7-label" not in rows
    assert "<legend>Antwort 1</legend>" in editor and "<legend>Antwort 6</legend>" in editor
    assert "Wird aus der Antwort gebildet, wenn Sie es leer lassen." in editor


def test_same_labels_get_different_keys_and_typed_keys_come_first(client, session):
    login(client, AICHTAL)
    questionnaire_id = create_blank(client)
    saved = _new(client, questionnaire_id, kind="multiple_choice", text="Womit fahren Sie?",
                 **option_fields("Bus", "Bus", ("bus", "Linienbus"), "Other", "", "Zug"))
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    question_id = int(saved.headers["Location"].rsplit("#frage-", 1)[1])
    assert [key for key, _labels in _options(session, question_id)] == [
        "bus_2", "bus_3", "bus", "other_2", "zug"]  # the empty row is left out


def test_an_invalid_typed_key_is_shown_at_its_field_and_nothing_is_saved(client, session):
    login(client, AICHTAL)
    questionnaire_id = create_blank(client)
    form = {"text": "Wo wohnen Sie?",
            **option_fields(("ort_a", "Ortsmitte"), ("Neubau Süd!", "Neubaugebiet"),
                            ("other", "Anderswo"))}
    refused = _new(client, questionnaire_id, **form)
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "<title>Fehler:" in page
    assert ("Antwort 2: „neubau süd!“ ist kein gültiger Schlüssel. Erlaubt sind "
            "Kleinbuchstaben, Ziffern und _.") in page
    assert 'href="#option-2-key"' in page and 'href="#option-3-key"' in page
    assert page.index('href="#option-2-key"') < page.index('href="#option-3-key"')
    assert "Antwort 3: Der Schlüssel „other“ ist für „Sonstiges“" in page
    assert 'id="option-2-key-error"' in page and 'id="option-1-key-error"' not in page
    key_input = page.split('id="option-2-key"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in key_input and "option-2-key-error" in key_input
    assert shown_rows(page) == {k: v for k, v in form.items() if k.startswith("option-")}
    assert _question_count(session, questionnaire_id) == 0


def test_a_scale_step_needs_its_number(client, session):
    questionnaire = make_questionnaire(session, "kohlberg", status="draft")
    session.commit()
    rating = questionnaire.questions[1]
    login(client, KOHLBERG)
    url = f"{BASE}/{questionnaire.id}/fragen/{rating.id}"
    page = client.get(url).get_data(as_text=True)
    assert shown_options(page) == [(str(n), str(n)) for n in range(1, 6)]
    assert "<legend>Stufe 1</legend>" in page
    rows = {**shown_rows(page), "option-6-label": "sehr gut"}
    refused = client.post(url, data={"text": "Wie zufrieden?", "field_of_action": "health",
                                     **rows})
    assert refused.status_code == 400
    assert "Stufe 6: Bitte geben Sie die Zahl der Stufe ein" in refused.get_data(as_text=True)
    saved = client.post(url, data={"text": "Wie zufrieden?", "field_of_action": "health",
                                   **rows, "option-6-key": "6"})
    assert saved.status_code == 302
    assert [key for key, _l in _options(session, rating.id)] == ["1", "2", "3", "4", "5", "6"]


def test_more_answer_fields_keep_what_was_typed_and_save_nothing(client, session):
    login(client, AICHTAL)
    questionnaire_id = create_blank(client)
    typed = {"text": "Was fehlt?", "extras": "other",
             **option_fields("Bank", ("Falsch!", "Arzt"), "Laden")}
    more = _new(client, questionnaire_id, **typed, schritt="antwortfelder")
    assert more.status_code == 200  # no errors shown: nothing was checked or saved
    page = more.get_data(as_text=True)
    assert _question_count(session, questionnaire_id) == 0
    assert 'value="Was fehlt?"' in page and 'name="extras" value="other" checked' in page
    new_rows = {f"option-{n}-{part}": "" for n in (4, 5, 6) for part in ("label", "key")}
    assert shown_rows(page) == {
        **{k: v for k, v in typed.items() if k.startswith("option-")}, **new_rows}
    assert "error-summary" not in page
    new_row = page.split('id="option-4-label"', 1)[1].split(">", 1)[0]
    assert "autofocus" in new_row  # the first new row, for keyboard users
    rows = {**shown_rows(page), "option-2-key": "", "option-4-label": "Apotheke"}
    saved = _new(client, questionnaire_id, text="Was fehlt?", extras="other", **rows)
    assert saved.status_code == 302
    question_id = int(saved.headers["Location"].rsplit("#frage-", 1)[1])
    assert [key for key, _l in _options(session, question_id)] == [
        "bank", "arzt", "laden", "apotheke"]
    assert fresh(session, Question, question_id).settings == {"other": True}


def test_a_questionnaire_with_responses_keeps_its_options_and_keys(client, session):
    questionnaire = _locked_questionnaire(session)
    choice = questionnaire.questions[0]
    login(client, KOHLBERG)
    url = f"{BASE}/{questionnaire.id}/fragen/{choice.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'id="option-1-key"' not in page  # shown as text, sent along hidden
    assert '<input type="hidden" name="option-1-key" value="a">' in page
    assert "<code>a</code>" in page and 'id="option-4-key"' in page  # new rows stay open
    rows = shown_rows(page)
    base = {"text": "Welche Farbe?", "field_of_action": "housing"}

    cleared = client.post(url, data={**base, **rows, "option-3-label": "",
                                     "option-3-key": ""})
    assert cleared.status_code == 400
    text = cleared.get_data(as_text=True)
    assert "Antwort 3: Diese Antwort kann nicht entfernt werden" in text
    assert 'href="#option-3-label"' in text
    renamed = client.post(url, data={**base, **rows, "option-1-key": "rot"})
    assert renamed.status_code == 400
    assert "ihre Schlüssel nicht mehr geändert werden (Schlüssel: a)" in renamed.get_data(
        as_text=True)
    assert [key for key, _l in _options(session, choice.id)] == ["a", "b", "c"]

    added = client.post(url, data={**base, **rows, "option-1-label": "Kräftiges Rot",
                                   "option-4-label": "Gelb"})
    assert added.status_code == 302
    assert _options(session, choice.id) == [
        ("a", {"de": "Kräftiges Rot", "en": "Red"}), ("b", {"de": "Grün", "en": "Green"}),
        ("c", {"de": "Blau"}), ("gelb", {"de": "Gelb"})]


def test_the_other_languages_stay_with_their_option(client, session):
    """Texts in other languages belong to the option's key: a new German text or a new
    place keeps them; a new key is a new answer, translated again (as before these rows)."""
    questionnaire = make_questionnaire(session, "kohlberg", status="draft")
    session.commit()
    choice = questionnaire.questions[0]
    login(client, KOHLBERG)
    url = f"{BASE}/{questionnaire.id}/fragen/{choice.id}"
    base = {"text": "Welche Farbe?", "field_of_action": "housing"}
    reordered = client.post(url, data={**base, **option_fields(
        ("b", "Hellgrün"), ("a", "Rot"), ("", ""), ("c", "Blau"))})
    assert reordered.status_code == 302
    assert _options(session, choice.id) == [
        ("b", {"de": "Hellgrün", "en": "Green"}), ("a", {"de": "Rot", "en": "Red"}),
        ("c", {"de": "Blau"})]
    # a label typed without its key finds the key it had
    relabelled = client.post(url, data={**base, **option_fields(
        ("b", "Hellgrün"), ("", "Rot"), ("c", "Blau"))})
    assert relabelled.status_code == 302
    assert _options(session, choice.id)[1] == ("a", {"de": "Rot", "en": "Red"})
    # cleared row: removed; renamed key: a new answer without the old translation
    renamed = client.post(url, data={**base, **option_fields(
        ("b", "Hellgrün"), ("rot", "Rot"), ("", ""))})
    assert renamed.status_code == 302
    assert _options(session, choice.id) == [
        ("b", {"de": "Hellgrün", "en": "Green"}), ("rot", {"de": "Rot"})]
    overview = client.get(f"{BASE}/{questionnaire.id}/uebersetzungen/en").get_data(
        as_text=True)
    assert 'value="Green"' in overview and 'value="Red"' not in overview
