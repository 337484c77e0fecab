"""Spreading a questionnaire: public links per Quartier, short links, posters with a QR code."""

import re

import pytest
import segno
from sqlalchemy import func, select

from participation.surveys.models import Draft, Response
from tests.accounts.test_login import login
from tests.factories import (
    complete_answers,
    demo_questionnaire,
    interface_text,
    make_questionnaire,
    quartiere,
)
from tests.paper.test_paper import AICHTAL

BASE_URL = "http://127.0.0.1"  # the test app's BASE_URL
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def aichtal(client, session):
    assert login(client, *AICHTAL).status_code == 302
    questionnaire = demo_questionnaire(session, "aichtal")
    ids = [q.id for q in quartiere(session, "aichtal")]
    session.rollback()
    return questionnaire, ids


def _qr_path(svg: str) -> str:
    return re.search(r'<path [^>]*class="qrline"[^>]*\sd="([^"]+)"', svg).group(1)


def test_the_distribution_page_lists_a_link_per_quartier(client, aichtal):
    questionnaire, quartier_ids = aichtal
    page = client.get(f"/de/verwaltung/verteilen/{questionnaire.id}").get_data(as_text=True)
    assert f">{BASE_URL}/de/umfrage/{questionnaire.id}</a>" in page
    assert f">{BASE_URL}/q/{questionnaire.id}</a>" in page
    for quartier_id in quartier_ids:
        assert f">{BASE_URL}/q/{questionnaire.id}/{quartier_id}</a>" in page
        assert f">{BASE_URL}/de/umfrage/{questionnaire.id}/quartier/{quartier_id}</a>" in page
        assert f"/plakat?quartier={quartier_id}" in page
        assert f"/plakat.png?quartier={quartier_id}" in page
    for name in ("Aich", "Grötzingen", "Neuenhaus"):
        assert f"<h2>Quartier {name}</h2>" in page
    assert "zurzeit nicht geöffnet" not in page


def test_short_links_lead_to_the_start_page(client, session):
    questionnaire = demo_questionnaire(session, "aichtal")
    groetzingen = quartiere(session, "aichtal")[1]
    session.rollback()
    base = f"/de/umfrage/{questionnaire.id}"
    assert client.get(f"/q/{questionnaire.id}").headers["Location"].endswith(base)
    assert client.get(f"/q/{questionnaire.id}/{groetzingen.id}").headers["Location"].endswith(
        f"{base}/quartier/{groetzingen.id}")
    assert client.get(f"/en/q/{questionnaire.id}/{groetzingen.id}").headers[
        "Location"].endswith(f"/en/umfrage/{questionnaire.id}/quartier/{groetzingen.id}")
    assert client.get("/q/abc").status_code == 404


def test_a_quartier_link_presets_the_quartier(client, session):
    questionnaire = demo_questionnaire(session, "aichtal")
    groetzingen = quartiere(session, "aichtal")[1]
    session.rollback()
    start = f"/de/umfrage/{questionnaire.id}/quartier/{groetzingen.id}"
    page = client.get(start).get_data(as_text=True)
    assert "Ihr Quartier: Grötzingen" in page and "Jetzt beginnen" in page
    assert session.scalar(select(func.count()).select_from(Draft)) == 0  # a GET writes nothing

    begun = client.post(start)
    assert begun.headers["Location"].endswith(f"/de/umfrage/{questionnaire.id}/frage/1")
    session.rollback()
    assert session.scalar(select(Draft)).quartier_id == groetzingen.id
    assert "Weitermachen" in client.get(start).get_data(as_text=True)

    base = f"/de/umfrage/{questionnaire.id}"
    for position, value in complete_answers().items():
        assert client.post(f"{base}/frage/{position}", data={"answer": value}).status_code == 302
    assert "Grötzingen" in client.get(f"{base}/pruefen").get_data(as_text=True)
    assert client.post(f"{base}/pruefen").headers["Location"].endswith(f"{base}/danke")
    session.rollback()
    response = session.scalar(select(Response))
    assert (response.quartier_id, response.channel) == (groetzingen.id, "online")


def test_a_quartier_link_needs_an_open_questionnaire_and_its_own_quartier(client, session):
    questionnaire = demo_questionnaire(session, "aichtal")
    kohlberg_quartier = quartiere(session, "kohlberg")[0]
    closed = make_questionnaire(session, "kohlberg", status="closed")
    session.commit()
    assert client.get(f"/de/umfrage/{questionnaire.id}/quartier/{kohlberg_quartier.id}"
                      ).status_code == 404
    assert client.post(f"/de/umfrage/{questionnaire.id}/quartier/{kohlberg_quartier.id}"
                       ).status_code == 404
    assert client.get(f"/de/umfrage/{closed.id}/quartier/{kohlberg_quartier.id}"
                      ).status_code == 404
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Draft)) == 0


@pytest.mark.parametrize(("lang", "prefix"), [("de", ""), ("en", "/en")])
def test_the_poster_shows_a_qr_code_of_the_short_link(app, client, aichtal, lang, prefix):
    questionnaire, quartier_ids = aichtal
    url = f"/{lang}/verwaltung/verteilen/{questionnaire.id}/plakat?quartier={quartier_ids[1]}"
    page = client.get(url).get_data(as_text=True)
    link = f"{BASE_URL}{prefix}/q/{questionnaire.id}/{quartier_ids[1]}"
    assert f'<a href="{link}" dir="ltr">{link.split("://")[1]}</a>' in page
    qr_title = interface_text(app, lang, "QR-Code mit dem Link zur Befragung")
    assert "<svg" in page and f"<title>{qr_title}</title>" in page
    expected = segno.make(link, error="m").svg_inline(scale=10)
    assert _qr_path(page) == _qr_path(expected)  # the QR code encodes exactly this link
    for_quartier = interface_text(app, lang, "Für das Quartier %(name)s", name="Grötzingen")
    assert for_quartier in page and "0711 3902-42420" in page
    whole = client.get(f"/{lang}/verwaltung/verteilen/{questionnaire.id}/plakat").get_data(
        as_text=True)
    assert _qr_path(whole) == _qr_path(segno.make(
        f"{BASE_URL}{prefix}/q/{questionnaire.id}", error="m").svg_inline(scale=10))
    assert for_quartier.split("Grötzingen")[0].strip() not in whole


def test_qr_codes_download_as_png_and_svg(client, aichtal):
    questionnaire, quartier_ids = aichtal
    base = f"/de/verwaltung/verteilen/{questionnaire.id}"
    png = client.get(f"{base}/plakat.png?quartier={quartier_ids[0]}")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert png.data.startswith(PNG_SIGNATURE)
    assert png.headers["Content-Disposition"] == (
        f"attachment; filename=qr-fragebogen-{questionnaire.id}-quartier-{quartier_ids[0]}.png")
    svg = client.get(f"{base}/plakat.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    link = f"{BASE_URL}/q/{questionnaire.id}"
    assert _qr_path(svg.get_data(as_text=True)) == _qr_path(
        segno.make(link, error="m").svg_inline(scale=10))


def test_qr_code_downloads_may_be_kept_by_the_browser_for_a_day(client, aichtal):
    questionnaire, quartier_ids = aichtal
    base = f"/de/verwaltung/verteilen/{questionnaire.id}"
    for path in ("plakat.svg", "plakat.png", f"plakat.png?quartier={quartier_ids[0]}"):
        response = client.get(f"{base}/{path}")
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "private, max-age=86400", path
    # the pages around them still are never stored
    assert client.get(f"{base}/plakat").headers["Cache-Control"] == "no-store"


def test_a_quartier_of_another_municipality_is_not_found_on_posters(client, session, aichtal):
    questionnaire, _ids = aichtal
    kohlberg_quartier = quartiere(session, "kohlberg")[0].id
    session.rollback()
    base = f"/de/verwaltung/verteilen/{questionnaire.id}"
    for path in ("plakat", "plakat.svg", "plakat.png"):
        assert client.get(f"{base}/{path}?quartier={kohlberg_quartier}").status_code == 404
        assert client.get(f"{base}/{path}?quartier=x").status_code == 404
