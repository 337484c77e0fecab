"""Residents sign up: the form, the check step, the confirmation with the code; mistakes,
double taps, a full event and bots."""

import re

from sqlalchemy import func, select

from participation.events.models import SIGNUP_CONFIRMED, SIGNUP_WAITING, SignUp
from tests.events.factories import make_event

PHONE_ONLY = {"name": "Erika Muster", "phone": "0711 987654", "email": "", "people": "1",
              "locale": "de"}


def form_token(client, event_id: int, lang: str = "de") -> str:
    page = client.get(f"/{lang}/veranstaltung/{event_id}/anmelden")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    return re.search(r'name="token" value="([\w-]+)"', page.get_data(as_text=True)).group(1)


def code_on(page: str) -> str:
    return re.search(r'<p class="events-code" dir="ltr">([A-Z0-9 ]+)</p>', page).group(1)


def sign_up(client, event_id: int, lang: str = "de", **fields):
    """The whole journey by POSTs: form → check → confirm; returns the confirm response."""
    data = {**PHONE_ONLY, **fields, "token": form_token(client, event_id, lang)}
    review = client.post(f"/{lang}/veranstaltung/{event_id}/anmelden",
                         data={**data, "step": "review"})
    assert review.status_code == 200, review.get_data(as_text=True)[:2000]
    return client.post(f"/{lang}/veranstaltung/{event_id}/anmelden",
                       data={**data, "step": "confirm"})


def _count(session, **where) -> int:
    session.rollback()  # a fresh snapshot (SQLite)
    query = select(func.count(SignUp.id))
    for column, value in where.items():
        query = query.where(getattr(SignUp, column) == value)
    return session.scalar(query)


def test_sign_up_with_a_phone_number_only_and_see_the_code(client, session):
    event = make_event(session, title="Spaziergang am Bach", capacity=10)
    confirm = sign_up(client, event.id)
    assert confirm.status_code == 302
    assert confirm.headers["Location"] == f"/de/veranstaltung/{event.id}/angemeldet"
    page = client.get(confirm.headers["Location"])
    assert page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    assert "Sie sind angemeldet." in text and "Spaziergang am Bach" in text
    code = code_on(text)
    assert re.fullmatch(r"[A-Z0-9]{4} [A-Z0-9]{4} [A-Z0-9]{4}", code)
    assert "Bitte schreiben Sie sich diesen Code auf." in text
    # a shared tablet's next person may come back to this page: no contact data or needs
    assert "Erika Muster" not in text and "0711 987654" not in text
    signup = session.scalar(select(SignUp))
    assert (signup.status, signup.email, signup.phone) == (SIGNUP_CONFIRMED, None, "0711 987654")
    assert code.replace(" ", "") not in (signup.code_hash or "")
    # the event page counts the place
    assert "Noch 9 Plätze frei" in client.get(f"/de/veranstaltung/{event.id}").get_data(
        as_text=True)
    # another browser does not see the code
    other = client.application.test_client().get(f"/de/veranstaltung/{event.id}/angemeldet")
    assert other.status_code == 200 and code not in other.get_data(as_text=True)


def test_mistakes_show_the_form_again_with_every_value_kept(client, session):
    event = make_event(session)
    url = f"/de/veranstaltung/{event.id}/anmelden"
    token = form_token(client, event.id)
    no_name = client.post(url, data={**PHONE_ONLY, "name": "", "people": "3",
                                     "token": token, "step": "review"})
    assert no_name.status_code == 400
    page = no_name.get_data(as_text=True)
    assert "<title>Fehler:" in page and 'href="#name"' in page
    assert "Bitte geben Sie Ihren Namen an." in page
    assert 'value="0711 987654"' in page and 'value="3" checked' in page
    assert f'name="token" value="{token}"' in page  # the same form, the same key

    no_contact = client.post(url, data={**PHONE_ONLY, "phone": "", "token": token,
                                        "step": "review"})
    assert no_contact.status_code == 400
    page = no_contact.get_data(as_text=True)
    assert "Telefonnummer oder eine E-Mail-Adresse" in page and 'value="Erika Muster"' in page

    needs_only = client.post(url, data={**PHONE_ONLY, "needs": ["wheelchair", "transport"],
                                        "token": token, "step": "review"})
    assert needs_only.status_code == 400
    page = needs_only.get_data(as_text=True)
    assert 'href="#consent-1"' in page and "Bitte stimmen Sie zu" in page
    assert 'value="wheelchair" checked' in page and 'value="transport" checked' in page
    consent = re.search(r'<input type="checkbox" id="consent-1"[^>]*>', page).group(0)
    assert "checked" not in consent and 'aria-invalid="true"' in consent  # never ticked
    assert _count(session) == 0


def test_the_check_step_keeps_everything_and_change_brings_it_back(client, session):
    event = make_event(session)
    url = f"/de/veranstaltung/{event.id}/anmelden"
    data = {**PHONE_ONLY, "email": "erika@example.org", "people": "2", "locale": "tr",
            "needs": ["hearing"], "consent": "yes", "token": form_token(client, event.id)}
    review = client.post(url, data={**data, "step": "review"}).get_data(as_text=True)
    for shown in ("Erika Muster", "0711 987654", "erika@example.org", "Hörhilfe oder Hörschleife",
                  "Türkçe"):
        assert shown in review
    for hidden in ('name="name" value="Erika Muster"', 'name="people" value="2"',
                   'name="needs" value="hearing"', 'name="consent" value="yes"',
                   'name="locale" value="tr"', f'name="token" value="{data["token"]}"'):
        assert hidden in review
    assert 'value="confirm">Verbindlich anmelden</button>' in review
    change = client.post(url, data={**data, "step": "change"})
    assert change.status_code == 200
    page = change.get_data(as_text=True)
    assert 'value="erika@example.org"' in page and 'value="2" checked' in page
    assert 'value="hearing" checked' in page and 'value="yes" checked' in page
    assert 'value="tr" checked' in page
    assert _count(session) == 0  # nothing stored before "Verbindlich anmelden"


def test_needs_are_stored_only_with_consent_and_the_language_chosen(client, session):
    event = make_event(session)
    sign_up(client, event.id, needs=["wheelchair"], consent="yes", locale="it", people="2")
    signup = session.scalar(select(SignUp))
    assert signup.needs == ["wheelchair"] and signup.needs_consent_at is not None
    assert (signup.locale, signup.people) == ("it", 2)


def test_a_double_tap_on_confirm_signs_up_once(client, session):
    event = make_event(session)
    data = {**PHONE_ONLY, "token": form_token(client, event.id), "step": "confirm"}
    url = f"/de/veranstaltung/{event.id}/anmelden"
    first, second = client.post(url, data=data), client.post(url, data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert _count(session) == 1
    assert "Sie sind angemeldet." in client.get(first.headers["Location"]).get_data(as_text=True)
    # a tap from a browser without the first answer's cookie: told the sign-up exists
    other = client.application.test_client().post(url, data=data)
    assert other.status_code == 302 and _count(session) == 1
    page = client.application.test_client().get(other.headers["Location"]).get_data(as_text=True)
    assert "ist Ihre Anmeldung gespeichert" in page


def test_a_full_event_puts_people_on_the_waiting_list(client, session):
    event = make_event(session, capacity=2)
    assert sign_up(client, event.id, people="2").status_code == 302
    listing = client.get(f"/de/veranstaltung/{event.id}").get_data(as_text=True)
    assert "Ausgebucht – Warteliste möglich" in listing and "Auf die Warteliste setzen" in listing
    later = client.application.test_client()
    assert sign_up(later, event.id, name="Hans Später").status_code == 302
    page = later.get(f"/de/veranstaltung/{event.id}/angemeldet").get_data(as_text=True)
    assert "Sie stehen auf der Warteliste (Platz 1)." in page and code_on(page)
    assert _count(session, status=SIGNUP_WAITING) == 1


def test_a_full_event_without_waiting_list_says_so(client, session):
    event = make_event(session, capacity=3, waiting_list=False)
    assert sign_up(client, event.id, people="2").status_code == 302
    too_many = sign_up(client.application.test_client(), event.id, people="2")
    assert too_many.status_code == 409
    page = too_many.get_data(as_text=True)
    assert "Leider ist nur noch 1 Platz frei." in page and 'value="2" checked' in page
    assert sign_up(client.application.test_client(), event.id).status_code == 302
    closed = client.application.test_client().get(f"/de/veranstaltung/{event.id}/anmelden")
    assert "Leider ausgebucht" in closed.get_data(as_text=True)
    assert _count(session) == 2


def test_a_filled_honeypot_looks_like_success_and_stores_nothing(client, session):
    event = make_event(session)
    url = f"/de/veranstaltung/{event.id}/anmelden"
    data = {**PHONE_ONLY, "website": "https://spam.example", "token": form_token(client, event.id)}
    for step in ("review", "confirm"):
        response = client.post(url, data={**data, "step": step})
        assert response.status_code == 200 and "Vielen Dank" in response.get_data(as_text=True)
    assert _count(session) == 0
    form = client.get(url).get_data(as_text=True)
    assert '<div class="events-trap">' in form and "Bitte lassen Sie dieses Feld leer" in form
    assert "aria-hidden" not in form[form.index("events-trap"):][:300]


def test_the_code_is_never_in_a_cookie_or_a_link(client, session):
    event = make_event(session)
    confirm = sign_up(client, event.id)
    page = client.get(confirm.headers["Location"])
    code = code_on(page.get_data(as_text=True))
    for variant in (code, code.replace(" ", "")):
        assert variant not in confirm.headers.get("Location", "")
        for response in (confirm, page):
            for cookie in response.headers.getlist("Set-Cookie"):
                assert variant not in cookie
    assert "?code=" not in page.get_data(as_text=True)


def test_arabic_and_leichte_sprache_sign_ups_work(client, session):
    event = make_event(session, texts={"de-x-ls": ("Wir gehen spazieren", "")})
    form = client.get(f"/ar/veranstaltung/{event.id}/anmelden").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in form
    assert '<span lang="de" dir="ltr">Spaziergang</span>' in form
    assert 'value="ar" checked' in form and '<label for="locale-1" lang="de" dir="ltr">' in form
    easy = sign_up(client, event.id, lang="de-x-ls", locale="de-x-ls")
    assert easy.headers["Location"] == f"/de-x-ls/veranstaltung/{event.id}/angemeldet"
    page = client.get(easy.headers["Location"]).get_data(as_text=True)
    assert "Wir gehen spazieren" in page and code_on(page)
    assert session.scalar(select(SignUp.locale)) == "de-x-ls"


def test_with_csrf_on_a_stale_page_keeps_every_value_and_a_fresh_one_signs_up(live_app,
                                                                              session):
    client = live_app.test_client()
    event = make_event(session)
    url = f"/de/veranstaltung/{event.id}/anmelden"
    form = client.get(url).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    token = re.search(r'name="token" value="([\w-]+)"', form).group(1)
    data = {**PHONE_ONLY, "token": token, "step": "confirm"}
    stale = client.post(url, data={**data, "csrf_token": "abgelaufen"})
    assert stale.status_code == 400
    page = stale.get_data(as_text=True)
    assert "Sicherheitsgründen" in page and 'name="name" value="Erika Muster"' in page
    assert _count(session) == 0
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert fresh == csrf
    assert client.post(url, data={**data, "csrf_token": fresh}).status_code == 302
    assert _count(session) == 1
