"""The operator commands: db upgrade, demo, digests run, translate, the console script."""

import os
import subprocess
import sys

from sqlalchemy import func, select

from participation import db
from participation.accounts.models import Organiser
from participation.places.models import Municipality, Quartier
from participation.surveys.models import Question, Questionnaire, Response
from tests.conftest import ROOT
from tests.digests.test_digest_mail import seed_known_results


def _count(model):
    return db.session().scalar(select(func.count()).select_from(model))


def test_demo_is_idempotent_and_complete(app):
    runner = app.test_cli_runner()
    with app.app_context():
        before = (_count(Municipality), _count(Quartier), _count(Organiser), _count(Question))
        db.rollback()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    # the organiser logins are printed, as `serve --demo` prints them
    assert "organisation@aichtal.demo.example" in result.output and "demo-aichtal" in result.output
    assert "landkreis@demo.example" in result.output
    with app.app_context():
        after = (_count(Municipality), _count(Quartier), _count(Organiser), _count(Question))
        assert before == after
        assert after[0] == 9
        for municipality in db.session().scalars(select(Municipality)):
            assert len(municipality.quartiere) >= 2
        questionnaires = list(db.session().scalars(
            select(Questionnaire).where(Questionnaire.slug == "gut-aelter-werden")))
        assert len(questionnaires) == 9 and {q.status for q in questionnaires} == {"open"}
        questions = questionnaires[0].questions
        assert len(questions) >= 8
        assert len({q.kind for q in questions}) >= 4
        assert {q.field_of_action for q in questions} >= {
            "housing", "infrastructure", "participation", "prevention", "health",
            "counselling", "care", "support"}
        assert _count(Organiser) == 10  # nine municipalities and the district admin
        db.rollback()


def test_demo_adds_synthetic_responses_spread_over_quartiere(app):
    result = app.test_cli_runner().invoke(args=["demo", "--responses", "46"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _count(Response) == 46
        used = db.session().scalar(select(func.count(func.distinct(Response.quartier_id))))
        assert used >= 20  # 46 responses over the 22 Quartiere with an open questionnaire
        db.rollback()


def test_digests_run_now_sends_once_per_municipality(app):
    with app.app_context():
        seed_known_results(db.session())
        db.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["digests", "run", "--now", "--municipality", "kohlberg"])
    second = runner.invoke(args=["digests", "run", "--now", "--municipality", "kohlberg"])
    assert first.exit_code == 0 and ": sent" in first.output, first.output
    assert ": already sent" in second.output
    unknown = runner.invoke(args=["digests", "run", "--municipality", "atlantis"])
    assert unknown.exit_code != 0 and "unknown municipality" in unknown.output


def test_console_script_and_flask_cli_set_up_a_fresh_embedded_database(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL", "SMTP_HOST")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    env["SECRET_KEY"] = "test"
    bin_dir = os.path.dirname(sys.executable)
    upgrade = subprocess.run([os.path.join(bin_dir, "flask"), "--app", "participation", "db",
                              "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=120)
    assert upgrade.returncode == 0, upgrade.stderr
    demo = subprocess.run([os.path.join(bin_dir, "participation"), "demo", "--responses", "5"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert demo.returncode == 0, demo.stderr
    assert "5 synthetic responses" in demo.stdout


def test_quick_start_serve_command_prints_url_and_logins_and_serves(tmp_path):
    """The README's first command (after installation): `participation serve --demo`."""
    import time
    import urllib.request

    from tests.conftest import free_port

    port = free_port()
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL", "SMTP_HOST")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", SECRET_KEY="test",
               MAIL_OUTBOX_DIR=str(tmp_path / "outbox"))
    bin_dir = os.path.dirname(sys.executable)
    server = subprocess.Popen([os.path.join(bin_dir, "participation"), "serve", "--demo",
                               "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = ""
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/de/", timeout=2) as reply:
                    page = reply.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert "Aichtal" in page and "Wendlingen am Neckar" in page
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert f"http://127.0.0.1:{port}/" in output
    assert "organisation@aichtal.demo.example" in output and "demo-aichtal" in output
    assert "landkreis@demo.example" in output


def test_questionnaires_export_and_import_round_trip_and_refuse_a_broken_file(app, tmp_path):
    """`questionnaires export ID FILE`, then `import FILE --municipality SLUG`: a new draft
    with the same questions; a broken file is reported line by line and imports nothing."""
    runner = app.test_cli_runner()
    with app.app_context():
        original = db.session().scalar(select(Questionnaire).order_by(Questionnaire.id))
        original_id, questions = original.id, len(original.questions)
        before = _count(Questionnaire)
        db.rollback()
    exported = tmp_path / "fragebogen.json"
    result = runner.invoke(args=["questionnaires", "export", str(original_id), str(exported)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["questionnaires", "import", str(exported),
                                 "--municipality", "kohlberg"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        imported = db.session().scalar(select(Questionnaire).order_by(Questionnaire.id.desc()))
        kohlberg = db.session().scalar(select(Municipality).where(Municipality.slug == "kohlberg"))
        assert (imported.municipality_id, imported.status) == (kohlberg.id, "draft")
        assert len(imported.questions) == questions and _count(Questionnaire) == before + 1
        imported_id = imported.id
        db.rollback()
    broken = tmp_path / "kaputt.json"
    broken.write_text('{"format": "participation-questionnaire", "questions": [}')
    result = runner.invoke(args=["questionnaires", "import", str(broken),
                                 "--municipality", "kohlberg"])
    assert result.exit_code == 1 and result.output.strip()
    unknown = runner.invoke(args=["questionnaires", "import", str(exported),
                                  "--municipality", "atlantis"])
    assert unknown.exit_code == 2 and "atlantis" in unknown.output
    with app.app_context():
        assert _count(Questionnaire) == before + 1
        db.session().delete(db.session().get(Questionnaire, imported_id))
        db.commit()
