"""Seed the demo district (idempotent) and synthetic responses for digests and benchmarks."""

import random
import secrets
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from participation.accounts.models import ROLE_DISTRICT_ADMIN, ROLE_ORGANISER, Organiser
from participation.accounts.services import hash_password
from participation.builder.services import TEMPLATE
from participation.clock import LOCAL_ZONE, local_today
from participation.demo_content import (
    DEMO_CAFE,
    DEMO_TRAINING,
    DEMO_WALK,
    DISTRICT,
    MUNICIPALITIES,
)
from participation.digests.models import DigestRecipient
from participation.events.models import (
    EVENT_PUBLISHED,
    FORMAT_TRAINING,
    FORMAT_WALK,
    Event,
    EventQuartier,
    EventText,
)
from participation.places.models import District, Municipality, Quartier
from participation.surveys.models import CHANNELS, Answer, Question, Questionnaire, Response
from participation.surveys.questions import STRUCTURE_KINDS, YES_NO_KEYS
from participation.surveys.services import add_questionnaire

ADMIN_EMAIL = "landkreis@demo.example"


def demo_logins() -> list[tuple[str, str, str]]:
    """(who, e-mail, password) of every demo account."""
    logins = [("Landkreis Esslingen (alle Gemeinden)", ADMIN_EMAIL, "demo-landkreis")]
    for slug, (name, _quartiere) in MUNICIPALITIES.items():
        logins.append((name, f"organisation@{slug}.demo.example", f"demo-{slug}"))
    return logins


def seed_demo(db: Session, today: date | None = None, questionnaire: dict | None = None) -> None:
    """The district, its municipalities, accounts, questionnaires (the starter template, or
    `questionnaire`) and upcoming events. Run again, it adds only what is missing (events
    whose last date has passed come again)."""
    questionnaire = questionnaire or TEMPLATE
    district = _get_or_add(db, District, {"slug": DISTRICT[0]}, name=DISTRICT[1])
    passwords = {email: password for _who, email, password in demo_logins()}
    for slug, (name, quartier_names) in MUNICIPALITIES.items():
        municipality = _get_or_add(db, Municipality, {"slug": slug}, name=name,
                                   district_id=district.id)
        for position, quartier_name in enumerate(quartier_names):
            _get_or_add(db, Quartier, {"municipality_id": municipality.id,
                                       "slug": _slugify(quartier_name)},
                        name=quartier_name, position=position)
        email = f"organisation@{slug}.demo.example"
        _get_or_add(db, Organiser, {"email": email}, name=f"Organisation {name}",
                    password_hash=hash_password(passwords[email]), role=ROLE_ORGANISER,
                    municipality_id=municipality.id, district_id=district.id)
        _get_or_add(db, DigestRecipient, {"municipality_id": municipality.id,
                                          "email": f"quartiersbericht@{slug}.demo.example"},
                    locale="de")
        if db.scalar(select(Questionnaire.id).where(
                Questionnaire.municipality_id == municipality.id,
                Questionnaire.slug == questionnaire["slug"])) is None:
            add_questionnaire(db, municipality.id, questionnaire, status="open")
    admin = _get_or_add(db, Organiser, {"email": ADMIN_EMAIL}, name="Landkreis Esslingen",
                        password_hash=hash_password(passwords[ADMIN_EMAIL]),
                        role=ROLE_DISTRICT_ADMIN, municipality_id=None, district_id=district.id)
    db.flush()
    seed_demo_events(db, district, admin, today or local_today())


def seed_demo_events(db: Session, district: District, admin: Organiser, today: date) -> None:
    """A walk and a café in every municipality and one staff training of the district, each
    a series ("demo-…") that gets a new date once its last one has ended."""
    # `today` may lie ahead (tests): a series counts as passed from that day's point of view
    now = max(datetime.now(UTC), datetime.combine(today, time(), LOCAL_ZONE).astimezone(UTC))
    for municipality in db.scalars(select(Municipality).where(
            Municipality.district_id == district.id).order_by(Municipality.id)):
        first_quartier = db.scalar(select(Quartier).where(
            Quartier.municipality_id == municipality.id).order_by(Quartier.position))
        organiser_id = db.scalar(select(Organiser.id).where(
            Organiser.municipality_id == municipality.id).order_by(Organiser.id))
        names = {"place": municipality.name,
                 "quartier": first_quartier.name if first_quartier else municipality.name}
        walk = _add_demo_event(
            db, f"demo-walk-{municipality.id}", DEMO_WALK, names, today, now,
            district_id=district.id, municipality_id=municipality.id, format=FORMAT_WALK,
            created_by_id=organiser_id, step_free=True, seating=True,
            walk_distance_km=2.5, walk_pace="slow", walk_rest_stops=True)
        if walk is not None and first_quartier is not None:
            db.add(EventQuartier(event_id=walk.id, quartier_id=first_quartier.id))
        _add_demo_event(
            db, f"demo-cafe-{municipality.id}", DEMO_CAFE, names, today, now,
            district_id=district.id, municipality_id=municipality.id, format="cafe",
            created_by_id=organiser_id, step_free=True, accessible_toilet=True, seating=True,
            hearing_loop=True)
    _add_demo_event(db, "demo-training", DEMO_TRAINING, {"place": "", "quartier": ""}, today,
                    now, district_id=district.id, municipality_id=None, format=FORMAT_TRAINING,
                    created_by_id=admin.id, step_free=True, accessible_toilet=True,
                    seating=True)
    db.flush()


def _add_demo_event(db: Session, series_key: str, spec: dict, names: dict, today: date,
                    now: datetime, **fields) -> Event | None:
    """The next date of a demo series, unless one has not ended yet."""
    if db.scalar(select(Event.id).where(Event.series_key == series_key,
                                        Event.ends_at > now).limit(1)) is not None:
        return None
    day = today + timedelta(days=spec["days_ahead"])
    starts_at = datetime.combine(day, time(*spec["start"]), LOCAL_ZONE).astimezone(UTC)
    event = Event(
        series_key=series_key, status=EVENT_PUBLISHED, starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=spec["hours"]),
        signup_deadline=starts_at - timedelta(days=1),
        meeting_point=spec["meeting_point"].format(**names), capacity=spec["capacity"],
        held_back=spec["held_back"], waiting_list=True, contact_name="Quartiersbüro",
        contact_phone="0711 123456", created_at=datetime.now(UTC), **fields)
    for lang, (title, description) in spec["texts"].items():
        event.texts.append(EventText(lang=lang, title=title.format(**names),
                                     description=description.format(**names)))
    db.add(event)
    db.flush()
    return event


def add_synthetic_responses(db: Session, count: int, seed: int = 7,
                            days_back: int = 6) -> int:
    """Add `count` plausible responses spread over every open questionnaire's Quartiere."""
    rng = random.Random(seed)
    targets = []
    for questionnaire in db.scalars(select(Questionnaire).where(Questionnaire.status == "open")):
        quartier_ids = db.scalars(select(Quartier.id).where(
            Quartier.municipality_id == questionnaire.municipality_id)).all()
        targets.extend((questionnaire, quartier_id) for quartier_id in quartier_ids)
    if not targets or count <= 0:
        return 0
    today = local_today()
    for start in range(0, count, 500):
        batch = min(500, count - start)
        responses = []
        for index in range(batch):
            questionnaire, quartier_id = targets[(start + index) % len(targets)]
            responses.append({
                "questionnaire_id": questionnaire.id, "quartier_id": quartier_id,
                "channel": rng.choices(CHANNELS, weights=(6, 2, 2))[0], "locale": "de",
                "submitted_on": today - timedelta(days=rng.randint(0, days_back)),
                "submission_key": secrets.token_hex(32),
            })
        ids = db.execute(insert(Response).returning(Response.id, Response.questionnaire_id),
                         responses).all()
        answers = []
        for response_id, questionnaire_id in ids:
            for question, keys in _answerable(db.get(Questionnaire, questionnaire_id)):
                answers.extend(_synthetic_answers(rng, response_id, question, keys))
        if answers:
            db.execute(insert(Answer), answers)
    db.flush()
    return count


def _answerable(questionnaire: Questionnaire) -> list[tuple[Question, list[str]]]:
    """The questions residents answer, each with its option keys (a matrix row's are its
    matrix's); sections, headers and scores are not answered."""
    headers, found = {}, []
    for question in questionnaire.questions:
        own = [option.key for option in question.options]
        if question.kind in STRUCTURE_KINDS:
            headers[question.key] = own
            continue
        group = (question.settings or {}).get("group")
        found.append((question, own or headers.get(group) or list(YES_NO_KEYS)))
    return found


def _synthetic_answers(rng: random.Random, response_id: int, question: Question,
                       keys: list[str]) -> list[dict]:
    row = {"response_id": response_id, "question_id": question.id, "option_key": None,
           "number_value": None, "text_value": None}
    if not question.required and rng.random() < 0.3:
        return []
    if question.kind in ("single_choice", "yes_no"):
        return [{**row, "option_key": rng.choice(keys)}]
    if question.kind == "scale":
        key = rng.choice(keys)
        return [{**row, "option_key": key, "number_value": float(key)}]
    if question.kind == "multiple_choice":
        chosen = rng.sample(keys, rng.randint(1, min(3, len(keys))))
        return [{**row, "option_key": key} for key in chosen]
    if question.kind == "number":
        return [{**row, "number_value": float(rng.randint(1, 4))}]
    if question.kind == "age":
        age = rng.randint(65, 92)
        asks_year = (question.settings or {}).get("ask") == "year"
        return [{**row, "number_value": float(local_today().year - age if asks_year else age)}]
    if question.kind == "month_year":
        return [{**row, "text_value": f"{rng.randint(1960, 2025)}-{rng.randint(1, 12):02d}"}]
    if question.kind == "date":
        return [{**row, "text_value": f"{rng.randint(1935, 1960)}-03-17"}]
    return [{**row, "text_value": rng.choice(["Mehr Sitzbänke", "Ein Bürgerbus", "Ein Café"])}]


def _get_or_add(db: Session, model, keys: dict, **values):
    found = db.scalar(select(model).filter_by(**keys))
    if found is None:
        found = model(**keys, **values)
        db.add(found)
        db.flush()
    return found


def _slugify(name: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-"})
    return "".join(c for c in name.lower().translate(table) if c.isalnum() or c == "-")
