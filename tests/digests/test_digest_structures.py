"""Digests of questionnaires with matrices, scores, number groups and sections, compiled
from the database and sent over real SMTP: the same protected figures as the results
pages, laid out the same way, in plain text and HTML."""

from datetime import UTC, date, datetime

from participation import db
from participation.digests import jobs
from participation.digests.schedule import period_of
from tests.factories import municipality, quartiere
from tests.results.structures import import_document, submit, who5
from tests.smtp import html_part, text_part


def _send() -> None:
    kohlberg = municipality(db.session(), "kohlberg").id
    db.commit()
    assert jobs.deliver_digest(kohlberg, period_of(datetime.now(UTC).date()),
                               force=True) == "sent"


def _quartier(text: str, name: str) -> str:
    return text.split(f"## {name}")[1].split("\r\n## ")[0]


def test_a_who5_digest_shows_the_matrix_and_the_index_per_quartier(smtp_app, smtp_server):
    """Centre, 12: all statements 4 (index 80) ×7, 1 (20) ×3, 2 (40) ×2.
    Edge, 10: all 3 (index 60)."""
    with smtp_app.app_context():
        session = db.session()
        questionnaire = import_document(session, "who5", "kohlberg")
        centre, edge = quartiere(session, "kohlberg")
        for steps in [(4,) * 5] * 7 + [(1,) * 5] * 3 + [(2,) * 5] * 2:
            submit(session, questionnaire, centre, who5(*steps))
        for _ in range(10):
            submit(session, questionnaire, edge, who5(3, 3, 3, 3, 3))
        db.commit()
        _send()
    message = smtp_server.messages[0]
    text = text_part(message)
    centre, edge = _quartier(text, "Ortskern"), _quartier(text, "Wohngebiete am Ortsrand")
    assert "### Gesundheitliche Versorgung\r\n\r\n1. In den letzten zwei Wochen …\r\n" in centre
    # one line per statement: 3 and 2 are small, 7 the only partner; no mean beside them
    assert ("- 1a. … war ich froh und guter Laune\r\n  Die ganze Zeit: 0 (0 %), Meistens: ·, "
            "Etwas mehr als die Hälfte der Zeit: 0 (0 %), Etwas weniger als die Hälfte der "
            "Zeit: < 5, Ab und zu: < 5, Zu keinem Zeitpunkt: 0 (0 %), Nicht beantwortet: "
            "0 (0 %)\r\n") in centre
    assert ("WHO-5-Wohlbefindens-Index (0–100)\r\n- 0 bis 28: < 5\r\n- 29 bis 50: < 5\r\n"
            "- 51 und mehr: ·\r\n- Nicht beantwortet: 0 (0 %)\r\n") in centre
    assert "Mittelwert" not in centre and "Median" not in centre
    assert "### Weitere Fragen" not in centre  # the index is in its statements' field
    assert ("- 1e. … war mein Alltag voller Dinge, die mich interessieren\r\n  Die ganze "
            "Zeit: 0 (0 %), Meistens: 0 (0 %), Etwas mehr als die Hälfte der Zeit: 10 (100 %)"
            ", Etwas weniger als die Hälfte der Zeit: 0 (0 %), Ab und zu: 0 (0 %), Zu keinem "
            "Zeitpunkt: 0 (0 %), Nicht beantwortet: 0 (0 %); Mittelwert: 3,0\r\n") in edge
    assert ("- 0 bis 28: 0 (0 %)\r\n- 29 bis 50: 0 (0 %)\r\n- 51 und mehr: 10 (100 %)\r\n"
            "- Nicht beantwortet: 0 (0 %)\r\n- Mittelwert: 60,0\r\n- Median: 60\r\n") in edge
    html = html_part(message)
    assert html.count(">1a. <span>… war ich froh und guter Laune</span></th>") == 2
    assert '<th scope="col" style="text-align: end;">Zu keinem Zeitpunkt</th>' in html
    assert "10 (100 %)</td>" in html and ">60,0</td>" in html


def test_a_digest_shows_typed_answers_groups_and_sections(smtp_app, smtp_server):
    """Centre, 12: ages 70 ×3, 80 ×7 and "prefer not to say" ×2; 2 people each, 1 under 18
    and 1 from 18 to 64; living here since 2000 ×10, "don't know" ×2."""
    with smtp_app.app_context():
        session = db.session()
        questionnaire = import_document(session, "burscheid_hilgen", "kohlberg")
        centre = quartiere(session, "kohlberg")[0]
        for index in range(12):
            submit(session, questionnaire, centre, {
                "alter": 70 if index < 3 else 80 if index < 10 else "prefer_not",
                "haushalt": 2, "haushalt_unter18": 1, "haushalt_18_64": 1,
                "haushalt_ab65": 0,
                "wohnt_seit": "2000-01" if index < 10 else "dont_know"}, day=date(2025, 3, 1))
        db.commit()
        _send()
    text = text_part(smtp_server.messages[0])
    centre = _quartier(text, "Ortskern")
    sections = [centre.index(f"### {title}\r\n") for title in (
        "Wohnen und Wohnumfeld", "Nahversorgung", "Angaben zu Ihrer Person")]
    assert sections == sorted(sections)
    # 3 and the code's 2 are small, 7 their only partner; no mean or median beside them
    assert ("20. Wie alt sind Sie?\r\n- unter 50 Jahren: 0 (0 %)\r\n- 50 bis 59 Jahre: 0 (0 %)"
            "\r\n- 60 bis 69 Jahre: 0 (0 %)\r\n- 70 bis 79 Jahre: < 5\r\n- 80 Jahre und "
            "älter: ·\r\n- Keine Angabe: < 5\r\n- Nicht beantwortet: 0 (0 %)\r\n\r\n") in centre
    assert ("23. Wie viele Personen in Ihrem Haushalt, Sie selbst eingeschlossen, sind …\r\n"
            "- 23a. unter 18 Jahre alt\r\n  Beantwortet: 12 (100 %), Nicht beantwortet: "
            "0 (0 %); Mittelwert: 1,0; Median: 1\r\n") in centre
    assert ("- Summe je Antwort\r\n  Beantwortet: 12 (100 %), Nicht beantwortet: 0 (0 %); "
            "Mittelwert: 2,0; Median: 2\r\n") in centre
    # 25 years before March 2025, ten times; "don't know" twice, with a partner
    assert ("- vor 20 bis 39 Jahren: ·\r\n- vor 40 oder mehr Jahren: 0 (0 %)\r\n"
            "- Weiß nicht: < 5\r\n- Nicht beantwortet: 0 (0 %)\r\n") in centre
    assert "nach dem Tag der Antwort" not in centre  # none: the row is left out
