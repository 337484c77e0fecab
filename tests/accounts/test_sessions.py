"""Logging out ends every session of the account: a copied cookie, other browsers too."""

from sqlalchemy import select

from participation import db
from participation.accounts import services
from participation.accounts.models import Organiser

KOHLBERG = ("organisation@kohlberg.demo.example", "demo-kohlberg")
DASHBOARD = "/de/verwaltung/"


def login(client, account=KOHLBERG):
    response = client.post("/de/verwaltung/anmelden",
                           data={"email": account[0], "password": account[1]})
    assert response.status_code == 302
    return response


def is_out(client) -> bool:
    response = client.get(DASHBOARD)
    return (response.status_code == 302
            and "/de/verwaltung/anmelden" in response.headers["Location"])


def test_a_copied_session_cookie_stops_working_after_logout(app):
    browser = app.test_client()
    login(browser)
    stolen = browser.get_cookie("session").value
    assert browser.get(DASHBOARD).status_code == 200

    assert browser.post("/de/verwaltung/abmelden").status_code == 302
    assert is_out(browser)
    copy = app.test_client()
    copy.set_cookie("session", stolen)
    assert is_out(copy)
    assert copy.get("/de/verwaltung/ergebnisse/1").status_code == 302


def test_logging_out_in_one_browser_ends_the_session_in_the_other(app):
    office, laptop = app.test_client(), app.test_client()
    login(office)
    login(laptop)
    assert office.get(DASHBOARD).status_code == 200
    assert laptop.get(DASHBOARD).status_code == 200

    office.post("/de/verwaltung/abmelden")
    assert is_out(office) and is_out(laptop)
    login(laptop)  # a new login starts a session that works
    assert laptop.get(DASHBOARD).status_code == 200
    assert is_out(office)


def test_another_accounts_logout_ends_nothing_else(app):
    kohlberg, admin = app.test_client(), app.test_client()
    login(kohlberg)
    login(admin, ("landkreis@demo.example", "demo-landkreis"))
    admin.post("/de/verwaltung/abmelden")
    assert kohlberg.get(DASHBOARD).status_code == 200


def test_a_new_password_ends_every_session(app):
    browser = app.test_client()
    login(browser)
    with app.app_context():
        session = db.session()
        organiser = session.scalar(select(Organiser).where(Organiser.email == KOHLBERG[0]))
        services.set_password(session, organiser, KOHLBERG[1])  # the same, for other tests
        db.commit()
    assert is_out(browser)
    login(browser)
    assert browser.get(DASHBOARD).status_code == 200


def test_a_session_from_before_the_versions_is_asked_to_log_in_again(app):
    """A cookie with only the organiser's id (as signed before this change) no longer works."""
    browser = app.test_client()
    login(browser)
    with browser.session_transaction() as cookie_session:
        del cookie_session["organiser_session_version"]
    assert is_out(browser)


def test_the_set_password_command_ends_every_session_of_the_account(app):
    browser = app.test_client()
    login(browser)
    runner = app.test_cli_runner()
    try:
        done = runner.invoke(args=["set-password", KOHLBERG[0].upper(), "--password",
                                   "ein-neues-langes-Passwort"])
        assert done.exit_code == 0, done.output
        assert is_out(browser)
        assert runner.invoke(args=["set-password", KOHLBERG[0], "--password",
                                   "kurz"]).exit_code != 0
        assert runner.invoke(args=["set-password", "niemand@example.org", "--password",
                                   "ein-neues-langes-Passwort"]).exit_code != 0
        login(app.test_client(), (KOHLBERG[0], "ein-neues-langes-Passwort"))
    finally:
        with app.app_context():
            organiser = db.session().scalar(select(Organiser).where(
                Organiser.email == KOHLBERG[0]))
            services.set_password(db.session(), organiser, KOHLBERG[1])
            db.commit()
    login(app.test_client())


def test_control_characters_in_the_login_are_a_wrong_login_not_an_error(app):
    """Found by the property tests: a NUL byte reached PostgreSQL and gave a 500."""
    for email in (KOHLBERG[0] + "\x00", "\x00", KOHLBERG[0] + "\x1b"):
        response = app.test_client().post("/de/verwaltung/anmelden",
                                          data={"email": email, "password": KOHLBERG[1]})
        assert response.status_code == 400
        assert "E-Mail-Adresse oder Passwort sind nicht richtig" in response.get_data(
            as_text=True)
