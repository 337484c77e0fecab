"""Portable JSON export/import of a questionnaire: exact round trip, hostile files, tenants."""

import copy
import io
import json

import pytest
from sqlalchemy import func, select

from participation.accounts.models import Organiser
from participation.builder import transfer
from participation.builder.transfer_schema import SCHEMA, validator
from participation.surveys.models import Questionnaire
from tests.factories import demo_questionnaire, make_questionnaire, municipality

KOHLBERG = ("organisation@kohlberg.demo.example", "demo-kohlberg")
AICHTAL = ("organisation@aichtal.demo.example", "demo-aichtal")
ADMIN = ("landkreis@demo.example", "demo-landkreis")

RICH_SPEC = {
    "languages": ["de", "en", "tr"],
    "title": {"de": "Rund um den Marktplatz", "en": "Around the market square",
              "tr": "Pazar meydanı çevresinde"},
    "intro": {"de": "Zeile eins\nZeile zwei\tmit Tabulator", "en": "Line one"},
    "questions": [
        {"key": "visits", "kind": "yes_no", "field": "infrastructure",
         "text": {"de": "Gehen Sie zum Markt?", "en": "Do you go to the market?"},
         "hint": {"de": "Am Samstag."}},
        {"key": "how_often", "kind": "single_choice", "field": "participation",
         "settings": {"show_if": {"question": "visits", "any_of": ["yes", "dont_know"]},
                      "other": True, "prefer_not": True},
         "text": {"de": "Wie oft?", "tr": "Ne sıklıkla?"},
         "options": [("daily", {"de": "Täglich", "en": "Daily"}),
                     ("weekly", {"de": "Wöchentlich"})]},
        {"key": "reasons", "kind": "multiple_choice", "field": None, "required": False,
         "settings": {"min": 1, "max": 2,
                      "show_if": {"question": "how_often", "any_of": ["weekly", "other"]}},
         "text": {"de": "Warum?"},
         "options": [("fresh", {"de": "Frische Ware"}), ("people", {"de": "Leute treffen"}),
                     ("price", {"de": "Preis < 5 € oder a<3"})]},
        {"key": "rating", "kind": "scale", "field": "health", "text": {"de": "Wie gut?"},
         "options": [(str(n), {"de": str(n)}) for n in range(1, 4)]},
        {"key": "household", "kind": "number", "settings": {"min": 1, "max": 20},
         "text": {"de": "Wie viele Personen?"}},
        {"key": "street", "kind": "short_text", "required": False, "text": {"de": "Straße?"}},
        {"key": "born", "kind": "date", "required": False, "text": {"de": "Geboren am?"}},
        {"key": "wishes", "kind": "text", "required": False, "text": {"de": "Was noch?"}},
    ],
}


def login(client, account):
    email, password = account
    response = client.post("/de/verwaltung/anmelden", data={"email": email, "password": password})
    assert response.status_code == 302


def count_questionnaires(session) -> int:
    session.rollback()  # see what is committed now
    return session.scalar(select(func.count(Questionnaire.id)))


def upload(client, raw: bytes, **fields):
    data = {**fields, "document": (io.BytesIO(raw), "fragebogen.json")}
    return client.post("/de/verwaltung/import", data=data, content_type="multipart/form-data")


def demo_document(session) -> dict:
    return transfer.export_questionnaire(session, demo_questionnaire(session).id)


def without_slug(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "slug"}


def test_the_schema_is_valid_json_schema():
    type(validator).check_schema(SCHEMA)


@pytest.mark.parametrize("spec", ["demo", "rich"])
def test_export_then_import_round_trips_exactly(session, spec):
    if spec == "demo":
        original = demo_questionnaire(session)
    else:
        original = make_questionnaire(session, "kohlberg", spec=RICH_SPEC)
    document = transfer.export_questionnaire(session, original.id)
    checked, problems = transfer.validate_document(transfer.to_json_bytes(document))
    assert problems == []
    copy_ = transfer.import_questionnaire(session, municipality(session, "wendlingen").id,
                                          checked)
    assert copy_.status == "draft" and copy_.id != original.id
    again = transfer.export_questionnaire(session, copy_.id)
    assert without_slug(again) == without_slug(document)
    assert again["slug"] == document["slug"] or again["slug"].startswith(document["slug"] + "-")
    session.rollback()


def test_export_is_a_download_and_import_over_http_round_trips(client, session):
    original = make_questionnaire(session, "kohlberg", spec=RICH_SPEC, status="open")
    session.commit()
    login(client, KOHLBERG)
    response = client.get(f"/de/verwaltung/umfrage/{original.id}/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=fragebogen-{original.slug}.json")
    document = json.loads(response.data)
    assert document["format"] == "participation-questionnaire" and document["version"] == 1
    assert document["title"]["tr"] == "Pazar meydanı çevresinde"

    before = count_questionnaires(session)
    imported = upload(client, response.data)
    assert imported.status_code == 302
    new_id = int(imported.headers["Location"].rsplit("/", 1)[1])
    assert count_questionnaires(session) == before + 1
    copy_ = session.get(Questionnaire, new_id)
    assert copy_.slug == f"{original.slug}-2"  # the slug was taken in Kohlberg
    assert copy_.status == "draft"
    assert copy_.municipality_id == original.municipality_id
    assert without_slug(transfer.export_questionnaire(session, new_id)) == without_slug(document)

    page = client.get(imported.headers["Location"]).get_data(as_text=True)
    assert "Rund um den Marktplatz" in page and "Entwurf" in page
    assert upload(client, response.data).status_code == 302
    assert session.scalar(select(func.count(Questionnaire.id)).where(
        Questionnaire.slug == f"{original.slug}-3")) == 1


def _set(path, value):
    def change(document):
        target = document
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
        return document
    return change


def _later_condition(document):
    later = document["questions"][1]["key"]
    document["questions"][0]["settings"] = {"show_if": {"question": later, "any_of": ["yes"]}}
    return document


def _unknown_answer_condition(document):
    source = document["questions"][1]["key"]  # step_free, a yes/no question
    document["questions"][2]["settings"]["show_if"] = {"question": source,
                                                       "any_of": ["yes", "maybe"]}
    return document


def _duplicate_question_key(document):
    document["questions"][1]["key"] = document["questions"][0]["key"]
    return document


def _many_questions(document):
    document["questions"] = document["questions"][:1] * 201
    return document


def _nested_title(document):
    nested = "Titel"
    for _level in range(40):
        nested = [nested]
    document["title"]["de"] = nested
    return document


HOSTILE = {
    "script in title": (_set(("title", "de"), "Umfrage <script>alert(1)</script>"),
                        "title.de: Der Text enthält HTML-Auszeichnungen"),
    "markup in option": (_set(("questions", 0, "options", 0, 1, "de"),
                              "<img src=x onerror=alert(1)>"),
                         "questions[0].options[0][1].de: Der Text enthält HTML"),
    "title as list": (_set(("title",), ["Titel"]),
                      "title: Erwartet wird ein Objekt"),
    "required as string": (_set(("questions", 0, "required"), "yes"),
                           "questions[0].required: Erwartet wird true oder false."),
    "options as dict": (_set(("questions", 0, "options"), {"1": "eins"}),
                        "questions[0].options: Erwartet wird eine Liste"),
    "unknown kind": (_set(("questions", 0, "kind"), "slider"),
                     "questions[0].kind: „slider“ ist nicht erlaubt."),
    "unknown field of action": (_set(("questions", 0, "field"), "sport"),
                                "questions[0].field: „sport“ ist nicht erlaubt."),
    "unknown property": (_set(("questions", 0, "onclick"), "x"),
                         "questions[0]: Unbekannte Angabe „onclick“."),
    "show_if on a later question": (_later_condition,
                                    "sich nur auf eine Frage auf einer früheren Seite"),
    "show_if on an unknown answer": (_unknown_answer_condition,
                                     "Die Frage „step_free“ hat keine Antwort „maybe“."),
    "duplicate question keys": (_duplicate_question_key,
                                "questions[1].key: Der Schlüssel „housing_satisfaction“ "
                                "kommt mehrfach vor."),
    "duplicate option keys": (_set(("questions", 0, "options", 1, 0), "1"),
                              "questions[0].options: Ein Schlüssel kommt mehrfach vor."),
    "bad key": (_set(("questions", 0, "key"), "Robert'); DROP TABLE"),
                "ist kein gültiger Schlüssel"),
    "control character": (_set(("title", "de"), "Titel\u0000"), "unzulässige Steuerzeichen"),
    "no German title": (_set(("title",), {"en": "Title"}),
                        "title: Es fehlt die Angabe „de“."),
    "blank German text": (_set(("questions", 0, "text", "de"), "  "),
                          "questions[0].text.de: Der Text darf nicht leer sein."),
    "title too long": (_set(("title", "de"), "x" * 301), "höchstens 300 Zeichen"),
    "too many questions": (_many_questions, "questions: Zu viele Einträge (höchstens 200)."),
    "float setting": (_set(("questions", 2, "settings", "min"), 1.5),
                      "questions[2].settings.min: Erwartet wird eine ganze Zahl."),
    "min above max": (_set(("questions", 2, "settings", "min"), 30),
                      "questions[2].settings: Die größte Zahl darf nicht kleiner als die "
                      "kleinste sein"),
    "other format": (_set(("format",), "limesurvey"), "kein Fragebogen-Export"),
    "future version": (_set(("version",), 2), "Version des Dateiformats"),
    "nested inside a text": (_nested_title, "zu tief verschachtelt"),
}


RAW_HOSTILE = {
    "empty file": (b"", "Die Datei ist leer."),
    "not JSON at all": (b"<html><body>Hallo</body></html>",
                        "kein gültiges JSON (Zeile 1, Spalte 1)"),
    "broken JSON": (b'{"format": "participation-questionnaire",\n "version": }',
                    "kein gültiges JSON (Zeile 2, Spalte 13)"),
    "invalid UTF-8": (b'{"title": {"de": "\xff\xfe"}}', "nicht in UTF-8"),
    "deeply nested": (b"[" * 100_000 + b"]" * 100_000, "zu tief verschachtelt"),
    "NaN": (b'{"version": NaN}', "ungültige Zahl"),
    "a JSON list": (b"[1, 2]", "Erwartet wird ein Objekt"),
    "duplicate names": (b'{"title": {"de": "A"}, "title": {"de": "<b>B</b>"}}',
                        "Die Angabe „title“ steht zweimal"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_documents_are_rejected_and_change_nothing(client, session, case):
    change, expected = HOSTILE[case]
    raw = json.dumps(change(copy.deepcopy(demo_document(session)))).encode()
    _assert_rejected(client, session, raw, expected)


@pytest.mark.parametrize("case", RAW_HOSTILE)
def test_broken_files_are_rejected_and_change_nothing(client, session, case):
    raw, expected = RAW_HOSTILE[case]
    _assert_rejected(client, session, raw, expected)


def test_a_file_over_512_kib_is_rejected_before_parsing(client, session):
    raw = transfer.to_json_bytes(demo_document(session))
    raw = raw + b" " * (512 * 1024 + 1 - len(raw))
    _assert_rejected(client, session, raw, "Die Datei ist zu groß: höchstens 512 KB")
    assert transfer.validate_document(raw[:-1])[1] == []


def test_a_request_over_the_upload_limit_is_refused(client, session):
    login(client, KOHLBERG)
    before = count_questionnaires(session)
    response = upload(client, b"{" * (2 * 1024 * 1024))
    assert response.status_code == 413
    assert count_questionnaires(session) == before


def _assert_rejected(client, session, raw: bytes, expected: str):
    login(client, KOHLBERG)
    before = count_questionnaires(session)
    response = upload(client, raw)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Der Fragebogen wurde nicht importiert" in page
    assert expected.replace("<", "&lt;").replace(">", "&gt;") in page
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>B" not in page
    assert count_questionnaires(session) == before


def test_many_problems_are_listed_at_most_ten_at_a_time(client, session):
    document = demo_document(session)
    for question in document["questions"]:
        question["required"] = "ja"
        question["kind"] = "slider"
    login(client, KOHLBERG)
    page = upload(client, json.dumps(document).encode()).get_data(as_text=True)
    assert page.count('<li><a href="#document">') == 10
    assert "weitere Probleme, die hier nicht aufgeführt sind" in page
    assert "mehrere Probleme, siehe die Liste oben" in page


def test_import_form_is_labelled_and_protected(client):
    login(client, KOHLBERG)
    page = client.get("/de/verwaltung/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert ('<label class="label" for="document">Fragebogen-Datei (JSON oder LimeSurvey .lss)'
            '</label>') in page
    assert 'aria-describedby="document-hint"' in page
    assert 'name="csrf_token"' in page
    assert 'name="municipality"' not in page  # an organiser imports into their own
    missing = client.post("/de/verwaltung/import", data={},
                          content_type="multipart/form-data").get_data(as_text=True)
    assert "Bitte wählen Sie eine Datei aus." in missing
    assert 'aria-describedby="document-hint document-error" aria-invalid="true"' in missing


def test_import_requires_login_and_csrf(database_url, tmp_path, client, session):
    from tests.conftest import make_test_app

    before = count_questionnaires(session)
    raw = transfer.to_json_bytes(demo_document(session))
    assert upload(client, raw).status_code == 302  # to the login page
    organiser = session.scalar(select(Organiser).where(Organiser.email == KOHLBERG[0]))
    csrf_client = make_test_app(database_url, tmp_path, WTF_CSRF_ENABLED=True).test_client()
    with csrf_client.session_transaction() as browser_session:
        browser_session["organiser_id"] = organiser.id
        browser_session["organiser_session_version"] = organiser.session_version
    assert csrf_client.get("/de/verwaltung/import").status_code == 200
    response = upload(csrf_client, raw)
    assert response.status_code == 400
    assert "zu lange geöffnet" in response.get_data(as_text=True)
    assert count_questionnaires(session) == before


def test_export_is_scoped_to_the_organisers_municipality(client, session):
    kohlberg = demo_questionnaire(session, "kohlberg")
    aichtal = demo_questionnaire(session, "aichtal")
    assert client.get(f"/de/verwaltung/umfrage/{kohlberg.id}/export.json").status_code == 302
    login(client, AICHTAL)
    assert client.get(f"/de/verwaltung/umfrage/{kohlberg.id}/export.json").status_code == 404
    assert client.get(f"/de/verwaltung/import/{kohlberg.id}").status_code == 404
    assert client.get("/de/verwaltung/umfrage/999999/export.json").status_code == 404
    assert client.get(f"/de/verwaltung/umfrage/{aichtal.id}/export.json").status_code == 200


def test_an_organiser_imports_only_into_their_own_municipality(client, session):
    raw = transfer.to_json_bytes(demo_document(session))
    kohlberg_id = municipality(session, "kohlberg").id
    login(client, AICHTAL)
    before = count_questionnaires(session)
    assert upload(client, raw, municipality=str(kohlberg_id)).status_code == 404
    assert count_questionnaires(session) == before
    response = upload(client, raw)
    assert response.status_code == 302
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert session.get(Questionnaire, new_id).municipality_id == municipality(
        session, "aichtal").id


def test_the_district_admin_chooses_the_municipality(client, session):
    raw = transfer.to_json_bytes(demo_document(session))
    login(client, ADMIN)
    page = client.get("/de/verwaltung/import").get_data(as_text=True)
    assert "Für welche Gemeinde?" in page and "Neckartenzlingen" in page
    before = count_questionnaires(session)
    unchosen = upload(client, raw)
    assert unchosen.status_code == 400
    assert "Bitte wählen Sie die Gemeinde aus" in unchosen.get_data(as_text=True)
    assert upload(client, raw, municipality="999999").status_code == 400
    assert count_questionnaires(session) == before
    target = municipality(session, "neckartenzlingen").id
    response = upload(client, raw, municipality=str(target))
    assert response.status_code == 302
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert session.get(Questionnaire, new_id).municipality_id == target
    assert "Neckartenzlingen" in client.get(response.headers["Location"]).get_data(as_text=True)
