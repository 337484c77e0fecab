"""Organiser login (Argon2), the per-Quartier dashboard and tenant scoping."""

from sqlalchemy import select

from participation import create_app
from participation.accounts.models import Organiser
from tests.factories import add_response, demo_questionnaire, quartiere


def login(client, email, password):
    return client.post("/de/verwaltung/anmelden", data={"email": email, "password": password})


def test_passwords_are_stored_as_argon2_hashes(session):
    organiser = session.scalar(select(Organiser).where(
        Organiser.email == "organisation@aichtal.demo.example"))
    assert organiser.password_hash.startswith("$argon2id$")
    assert "demo-aichtal" not in organiser.password_hash


def test_wrong_password_is_refused_with_a_clear_message(client):
    response = login(client, "organisation@aichtal.demo.example", "falsch")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "E-Mail-Adresse oder Passwort sind nicht richtig." in page
    assert 'value="organisation@aichtal.demo.example"' in page
    assert client.get("/de/verwaltung/").status_code == 302


def test_empty_login_form_names_both_fields(client):
    page = login(client, "", "").get_data(as_text=True)
    assert "Bitte geben Sie Ihre E-Mail-Adresse ein." in page
    assert "Bitte geben Sie Ihr Passwort ein." in page


def test_organiser_sees_only_their_municipality_counted_per_quartier(client, session):
    questionnaire = demo_questionnaire(session, "aichtal")
    aich, groetzingen, _neuenhaus = quartiere(session, "aichtal")
    for quartier, count in ((aich, 3), (groetzingen, 1)):
        for _ in range(count):
            add_response(session, questionnaire, quartier, {"step_free": "yes"})
    session.commit()
    assert login(client, "organisation@aichtal.demo.example", "demo-aichtal").status_code == 302
    page = client.get("/de/verwaltung/").get_data(as_text=True)
    assert '<td>Aich</td><td class="number">3</td>' in page
    assert '<td>Grötzingen</td><td class="number">1</td>' in page
    assert '<td>Neuenhaus</td><td class="number">0</td>' in page
    assert "Köngen" not in page and "Musberg" not in page


def test_district_admin_sees_every_municipality(client):
    login(client, "landkreis@demo.example", "demo-landkreis")
    page = client.get("/de/verwaltung/").get_data(as_text=True)
    for name in ("Aichtal", "Köngen", "Musberg", "Bodelshofen"):
        assert name in page


def test_login_redirects_only_to_local_pages(client):
    response = client.post("/de/verwaltung/anmelden?next=https://evil.example/",
                           data={"email": "landkreis@demo.example", "password": "demo-landkreis"})
    assert response.headers["Location"] == "/de/verwaltung/"


def test_logout_ends_the_session(client):
    login(client, "landkreis@demo.example", "demo-landkreis")
    client.post("/de/verwaltung/abmelden")
    assert client.get("/de/verwaltung/").status_code == 302


def test_forms_are_protected_against_csrf(database_url, tmp_path):
    from tests.conftest import make_test_app

    csrf_app = make_test_app(database_url, tmp_path, WTF_CSRF_ENABLED=True)
    client = csrf_app.test_client()
    response = client.post("/de/verwaltung/anmelden",
                           data={"email": "landkreis@demo.example", "password": "demo-landkreis"})
    assert response.status_code == 400
    assert "zu lange geöffnet" in response.get_data(as_text=True)


def test_security_headers_and_cookie_flags(client):
    response = login(client, "landkreis@demo.example", "demo-landkreis")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_outbox_of_another_municipality_is_not_shown(client, app):
    from datetime import UTC, datetime

    from participation import db
    from participation.digests import jobs
    from participation.digests.schedule import period_of
    from tests.digests.test_digest_mail import seed_known_results
    from tests.factories import municipality

    with app.app_context():
        seed_known_results(db.session())
        kohlberg = municipality(db.session(), "kohlberg").id
        db.commit()
        jobs.deliver_digest(kohlberg, period_of(datetime.now(UTC).date()), force=True)
        from participation.digests.models import OutgoingEmail

        email_id = db.session().scalar(select(OutgoingEmail.id))
        db.rollback()
    login(client, "organisation@aichtal.demo.example", "demo-aichtal")
    assert "Kohlberg" not in client.get("/de/verwaltung/post/").get_data(as_text=True)
    assert client.get(f"/de/verwaltung/post/{email_id}").status_code == 404
    client.post("/de/verwaltung/abmelden")
    login(client, "organisation@kohlberg.demo.example", "demo-kohlberg")
    assert "Quartiersbericht Kohlberg" in client.get("/de/verwaltung/post/").get_data(
        as_text=True)
    page = client.get(f"/de/verwaltung/post/{email_id}").get_data(as_text=True)
    assert "## Ortskern" in page


def test_create_app_reads_no_configuration_at_import():
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})
    assert app.config["DATABASE_URL"] == "sqlite://"
