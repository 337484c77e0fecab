"""Pages rendered once for everyone (page_cache.py) still belong to each visitor: every form
on them carries that visitor's own CSRF token (test_journey.py checks the typed values)."""

from tests.answering.test_concurrency import CSRF_INPUT, Resident
from tests.factories import demo_questionnaire, quartiere


def test_every_form_on_a_cached_page_carries_the_visitors_own_token(live_server, session):
    questionnaire = demo_questionnaire(session)
    quartier = quartiere(session, "aichtal")[0]
    base = f"/de/umfrage/{questionnaire.id}"
    seen = set()
    for _ in range(3):  # the later residents get the pages from the cache
        resident = Resident(live_server.url)
        tokens = set(CSRF_INPUT.findall(resident.request("GET", f"{base}/quartier").body))
        assert len(tokens) == 1
        token = tokens.pop()
        assert token not in seen
        seen.add(token)
        chosen = resident.request("POST", f"{base}/quartier",
                                  {"csrf_token": token, "answer": str(quartier.id)})
        assert chosen.status == 302, chosen.body[:500]
        question = resident.request("GET", f"{base}/frage/1")
        assert set(CSRF_INPUT.findall(question.body)) == {token}
        # "Neue Person beginnen" works for every resident, not only the first one
        handed_on = resident.request("POST", "/de/neue-person", {"csrf_token": token})
        assert handed_on.status == 302, handed_on.body[:500]
        assert handed_on.location.endswith("/de/")
        assert resident.cookies.get("session", "") == ""
