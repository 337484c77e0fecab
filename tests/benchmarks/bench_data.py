"""The benchmark's database and residents: a fresh database with the demo data, complete
drafts, and session cookies shaped like a browser's (bench_pages.py)."""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import URLSafeTimedSerializer

BENCH_DATABASE = "participation_bench"
MUNICIPALITY = "aichtal"
QUESTIONNAIRE_SLUG = "gut-aelter-werden"
SCALE = [[str(n), {"de": label}] for n, label in (
    (1, "sehr unzufrieden"), (2, "eher unzufrieden"), (3, "teils, teils"),
    (4, "eher zufrieden"), (5, "sehr zufrieden"))]
# A grid of ten statements on one page, each a fieldset of six radio rows ("Weiß nicht").
MATRIX_QUESTIONNAIRE = {
    "slug": "bench-matrix", "languages": ["de"], "title": {"de": "Zufriedenheit im Quartier"},
    "questions": [
        {"key": "grid", "kind": "matrix", "settings": {"answer": "scale", "dont_know": True},
         "text": {"de": "Wie zufrieden sind Sie mit diesen Dingen in Ihrem Quartier?"},
         "options": SCALE},
        *({"key": f"row{n}", "kind": "scale", "settings": {"group": "grid"},
           "text": {"de": f"Aussage Nummer {n} über das Quartier"}} for n in range(1, 11)),
    ],
}


def prepare_database(database_url: str | None, tmp: Path) -> tuple[str, str, Callable[[], None]]:
    """(URL to benchmark, description, cleanup)."""
    if database_url is None:
        path = tmp / "bench.sqlite3"
        return f"sqlite:///{path}", f"SQLite file (WAL) {path}", lambda: None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from participation.db import normalise_url

    admin_url = make_url(normalise_url(database_url))
    if admin_url.get_backend_name() != "postgresql":
        raise SystemExit("--database-url must be a PostgreSQL URL (the default is a temporary "
                         "SQLite file)")
    if admin_url.database == BENCH_DATABASE:
        admin_url = admin_url.set(database="postgres")
    bench_url = admin_url.set(database=BENCH_DATABASE)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)'))

    drop()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{BENCH_DATABASE}"'))

    def cleanup() -> None:
        drop()
        admin.dispose()

    where = bench_url.render_as_string(hide_password=True)
    return (bench_url.render_as_string(hide_password=False),
            f"PostgreSQL {where} (created for this run, dropped after)", cleanup)


@dataclass
class Fixture:
    questionnaire_id: int
    page_positions: list[int]  # the first position of every page of a complete journey
    page_cookies: list[str]
    submit_cookies: list[tuple[str, str]]  # (cookie, the form's signed CSRF token)
    event_id: int = 0  # the demo walk of MUNICIPALITY (30 places and a waiting list)
    signup_forms: list[tuple[str, str]] | None = None  # (cookie, the sign-up POST body)
    matrix_questionnaire_id: int = 0  # MATRIX_QUESTIONNAIRE: its one page, ten rows


def valid_form(question, today_year: int):
    """A form a resident could send for one answerable question (field "answer")."""
    from werkzeug.datastructures import MultiDict

    keys = [option.key for option in question.options]
    settings = question.settings or {}
    if question.kind == "yes_no":
        return MultiDict({"answer": "yes"})
    if question.kind == "multiple_choice":
        return MultiDict({"answer": keys[0]})
    if question.kind in ("single_choice", "scale"):
        return MultiDict({"answer": keys[-1]})
    if question.kind == "number":
        return MultiDict({"answer": str(settings.get("min", 1))})
    if question.kind == "age":
        return MultiDict({"answer": str(today_year - 78) if settings.get("ask") == "year"
                          else "78"})
    if question.kind == "month_year":
        return MultiDict({"answer": "2010", "answer_month": "3"})
    if question.kind == "date":
        return MultiDict({"answer": "17.03.1948"})
    return MultiDict({"answer": "Mehr Sitzbänke"})


def complete_journey(view) -> dict:
    """Draft values by key for every question a resident who answers everything is shown.

    Needs a request context (the parsers' messages are translated)."""
    from participation.clock import local_today
    from participation.surveys.conditions import visible_questions
    from participation.surveys.questions import kind_of

    values: dict = {}
    while True:
        open_ = [q for q in visible_questions(view, values) if q.key not in values]
        if not open_:
            return values
        question = open_[0]
        parsed = kind_of(question).parse(question, valid_form(question, local_today().year))
        if parsed.error is not None:
            raise ValueError(f"bench answer for {question.key}: {parsed.error}")
        values[question.key] = parsed.value


def seed(app, page_drafts: int, submit_drafts: int, signups: int = 0) -> Fixture:
    """Demo data, then complete drafts: a few to view pages with, one per submit request;
    and `signups` filled-in sign-up forms for the demo walk, one per sign-up request."""
    from urllib.parse import urlencode

    from alembic import command
    from sqlalchemy import insert, select

    from participation import codes, db
    from participation.answering import services
    from participation.cli import alembic_config
    from participation.demo import seed_demo
    from participation.events.models import Event
    from participation.places.models import Municipality, Quartier
    from participation.surveys import queries
    from participation.surveys.content import questionnaire_view
    from participation.surveys.models import CHANNEL_ONLINE, Draft, Questionnaire
    from participation.surveys.pages import shown_pages
    from participation.surveys.services import add_questionnaire

    command.upgrade(alembic_config(app.config["DATABASE_URL"]), "head")
    serializer = app.session_interface.get_signing_serializer(app)
    with app.app_context():
        session = db.session()
        seed_demo(session)
        db.commit()
        municipality = session.scalar(select(Municipality).where(
            Municipality.slug == MUNICIPALITY))
        questionnaire_id = session.scalar(select(Questionnaire.id).where(
            Questionnaire.municipality_id == municipality.id,
            Questionnaire.slug == QUESTIONNAIRE_SLUG))
        view = questionnaire_view(
            session.scalar(queries.questionnaire_with_content(questionnaire_id)), "de")
        quartier_id = session.scalar(select(Quartier.id).where(
            Quartier.municipality_id == municipality.id).order_by(Quartier.position))
        event_id = session.scalar(select(Event.id).where(
            Event.series_key == f"demo-walk-{municipality.id}").order_by(Event.id.desc()))

        # The form values of a complete journey, parsed as the question pages parse them.
        with app.test_request_context():
            answers = complete_journey(view)
        positions = [page.position for page in shown_pages(view, answers)]
        matrix_id = add_questionnaire(session, municipality.id, MATRIX_QUESTIONNAIRE,
                                      status="open").id

        def new_draft(target: int = questionnaire_id, values: dict = answers) -> str:
            token = codes.new_token()
            draft = services.start_draft(session, token, target, "de", CHANNEL_ONLINE)
            services.save_quartier(session, draft, quartier_id)
            for key, value in values.items():
                services.save_answer(session, draft, key, value, "de")
            return token

        page_tokens = [(new_draft(), new_draft(matrix_id, {})) for _ in range(page_drafts)]
        template = services.load_draft(session, page_tokens[0][0])
        if services.missing_required(view, template):
            raise SystemExit("the demo answers leave required questions unanswered")
        submit_tokens = [codes.new_token() for _ in range(submit_drafts)]
        rows = [{"token_hash": codes.hash_token(token), "questionnaire_id": questionnaire_id,
                 "quartier_id": template.quartier_id, "locale": template.locale,
                 "channel": template.channel, "answers": template.answers,
                 "updated_at": template.updated_at} for token in submit_tokens]
        for start in range(0, len(rows), 1000):
            session.execute(insert(Draft), rows[start:start + 1000])
        db.commit()

    csrf_signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token")

    def cookie(token: str, matrix_token: str | None = None) -> tuple[str, str]:
        # Shaped like a real resident's cookie after the first form: with the raw CSRF
        # token, so that showing a page does not change (and re-sign) the session; the
        # signed token is what the page's form posts back.
        raw = secrets.token_hex(20)
        drafts = {str(questionnaire_id): token}
        if matrix_token:
            drafts[str(matrix_id)] = matrix_token
        return (serializer.dumps({"drafts": drafts, "csrf_token": raw}),
                csrf_signer.dumps(raw))

    def signup_form(number: int) -> tuple[str, str]:
        # The last step of the sign-up form as the review page posts it: every value, a
        # fresh form token (the submission key), the honeypot empty, this session's CSRF.
        raw = secrets.token_hex(20)
        body = urlencode({"step": "confirm", "token": codes.new_token(),
                          "name": f"Bench Teilnehmerin {number}", "phone": "0711 123456",
                          "email": "", "people": "1", "locale": "de", "website": "",
                          "csrf_token": csrf_signer.dumps(raw)})
        return serializer.dumps({"csrf_token": raw}), body

    return Fixture(questionnaire_id, positions,
                   [cookie(*tokens)[0] for tokens in page_tokens],
                   [cookie(token) for token in submit_tokens], event_id,
                   [signup_form(number) for number in range(signups)], matrix_id)


def stored_signups(app, event_id: int) -> int:
    from sqlalchemy import func, select

    from participation import db
    from participation.events.models import SignUp

    with app.app_context():
        return db.session().scalar(select(func.count()).where(SignUp.event_id == event_id))


def stored_responses(app) -> int:
    from sqlalchemy import func, select

    from participation import db
    from participation.surveys.models import Response

    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(Response))
