"""Printed ranges are recorded by a POST, the print page shows only recorded numbers, and
keying in refuses numbers that were never printed (SQLite and PostgreSQL)."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from participation.accounts.models import Organiser
from participation.builder.services import delete_questionnaire
from participation.paper.models import SHEET_DELETED, PrintRun, SheetChange
from participation.surveys.models import Response
from tests.accounts.test_login import login
from tests.factories import demo_questionnaire, make_questionnaire, quartiere
from tests.paper.printing import printed
from tests.paper.test_paper import AICHTAL, _count, demo_sheet
from tests.surveys.test_conditions import SPEC as CONDITIONAL_SPEC


@pytest.fixture
def aichtal(client, session):
    assert login(client, *AICHTAL).status_code == 302
    questionnaire = demo_questionnaire(session, "aichtal")
    session.rollback()
    return questionnaire


def _print(client, questionnaire, first, last, lang="de"):
    return client.post(f"/{lang}/verwaltung/papier/{questionnaire.id}/druck",
                       data={"von": str(first), "bis": str(last)})


def test_printing_records_the_run_and_shows_only_recorded_numbers(client, session, aichtal):
    base = f"/de/verwaltung/papier/{aichtal.id}/druck"
    form = client.get(base).get_data(as_text=True)
    assert 'method="post"' in form and re.search(r'name="von"[^>]*value="1"', form)
    assert _count(session, PrintRun) == 0  # the GET wrote nothing
    refused = client.get(f"{base}?von=1&bis=20")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "nicht als gedruckt erfasst" in page and 'class="paper-copy"' not in page
    assert 'action="/de/verwaltung/papier/' in page  # the form to record them

    reply = _print(client, aichtal, 1, 20)
    assert reply.status_code == 302
    assert reply.headers["Location"].endswith(f"{base}?von=1&bis=20")
    session.rollback()
    run = session.scalar(select(PrintRun))
    assert (run.questionnaire_id, run.first, run.last, run.lang) == (aichtal.id, 1, 20, "de")
    assert run.organiser_id == session.scalar(select(Organiser.id).where(
        Organiser.email == AICHTAL[0]))
    assert run.printed_at is not None
    copies = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert copies.count('class="paper-copy"') == 20
    assert client.get(f"{base}?von=15&bis=21").status_code == 400  # 21 was not printed
    assert client.get(f"{base}?von=5&bis=7").get_data(as_text=True).count(
        'class="paper-copy"') == 3
    # the next pile starts one above the highest printed number
    assert re.search(r'name="von"[^>]*value="21"', client.get(base).get_data(as_text=True))


def test_the_print_form_keeps_the_per_page_limit_and_records_nothing_wrong(client, session,
                                                                           aichtal):
    too_many = _print(client, aichtal, 1, 201)
    assert too_many.status_code == 400
    assert "höchstens 200 Bögen" in too_many.get_data(as_text=True)
    backwards = _print(client, aichtal, 9, 3)
    assert backwards.status_code == 400
    assert _count(session, PrintRun) == 0


def test_a_sheet_that_was_never_printed_is_refused(client, session, aichtal):
    assert _print(client, aichtal, 1, 20).status_code == 302
    aich = quartiere(session, "aichtal")[0]
    session.rollback()
    url = f"/de/verwaltung/papier/{aichtal.id}/erfassen"
    assert "Die nächste noch nicht erfasste gedruckte Nummer ist 1." in client.get(
        url).get_data(as_text=True)
    reply = client.post(url, data=demo_sheet(session, aichtal, aich, 21))
    assert reply.status_code == 400
    page = reply.get_data(as_text=True)
    assert ('href="#sheet">Bogen 21 wurde nie gedruckt. Gedruckt wurden die Nummern 1–20.'
            in page)
    assert 'value="21"' in page and "Mehr Sitzbänke am Marktplatz</textarea>" in page
    assert _count(session, Response) == 0

    assert client.post(url, data=demo_sheet(session, aichtal, aich, 20)).status_code == 302
    assert _count(session, Response, Response.sheet_number == 20) == 1
    assert _print(client, aichtal, 41, 50).status_code == 302
    again = client.post(url, data=demo_sheet(session, aichtal, aich, 30))
    assert "Gedruckt wurden die Nummern 1–20, 41–50." in again.get_data(as_text=True)
    assert client.post(url, data=demo_sheet(session, aichtal, aich, 41)).status_code == 302


def test_without_any_printed_copy_nothing_can_be_keyed_in(client, session, aichtal):
    aich = quartiere(session, "aichtal")[0]
    session.rollback()
    reply = client.post(f"/de/verwaltung/papier/{aichtal.id}/erfassen",
                        data=demo_sheet(session, aichtal, aich, 1))
    assert reply.status_code == 400
    assert "noch keine Bögen gedruckt" in reply.get_data(as_text=True)


def test_another_municipality_cannot_record_a_print_run(client, session):
    kohlberg = demo_questionnaire(session, "kohlberg")
    session.rollback()
    login(client, *AICHTAL)
    assert _print(client, kohlberg, 1, 5).status_code == 404
    assert _count(session, PrintRun) == 0


def test_deleting_a_questionnaire_deletes_its_print_runs_and_sheet_changes(session):
    questionnaire = make_questionnaire(session, "aichtal", CONDITIONAL_SPEC, status="draft")
    session.commit()
    printed(session, questionnaire, 1, 5)
    session.add(SheetChange(questionnaire_id=questionnaire.id, sheet_number=3,
                            action=SHEET_DELETED, changed_at=datetime.now(UTC)))
    session.commit()
    assert delete_questionnaire(session, questionnaire) == {}
    session.commit()
    assert _count(session, PrintRun) == 0 and _count(session, SheetChange) == 0
