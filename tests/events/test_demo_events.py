"""The demo's events: upcoming in every municipality, in the languages the issue names, and
seeded again without doubling; a series whose date has passed comes again."""

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select

from participation import db
from participation.clock import LOCAL_ZONE, as_utc, local_today
from participation.demo import seed_demo
from participation.events import queries
from participation.events.models import Event, EventQuartier, EventText
from participation.places.models import Municipality


def _demo_events(session) -> list[Event]:
    return list(session.scalars(select(Event).where(Event.series_key.like("demo-%"))
                                .order_by(Event.id)))


def test_every_municipality_has_an_upcoming_walk_and_cafe_and_the_district_a_training(app):
    with app.app_context():
        session = db.session()
        now = datetime.now(UTC)
        for municipality in session.scalars(select(Municipality)):
            events = session.scalars(queries.upcoming_public(now, municipality.id)).all()
            walks = [e for e in events if e.format == "walk"]
            cafes = [e for e in events if e.format == "cafe"]
            assert len(walks) == len(cafes) == 1, municipality.slug
            walk, cafe = walks[0], cafes[0]
            assert walk.capacity == 30 and walk.waiting_list and walk.status == "published"
            assert {t.lang for t in walk.texts} == {"de", "en", "tr", "de-x-ls"}
            assert {t.lang for t in cafe.texts} == {"de", "en"}
            assert all(t.title and t.description for t in walk.texts + cafe.texts)
            assert session.scalar(select(func.count()).select_from(EventQuartier)
                                  .where(EventQuartier.event_id == walk.id)) == 1
            start = as_utc(walk.starts_at).astimezone(LOCAL_ZONE)
            assert (start.hour, start.minute) == (14, 0)  # local time, summer or winter
            assert start.date() > local_today()
        district_id = session.scalar(select(Municipality.district_id))
        (training,) = session.scalars(queries.upcoming_training(now, district_id)).all()
        assert training.municipality_id is None and training.format == "training"
        assert {t.lang for t in training.texts} == {"de", "en"}
        easy = session.scalar(select(EventText.description).where(EventText.lang == "de-x-ls"))
        assert "Sie " in easy and max(len(line.split()) for line in easy.splitlines()) <= 8
        assert all(e.series_key.startswith("demo-") for e in _demo_events(session))
        db.rollback()


def test_seeding_again_adds_nothing_and_a_passed_series_comes_again(app):
    with app.app_context():
        session = db.session()
        before = [(e.id, e.starts_at) for e in _demo_events(session)]
        seed_demo(session)
        db.commit()
        assert [(e.id, e.starts_at) for e in _demo_events(session)] == before

        later = local_today() + timedelta(days=60)  # every demo date has passed by then
        try:
            seed_demo(session, today=later)
            db.commit()
            events = _demo_events(session)
            added = [e for e in events if e.id not in {i for i, _ in before}]
            assert len(added) == len(before)
            assert Counter(e.series_key for e in events) == Counter(
                {e.series_key: 2 for e in added})
            assert all(as_utc(e.starts_at).astimezone(LOCAL_ZONE).date() > later
                       for e in added)
        finally:
            ids = [e.id for e in session.scalars(select(Event).where(
                Event.series_key.like("demo-%"),
                Event.starts_at > datetime.now(UTC) + timedelta(days=50)))]
            session.execute(delete(EventQuartier).where(EventQuartier.event_id.in_(ids)))
            session.execute(delete(EventText).where(EventText.event_id.in_(ids)))
            session.execute(delete(Event).where(Event.id.in_(ids)))
            db.commit()
        assert [(e.id, e.starts_at) for e in _demo_events(session)] == before
