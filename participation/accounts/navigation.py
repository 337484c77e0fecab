"""The organisers' navigation: the same few places on every organiser page, the current one
marked (aria-current), and "Abmelden". Shown only under /verwaltung/ to a logged-in
organiser; resident pages never ask for it beyond the path check."""

from flask import request, url_for
from flask_babel import lazy_gettext as _l

from participation.accounts.access import current_organiser

# (endpoint, label, path part after /verwaltung/ that marks it as the current place)
PLACES = (
    ("accounts.dashboard", _l("Übersicht"), ""),
    ("builder.questionnaires", _l("Fragebögen"), "fragebogen"),
    ("paper.overview", _l("Papier und Verteilen"), "papier"),
    ("events.manage_list", _l("Veranstaltungen"), "veranstaltungen"),
    ("digests.outbox", _l("Postausgang"), "post"),
)


def organiser_nav() -> list[dict] | None:
    """The links of the navigation, or None off the organiser pages or when logged out."""
    if "/verwaltung/" not in request.path or current_organiser() is None:
        return None
    section = request.path.split("/verwaltung/", 1)[1].split("/", 1)[0]
    if section == "ergebnisse":
        section = ""  # results are reached from the overview
    return [{"url": url_for(endpoint), "label": str(label), "current": section == part}
            for endpoint, label, part in PLACES]
