"""The resident-style preview (pages, check page, thank-you page) inside the organiser's
page, and publishing through the checklist with its schedule."""

from datetime import timedelta

from sqlalchemy import func, select

from participation.clock import local_today
from participation.surveys.models import ContentChange, Questionnaire, Response
from tests.builder.test_builder import (
    BASE,
    KOHLBERG,
    _forget_new_questionnaires,  # noqa: F401 (autouse: questionnaires made here are removed)
    fresh,
    login,
)
from tests.factories import make_questionnaire


def _draft(session):
    questionnaire = make_questionnaire(session, "kohlberg", status="draft")
    session.commit()
    return questionnaire


def test_preview_goes_page_by_page_in_turkish_while_the_page_stays_german(client, session):
    login(client, KOHLBERG)
    questionnaire = _draft(session)
    url = f"{BASE}/{questionnaire.id}/vorschau/tr"
    client.post(f"{BASE}/{questionnaire.id}/uebersetzungen/tr",
                data={"title": "Test anketi",
                      f"q{questionnaire.questions[0].id}-text": "Hangi renk?"})
    start = client.get(url).get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in start and "Vorschau: Türkçe" in start
    assert 'lang="tr" dir="ltr"' in start  # the resident's part speaks Turkish
    assert "Test anketi" in start and f'href="{url}/frage/1"' in start
    first = client.get(f"{url}/frage/1").get_data(as_text=True)
    assert "Hangi renk?" in first and "Soru 1 / 3" in first
    assert "Später weitermachen" not in first and "Neue Person beginnen" not in first
    # an empty answer: the message in Turkish, the organiser's frame in German, status 400
    empty = client.post(f"{url}/frage/1", data={})
    assert empty.status_code == 400
    page = empty.get_data(as_text=True)
    assert "Übersetzungen" in page and "Bereiche dieses Fragebogens" in page
    assert "Lütfen" in page  # the resident's message, in the previewed language
    answered = client.post(f"{url}/frage/1", data={"answer": "b"})
    assert answered.headers["Location"] == f"{url}/frage/2"
    client.post(f"{url}/frage/2", data={"answer": "4"})
    last = client.post(f"{url}/frage/3", data={"answer": "Alles gut"})
    assert last.headers["Location"] == f"{url}/pruefen"
    check = client.get(f"{url}/pruefen").get_data(as_text=True)
    assert "Alles gut" in check and f'href="{url}/frage/1?von=pruefen"' in check
    assert "row-quartier" not in check  # no Quartier is asked in the preview
    change = client.post(f"{url}/frage/1?von=pruefen", data={"answer": "c"})
    assert change.headers["Location"] == f"{url}/pruefen"
    sent = client.post(f"{url}/pruefen")
    assert sent.headers["Location"] == f"{url}/danke"
    done = client.get(f"{url}/danke").get_data(as_text=True)
    assert "Vorschau: Türkçe" in done
    # nothing counted, only the note that a test answer was made of this version
    assert session.scalar(select(func.count(Response.id)).where(
        Response.questionnaire_id == questionnaire.id)) == 0
    stored = fresh(session, Questionnaire, questionnaire.id)
    assert stored.tested_version == stored.version
    # the organiser's own pages stayed German throughout
    assert '<html lang="de"' in client.get(f"{BASE}/{questionnaire.id}").get_data(as_text=True)


def test_sending_an_incomplete_preview_names_the_missing_questions(client, session):
    login(client, KOHLBERG)
    questionnaire = _draft(session)
    url = f"{BASE}/{questionnaire.id}/vorschau/de"
    client.post(f"{url}/frage/1", data={"answer": "a"})
    refused = client.post(f"{url}/pruefen")
    assert refused.status_code == 400
    assert "Bitte beantworten Sie Frage 2." in refused.get_data(as_text=True)
    assert fresh(session, Questionnaire, questionnaire.id).tested_version is None
    assert client.get(f"{url}/frage/99").status_code == 404
    assert client.get(f"{BASE}/{questionnaire.id}/vorschau/xx").status_code == 404


def test_preview_answers_are_kept_per_questionnaire_and_language(client, session):
    login(client, KOHLBERG)
    questionnaire = _draft(session)
    german, english = (f"{BASE}/{questionnaire.id}/vorschau/{lang}" for lang in ("de", "en"))
    client.post(f"{german}/frage/1", data={"answer": "a"})
    assert 'value="a" checked' in client.get(f"{german}/frage/1").get_data(as_text=True)
    assert 'value="a" checked' not in client.get(f"{english}/frage/1").get_data(as_text=True)
    # a long typed answer is cut in the preview (the session travels in a cookie)
    client.post(f"{german}/frage/1", data={"answer": "a"})
    client.post(f"{german}/frage/2", data={"answer": "3"})
    client.post(f"{german}/frage/3", data={"answer": "x" * 1000})
    assert "x" * 300 in client.get(f"{german}/pruefen").get_data(as_text=True)
    assert "x" * 301 not in client.get(f"{german}/pruefen").get_data(as_text=True)


def test_publishing_checklist_asks_to_confirm_open_points(client, session):
    login(client, KOHLBERG)
    questionnaire = _draft(session)
    url = f"{BASE}/{questionnaire.id}/veroeffentlichen"
    page = client.get(url).get_data(as_text=True)
    for title in ("Fragen", "Sprachen", "Quartiere", "Zeitraum", "Probeantwort"):
        assert f"<strong>{title}</strong>" in page
    assert page.count("Bitte prüfen") >= 4  # languages, Quartiere, dates, test answer
    refused = client.post(url, data={})
    assert refused.status_code == 400
    assert 'href="#confirm-1"' in refused.get_data(as_text=True)
    assert fresh(session, Questionnaire, questionnaire.id).status == "draft"
    published = client.post(url, data={"confirm": "ja"})
    assert published.status_code == 302
    stored = fresh(session, Questionnaire, questionnaire.id)
    assert stored.status == "open" and stored.version == questionnaire.version
    assert session.scalar(select(ContentChange.summary).where(
        ContentChange.questionnaire_id == questionnaire.id).order_by(
        ContentChange.id.desc()).limit(1)) == "Veröffentlicht"
    assert "Geöffnet: Bewohnerinnen und Bewohner können antworten" in client.get(
        url).get_data(as_text=True)
    # residents can answer now
    assert client.get(f"/de/umfrage/{questionnaire.id}").status_code == 200
    client.post(f"{BASE}/{questionnaire.id}/beenden")
    assert fresh(session, Questionnaire, questionnaire.id).status == "closed"
    assert client.get(f"/de/umfrage/{questionnaire.id}").status_code == 404
    client.post(f"{BASE}/{questionnaire.id}/zum-entwurf")
    assert fresh(session, Questionnaire, questionnaire.id).status == "draft"


def test_a_complete_checklist_publishes_without_confirmation_and_schedules(client, session):
    login(client, KOHLBERG)
    questionnaire = _draft(session)
    today = local_today()
    quartier = questionnaire_quartier(client, questionnaire.id)
    starts = (today + timedelta(days=3)).strftime("%d.%m.%Y")
    ends = (today + timedelta(days=30)).strftime("%d.%m.%Y")
    saved = client.post(f"{BASE}/{questionnaire.id}", data={
        "title": "Testbefragung", "opens_on": starts, "closes_on": ends,
        "quartiere": [quartier]})
    assert saved.status_code == 302
    client.post(f"{BASE}/{questionnaire.id}", data={
        "title": "Testbefragung", "opens_on": starts, "closes_on": ends,
        "quartiere": [quartier], "languages": []})
    preview = f"{BASE}/{questionnaire.id}/vorschau/de"
    for position, answer in ((1, "a"), (2, "3"), (3, "")):
        client.post(f"{preview}/frage/{position}", data={"answer": answer})
    client.post(f"{preview}/pruefen")
    page = client.get(f"{BASE}/{questionnaire.id}/veroeffentlichen").get_data(as_text=True)
    assert "Bitte prüfen" in page  # only German: the languages ask for a look
    assert page.count("Erledigt") == 4
    client.post(f"{BASE}/{questionnaire.id}/veroeffentlichen", data={"confirm": "ja"})
    page = client.get(f"{BASE}/{questionnaire.id}/veroeffentlichen").get_data(as_text=True)
    assert f"ab dem {starts} antworten" in page
    # scheduled: not yet open for residents, a clear "not open now"
    assert client.get(f"/de/umfrage/{questionnaire.id}").status_code == 410


def test_a_past_end_stops_publishing(client, session):
    login(client, KOHLBERG)
    questionnaire = _draft(session)
    past = (local_today() - timedelta(days=2)).strftime("%d.%m.%Y")
    client.post(f"{BASE}/{questionnaire.id}", data={"title": "Testbefragung",
                                                    "closes_on": past})
    refused = client.post(f"{BASE}/{questionnaire.id}/veroeffentlichen", data={"confirm": "ja"})
    assert refused.status_code == 400
    assert "liegt in der Vergangenheit" in refused.get_data(as_text=True)
    assert fresh(session, Questionnaire, questionnaire.id).status == "draft"


def questionnaire_quartier(client, questionnaire_id: int) -> str:
    """The value of the first Quartier checkbox on the settings page."""
    page = client.get(f"{BASE}/{questionnaire_id}").get_data(as_text=True)
    marker = 'name="quartiere" value="'
    start = page.index(marker) + len(marker)
    return page[start:page.index('"', start)]
