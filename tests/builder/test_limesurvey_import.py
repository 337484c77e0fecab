"""Importing LimeSurvey files through the upload page and the command line, and refusing
hostile or broken ones whole: a refused file leaves no questionnaire behind."""

import io
import json
import secrets

import pytest
from sqlalchemy import func, select

from participation import db
from participation.builder import limesurvey
from participation.surveys.models import Questionnaire
from tests.builder.limesurvey_files import (
    FIXTURES,
    FROM_LIMESURVEY,
    NO_GERMAN,
    OWN,
    converted,
    fixture,
    question,
    survey,
)
from tests.builder.test_transfer import KOHLBERG, count_questionnaires, login
from tests.factories import municipality

# --- hostile and broken files -----------------------------------------------------------------

SURVEY_HEAD = b'<document><LimeSurveyDocType>Survey</LimeSurveyDocType>'
DTD_REFUSED = "Die Datei enthält eine Dokumenttyp-Definition (DTD) oder Entitäten."
HOSTILE = {
    "billion laughs": (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                       b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                       b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
                       + SURVEY_HEAD + b"<x>&lol3;</x></document>", DTD_REFUSED),
    "external entity": (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM '
                        b'"file:///etc/passwd">]>' + SURVEY_HEAD + b"<x>&xxe;</x></document>",
                        DTD_REFUSED),
    "external DTD": (b'<?xml version="1.0"?><!DOCTYPE document SYSTEM "http://example.org/x.dtd">'
                     + SURVEY_HEAD + b"</document>", DTD_REFUSED),
    "parameter entity": (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY % p SYSTEM '
                         b'"http://example.org/p">%p;]>' + SURVEY_HEAD + b"</document>",
                         DTD_REFUSED),
    "undeclared entity": (SURVEY_HEAD + b"<x>&secret;</x></document>",
                          "Die Datei ist kein gültiges XML (Zeile 1, Spalte 59)."),
    "not XML": (b"LimeSurveyDocType, but not XML", "Die Datei ist kein gültiges XML (Zeile 1"),
    "broken XML": (SURVEY_HEAD + b"\n<groups><rows>", "Die Datei ist kein gültiges XML (Zeile 2"),
    "a question group": (b"<document><LimeSurveyDocType>Group</LimeSurveyDocType></document>",
                         "Die Datei ist keine LimeSurvey-Umfragestruktur (.lss)."),
    "another XML file": (b"<html><body>Hallo</body></html>",
                         "Die Datei ist keine LimeSurvey-Umfragestruktur (.lss)."),
    "empty": (b"  \n", "Die Datei ist leer."),
    "too big": (SURVEY_HEAD + b" " * (1000 * 1024), "Die Datei ist zu groß: höchstens 1000 KB"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_and_broken_files_are_refused_with_a_clear_message(case):
    raw, expected = HOSTILE[case]
    document, report = limesurvey.convert(raw)
    assert document is None
    assert len(report) == 1 and report[0].startswith(expected), report


def upload(client, raw: bytes, filename: str = "umfrage.lss"):
    return client.post("/de/verwaltung/import", content_type="multipart/form-data",
                       data={"document": (io.BytesIO(raw), filename)})


@pytest.mark.parametrize("case", ["billion laughs", "external entity", "broken XML", "too big"])
def test_the_upload_page_refuses_hostile_files_and_imports_nothing(client, session, case):
    raw, expected = HOSTILE[case]
    login(client, KOHLBERG)
    before = count_questionnaires(session)
    response = upload(client, raw)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Der Fragebogen wurde nicht importiert" in page and expected in page
    assert count_questionnaires(session) == before


def test_a_survey_too_big_for_a_questionnaire_is_refused_whole(client, session):
    raw = survey([question(n, "S", f"q{n}") for n in range(1, 202)])
    login(client, KOHLBERG)
    before = count_questionnaires(session)
    response = upload(client, raw)
    assert response.status_code == 400
    assert "questions: Zu viele Einträge (höchstens 200)." in response.get_data(as_text=True)
    assert count_questionnaires(session) == before


# --- the upload page and the command line -----------------------------------------------------


def test_the_upload_page_imports_a_limesurvey_file_and_lists_what_was_left_out(client, session):
    login(client, KOHLBERG)
    form = client.get("/de/verwaltung/import").get_data(as_text=True)
    assert 'accept=".json,.lss,' in form and "LimeSurvey" in form
    before = count_questionnaires(session)
    response = upload(client, fixture(OWN))
    assert response.status_code == 302
    new_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert count_questionnaires(session) == before + 1
    imported = session.get(Questionnaire, new_id)
    assert (imported.status, imported.municipality_id) == ("draft", municipality(
        session, "kohlberg").id)
    assert imported.slug.startswith("aelter-werden-in-musterstadt")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Was aus LimeSurvey nicht oder anders übernommen wurde" in page
    assert "<li>Frage „wichtig“ (Typ „Rangfolge“): Diese Fragenart wird nicht unterstützt" in page
    assert page.count("<li>Bedingung von") == 2
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Was aus LimeSurvey" not in again  # the notes are shown once


def test_a_limesurvey_file_is_recognised_by_its_content_and_long_reports_are_cut(client, session):
    raw = survey([question(n, "R", f"rank{n}") for n in range(1, 31)] + [question(99, "T", "t")])
    login(client, KOHLBERG)
    response = upload(client, raw, filename="export.xml")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert page.count("<li>Frage „rank") == 20
    assert "Dazu kommen 10 weitere Hinweise, die hier nicht aufgeführt sind." in page


def test_the_command_line_imports_a_limesurvey_file_and_prints_the_report(app, tmp_path):
    runner = app.test_cli_runner()
    with app.app_context():
        before = db.session().scalar(select(func.count(Questionnaire.id)))
        db.rollback()
    refused = tmp_path / "englisch.lss"
    refused.write_bytes(fixture("limesurvey_survey_381354_print_answers_conditions.lss"))
    result = runner.invoke(args=["questionnaires", "import", str(refused),
                                 "--municipality", "kohlberg"])
    assert result.exit_code == 1 and NO_GERMAN in result.output
    result = runner.invoke(args=["questionnaires", "import", str(FIXTURES / OWN),
                                 "--municipality", "kohlberg"])
    assert result.exit_code == 0, result.output
    assert "Imported as draft questionnaire" in result.output
    assert ("- Frage „punkte“ (Typ „Gleichung“): Diese Fragenart wird nicht unterstützt und "
            "wurde weggelassen.") in result.output
    with app.app_context():
        assert db.session().scalar(select(func.count(Questionnaire.id))) == before + 1
        imported = db.session().scalar(select(Questionnaire).order_by(Questionnaire.id.desc()))
        assert imported.slug.startswith("aelter-werden-in-musterstadt")
        assert len(imported.questions) == len(converted(fixture(OWN))[0]["questions"])
        db.session().delete(imported)
        db.commit()


def test_the_fixture_readme_names_every_file():
    readme = (FIXTURES / "README.md").read_text()
    assert all(name in readme for name in [*FROM_LIMESURVEY, OWN])
    assert json.loads(json.dumps(FROM_LIMESURVEY)) and len(FROM_LIMESURVEY) >= 5


def test_a_file_is_taken_for_limesurvey_by_its_name_or_its_xml():
    assert limesurvey.is_limesurvey(b"{}", "Umfrage.LSS")
    assert limesurvey.is_limesurvey(b"\xef\xbb\xbf\n" + fixture(OWN)[:200], "export.xml")
    assert not limesurvey.is_limesurvey(b'{"title": {"de": "<LimeSurveyDocType>"}}', "f.json")
    assert not limesurvey.is_limesurvey(b"<html><body>Hallo</body></html>", "f.json")


def test_the_notes_never_outgrow_the_session_cookie(client, session):
    codes = [secrets.token_urlsafe(150) for _n in range(40)]  # long, and hard to compress
    raw = survey([question(n, "R", code) for n, code in enumerate(codes, 1)]
                 + [question(99, "T", "t")], languages=("de", "ar"))
    login(client, KOHLBERG)
    response = upload(client, raw)
    assert response.status_code == 302
    cookie = next(v for v in response.headers.getlist("Set-Cookie") if v.startswith("session="))
    assert len(cookie) < 3500
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    shown = page.count("<li>Frage „")
    assert 0 < shown < 20
    assert f"Dazu kommen {40 - shown} weitere Hinweise" in page
