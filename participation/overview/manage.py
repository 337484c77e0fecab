"""Organiser handlers of a questionnaire's overview: responses per Quartier against the
organiser's targets, and per day, as charts with tables.

Shown inside the builder's frame of a questionnaire (builder/_page.html, section
"overview"); tenant scoped like every page about one questionnaire (404 for another
municipality's). Looking never writes: the figures are the results page's (services.py).
"""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _

from participation import db
from participation.accounts.access import current_organiser, login_required
from participation.builder.page import STATUS_LABELS, title_of
from participation.builder.services import is_locked
from participation.i18n import current_lang, text_direction
from participation.overview import charts, forms, services
from participation.places import queries as place_queries
from participation.results.manage import may_see_raw_data
from participation.results.tables import protection_note
from participation.surveys import queries as survey_queries
from participation.surveys.access import organiser_questionnaire
from participation.surveys.content import questionnaire_view
from participation.surveys.models import Questionnaire

bp = Blueprint("overview", __name__, template_folder="templates")

SAVED = "ziele-gespeichert"


@bp.get("/verwaltung/fragebogen/<id:questionnaire_id>/uebersicht")
@login_required
def show(questionnaire_id: int):
    return _page(organiser_questionnaire(questionnaire_id))


@bp.post("/verwaltung/fragebogen/<id:questionnaire_id>/ziele")
@login_required
def save_targets(questionnaire_id: int):
    questionnaire = organiser_questionnaire(questionnaire_id)
    targets, errors, values = forms.parse_targets(request.form, _covered(questionnaire))
    if targets is None:
        return _page(questionnaire, errors, values)
    services.save_targets(db.session(), questionnaire.id, targets)
    return redirect(url_for("overview.show", questionnaire_id=questionnaire.id, hinweis=SAVED,
                            _anchor="ziele"))


def _covered(questionnaire: Questionnaire) -> list[tuple[int, str]]:
    """The Quartiere residents can choose: those it covers, or all of its municipality."""
    return [(row.id, row.name) for row in db.session().execute(
        survey_queries.QUARTIER_CHOICES,
        {"questionnaire_id": questionnaire.id,
         "municipality_id": questionnaire.municipality_id})]


def _page(questionnaire: Questionnaire, errors: dict | None = None,
          values: dict | None = None):
    session = db.session()
    organiser = current_organiser()
    quartiere = [(q.id, q.name) for q in session.scalars(
        place_queries.quartiere_of(questionnaire.municipality_id))]
    covered = _covered(questionnaire)
    overview = services.compile_overview(
        session, questionnaire_view(questionnaire, current_lang()), quartiere,
        {quartier_id for quartier_id, _name in covered}, may_see_raw_data(organiser),
        organiser.id)
    if values is None:
        targets = {row.quartier_id: row.target for row in overview.quartiere
                   if row.target is not None}
        values = forms.target_values(targets, covered)
    rtl = text_direction(current_lang()) == "rtl"
    bars = charts.bar_chart([(row.name, row.shown, row.target) for row in overview.quartiere],
                            rtl)
    columns = charts.column_chart(
        [None if row.figure.hidden else row.figure.count for row in overview.days], rtl)
    saved = request.args.get("hinweis") == SAVED
    body = render_template(
        "overview/overview.html", questionnaire=questionnaire, title=title_of(questionnaire),
        errors=errors or {}, status_labels=STATUS_LABELS,
        notice=_("Die Ziele wurden gespeichert.") if saved and not errors else None,
        locked=is_locked(session, questionnaire.id), overview=overview, bars=bars,
        columns=columns, covered=covered, values=values, field_name=forms.field_name,
        protection_note=protection_note(),
        channel_labels={"online": _("Online"), "assisted": _("Mit Unterstützung"),
                        "paper": _("Papier")})
    return body, 400 if errors else 200
