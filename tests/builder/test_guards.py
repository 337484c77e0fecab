"""The builder's guards: every route tenant-checked, validation that keeps what was typed,
the preview in each language, and the way in from the dashboard."""


from participation.surveys.models import Questionnaire
from tests.builder.option_form import option_fields, shown_rows
from tests.builder.test_builder import (
    ADMIN,
    AICHTAL,
    BASE,
    KOHLBERG,
    _forget_new_questionnaires,  # noqa: F401 (autouse: questionnaires made here are removed)
    create_blank,
    fresh,
    login,
)
from tests.factories import SMALL_SPEC, make_questionnaire


def builder_routes(questionnaire_id: int, question_id: int) -> list[tuple[str, str]]:
    url = f"{BASE}/{questionnaire_id}"
    question = f"{url}/fragen/{question_id}"
    return [("GET", url), ("POST", url), ("POST", f"{url}/kopieren"), ("GET", f"{url}/loeschen"),
            ("POST", f"{url}/loeschen"), ("GET", f"{url}/aenderungen"), ("GET", f"{url}/fragen"),
            ("GET", f"{url}/fragen/neu"), ("POST", f"{url}/fragen/neu?art=yes_no"),
            ("GET", question), ("POST", question), ("POST", f"{question}/verschieben"),
            ("GET", f"{question}/loeschen"), ("POST", f"{question}/loeschen"),
            ("GET", f"{url}/uebersetzungen"), ("GET", f"{url}/uebersetzungen/en"),
            ("POST", f"{url}/uebersetzungen/en"), ("GET", f"{url}/vorschau/de"),
            ("GET", f"{url}/vorschau/tr/alle"),
            ("GET", f"{url}/vorschau/de/frage/1"), ("POST", f"{url}/vorschau/de/frage/1"),
            ("GET", f"{url}/vorschau/de/pruefen"), ("POST", f"{url}/vorschau/de/pruefen"),
            ("GET", f"{url}/vorschau/de/danke"), ("GET", f"{url}/veroeffentlichen"),
            ("POST", f"{url}/veroeffentlichen"), ("POST", f"{url}/beenden"),
            ("POST", f"{url}/zum-entwurf")]


def test_tenant_isolation_over_every_builder_route(app, client, session):
    # a title no other test uses: only this questionnaire of Kohlberg's could show it
    spec = {**SMALL_SPEC, "title": {"de": "Nur für Kohlberg"}}
    other = make_questionnaire(session, "kohlberg", spec, status="draft")
    session.commit()
    routes = builder_routes(other.id, other.questions[0].id)
    anonymous = app.test_client()
    for method, url in [("GET", BASE), ("GET", f"{BASE}/neu"), *routes]:
        response = anonymous.open(url, method=method, data={"richtung": "hoch"})
        assert response.status_code == 302, url
        assert "/verwaltung/anmelden" in response.headers["Location"]
    login(client, AICHTAL)
    for method, url in routes:
        response = client.open(url, method=method, data={"title": "x", "richtung": "hoch"})
        assert response.status_code == 404, (method, url)
    assert "Nur für Kohlberg" not in client.get(BASE).get_data(as_text=True)
    # a question of another questionnaire is not found through one's own
    own = create_blank(client)
    assert client.get(f"{BASE}/{own}/fragen/{other.questions[0].id}").status_code == 404
    assert fresh(session, Questionnaire, other.id).version == 1
    # the district admin sees every municipality
    admin = app.test_client()
    login(admin, ADMIN)
    assert admin.get(f"{BASE}/{other.id}").status_code == 200
    assert "Kohlberg" in admin.get(BASE).get_data(as_text=True)


def test_validation_errors_keep_the_values(client, session):
    login(client, AICHTAL)
    questionnaire_id = create_blank(client)
    response = client.post(f"{BASE}/{questionnaire_id}/fragen/neu?art=multiple_choice", data={
        "text": "", "hint": "Mein Hinweis", **option_fields("nur eine"), "min": "3", "max": "x"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<title>Fehler:" in page
    assert 'href="#text"' in page and 'href="#options"' in page and 'href="#max"' in page
    assert page.index('href="#text"') < page.index('href="#options"') < page.index('href="#max"')
    assert 'value="Mein Hinweis"' in page and shown_rows(page)["option-1-label"] == "nur eine"
    assert 'aria-invalid="true"' in page

    duplicate = client.post(f"{BASE}/{questionnaire_id}/fragen/neu?art=single_choice", data={
        "text": "Wie?", **option_fields(("a", "Eins"), ("a", "Zwei")), "field_of_action": "none"})
    assert "Antwort 2: Der Schlüssel „a“ kommt mehrfach vor." in duplicate.get_data(as_text=True)
    html = client.post(f"{BASE}/{questionnaire_id}/fragen/neu?art=short_text", data={
        "text": "<b>Fett</b>", "field_of_action": "none"})
    assert html.status_code == 400 and "&lt;b&gt;Fett&lt;/b&gt;" in html.get_data(as_text=True)

    settings = client.post(f"{BASE}/{questionnaire_id}", data={
        "title": "Neuer Titel", "opens_on": "32.13.2027"})
    assert settings.status_code == 400
    page = settings.get_data(as_text=True)
    assert 'value="Neuer Titel"' in page and 'value="32.13.2027"' in page
    # opening needs the publishing step, whose checklist refuses a questionnaire without
    # questions even when everything else is confirmed
    no_questions = client.post(f"{BASE}/{questionnaire_id}/veroeffentlichen",
                               data={"confirm": "ja"})
    assert no_questions.status_code == 400
    assert "Ohne Fragen kann er nicht veröffentlicht werden" in no_questions.get_data(
        as_text=True)
    assert fresh(session, Questionnaire, questionnaire_id).status == "draft"
    kind = client.get(f"{BASE}/{questionnaire_id}/fragen/neu?art=")
    assert kind.status_code == 400 and 'href="#art-1"' in kind.get_data(as_text=True)


def test_one_page_preview_keeps_the_organisers_language(client, session):
    login(client, KOHLBERG)
    questionnaire = make_questionnaire(session, "kohlberg", status="draft")
    session.commit()
    url = f"{BASE}/{questionnaire.id}"
    page = client.get(f"{url}/vorschau/de/alle").get_data(as_text=True)
    assert "Welche Farbe?" in page and "Frage 1 von 3" in page
    arabic = client.get(f"{url}/vorschau/ar/alle")
    assert arabic.status_code == 200  # no longer a redirect into the Arabic interface
    page = arabic.get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in page and "Vorschau: Arabisch" in page
    client.post(f"{url}/uebersetzungen/tr", data={"title": "Test anketi"})
    page = client.get(f"{url}/vorschau/tr/alle").get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in page
    assert '<h2 lang="tr" dir="auto">Test anketi</h2>' in page
    assert "Türkisch: 1 von 8 Texten übersetzt" in page
    assert client.get(f"{url}/vorschau/xx/alle").status_code == 404


def test_dashboard_links_to_the_builder(client):
    login(client, AICHTAL)
    assert f'href="{BASE}"' in client.get("/de/verwaltung/").get_data(as_text=True)
