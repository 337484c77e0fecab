"""Organisers manage events: create, edit (values kept on errors), texts per language and the
preview, publish, copy, repeat (every first Tuesday), cancel with the people to call, and
tenant isolation over every organiser route."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from participation.clock import LOCAL_ZONE, as_utc, local_today
from participation.digests.models import OutgoingEmail
from participation.events import editing, queries, services
from participation.events.models import (
    EVENT_CANCELLED,
    EVENT_DRAFT,
    EVENT_PUBLISHED,
    Event,
    EventQuartier,
)
from tests.events.factories import make_event, person
from tests.factories import municipality, quartiere

AICHTAL = ("organisation@aichtal.demo.example", "demo-aichtal")
KOHLBERG = ("organisation@kohlberg.demo.example", "demo-kohlberg")
ADMIN = ("landkreis@demo.example", "demo-landkreis")
BASE = "/de/verwaltung/veranstaltungen"


def login(client, account):
    email, password = account
    response = client.post("/de/verwaltung/anmelden", data={"email": email, "password": password})
    assert response.status_code == 302


def fresh(session, event_id: int) -> Event:
    session.rollback()  # see what the app committed
    return session.scalar(queries.event_with_texts(event_id))


def event_form(**overrides) -> dict:
    day = (local_today() + timedelta(days=10)).strftime("%d.%m.%Y")
    form = {"format": "walk", "title": "Spaziergang durch Aich",
            "description": "Wir gehen gemeinsam durch den Ort.", "day": day, "starts": "14:30",
            "ends": "16:00", "meeting_point": "Rathaus Aich", "map_url": "",
            "step_free": "ja", "accessible_toilet": "nein", "seating": "unbekannt",
            "hearing_loop": "unbekannt", "walk_distance": "2,5", "walk_pace": "slow",
            "walk_rest_stops": "ja", "capacity": "20", "held_back": "4", "waiting_list": "ja",
            "deadline_day": "", "deadline_time": "", "contact_name": "Frau Weber",
            "contact_phone": "07127 1234"}
    form.update(overrides)
    return form


def create(client, **overrides) -> int:
    response = client.post(f"{BASE}/neu", data=event_form(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/veranstaltungen/(\d+)", response.headers["Location"]).group(1))


def test_create_stores_local_time_as_utc_and_quartiere(client, session):
    login(client, AICHTAL)
    aich = quartiere(session, "aichtal")[0]
    event_id = create(client, quartiere=[str(aich.id)], deadline_day="", map_url="https://osm.org/x")
    event = fresh(session, event_id)
    day = local_today() + timedelta(days=10)
    expected = datetime.combine(day, time(14, 30), tzinfo=LOCAL_ZONE).astimezone(UTC)
    assert as_utc(event.starts_at) == expected
    assert as_utc(event.ends_at) - as_utc(event.starts_at) == timedelta(minutes=90)
    assert event.status == EVENT_DRAFT and event.version == 1
    assert event.municipality_id == municipality(session, "aichtal").id
    assert (event.capacity, event.held_back, event.walk_distance_km) == (20, 4, 2.5)
    assert (event.step_free, event.accessible_toilet, event.seating) == (True, False, None)
    assert {t.lang: t.title for t in event.texts} == {"de": "Spaziergang durch Aich"}
    assert list(session.scalars(queries.quartier_ids_of(event_id))) == [aich.id]
    page = client.get(f"{BASE}/{event_id}?hinweis=angelegt").get_data(as_text=True)
    assert 'value="14:30"' in page and "als Entwurf angelegt" in page


@pytest.mark.parametrize(("field", "value", "message"), [
    ("title", "", "Bitte geben Sie einen Titel ein."),
    ("day", "31.02.2027", "Bitte geben Sie das Datum wie 24.03.2027 ein."),
    ("ends", "13:00", "Das Ende muss nach dem Beginn liegen."),
    ("map_url", "javascript:alert(1)", "https://"),
    ("capacity", "501", "von 1 bis 500"),
    ("held_back", "21", "von 0 bis zur Zahl der Plätze"),
    ("deadline_day", "01.01.2100", "Der Anmeldeschluss muss vor dem Beginn liegen."),
])
def test_invalid_input_is_refused_and_values_are_kept(client, session, field, value, message):
    login(client, AICHTAL)
    before = session.scalar(select(func.count(Event.id)))
    response = client.post(f"{BASE}/neu", data=event_form(**{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page.replace("&#34;", '"').replace("&#39;", "'")
    assert page.startswith("<!doctype html>") and "<title>Fehler:" in page
    assert 'value="Rathaus Aich"' in page or ">Rathaus Aich</textarea>" in page
    assert 'value="Frau Weber"' in page
    assert session.scalar(select(func.count(Event.id))) == before


def test_a_start_in_the_past_is_refused(client):
    login(client, AICHTAL)
    yesterday = (local_today() - timedelta(days=1)).strftime("%d.%m.%Y")
    response = client.post(f"{BASE}/neu", data=event_form(day=yesterday))
    assert response.status_code == 400
    assert "in der Vergangenheit" in response.get_data(as_text=True)


def test_edit_counts_the_version_up_and_more_places_move_people_up(client, session):
    event = make_event(session, capacity=1, held_back=0)
    services.sign_up(session, event.id, person("Erste"), channel="online", submission_key="a1",
                     secret="test-secret")
    services.sign_up(session, event.id, person("Zweite", phone=None, email="z@example.org"),
                     channel="online", submission_key="a2", secret="test-secret")
    session.commit()
    login(client, AICHTAL)
    start = as_utc(event.starts_at).astimezone(LOCAL_ZONE)
    response = client.post(f"{BASE}/{event.id}", data=event_form(
        day=start.strftime("%d.%m.%Y"), starts=start.strftime("%H:%M"),
        ends=(start + timedelta(hours=1)).strftime("%H:%M"), capacity="2", held_back="0",
        title="Neuer Titel"))
    assert response.status_code == 302
    stored = fresh(session, event.id)
    assert stored.version == 2 and stored.capacity == 2
    assert {t.lang: t.title for t in stored.texts}["de"] == "Neuer Titel"
    places = services.places_of(session, stored)
    assert (places.taken, places.waiting) == (2, 0)
    assert session.scalar(select(func.count(OutgoingEmail.id)).where(
        OutgoingEmail.purpose.like("event-promotion-%"))) == 1


def test_texts_per_language_with_coverage_and_preview(client, session):
    event = make_event(session, status=EVENT_DRAFT)
    login(client, AICHTAL)
    page = client.get(f"{BASE}/{event.id}/texte").get_data(as_text=True)
    assert "1 von 12 Sprachen haben einen Titel" in page and "Leichte Sprache" in page
    response = client.post(f"{BASE}/{event.id}/texte/de-x-ls",
                           data={"title": "", "description": "Wir gehen zusammen."})
    assert response.status_code == 400  # a description without a title
    assert "Wir gehen zusammen." in response.get_data(as_text=True)
    response = client.post(f"{BASE}/{event.id}/texte/de-x-ls",
                           data={"title": "Wir gehen spazieren", "description": "Langsam."})
    assert response.status_code == 302
    stored = fresh(session, event.id)
    assert {t.lang: t.title for t in stored.texts}["de-x-ls"] == "Wir gehen spazieren"
    assert stored.version == 2
    assert "2 von 12 Sprachen" in client.get(f"{BASE}/{event.id}/texte").get_data(as_text=True)
    # the preview of a draft, in Turkish without a Turkish text: German, marked
    assert client.get(f"{BASE}/{event.id}/vorschau/tr").status_code == 302
    preview = client.get(f"/tr/verwaltung/veranstaltungen/{event.id}/vorschau/tr")
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert re.search(r'<h1 lang="de" dir="ltr">\s*Spaziergang', body)
    easy = client.get(f"/de-x-ls/verwaltung/veranstaltungen/{event.id}/vorschau/de-x-ls")
    assert "Wir gehen spazieren" in easy.get_data(as_text=True)
    # both empty removes the language again
    client.post(f"{BASE}/{event.id}/texte/de-x-ls", data={"title": "", "description": ""})
    assert "de-x-ls" not in {t.lang for t in fresh(session, event.id).texts}


def test_publish_and_copy(client, session):
    aich = quartiere(session, "aichtal")[0]
    event = make_event(session, status=EVENT_DRAFT, texts={"en": ("Walk", "Together")},
                       quartier_ids=[aich.id], series_key=None)
    login(client, AICHTAL)
    assert client.post(f"{BASE}/{event.id}/veroeffentlichen").status_code == 302
    stored = fresh(session, event.id)
    assert stored.status == EVENT_PUBLISHED and stored.version == 2
    response = client.post(f"{BASE}/{event.id}/kopieren")
    copy_id = int(re.search(r"/veranstaltungen/(\d+)", response.headers["Location"]).group(1))
    copy = fresh(session, copy_id)
    assert copy_id != event.id and copy.status == EVENT_DRAFT
    assert (as_utc(copy.starts_at), copy.capacity, copy.meeting_point) == (
        as_utc(stored.starts_at), stored.capacity, stored.meeting_point)
    assert {t.lang: t.title for t in copy.texts} == {"de": "Spaziergang", "en": "Walk"}
    assert list(session.scalars(queries.quartier_ids_of(copy_id))) == [aich.id]


def first_tuesday_after(day: date) -> date:
    """The first Tuesday of the month after `day`."""
    month = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return month + timedelta(days=(1 - month.weekday()) % 7)


def test_repeat_every_first_tuesday_six_times(client, session):
    first = first_tuesday_after(local_today())
    starts = datetime.combine(first, time(15, 0), tzinfo=LOCAL_ZONE).astimezone(UTC)
    event = make_event(session, starts_in=starts - datetime.now(UTC))
    login(client, AICHTAL)
    response = client.post(f"{BASE}/{event.id}/wiederholen",
                           data={"rule": "monthly", "count": "6", "status": "published"})
    assert response.status_code == 302
    series = fresh(session, event.id).series_key
    copies = session.scalars(select(Event).where(Event.series_key == series, Event.id != event.id)
                             .order_by(Event.starts_at)).all()
    assert len(copies) == 6 and all(c.status == EVENT_PUBLISHED for c in copies)
    for copy in copies:
        local = as_utc(copy.starts_at).astimezone(LOCAL_ZONE)
        assert local.weekday() == 1 and local.day <= 7 and local.time() == time(15, 0)
        assert as_utc(copy.ends_at) - as_utc(copy.starts_at) == timedelta(hours=2)
    months = [(c.starts_at.year, c.starts_at.month) for c in copies]
    assert len(set(months)) == 6


def test_repeat_weekly_and_a_fifth_weekday_becomes_the_last():
    start = datetime(2027, 3, 30, 14, 0, tzinfo=LOCAL_ZONE)  # the fifth Tuesday of March
    weekly = editing.repeat_starts(start, "weekly", 3)
    assert [m.astimezone(LOCAL_ZONE).date() for m in weekly] == [
        date(2027, 4, 6), date(2027, 4, 13), date(2027, 4, 20)]
    assert all(m.astimezone(LOCAL_ZONE).hour == 14 for m in weekly)  # summer time began
    monthly = editing.repeat_starts(start, "monthly", 2)
    assert [m.astimezone(LOCAL_ZONE).date() for m in monthly] == [
        date(2027, 4, 27), date(2027, 5, 25)]
    assert len(editing.repeat_starts(start, "fortnightly", 12)) == 12


def test_repeat_refuses_more_than_twelve(client, session):
    event = make_event(session)
    login(client, AICHTAL)
    response = client.post(f"{BASE}/{event.id}/wiederholen",
                           data={"rule": "weekly", "count": "13"})
    assert response.status_code == 400
    assert session.scalar(select(func.count(Event.id)).where(
        Event.series_key.is_not(None), Event.series_key.not_like("demo-%"))) == 0


def test_cancel_tells_by_e_mail_and_lists_the_people_to_call(client, session):
    event = make_event(session)
    by_mail = services.sign_up(session, event.id, person("Mit Mail", phone=None,
                                                         email="m@example.org"),
                               channel="online", submission_key="c1", secret="s").signup
    services.sign_up(session, event.id, person("Ohne Mail", phone="0711 555 66"),
                     channel="online", submission_key="c2", secret="s")
    session.commit()
    login(client, AICHTAL)
    assert "endgültig absagen" in client.get(f"{BASE}/{event.id}/absagen").get_data(as_text=True)
    response = client.post(f"{BASE}/{event.id}/absagen")
    assert response.headers["Location"].endswith(f"/{event.id}/anrufen")
    assert fresh(session, event.id).status == EVENT_CANCELLED
    purposes = session.scalars(select(OutgoingEmail.purpose)
                               .where(OutgoingEmail.purpose.like("event-cancelled-%"))).all()
    assert purposes == [f"event-cancelled-{by_mail.id}"]
    page = client.get(f"{BASE}/{event.id}/anrufen").get_data(as_text=True)
    assert "Ohne Mail" in page and "0711 555 66" in page and "Mit Mail" not in page
    to_call = services.people_to_call(session, event.id)[0]
    assert client.post(f"{BASE}/{event.id}/anrufen/{to_call.id}").status_code == 302
    session.rollback()
    assert services.people_to_call(session, event.id) == []
    assert "Niemand ist mehr anzurufen" in client.get(
        f"{BASE}/{event.id}/anrufen").get_data(as_text=True)


def test_list_shows_places_waiting_and_to_call(client, session):
    event = make_event(session, capacity=1, title="Café am Markt")
    for key in ("l1", "l2"):
        services.sign_up(session, event.id, person(), channel="online", submission_key=key,
                         secret="s")
    session.commit()
    other = make_event(session, "kohlberg", title="Kohlberger Runde")
    login(client, AICHTAL)
    page = client.get(BASE).get_data(as_text=True)
    assert "Café am Markt" in page and "1 von 1" in page and "1 Person" in page
    assert "Kohlberger Runde" not in page and str(other.id) not in re.findall(
        r"/veranstaltungen/(\d+)", page)


def test_only_district_admins_plan_staff_training(client, session):
    login(client, AICHTAL)
    page = client.get(f"{BASE}/neu").get_data(as_text=True)
    assert 'value="training"' not in page and 'value="walk"' in page
    response = client.post(f"{BASE}/neu", data=event_form(format="training"))
    assert response.status_code == 400
    client.post("/de/verwaltung/abmelden")
    login(client, ADMIN)
    assert "Wer bietet die Veranstaltung an?" in client.get(f"{BASE}/neu").get_data(as_text=True)
    event_id = create_for(client, "landkreis", format="other")
    event = fresh(session, event_id)
    assert (event.municipality_id, event.format) == (None, "training")


def create_for(client, host: str, **overrides) -> int:
    response = client.post(f"{BASE}/neu?fuer={host}", data=event_form(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/veranstaltungen/(\d+)", response.headers["Location"]).group(1))


def test_a_district_admin_creates_for_a_municipality_with_its_quartiere(client, session):
    login(client, ADMIN)
    kohlberg = municipality(session, "kohlberg")
    quartier = quartiere(session, "kohlberg")[0]
    event_id = create_for(client, str(kohlberg.id), quartiere=[str(quartier.id)])
    assert fresh(session, event_id).municipality_id == kohlberg.id
    assert session.scalar(select(EventQuartier.quartier_id).where(
        EventQuartier.event_id == event_id)) == quartier.id


def organiser_routes(event_id: int, signup_id: int) -> list[tuple[str, str]]:
    base = f"{BASE}/{event_id}"
    return [
        ("get", base), ("post", base), ("post", f"{base}/veroeffentlichen"),
        ("post", f"{base}/kopieren"), ("get", f"{base}/wiederholen"),
        ("post", f"{base}/wiederholen"), ("get", f"{base}/absagen"),
        ("post", f"{base}/absagen"), ("get", f"{base}/anrufen"),
        ("post", f"{base}/anrufen/{signup_id}"), ("get", f"{base}/texte"),
        ("get", f"{base}/texte/en"), ("post", f"{base}/texte/en"),
        ("get", f"{base}/vorschau/de"), ("get", f"{base}/teilnehmende"),
        ("post", f"{base}/teilnehmende"), ("post", f"{base}/teilnehmende/{signup_id}/stornieren"),
        ("post", f"{base}/teilnehmende/export"), ("get", f"{base}/anmelden"),
        ("post", f"{base}/anmelden"), ("get", f"{base}/einlass"), ("post", f"{base}/einlass"),
    ]


def test_tenant_isolation_over_every_route(client, session):
    """Aichtal's organiser gets 404 for Kohlberg's event and the district's training; nothing
    of either changes."""
    kohlberg = make_event(session, "kohlberg", status=EVENT_DRAFT)
    training = make_event(session, None, format="training", title="Schulung")
    signups = {}
    for event in (kohlberg, training):
        session.refresh(event)
        event.status = EVENT_PUBLISHED
        session.commit()
        signups[event.id] = services.sign_up(session, event.id, person(), channel="phone",
                                             submission_key=f"t{event.id}",
                                             secret="s").signup.id
        session.commit()
    login(client, AICHTAL)
    for event in (kohlberg, training):
        for method, url in organiser_routes(event.id, signups[event.id]):
            response = getattr(client, method)(url, data={"signup": str(signups[event.id])})
            assert response.status_code == 404, (method, url, response.status_code)
    for event in (kohlberg, training):
        stored = fresh(session, event.id)
        assert (stored.status, stored.version) == (EVENT_PUBLISHED, 1)
    assert session.scalar(select(func.count(Event.id)).where(
        Event.id > training.id)) == 0  # no copies


@pytest.mark.parametrize("lang", ["ar", "de-x-ls"])
def test_every_organiser_page_renders_in_other_languages(client, session, lang):
    event = make_event(session, texts={"ar": ("جولة", "نمشي معا")})
    services.sign_up(session, event.id, person("Erika", needs=["wheelchair"]), channel="phone",
                     submission_key=f"r-{lang}", secret="s")
    session.commit()
    login(client, AICHTAL)
    base = f"/{lang}/verwaltung/veranstaltungen"
    for path in ("", "/neu", f"/{event.id}", f"/{event.id}/wiederholen", f"/{event.id}/absagen",
                 f"/{event.id}/anrufen", f"/{event.id}/texte", f"/{event.id}/texte/ar",
                 f"/{event.id}/vorschau/{lang}", f"/{event.id}/teilnehmende",
                 f"/{event.id}/anmelden", f"/{event.id}/einlass"):
        response = client.get(base + path)
        assert response.status_code == 200, (path, response.status_code)
        html_tag = response.get_data(as_text=True).split(">", 2)[1]
        assert ('dir="rtl"' in html_tag) == (lang == "ar")
    response = client.post(f"{base}/{event.id}/teilnehmende")
    assert response.status_code == 200 and "1 ×" in response.get_data(as_text=True)
