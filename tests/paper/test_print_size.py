"""Printing paper copies is capped by the size of the page too, not only by the number of
copies: 200 copies of a 200-question import once made a 312 MB page (SQLite and PostgreSQL)."""

import re

import pytest

from participation.paper.forms import MAX_COPIES, PRINT_PAGE_BUDGET, copies_at_once
from tests.accounts.test_login import login
from tests.factories import make_questionnaire
from tests.paper.printing import printed
from tests.paper.test_paper import AICHTAL

# as long as an import may be: 200 questions, here with twelve long options each
LONG_SPEC = {
    "languages": ["de"],
    "title": {"de": "Sehr langer Fragebogen"},
    "questions": [
        {"key": f"frage_{n}", "kind": "multiple_choice",
         "text": {"de": f"Frage {n}: " + "Was wünschen Sie sich für Ihr Quartier? " * 4},
         "options": [(f"antwort_{k}", {"de": f"Antwort {k}: " + "eine lange Beschriftung " * 6})
                     for k in range(12)]}
        for n in range(1, 201)
    ],
}
LIMIT_MESSAGE = re.compile(r"Dieser Fragebogen ist sehr lang\. Davon können Sie höchstens "
                           r"(\d+) Bögen auf einmal drucken\.")


@pytest.fixture
def long_questionnaire(client, session):
    assert login(client, *AICHTAL).status_code == 302
    questionnaire = make_questionnaire(session, "aichtal", LONG_SPEC)
    session.commit()
    return printed(session, questionnaire, 1, 2 * MAX_COPIES)


def test_a_long_questionnaire_prints_only_as_many_copies_as_fit_on_a_page(client,
                                                                          long_questionnaire):
    base = f"/de/verwaltung/papier/{long_questionnaire.id}/druck"
    refused = client.get(f"{base}?von=1&bis={MAX_COPIES}")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert len(refused.data) < 1_000_000 and 'class="paper-copy"' not in page
    assert "<title>Fehler:" in page
    most = int(LIMIT_MESSAGE.search(page).group(1))  # how many copies of this one
    assert 1 < most < MAX_COPIES
    assert f"Höchstens {most} Bögen auf einmal." in page  # the hint says it before asking

    printed = client.get(f"{base}?von=1&bis={most}")
    assert printed.status_code == 200
    assert printed.data.count(b'class="paper-copy"') == most
    assert len(printed.data) < PRINT_PAGE_BUDGET * 1.05
    assert client.get(f"{base}?von={most + 1}&bis={2 * most}").status_code == 200  # next pile
    too_many = client.get(f"{base}?von=1&bis={most + 1}")
    assert too_many.status_code == 400
    assert LIMIT_MESSAGE.search(too_many.get_data(as_text=True)).group(1) == str(most)


def test_a_short_questionnaire_keeps_the_limit_by_copies_and_one_copy_always_prints():
    assert copies_at_once(10_000) == MAX_COPIES
    assert copies_at_once(PRINT_PAGE_BUDGET // 3) == 3
    assert copies_at_once(PRINT_PAGE_BUDGET * 10) == 1
