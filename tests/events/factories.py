"""Plain factories for event tests: an event of a demo municipality, a sign-up person."""

from datetime import UTC, datetime, timedelta

from participation.events.models import EVENT_PUBLISHED, Event, EventQuartier, EventText
from participation.events.services import Person
from tests.factories import municipality


def make_event(session, municipality_slug: str | None = "aichtal", *, title: str = "Spaziergang",
               texts: dict | None = None, starts_in: timedelta = timedelta(days=5),
               hours: float = 2, quartier_ids=(), **fields) -> Event:
    """A published walk five days ahead unless told otherwise; committed. `texts` maps a
    language to (title, description); German is always there."""
    place = municipality(session, municipality_slug) if municipality_slug else None
    starts = (datetime.now(UTC) + starts_in).replace(microsecond=0)
    values = {
        "district_id": place.district_id if place else 1,
        "municipality_id": place.id if place else None,
        "format": "walk", "status": EVENT_PUBLISHED, "starts_at": starts,
        "ends_at": starts + timedelta(hours=hours), "meeting_point": "Rathausplatz 1",
        "capacity": 30, "held_back": 0, "waiting_list": True, "contact_name": "Frau Beispiel",
        "contact_phone": "0711 123456", "created_at": datetime.now(UTC), "step_free": True,
    }
    values.update(fields)
    event = Event(**values)
    all_texts = {"de": (title, "Wir gehen gemeinsam durch das Quartier.")}
    all_texts.update(texts or {})
    for lang, (text_title, description) in all_texts.items():
        event.texts.append(EventText(lang=lang, title=text_title, description=description))
    session.add(event)
    session.flush()
    for quartier_id in quartier_ids:
        session.add(EventQuartier(event_id=event.id, quartier_id=quartier_id))
    session.commit()
    return event


def person(name: str = "Erika Muster", *, phone: str | None = "0711 987654",
           email: str | None = None, people: int = 1, needs=(), locale: str = "de") -> Person:
    return Person(name=name, phone=phone, email=email, people=people, needs=tuple(needs),
                  locale=locale)
