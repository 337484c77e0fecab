"""The resident journey through the Flask test client, on SQLite and PostgreSQL."""

import re

from sqlalchemy import func, select

from participation.digests.models import DigestRun
from participation.surveys.models import Answer, Draft, Response
from tests.factories import complete_answers, demo_questionnaire, quartiere


def _base(questionnaire) -> str:
    return f"/de/umfrage/{questionnaire.id}"


def answer_everything(client, questionnaire, quartier, lang="de"):
    base = f"/{lang}/umfrage/{questionnaire.id}"
    assert client.post(f"{base}/quartier", data={"answer": str(quartier.id)}).status_code == 302
    for position, value in complete_answers().items():
        response = client.post(f"{base}/frage/{position}", data={"answer": value})
        assert response.status_code == 302, (position, response.data[:500])


def test_start_page_lists_municipalities_with_an_open_questionnaire(client):
    page = client.get("/de/").get_data(as_text=True)
    for name in ("Aichtal", "Köngen", "Wendlingen am Neckar", "Leinfelden-Echterdingen"):
        assert name in page
    assert client.get("/").headers["Location"].endswith("/de/")


def test_whole_journey_stores_one_anonymous_response(client, session):
    questionnaire = demo_questionnaire(session)
    quartier = quartiere(session, "aichtal")[1]
    base = _base(questionnaire)
    start = client.get(base).get_data(as_text=True)
    assert "Gut älter werden im Quartier" in start
    assert "11 Fragen" in start
    answer_everything(client, questionnaire, quartier)
    check = client.get(f"{base}/pruefen").get_data(as_text=True)
    assert "Grötzingen" in check
    assert "Lebensmittelgeschäft" in check and "Apotheke" in check
    assert "Mehr Sitzbänke am Marktplatz" in check
    assert check.count(">Ändern<") == 12

    submitted = client.post(f"{base}/pruefen")
    assert submitted.headers["Location"].endswith(f"{base}/danke")
    assert "Vielen Dank" in client.get(f"{base}/danke").get_data(as_text=True)

    response = session.scalar(select(Response))
    assert response.quartier_id == quartier.id
    assert response.channel == "online"
    assert response.locale == "de"
    stored = {(a.option_key, a.number_value, a.text_value) for a in response.answers}
    assert ("grocery", None, None) in stored and ("pharmacy", None, None) in stored
    assert (None, 2.0, None) in stored  # household size
    assert ("4", 4.0, None) in stored  # scale keeps key and number
    assert len(response.answers) == 12  # two multiple-choice keys, one per other question
    assert session.scalar(select(func.count()).select_from(Draft)) == 0
    run = session.scalar(select(DigestRun))
    assert run.municipality_id == questionnaire.municipality_id and run.status == "pending"
    # anonymous: no name, address, IP or time of day is stored with a response; only the
    # staff member who keyed in or assisted, and nobody for an online response
    assert {c.name for c in Response.__table__.columns} == {
        "id", "questionnaire_id", "quartier_id", "channel", "locale", "submitted_on",
        "submission_key", "sheet_number", "entered_by_id"}
    assert response.entered_by_id is None


def test_validation_error_keeps_values_and_names_the_problem(client, session):
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "aichtal")[0].id)})
    page = client.post(f"{base}/frage/3", data={"answer": "zwei"}).get_data(as_text=True)
    assert "<title>Fehler: Frage 3 von 11" in page
    assert 'id="error-summary"' in page and "autofocus" in page
    assert 'href="#answer">Bitte geben Sie eine ganze Zahl ein' in page
    assert 'value="zwei"' in page  # what the resident typed is kept
    assert 'aria-invalid="true"' in page
    assert re.search(r'aria-describedby="answer-hint answer-error"', page)

    # multiple choice: the ticked boxes stay ticked when another rule fails
    page = client.post(f"{base}/frage/4", data={"answer": ["grocery", "bogus"]}).get_data(
        as_text=True)
    assert "Bitte wählen Sie eine der angebotenen Antworten aus." in page


def test_error_messages_are_in_the_residents_language(client, session):
    questionnaire = demo_questionnaire(session)
    client.post(f"/en/umfrage/{questionnaire.id}/quartier", data={})
    page = client.post(f"/en/umfrage/{questionnaire.id}/quartier", data={}).get_data(
        as_text=True)
    assert '<html lang="en" dir="ltr">' in page
    assert "<title>Error:" in page
    assert "Bitte" not in page.split("<main")[1].split("</main>")[0]


def test_answers_are_saved_after_every_page_and_survive_going_back(client, session):
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "aichtal")[0].id)})
    client.post(f"{base}/frage/1", data={"answer": "5"})
    client.post(f"{base}/frage/2", data={"answer": "no"})
    draft = session.scalar(select(Draft))
    assert draft.answers == {"housing_satisfaction": "5", "step_free": "no"}
    back = client.get(f"{base}/frage/1").get_data(as_text=True)
    assert re.search(r'value="5" checked', back)
    assert f'href="{base}/quartier"' in back  # back link


def test_change_link_returns_to_check_answers(client, session):
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    answer_everything(client, questionnaire, quartiere(session, "aichtal")[0])
    response = client.post(f"{base}/frage/5?von=pruefen", data={"answer": "never"})
    assert response.headers["Location"].endswith(f"{base}/pruefen")
    assert "Nie" in client.get(f"{base}/pruefen").get_data(as_text=True)


def test_submit_with_missing_answers_shows_what_is_missing(client, session):
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "aichtal")[0].id)})
    client.post(f"{base}/frage/1", data={"answer": "5"})
    page = client.post(f"{base}/pruefen").get_data(as_text=True)
    assert "Bitte beantworten Sie Frage 2." in page
    assert 'href="#row-2"' in page
    assert "Bitte beantworten Sie Frage 10." not in page  # optional
    assert session.scalar(select(func.count()).select_from(Response)) == 0


def test_double_post_of_the_final_submit_stores_one_response(client, session):
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    answer_everything(client, questionnaire, quartiere(session, "aichtal")[0])
    first = client.post(f"{base}/pruefen")
    second = client.post(f"{base}/pruefen")
    assert first.status_code == second.status_code == 302
    assert second.headers["Location"].endswith(f"{base}/danke")
    assert session.scalar(select(func.count()).select_from(Response)) == 1
    assert session.scalar(select(func.count()).select_from(Answer)) == 12


def test_replayed_submit_from_an_old_cookie_stores_one_response(app, session):
    questionnaire = demo_questionnaire(session)
    base = _base(questionnaire)
    first_tab = app.test_client()
    answer_everything(first_tab, questionnaire, quartiere(session, "aichtal")[0])
    cookie = first_tab.get_cookie("session").value
    first_tab.post(f"{base}/pruefen")
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    assert replay.post(f"{base}/pruefen").headers["Location"].endswith(f"{base}/danke")
    assert session.scalar(select(func.count()).select_from(Response)) == 1


def test_unknown_ids_are_404_not_500(client, session):
    questionnaire = demo_questionnaire(session)
    for url in ("/de/umfrage/999999", f"/de/umfrage/{questionnaire.id}/frage/99",
                f"/de/umfrage/{questionnaire.id}/frage/0", "/de/gemeinde/atlantis",
                "/xx/", "/de/verwaltung/post/999999"):
        response = client.get(url)
        assert response.status_code in (404, 302), url
        if response.status_code == 404:
            assert "Seite nicht gefunden" in response.get_data(as_text=True)


def test_foreign_quartier_and_tampered_values_are_refused(client, session):
    questionnaire = demo_questionnaire(session)
    other = quartiere(session, "kohlberg")[0]
    page = client.post(f"{_base(questionnaire)}/quartier", data={"answer": str(other.id)})
    assert page.status_code == 200
    assert "Bitte wählen Sie das Quartier aus" in page.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Draft)) == 0


def test_new_person_clears_the_session_and_returns_to_german(client, session):
    questionnaire = demo_questionnaire(session)
    base = f"/en/umfrage/{questionnaire.id}"
    client.post(f"{base}/quartier", data={"answer": str(quartiere(session, "aichtal")[0].id)})
    response = client.post("/en/neue-person")
    assert response.headers["Location"].endswith("/de/")
    page = client.get(f"{base}/frage/1").get_data(as_text=True)
    assert "checked" not in page


def test_a_stale_page_keeps_what_the_resident_typed(database_url, tmp_path, session):
    """An expired or missing CSRF token (a lost session) re-shows the page with the input."""
    from tests.conftest import make_test_app

    csrf_app = make_test_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    client = csrf_app.test_client()
    questionnaire = demo_questionnaire(session)
    page = client.post(f"{_base(questionnaire)}/frage/11",
                       data={"answer": "Ein Bürgerbus wäre schön", "csrf_token": "stale"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "noch nicht gespeichert" in text
    assert "Ein Bürgerbus wäre schön</textarea>" in text
    token = re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)
    again = client.post(f"{_base(questionnaire)}/frage/11",
                        data={"answer": "Ein Bürgerbus wäre schön", "csrf_token": token})
    assert again.status_code == 302
    session.rollback()
    assert session.scalar(select(Draft)).answers == {"wishes": "Ein Bürgerbus wäre schön"}


def test_stale_drafts_are_purged_after_the_retention_time(app, client, session):
    from datetime import UTC, datetime, timedelta

    from participation.answering.jobs import purge_stale_drafts

    questionnaire = demo_questionnaire(session)
    client.post(f"{_base(questionnaire)}/quartier",
                data={"answer": str(quartiere(session, "aichtal")[0].id)})
    session.commit()
    assert app.config["DRAFT_RETENTION_HOURS"] >= 20
    with app.app_context():
        assert purge_stale_drafts() == 0  # a fresh draft stays
    draft = session.scalar(select(Draft))
    draft.updated_at = datetime.now(UTC) - timedelta(hours=app.config["DRAFT_RETENTION_HOURS"],
                                                     minutes=1)
    session.commit()
    with app.app_context():
        assert purge_stale_drafts() == 1
    assert session.scalar(select(func.count()).select_from(Draft)) == 0


def test_cached_question_pages_never_mix_up_residents(app):
    """The page cache fills in each resident's own token and values, escaped."""
    from participation import db

    with app.app_context():  # leave it before the requests: each gets its own context
        base = _base(demo_questionnaire(db.session()))
        quartier = str(quartiere(db.session(), "aichtal")[0].id)
    pages = {}
    for name, text in (("anna", 'Bänke & "Licht" <am Markt>'), ("bernd", "Ein Bürgerbus")):
        resident = app.test_client()
        resident.post(f"{base}/quartier", data={"answer": quartier})
        resident.post(f"{base}/frage/11", data={"answer": text})
        resident.post(f"{base}/frage/5", data={"answer": "never" if name == "anna" else "weekly"})
        pages[name] = (resident.get(f"{base}/frage/11").get_data(as_text=True),
                       resident.get(f"{base}/frage/5").get_data(as_text=True))
    anna_text, anna_choice = pages["anna"]
    bernd_text, bernd_choice = pages["bernd"]
    assert "Bänke &amp; &#34;Licht&#34; &lt;am Markt&gt;</textarea>" in anna_text
    assert "Ein Bürgerbus" not in anna_text and "Bänke" not in bernd_text
    assert re.search(r'value="never" checked', anna_choice)
    assert not re.search(r'value="never" checked', bernd_choice)
    token = re.compile(r'name="csrf_token" value="([^"]+)"')
    assert token.search(anna_text).group(1) != token.search(bernd_text).group(1)
    assert "csrf-" not in anna_text and "text-" not in bernd_text.split("<main")[1]


def test_the_token_on_a_cached_page_is_accepted(app, database_url, tmp_path):
    """The signed CSRF token is signed once per session; every page carries a valid one.

    (`app` seeds the demo data this second app reads.)"""
    from participation import db
    from tests.conftest import make_test_app

    csrf_app = make_test_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    with csrf_app.app_context():
        base = _base(demo_questionnaire(db.session()))
        quartier = str(quartiere(db.session(), "aichtal")[0].id)
    token = re.compile(r'name="csrf_token" value="([^"]+)"')
    tokens = {}
    for name in ("anna", "bernd"):
        resident = csrf_app.test_client()
        first = token.search(resident.get(f"{base}/quartier").get_data(as_text=True)).group(1)
        assert resident.post(f"{base}/quartier", data={
            "answer": quartier, "csrf_token": first}).status_code == 302
        pages = [resident.get(f"{base}/frage/11").get_data(as_text=True) for _ in range(2)]
        signed = {token.search(page).group(1) for page in pages}
        assert len(signed) == 1  # the same signed token from the cache the second time
        answered = resident.post(f"{base}/frage/11", data={
            "answer": f"Wunsch von {name}", "csrf_token": signed.pop()})
        assert answered.status_code == 302, answered.get_data(as_text=True)
        tokens[name] = token.search(
            resident.get(f"{base}/frage/11").get_data(as_text=True)).group(1)
    assert tokens["anna"] != tokens["bernd"]
    with csrf_app.app_context():
        stored = sorted(d.answers["wishes"] for d in db.session().scalars(select(Draft)))
    assert stored == ["Wunsch von anna", "Wunsch von bernd"]
