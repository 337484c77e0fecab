"""The questionnaire builder: create, questions of every kind, reorder, translate, open, answer;
the lock after responses, copy, delete, tenant isolation and validation."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, func, select

from participation import db
from participation.paper.models import PrintRun, SheetChange
from participation.surveys.coverage import coverage
from participation.surveys.models import (
    Answer,
    ContentChange,
    Draft,
    Option,
    OptionText,
    Question,
    Questionnaire,
    QuestionnaireQuartier,
    QuestionnaireText,
    QuestionText,
    Response,
    ResponseTarget,
)
from tests.builder.option_form import option_fields, shown_rows
from tests.factories import (
    add_response,
    make_questionnaire,
    municipality,
    quartiere,
)

AICHTAL = ("organisation@aichtal.demo.example", "demo-aichtal")
KOHLBERG = ("organisation@kohlberg.demo.example", "demo-kohlberg")
ADMIN = ("landkreis@demo.example", "demo-landkreis")
BASE = "/de/verwaltung/fragebogen"


def remove_questionnaires_after(session, baseline: int) -> None:
    """Delete every questionnaire with an id above `baseline`, with all that refers to it."""
    ids = select(Questionnaire.id).where(Questionnaire.id > baseline)
    questions = select(Question.id).where(Question.questionnaire_id.in_(ids))
    options = select(Option.id).where(Option.question_id.in_(questions))
    responses = select(Response.id).where(Response.questionnaire_id.in_(ids))
    for statement in (
        delete(Answer).where(Answer.response_id.in_(responses)),
        delete(Answer).where(Answer.question_id.in_(questions)),
        delete(Response).where(Response.questionnaire_id.in_(ids)),
        delete(Draft).where(Draft.questionnaire_id.in_(ids)),
        delete(ContentChange).where(ContentChange.questionnaire_id.in_(ids)),
        delete(QuestionnaireQuartier).where(QuestionnaireQuartier.questionnaire_id.in_(ids)),
        delete(ResponseTarget).where(ResponseTarget.questionnaire_id.in_(ids)),
        delete(PrintRun).where(PrintRun.questionnaire_id.in_(ids)),
        delete(SheetChange).where(SheetChange.questionnaire_id.in_(ids)),
        delete(OptionText).where(OptionText.option_id.in_(options)),
        delete(Option).where(Option.id.in_(options)),
        delete(QuestionText).where(QuestionText.question_id.in_(questions)),
        delete(Question).where(Question.id.in_(questions)),
        delete(QuestionnaireText).where(QuestionnaireText.questionnaire_id.in_(ids)),
        delete(Questionnaire).where(Questionnaire.id > baseline),
    ):
        session.execute(statement)


@pytest.fixture(autouse=True)
def _forget_new_questionnaires(app):
    """Questionnaires made by a test are removed afterwards; the demo data stays."""
    with app.app_context():
        baseline = db.session().scalar(select(func.max(Questionnaire.id))) or 0
        db.rollback()
    yield
    with app.app_context():
        remove_questionnaires_after(db.session(), baseline)
        db.commit()


def login(client, account):
    email, password = account
    response = client.post("/de/verwaltung/anmelden", data={"email": email, "password": password})
    assert response.status_code == 302


def fresh(session, model, id_):
    session.rollback()  # see what the app committed
    return session.get(model, id_)


def create_blank(client, title="Wohnen im Ortskern") -> int:
    response = client.post(f"{BASE}/neu", data={"start": "leer", "title": title})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/fragebogen/(\d+)", response.headers["Location"]).group(1))


def add_question(client, questionnaire_id: int, kind: str, **form) -> int:
    form.setdefault("field_of_action", "none")
    response = client.post(f"{BASE}/{questionnaire_id}/fragen/neu?art={kind}", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"#frage-(\d+)", response.headers["Location"]).group(1))


EVERY_KIND = [
    ("single_choice", {"text": "Wie wohnen Sie?", "field_of_action": "housing",
                       **option_fields("Zur Miete", ("eigentum", "Im Eigentum")),
                       "extras": ["other", "prefer_not"]}),
    ("multiple_choice", {"text": "Was erreichen Sie zu Fuß?",
                         **option_fields("Bäcker", "Apotheke", "Bus"),
                         "min": "1", "max": "2", "optional": "1",
                         "field_of_action": "infrastructure"}),
    ("scale", {"text": "Wie gut ist die Versorgung?",
               **option_fields(("1", "1 – sehr schlecht"), ("2", "2"), ("3", "3"), ("4", "4"),
                               ("5", "5 – sehr gut")),
               "field_of_action": "health"}),
    ("yes_no", {"text": "Haben Sie einen Garten?", "hint": "Auch ein Balkon zählt."}),
    ("number", {"text": "Wie viele Personen leben im Haushalt?", "min": "1", "max": "20"}),
    ("short_text", {"text": "In welcher Straße wohnen Sie?", "optional": "1"}),
    ("text", {"text": "Was wünschen Sie sich?", "optional": "1"}),
    ("date", {"text": "Seit wann wohnen Sie hier?", "optional": "1"}),
]


def english_of(german: str) -> str:
    return f"EN {german}"


def test_build_translate_open_and_answer(client, session):
    login(client, AICHTAL)
    questionnaire_id = create_blank(client)
    ids = {}
    for kind, form in EVERY_KIND:
        ids[kind] = add_question(client, questionnaire_id, kind, **form)
    # a condition: the garden question only for owners
    garden = client.post(f"{BASE}/{questionnaire_id}/fragen/{ids['yes_no']}", data={
        "text": "Haben Sie einen Garten?", "hint": "Auch ein Balkon zählt.",
        "field_of_action": "none", f"show_if__{_key(session, ids['single_choice'])}": "eigentum"})
    assert garden.status_code == 302

    # reorder: the number question moves up one place, above the garden question
    moved = client.post(f"{BASE}/{questionnaire_id}/fragen/{ids['number']}/verschieben",
                        data={"richtung": "hoch"})
    assert moved.status_code == 302
    questionnaire = fresh(session, Questionnaire, questionnaire_id)
    assert [q.kind for q in questionnaire.questions] == [
        "single_choice", "multiple_choice", "scale", "number", "yes_no", "short_text", "text",
        "date"]
    assert [q.position for q in questionnaire.questions] == list(range(8))
    listing = client.get(moved.headers["Location"]).get_data(as_text=True)
    assert "Die Frage steht jetzt an Stelle 4." in listing

    # translate to English: 1 title + 8 questions + 1 hint + 2 + 3 options + 2 scale ends
    page = client.get(f"{BASE}/{questionnaire_id}/uebersetzungen/en").get_data(as_text=True)
    assert "Englisch: 0 von 17 Texten übersetzt" in page
    texts = dict(re.findall(
        r'<p class="hint" id="([^"]+)-hint" lang="de" dir="ltr">([^<]*)</p>', page))
    assert len(texts) == 17
    half = dict(list(texts.items())[:5])
    saved = client.post(f"{BASE}/{questionnaire_id}/uebersetzungen/en",
                        data={field: english_of(text) for field, text in half.items()})
    assert saved.status_code == 302
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Englisch: 5 von 17 Texten übersetzt" in page
    assert client.post(f"{BASE}/{questionnaire_id}/uebersetzungen/en", data={
        field: english_of(text) for field, text in texts.items()}).status_code == 302
    assert "Englisch: 17 von 17 Texten übersetzt" in client.get(
        f"{BASE}/{questionnaire_id}/uebersetzungen/en").get_data(as_text=True)

    # open it, in German and English
    chosen = client.post(f"{BASE}/{questionnaire_id}", data={
        "title": "Wohnen im Ortskern", "intro": "", "languages": ["en"]})
    assert chosen.status_code == 302
    opened = client.post(f"{BASE}/{questionnaire_id}/veroeffentlichen", data={"confirm": "ja"})
    assert opened.status_code == 302
    questionnaire = fresh(session, Questionnaire, questionnaire_id)
    assert questionnaire.status == "open" and questionnaire.languages == ["de", "en"]
    assert coverage(questionnaire, "en").complete
    assert "Vollständig: wird angeboten." in client.get(
        f"{BASE}/{questionnaire_id}/uebersetzungen").get_data(as_text=True)
    changes = session.scalar(select(func.count(ContentChange.id)).where(
        ContentChange.questionnaire_id == questionnaire_id,
        ContentChange.summary != "Veröffentlicht"))  # publishing changes no content
    assert questionnaire.version == 1 + changes

    # a resident answers it in English
    resident = client.application.test_client()
    start = resident.get(f"/en/umfrage/{questionnaire_id}").get_data(as_text=True)
    assert "EN Wohnen im Ortskern" in start
    answers = {1: "eigentum", 2: ["baecker", "bus"], 3: "4", 4: "3", 5: "yes", 6: "Hauptstraße",
               7: "Mehr Bänke", 8: "01.05.1990"}
    aich = quartiere(session, "aichtal")[0]
    location = resident.post(f"/en/umfrage/{questionnaire_id}/quartier",
                             data={"answer": str(aich.id)}).headers["Location"]
    while "/frage/" in location:
        position = int(location.rsplit("/", 1)[1])
        page = resident.get(location).get_data(as_text=True)
        assert "EN " in page
        response = resident.post(location, data={"answer": answers[position]})
        assert response.status_code == 302, response.get_data(as_text=True)
        location = response.headers["Location"]
    assert location.endswith("/pruefen")
    assert resident.post(location).status_code == 302
    session.rollback()
    stored = session.scalar(select(Response).where(Response.questionnaire_id == questionnaire_id))
    assert stored.locale == "en"
    keys = {(a.question_id, a.option_key) for a in stored.answers}
    assert (ids["multiple_choice"], "baecker") in keys and (ids["yes_no"], "yes") in keys


def _key(session, question_id: int) -> str:
    return fresh(session, Question, question_id).key


def test_a_question_stays_after_the_question_it_depends_on(client, session):
    login(client, AICHTAL)
    questionnaire_id = create_blank(client)
    garden = add_question(client, questionnaire_id, "yes_no", text="Haben Sie einen Garten?")
    key = _key(session, garden)
    help_id = add_question(client, questionnaire_id, "single_choice", text="Wer hilft?",
                           **option_fields("Familie", "Nachbarn"), **{f"show_if__{key}": "yes"})
    assert fresh(session, Question, help_id).settings["show_if"] == {
        "question": key, "any_of": ["yes"]}
    url = f"{BASE}/{questionnaire_id}/fragen"
    for question_id, step in ((help_id, "hoch"), (garden, "runter")):
        refused = client.post(f"{url}/{question_id}/verschieben", data={"richtung": step})
        assert refused.status_code == 400
        assert "Frage 2 hängt von Frage 1 ab" in refused.get_data(as_text=True)
    refused = client.post(f"{url}/{garden}/loeschen")
    assert refused.status_code == 400
    assert "Frage 2 wird nur abhängig von dieser Frage gezeigt" in refused.get_data(as_text=True)
    listing = client.get(url).get_data(as_text=True)
    assert "Wird nur gezeigt, wenn Frage 1 mit „Ja“ beantwortet wurde." in listing
    # without the condition the order can change, and the change is recorded
    assert client.post(f"{url}/{help_id}", data={
        "text": "Wer hilft?", **option_fields(("familie", "Familie"), ("nachbarn", "Nachbarn")),
        "field_of_action": "support"}).status_code == 302
    assert client.post(f"{url}/{help_id}/verschieben", data={"richtung": "hoch"}).status_code \
        == 302
    questionnaire = fresh(session, Questionnaire, questionnaire_id)
    assert [q.id for q in questionnaire.questions] == [help_id, garden]
    summaries = session.scalars(select(ContentChange.summary).where(
        ContentChange.questionnaire_id == questionnaire_id)).all()
    assert any("nach oben verschoben" in summary for summary in summaries)
    # now the garden question can go
    assert "Frage löschen" in client.get(f"{url}/{garden}/loeschen").get_data(as_text=True)
    assert client.post(f"{url}/{garden}/loeschen").status_code == 302
    questionnaire = fresh(session, Questionnaire, questionnaire_id)
    assert [(q.id, q.position) for q in questionnaire.questions] == [(help_id, 0)]
    assert fresh(session, Question, garden) is None


def test_changing_the_kind_of_an_unanswered_question(client, session):
    login(client, AICHTAL)
    questionnaire_id = create_blank(client)
    question_id = add_question(client, questionnaire_id, "yes_no", text="Wie viele Enkel?")
    key = _key(session, question_id)
    session.add(Draft(token_hash="b" * 64, questionnaire_id=questionnaire_id, locale="de",
                      answers={key: "yes", "other": 1}, updated_at=datetime.now(UTC)))
    session.commit()
    url = f"{BASE}/{questionnaire_id}/fragen/{question_id}"
    page = client.get(f"{url}?art=number").get_data(as_text=True)
    assert "von „Ja / Nein / Weiß nicht“ zu „Ganze Zahl“" in page and 'name="min"' in page
    assert 'value="Wie viele Enkel?"' in page
    response = client.post(f"{url}?art=number", data={
        "text": "Wie viele Enkel?", "min": "0", "max": "30", "field_of_action": "none"})
    assert response.status_code == 302
    question = fresh(session, Question, question_id)
    assert question.kind == "number" and question.settings == {"min": 0, "max": 30}
    draft = session.scalar(select(Draft).where(Draft.questionnaire_id == questionnaire_id))
    assert draft.answers == {"other": 1}


def test_a_question_can_be_marked_sensitive_and_unmarked(client, session):
    login(client, AICHTAL)
    questionnaire_id = create_blank(client)
    question_id = add_question(client, questionnaire_id, "yes_no", text="Pflegegrad?",
                               sensitive="1")
    assert fresh(session, Question, question_id).settings == {"sensitive": True}
    url = f"{BASE}/{questionnaire_id}/fragen/{question_id}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="sensitive" value="1" checked>' in page
    response = client.post(url, data={"text": "Pflegegrad?", "field_of_action": "none"})
    assert response.status_code == 302
    assert fresh(session, Question, question_id).settings == {}


def test_create_from_the_template(client, session):
    login(client, KOHLBERG)
    response = client.post(f"{BASE}/neu", data={"start": "vorlage", "title": ""})
    questionnaire_id = int(re.search(r"/fragebogen/(\d+)", response.headers["Location"]).group(1))
    questionnaire = fresh(session, Questionnaire, questionnaire_id)
    assert questionnaire.status == "draft" and questionnaire.slug.startswith("gut-aelter-werden-")
    kinds = {question.kind for question in questionnaire.questions}
    assert {"section", "matrix", "age", "multiple_choice"} <= kinds
    assert any((q.settings or {}).get("exclusive") for q in questionnaire.questions)
    page = client.get(f"{BASE}/{questionnaire_id}").get_data(as_text=True)
    for lang, name in (("en", "Englisch"), ("tr", "Türkisch"), ("ar", "Arabisch"),
                       ("el", "Griechisch"), ("de-x-ls", "Leichte Sprache")):
        found = coverage(questionnaire, lang)
        assert found.total > 100 and found.done == found.total, lang
        assert f"{name}: {found.total} von {found.total} Texten übersetzt" in page
    assert "Fragebogen aus der Vorlage" in session.scalar(
        select(ContentChange.summary).where(ContentChange.questionnaire_id == questionnaire_id))


def test_the_district_admin_chooses_the_municipality(client, session):
    login(client, ADMIN)
    missing = client.post(f"{BASE}/neu", data={"start": "leer", "title": "Kreisweit"})
    assert missing.status_code == 400
    assert 'href="#municipality-1"' in missing.get_data(as_text=True)
    wendlingen = municipality(session, "wendlingen")
    response = client.post(f"{BASE}/neu", data={"start": "leer", "title": "Kreisweit",
                                                "municipality": str(wendlingen.id)})
    questionnaire_id = int(re.search(r"/fragebogen/(\d+)", response.headers["Location"]).group(1))
    questionnaire = fresh(session, Questionnaire, questionnaire_id)
    assert questionnaire.municipality_id == wendlingen.id and questionnaire.slug == "kreisweit"


def _locked_questionnaire(session):
    questionnaire = make_questionnaire(session, "kohlberg", status="open")
    add_response(session, questionnaire, quartiere(session, "kohlberg")[0],
                 {"choice": "c", "rating": "3"})
    session.commit()
    return questionnaire


def test_structure_is_locked_after_a_response_but_wording_can_be_fixed(client, session):
    questionnaire = _locked_questionnaire(session)
    choice, rating, free = questionnaire.questions
    version = questionnaire.version
    login(client, KOHLBERG)
    url = f"{BASE}/{questionnaire.id}"

    refused = client.post(f"{url}/fragen/{free.id}/loeschen")
    assert refused.status_code == 400
    assert "Fragen können deshalb nicht mehr gelöscht werden" in refused.get_data(as_text=True)
    assert "/loeschen" not in client.get(f"{url}/fragen").get_data(as_text=True)
    assert client.post(f"{url}/loeschen").status_code == 400

    removing = client.post(f"{url}/fragen/{choice.id}", data={
        "text": "Welche Farbe?", **option_fields(("a", "Rot"), ("b", "Grün")),
        "field_of_action": "housing"})
    assert removing.status_code == 400
    page = removing.get_data(as_text=True)
    assert "nicht mehr geändert werden (Schlüssel: c)" in page
    assert shown_rows(page)["option-2-label"] == "Grün"  # the input is kept
    # the kind cannot be changed any more: the editor stays a single choice
    assert 'name="option-1-label"' in client.get(f"{url}/fragen/{choice.id}?art=number").get_data(
        as_text=True)

    fixed = client.post(f"{url}/fragen/{choice.id}", data={
        "text": "Welche Farbe mögen Sie?", **option_fields(("a", "Rot"), ("b", "Grün"),
                                                         ("c", "Hellblau")),
        "field_of_action": "housing"})
    assert fixed.status_code == 302
    questionnaire = fresh(session, Questionnaire, questionnaire.id)
    assert questionnaire.version == version + 1
    change = session.scalars(select(ContentChange).where(
        ContentChange.questionnaire_id == questionnaire.id)).one()
    assert "Frage 1 geändert" in change.summary and "nach Eingang von Antworten" in change.summary
    assert change.organiser_id is not None
    labels = {o.key: {t.lang: t.label for t in o.texts} for o in questionnaire.questions[0].options}
    assert labels["c"]["de"] == "Hellblau"
    assert session.scalar(select(func.count(Answer.id)).where(
        Answer.question_id == choice.id, Answer.option_key == "c")) == 1
    # the residents' cached view follows the new version
    page = client.get(f"/de/umfrage/{questionnaire.id}/frage/1").get_data(as_text=True)
    assert "Welche Farbe mögen Sie?" in page and "Hellblau" in page
    assert "Änderungsprotokoll" in client.get(f"{url}/aenderungen").get_data(as_text=True)


def test_copy_makes_a_new_draft(client, session):
    original = make_questionnaire(session, "kohlberg", status="open")
    session.commit()
    login(client, KOHLBERG)
    response = client.post(f"{BASE}/{original.id}/kopieren")
    assert response.status_code == 302
    copy_id = int(re.search(r"/fragebogen/(\d+)", response.headers["Location"]).group(1))
    copy = fresh(session, Questionnaire, copy_id)
    assert copy.id != original.id and copy.status == "draft"
    assert copy.slug == f"{original.slug}-kopie"
    assert [q.key for q in copy.questions] == ["choice", "rating", "free"]
    assert {t.lang: t.title for t in copy.texts}["de"] == "Testbefragung (Kopie)"
    assert client.post(f"{BASE}/{original.id}/kopieren").status_code == 302
    session.rollback()
    assert session.scalar(select(func.count(Questionnaire.id)).where(
        Questionnaire.slug == f"{original.slug}-kopie-2")) == 1


def test_delete_asks_first_and_removes_everything(client, session):
    login(client, AICHTAL)
    questionnaire_id = create_blank(client, "Zum Löschen")
    add_question(client, questionnaire_id, "yes_no", text="Gefällt es Ihnen?")
    confirm = client.get(f"{BASE}/{questionnaire_id}/loeschen").get_data(as_text=True)
    assert "Endgültig löschen" in confirm
    assert client.post(f"{BASE}/{questionnaire_id}/loeschen").status_code == 302
    assert fresh(session, Questionnaire, questionnaire_id) is None
    assert client.get(f"{BASE}/{questionnaire_id}").status_code == 404


def test_a_deleted_questionnaires_id_is_never_given_out_again(client, session):
    """Its id is in links and on printed posters, and keys cached content (SQLite used to
    give the highest id out again)."""
    login(client, AICHTAL)
    deleted = create_blank(client, "Gleich wieder weg")
    assert client.post(f"{BASE}/{deleted}/loeschen").status_code == 302
    assert fresh(session, Questionnaire, deleted) is None
    assert create_blank(client, "Ganz neu") > deleted

