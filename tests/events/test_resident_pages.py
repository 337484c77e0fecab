"""Residents find events: the lists, one event's page and its calendar file."""

import re
from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from participation.events.models import EVENT_CANCELLED, EVENT_DRAFT
from tests.events.factories import make_event, person
from tests.events.test_services import _sign_up
from tests.factories import quartiere


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_the_list_shows_published_events_never_drafts_or_staff_training(client, session):
    make_event(session, title="Spaziergang am Bach")
    make_event(session, "kohlberg", title="Bürgercafé Kohlberg", format="cafe")
    make_event(session, title="Entwurf fürs Archiv", status=EVENT_DRAFT)
    make_event(session, title="Schulung Quartiersarbeit", format="training")
    make_event(session, None, title="Schulung des Landkreises", format="training")
    make_event(session, title="Schon vorbei", starts_in=timedelta(days=-2))
    page = _text(client.get("/de/veranstaltungen"))
    assert "Spaziergang am Bach" in page and "Bürgercafé Kohlberg" in page
    for hidden in ("Entwurf fürs Archiv", "Schulung", "Schon vorbei"):
        assert hidden not in page
    # grouped by municipality
    assert page.index("<h2 id=\"group-aichtal\">Aichtal</h2>") < page.index("Spaziergang am Bach")
    assert page.index("Spaziergang am Bach") < page.index('id="group-kohlberg"')

    own = _text(client.get("/de/gemeinde/aichtal/veranstaltungen"))
    assert "Spaziergang am Bach" in own and "Bürgercafé Kohlberg" not in own
    assert "Schulung" not in own and "Entwurf" not in own
    assert client.get("/de/gemeinde/nirgendwo/veranstaltungen").status_code == 404


def test_the_list_is_soonest_first_with_places_as_words(client, session):
    later = make_event(session, title="Später", starts_in=timedelta(days=9), capacity=5)
    sooner = make_event(session, title="Früher", starts_in=timedelta(days=2), capacity=2)
    full = make_event(session, title="Voll ohne Warteliste", capacity=1, waiting_list=False)
    waiting = make_event(session, title="Voll mit Warteliste", capacity=1)
    cancelled = make_event(session, title="Fällt aus", status=EVENT_CANCELLED)
    closed = make_event(session, title="Frist vorbei",
                        signup_deadline=datetime.now(UTC) - timedelta(hours=1))
    _sign_up(session, sooner.id)
    _sign_up(session, full.id)
    _sign_up(session, waiting.id)
    session.commit()
    page = _text(client.get("/de/gemeinde/aichtal/veranstaltungen"))
    assert page.index("Früher") < page.index("Später")

    def places_of(title):
        card = page[page.index(title):]
        return re.search(r'class="events-places[^"]*">([^<]+)<', card).group(1)

    assert places_of("Später") == "Noch 5 Plätze frei"
    assert places_of("Früher") == "Noch 1 Platz frei"
    assert places_of("Voll ohne Warteliste") == "Ausgebucht"
    assert places_of("Voll mit Warteliste") == "Ausgebucht – Warteliste möglich"
    assert places_of("Fällt aus") == "Abgesagt"
    assert places_of("Frist vorbei") == "Anmeldung geschlossen"
    assert later.id and cancelled.id and closed.id


def test_the_quartier_filter_shows_its_events_and_those_for_everyone(client, session):
    aich, groetzingen = quartiere(session, "aichtal")[:2]
    make_event(session, title="Nur in Aich", quartier_ids=[aich.id])
    make_event(session, title="Nur in Grötzingen", quartier_ids=[groetzingen.id])
    make_event(session, title="Für ganz Aichtal")
    everything = _text(client.get("/de/gemeinde/aichtal/veranstaltungen"))
    assert f'href="/de/gemeinde/aichtal/veranstaltungen?quartier={aich.slug}"' in everything
    assert "Nur in Aich" in everything and "Nur in Grötzingen" in everything
    page = _text(client.get(f"/de/gemeinde/aichtal/veranstaltungen?quartier={aich.slug}"))
    assert "Nur in Aich" in page and "Für ganz Aichtal" in page
    assert "Nur in Grötzingen" not in page
    assert f'?quartier={aich.slug}" aria-current="page"' in page
    assert client.get("/de/gemeinde/aichtal/veranstaltungen?quartier=mond").status_code == 404


def test_an_event_page_says_when_where_how_accessible_and_how_many_places(client, session):
    event = make_event(
        session, title="Quartiersspaziergang Aich",
        texts={"de": ("Quartiersspaziergang Aich", "Wir treffen uns am Rathaus.\n\n"
                      "Danach gibt es Kaffee.")},
        capacity=10, held_back=3, step_free=True, accessible_toilet=True, seating=None,
        hearing_loop=False, walk_distance_km=2.5, walk_pace="slow", walk_rest_stops=True,
        map_url="https://www.openstreetmap.org/#map=18/48.62/9.26",
        contact_name="Frau Beispiel", contact_phone="0711 123 45-6")
    _sign_up(session, event.id, person(people=2))
    session.commit()
    page = _text(client.get(f"/de/veranstaltung/{event.id}"))
    assert "<h1>Quartiersspaziergang Aich</h1>" in page
    assert "<p>Wir treffen uns am Rathaus.</p>" in page and "<p>Danach gibt es Kaffee.</p>" in page
    start = re.search(r'<time datetime="([^"]+)">(\d\d:\d\d)</time>', page)
    assert start and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d\+0[12]:00", start.group(1))
    # written out in German: weekday and month names
    assert re.search(r"(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d+\. ",
                     page)
    # 10 places, 3 held back for phone sign-ups, 2 taken online: 5 left online
    assert "Noch 5 Plätze frei" in page
    for fact in ("Stufenloser Zugang", "Barrierefreie Toilette", "etwa 2,5 km",
                 "Langsames Tempo", "Mit Pausen zum Ausruhen"):
        assert fact in page
    assert "Sitzgelegenheiten" not in page  # unknown: not said
    assert "Hörschleife" not in page
    assert 'href="tel:0711123456"' in page
    assert 'href="https://www.openstreetmap.org/#map=18/48.62/9.26"' in page
    assert f'href="/de/veranstaltung/{event.id}/anmelden">Jetzt anmelden</a>' in page
    assert f'href="/de/veranstaltung/{event.id}/kalender.ics"' in page
    assert 'href="/de/meine-anmeldung"' in page


def test_drafts_training_and_unknown_events_are_not_there(client, session):
    draft = make_event(session, status=EVENT_DRAFT)
    training = make_event(session, format="training")
    for event_id in (draft.id, training.id, 999_999):
        assert client.get(f"/de/veranstaltung/{event_id}").status_code == 404
        assert client.get(f"/de/veranstaltung/{event_id}/kalender.ics").status_code == 404
        assert client.get(f"/de/veranstaltung/{event_id}/anmelden").status_code == 404


def test_a_cancelled_event_says_so_and_offers_no_sign_up(client, session):
    event = make_event(session, title="Abgesagter Spaziergang", status=EVENT_CANCELLED)
    page = _text(client.get(f"/de/veranstaltung/{event.id}"))
    assert "Diese Veranstaltung wurde abgesagt." in page
    assert f"/de/veranstaltung/{event.id}/anmelden" not in page
    form = _text(client.get(f"/de/veranstaltung/{event.id}/anmelden"))
    assert 'name="token"' not in form and "abgesagt" in form


def test_a_map_link_that_is_not_a_web_address_is_left_out(client, session):
    event = make_event(session, map_url="javascript:alert(1)")
    assert "javascript:" not in _text(client.get(f"/de/veranstaltung/{event.id}"))


def test_the_calendar_file_parses_and_starts_at_the_event(client, session):
    event = make_event(session, title="Bürgercafé", format="cafe")
    response = client.get(f"/de/veranstaltung/{event.id}/kalender.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    calendar = Calendar.from_ical(response.data)
    entry = next(iter(calendar.walk("VEVENT")))
    assert entry.decoded("dtstart") == event.starts_at
    assert str(entry["summary"]) == "Bürgercafé"


def test_arabic_pages_run_right_to_left_and_mark_german_titles(client, session):
    event = make_event(session, title="Nur auf Deutsch", texts={"en": ("In English", "")})
    listing = _text(client.get("/ar/veranstaltungen"))
    assert '<html lang="ar" dir="rtl">' in listing
    assert '<span lang="de" dir="ltr">Nur auf Deutsch</span>' in listing
    page = _text(client.get(f"/ar/veranstaltung/{event.id}"))
    assert '<h1 lang="de" dir="ltr">Nur auf Deutsch</h1>' in page
    english = _text(client.get(f"/en/veranstaltung/{event.id}"))
    assert "<h1>In English</h1>" in english


def test_leichte_sprache_pages_show_their_own_texts(client, session):
    event = make_event(session, title="Spaziergang",
                       texts={"de-x-ls": ("Wir gehen zusammen spazieren", "Kommen Sie mit.")})
    listing = _text(client.get("/de-x-ls/gemeinde/aichtal/veranstaltungen"))
    assert '<html lang="de" dir="ltr">' in listing and "Wir gehen zusammen spazieren" in listing
    page = _text(client.get(f"/de-x-ls/veranstaltung/{event.id}"))
    assert "<h1>Wir gehen zusammen spazieren</h1>" in page and "Kommen Sie mit." in page
    assert 'href="/de-x-ls/veranstaltung/' in page


def test_start_and_municipality_pages_lead_to_the_events(client, session):
    start = _text(client.get("/de/"))
    assert 'href="/de/veranstaltungen"' in start and 'href="/de/meine-anmeldung"' in start
    municipality = _text(client.get("/de/gemeinde/aichtal"))
    assert 'href="/de/gemeinde/aichtal/veranstaltungen"' in municipality


def test_pages_read_by_the_statements_built_once_show_the_same(live_app, session):
    """Without a test session in the app context the pages read straight from the driver
    (statements.py), dates and all: as in production."""
    aich, groetzingen = quartiere(session, "aichtal")[:2]
    shown = make_event(session, title="Für Aich", quartier_ids=[aich.id], capacity=4)
    make_event(session, title="Für Grötzingen", quartier_ids=[groetzingen.id])
    make_event(session, title="Längst vorbei", starts_in=timedelta(days=-3))
    draft = make_event(session, title="Noch ein Entwurf", status=EVENT_DRAFT)
    _sign_up(session, shown.id, person(people=3))
    session.commit()
    client = live_app.test_client()
    everything = _text(client.get("/de/veranstaltungen"))
    assert "Für Aich" in everything and "Für Grötzingen" in everything
    assert "Längst vorbei" not in everything and "Noch ein Entwurf" not in everything
    page = _text(client.get(f"/de/gemeinde/aichtal/veranstaltungen?quartier={aich.slug}"))
    assert "Für Aich" in page and "Für Grötzingen" not in page and "Noch 1 Platz frei" in page
    detail = _text(client.get(f"/de/veranstaltung/{shown.id}"))
    assert "Noch 1 Platz frei" in detail and "<time datetime=" in detail
    assert client.get(f"/de/veranstaltung/{draft.id}").status_code == 404
    assert client.get(f"/de/veranstaltung/{draft.id}/anmelden").status_code == 404
    _sign_up(session, shown.id)
    session.commit()
    # the cached page follows the places
    assert "Ausgebucht – Warteliste möglich" in _text(client.get(f"/de/veranstaltung/{shown.id}"))
