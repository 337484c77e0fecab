"""Command line: `flask --app participation …` or the `participation` console script."""

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from werkzeug.serving import run_simple

from participation import catalogs, db
from participation import demo as demo_data
from participation.accounts import queries as account_queries
from participation.accounts import services as account_services
from participation.answering.jobs import purge_stale_drafts
from participation.builder import questionnaire_files, transfer
from participation.builder.questionnaire_files import read_questionnaire_file
from participation.clock import local_today
from participation.digests import jobs as digest_jobs
from participation.digests import queries as digest_queries
from participation.digests.schedule import interim_period, is_due
from participation.events import jobs as event_jobs
from participation.events import services as event_services
from participation.i18n import (
    DEFAULT_LOCALE,
    EASY_GERMAN_DOMAIN,
    SUPPORTED_LOCALES,
    TRANSLATIONS_DIR,
)
from participation.places import queries as place_queries

ROOT = Path(__file__).resolve().parent.parent


def init_app(app: Flask) -> None:
    for group in (db_group, demo, digests_group, events_group, jobs_group, purge_drafts,
                  questionnaires_group, set_password, translate_group, serve):
        app.cli.add_command(group)


# --- database -------------------------------------------------------------------------------

def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_migrations_folder()))
    config.set_main_option(
        "file_template",
        "%%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s",
    )
    config.set_main_option("sqlalchemy.url",
                           (url or db.get_db().url).replace("%", "%%"))
    return config


def _migrations_folder() -> Path:
    """A checkout's migrations; an installed wheel carries them in the package (setup.py)."""
    checkout = ROOT / "migrations"
    return checkout if checkout.exists() else Path(__file__).parent / "migrations"


@click.group(cls=AppGroup, name="db", help="Database migrations (Alembic).")
def db_group():
    pass


@db_group.command("upgrade", help="Migrate the database to the newest revision.")
@click.argument("revision", default="head")
def db_upgrade(revision):
    command.upgrade(alembic_config(), revision)


@db_group.command("downgrade", help="Migrate the database down to REVISION.")
@click.argument("revision")
def db_downgrade(revision):
    command.downgrade(alembic_config(), revision)


@db_group.command("revision", help="Create a migration from the model changes.")
@click.option("-m", "--message", required=True)
def db_revision(message):
    command.revision(alembic_config(), message=message, autogenerate=True)


# --- demo data ------------------------------------------------------------------------------

@click.command("demo", help="Seed the demo district (idempotent).")
@with_appcontext
@click.option("--responses", default=0, show_default=True,
              help="Also add this many synthetic responses.")
def demo(responses):
    demo_data.seed_demo(db.session())
    added = demo_data.add_synthetic_responses(db.session(), responses)
    db.commit()
    click.echo(f"Demo data ready ({added} synthetic responses added).")
    _echo_demo_logins()


def _echo_demo_logins() -> None:
    click.echo("Organiser logins (e-mail, password):")
    for who, email, password in demo_data.demo_logins():
        click.echo(f"  {who:<40} {email:<48} {password}")


@click.command("serve", help="Prepare everything and start the development server.")
@with_appcontext
@click.option("--demo", "with_demo", is_flag=True, help="Seed the demo data first.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
def serve(with_demo, host, port):
    ctx = click.get_current_context()
    ctx.invoke(db_upgrade)
    if with_demo:
        demo_data.seed_demo(db.session())
        db.commit()
    url = f"http://{host}:{port}/"
    click.echo(f"\nParticipation platform: {url}")
    click.echo(f"Organiser login: {url}de/verwaltung/anmelden")
    if with_demo:
        _echo_demo_logins()
    click.echo(f"E-mails are written to {current_app.config['MAIL_OUTBOX_DIR']}\n")
    # app.run() refuses to run inside a CLI command; werkzeug's server is the same one.
    run_simple(host, port, current_app._get_current_object(), threaded=True)


# --- digests --------------------------------------------------------------------------------

@click.group(cls=AppGroup, name="digests", help="Per-Quartier result digests.")
def digests_group():
    pass


@digests_group.command("run", help="Compile and send the digests that are due.")
@click.option("--municipality", "slug", help="Only this municipality (its slug).")
@click.option("--now", "force", is_flag=True,
              help="Send an interim digest now, from Monday up to today; the week's own "
                   "digest is still sent when the week is over.")
def digests_run(slug, force):
    session = db.session()
    municipality_id = None
    if slug:
        found = session.scalar(place_queries.municipality_by_slug(slug))
        if found is None:
            raise click.BadParameter(f"unknown municipality {slug!r}", param_hint="--municipality")
        municipality_id = found.id
    now = datetime.now(UTC)
    if force:  # an interim period of its own: the week's ledger row stays for the week
        ids = [municipality_id] if municipality_id else [
            m.id for m in session.scalars(place_queries.municipalities())]
        work = [(mid, interim_period(local_today(now))) for mid in ids]
    else:
        work = [(run.municipality_id, run.period)
                for run in digest_queries.pending_runs(session, municipality_id)
                if is_due(run.period, now)]
    db.commit()
    failures = 0
    for mid, period in work:
        try:
            outcome = digest_jobs.deliver_digest(mid, period, force=force)
        except Exception as error:  # reported, left pending, retried by the next run
            failures += 1
            outcome = f"not sent ({error})"
        click.echo(f"municipality {mid} {period}: {outcome}")
    if failures:
        sys.exit(1)


# --- events and the periodic work ------------------------------------------------------------

def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


@click.group(cls=AppGroup, name="events", help="Events and sign-ups.")
def events_group():
    pass


@events_group.command("erase-expired",
                      help="Erase needs (7 days) and contact data (30 days) after events.")
@click.option("--now", "now", help="Act as if it were this moment (ISO 8601), for tests.")
def events_erase_expired(now):
    needs, contact = event_services.erase_expired(db.session(), _moment(now))
    db.commit()
    click.echo(f"Needs erased from {needs} sign-ups, contact data from {contact}.")


@click.group(cls=AppGroup, name="jobs", help="Periodic work, for cron when there is no Redis.")
def jobs_group():
    pass


@jobs_group.command("run", help="Run what the worker runs periodically: due digests, event "
                                "reminders and e-mails, erasing expired sign-up data, stale "
                                "drafts. Call it from cron every 15 minutes.")
@click.option("--now", "now", help="Act as if it were this moment (ISO 8601), for tests.")
def jobs_run(now):
    done = event_jobs.run_sweep(_moment(now))
    click.echo("events: " + ", ".join(f"{key} {value}" for key, value in done.items()))
    click.echo(f"{purge_stale_drafts()} stale drafts deleted.")
    click.get_current_context().invoke(digests_run, slug=None, force=False)


# --- questionnaires ---------------------------------------------------------------------------

@click.group(cls=AppGroup, name="questionnaires", help="Questionnaires in the JSON format.")
def questionnaires_group():
    pass


@questionnaires_group.command("import", help="Import FILE (our JSON format, or a LimeSurvey "
                                             "survey structure .lss) as a new draft "
                                             "questionnaire.")
@click.argument("file", type=click.File("rb"))
@click.option("--municipality", "slug", required=True, help="The municipality's slug.")
def questionnaires_import(file, slug):
    session = db.session()
    municipality = session.scalar(place_queries.municipality_by_slug(slug))
    if municipality is None:
        raise click.BadParameter(f"unknown municipality {slug!r}", param_hint="--municipality")
    read = read_questionnaire_file(file.read(questionnaire_files.MAX_BYTES + 1), file.name)
    if read.document is None:  # every problem on a line of its own; nothing is imported
        for problem in read.problems:
            click.echo(problem, err=True)
        sys.exit(1)
    questionnaire = transfer.import_questionnaire(session, municipality.id, read.document)
    db.commit()
    click.echo(f"Imported as draft questionnaire {questionnaire.id} ({questionnaire.slug}) "
               f"of {municipality.name}.")
    for note in read.notes:  # what a LimeSurvey survey had that the draft does not
        click.echo(f"- {note}")


@questionnaires_group.command("export", help="Write questionnaire ID as JSON (to OUTPUT or "
                                             "standard output).")
@click.argument("questionnaire_id", type=int)
@click.argument("output", type=click.File("wb"), default="-")
def questionnaires_export(questionnaire_id, output):
    document = transfer.export_questionnaire(db.session(), questionnaire_id)
    if document is None:
        raise click.BadParameter(f"no questionnaire {questionnaire_id}",
                                 param_hint="QUESTIONNAIRE_ID")
    output.write(transfer.to_json_bytes(document))


@click.command("purge-drafts", help="Delete unfinished answers older than the retention.")
@with_appcontext
def purge_drafts():
    click.echo(f"{purge_stale_drafts()} stale drafts deleted.")


@click.command("set-password", help="Give an organiser a new password; ends all their sessions.")
@click.argument("email")
@click.password_option("--password", prompt="New password", help="asked for when not given")
@with_appcontext
def set_password(email, password):
    session = db.session()
    organiser = session.scalar(account_queries.organiser_by_email(email.strip().lower()))
    if organiser is None:
        raise click.BadParameter(f"no organiser with the e-mail address {email!r}",
                                 param_hint="EMAIL")
    if len(password) < 12:
        raise click.BadParameter("use at least 12 characters", param_hint="--password")
    account_services.set_password(session, organiser, password)
    db.commit()
    click.echo(f"New password set for {organiser.email}; every session of the account ended.")


# --- translations ---------------------------------------------------------------------------

@click.group(cls=AppGroup, name="translate", help="Interface translations (gettext catalogs).")
def translate_group():
    pass


@translate_group.command("extract", help="Collect the strings into translations/messages.pot.")
def translate_extract():
    _pybabel("extract", "-F", str(ROOT / "pyproject.toml"), "-k", "_l", "--no-location",
             "--sort-by-file", "--add-comments", "i18n:", "--project", "participation",
             "-o", str(TRANSLATIONS_DIR / "messages.pot"), str(ROOT))


@translate_group.command("update", help="Merge messages.pot into every catalog.")
def translate_update():
    # every language's catalog, and the Leichte Sprache catalog beside the German one
    for lang, domain in [(lang, "messages") for lang in SUPPORTED_LOCALES] + [
            (DEFAULT_LOCALE, EASY_GERMAN_DOMAIN)]:
        catalog = TRANSLATIONS_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
        action = "update" if catalog.exists() else "init"
        _pybabel(action, "-i", str(TRANSLATIONS_DIR / "messages.pot"), "-D", domain,
                 "-d", str(TRANSLATIONS_DIR), "-l", lang, *(
                     ["--no-fuzzy-matching", "--ignore-obsolete"] if action == "update" else []))


@translate_group.command("compile", help="Compile the catalogs (.po → .mo) into the package.")
def translate_compile():
    compiled = catalogs.compile_catalogs(force=True)
    click.echo(f"{len(compiled)} catalogs compiled into {catalogs.COMPILED_DIR}")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True,
                   cwd=ROOT)
