"""Digests compiled from the database and sent over real SMTP (aiosmtpd on loopback)."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from participation import db
from participation.digests import jobs
from participation.digests.models import DigestRun, OutgoingEmail
from participation.digests.schedule import period_of
from tests.factories import add_response, make_questionnaire, municipality, quartiere
from tests.smtp import html_part, text_part


def seed_known_results(session):
    """Kohlberg: 12 responses in the old centre, 3 on the edge of the village.

    Centre: colour a=7, b=3, c=2; rating 5×5, 4×4, 3×3 (mean 50/12 = 4.17);
    channels online 9, paper 3; free text answered 4 times.
    """
    questionnaire = make_questionnaire(session, "kohlberg")
    centre, edge = quartiere(session, "kohlberg")
    colours = ["a"] * 7 + ["b"] * 3 + ["c"] * 2
    ratings = ["5"] * 5 + ["4"] * 4 + ["3"] * 3
    for index in range(12):
        add_response(session, questionnaire, centre, {
            "choice": colours[index], "rating": ratings[index],
            "free": "Eine Bank <b>am See</b>" if index < 4 else None,
        }, channel="online" if index < 9 else "paper")
    for _ in range(3):
        add_response(session, questionnaire, edge, {"choice": "a", "rating": "2"})
    return questionnaire


def test_digest_sections_and_numbers_match_a_hand_computed_expectation(smtp_app, smtp_server):
    with smtp_app.app_context():
        seed_known_results(db.session())
        kohlberg = municipality(db.session(), "kohlberg").id
        db.commit()
        period = period_of(datetime.now(UTC).date())
        assert jobs.deliver_digest(kohlberg, period, force=True) == "sent"

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "quartiersbericht@kohlberg.demo.example"
    assert message["Subject"].startswith("Quartiersbericht Kohlberg")
    text = text_part(message)
    centre = text.split("## Ortskern")[1].split("## Wohngebiete am Ortsrand")[0]
    edge = text.split("## Wohngebiete am Ortsrand")[1]
    assert "Antworten insgesamt: 12 (neu in diesem Zeitraum: 12)" in centre
    # paper 3 is small; online 9 is hidden too, else 12 - 9 would reveal it
    assert "Online: ·, Mit Unterstützung: 0, Papier: < 5" in centre
    assert "### Wohnen" in centre and "### Gesundheitliche Versorgung" in centre
    # the same protected tables as the results page: the cells add up to the 12
    # responses; Rot (7) is the partner of the small cells, chosen by a hash of its key
    assert "Welche Farbe?\r\n- Rot: ·\r\n- Grün: < 5\r\n- Blau: < 5\r\n" \
           "- Nicht beantwortet: 0 (0 %)\r\n" in centre
    assert "- 5: ·" in centre and "- 4: < 5" in centre and "- 3: < 5" in centre
    assert "- 1: 0 (0 %)" in centre
    assert "Mittelwert" not in centre  # a mean times n would narrow the hidden cells
    assert "Was noch?\r\n- Beantwortet: < 5\r\n- Nicht beantwortet: ·" in centre
    assert "am See" not in text  # free text never verbatim in e-mail
    assert "Antworten insgesamt: < 10" in edge
    assert "Online:" not in edge  # no channels below 10 responses
    assert "Noch weniger als 10 Antworten" in edge
    assert "Welche Farbe?" not in edge

    html = html_part(message)
    assert '<html lang="de" dir="ltr">' in html
    assert "<h3" in html and ">Ortskern</h3>" in html
    assert "<td style=\"text-align: end; border-bottom: 1px solid #767676;\">&lt; 5</td>" in html
    assert "0 %" in html and "am See" not in html


def test_running_the_digest_twice_sends_once(smtp_app, smtp_server):
    with smtp_app.app_context():
        seed_known_results(db.session())
        kohlberg = municipality(db.session(), "kohlberg").id
        db.commit()
        period = period_of(datetime.now(UTC).date())
        assert jobs.deliver_digest(kohlberg, period, force=True) == "sent"
        assert jobs.deliver_digest(kohlberg, period, force=True) == "already sent"
        session = db.session()
        assert session.scalar(select(DigestRun)).status == "sent"
        assert [e.status for e in session.scalars(select(OutgoingEmail))] == ["sent"]
    assert len(smtp_server.messages) == 1


def test_smtp_refusing_keeps_the_digest_pending_until_it_is_delivered_once(
        smtp_app, smtp_server):
    with smtp_app.app_context():
        seed_known_results(db.session())
        kohlberg = municipality(db.session(), "kohlberg").id
        db.commit()
        period = period_of(datetime.now(UTC).date())
        smtp_server.refuse()
        with pytest.raises(Exception, match="not fully sent"):
            jobs.deliver_digest(kohlberg, period, force=True)
        email = db.session().scalar(select(OutgoingEmail))
        assert email.status == "queued" and "451" in email.last_error
        db.rollback()  # end the read: on SQLite an open transaction holds the write lock
        smtp_server.refuse(False)
        assert jobs.deliver_digest(kohlberg, period, force=True) == "sent"
        assert jobs.deliver_digest(kohlberg, period, force=True) == "already sent"
    assert len(smtp_server.messages) == 1


def test_recipient_language_is_used_for_the_digest(smtp_app, smtp_server):
    from participation.digests.models import DigestRecipient

    with smtp_app.app_context():
        session = db.session()
        seed_known_results(session)
        kohlberg = municipality(session, "kohlberg").id
        recipient = session.scalar(select(DigestRecipient).where(
            DigestRecipient.municipality_id == kohlberg))
        recipient.locale = "en"
        db.commit()
        try:
            jobs.deliver_digest(kohlberg, period_of(datetime.now(UTC).date()), force=True)
        finally:
            recipient = db.session().get(DigestRecipient, recipient.id)
            recipient.locale = "de"
            db.commit()
    message = smtp_server.messages[0]
    assert message["Content-Language"] == "en"
    text = text_part(message)
    assert "Which colour?" in text and "- Red: ·" in text
    assert "- Green: < 5" in text
    assert "- Blau: < 5" in text  # an untranslated option falls back to German


def test_without_smtp_the_mail_lands_in_the_outbox_folder(app, tmp_path):
    from pathlib import Path

    with app.app_context():
        seed_known_results(db.session())
        kohlberg = municipality(db.session(), "kohlberg").id
        db.commit()
        jobs.deliver_digest(kohlberg, period_of(datetime.now(UTC).date()), force=True)
    files = list(Path(app.config["MAIL_OUTBOX_DIR"]).glob("digest-*.eml"))
    assert any(b"Quartiersbericht Kohlberg" in f.read_bytes() or b"Kohlberg" in f.read_bytes()
               for f in files)
