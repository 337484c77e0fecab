"""Render a compiled digest as an e-mail (subject, plain text, HTML) in one language."""

from dataclasses import dataclass
from datetime import timedelta

from flask import render_template
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from participation.digests.compile import MunicipalityDigest, QuestionSummary
from participation.i18n import in_locale, text_direction
from participation.results.layout import QuestionResult, ResultGroup, arrange
from participation.results.tables import protection_note, row_labels, withheld_note
from participation.surveys import queries as survey_queries
from participation.surveys.content import QuestionnaireView, questionnaire_view


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def _groups(summaries: tuple[QuestionSummary, ...], view: QuestionnaireView
            ) -> tuple[ResultGroup, ...]:
    """One Quartier's figures in the questionnaire's layout, as the results page shows them
    (results/layout.py): sections or fields of action, matrices and number groups."""
    by_id = {q.id: q for q in view.questions}
    return arrange(view, {s.question_id: QuestionResult(by_id[s.question_id], s.table)
                          for s in summaries if s.question_id in by_id})


def release_note(section) -> str:
    return _("Ergebnisse je Frage: Stand bei %(n)d Antworten. Sie werden neu berechnet, "
             "sobald %(next)d Antworten vorliegen, damit sich aus dem Vergleich zweier "
             "Berichte nicht die Antworten einzelner Personen ablesen lassen.",
             n=section.figures_from, next=section.next_figures_at)


def render_digest(db: Session, digest: MunicipalityDigest, lang: str) -> RenderedEmail:
    with in_locale(lang):
        views = {
            qd.questionnaire_id: questionnaire_view(
                db.scalar(survey_queries.questionnaire_with_content(qd.questionnaire_id)), lang)
            for qd in digest.questionnaires
        }
        context = {
            "digest": digest,
            "views": views,
            "result_groups": _groups,
            "row_labels": row_labels,
            "release_note": release_note,
            "protection_note": protection_note(),
            "withheld_note": withheld_note(),
            "channel_labels": {"online": _("Online"), "assisted": _("Mit Unterstützung"),
                               "paper": _("Papier")},
            "first_day": format_date(digest.first_day, "medium"),
            "last_day": format_date(digest.last_day, "medium"),
            # an interim digest's week ends later: the regular digest covers all of it
            "week_end": format_date(digest.first_day + timedelta(days=6), "medium"),
            "lang": lang,
            "dir": text_direction(lang),
        }
        subject = _("Quartiersbericht %(municipality)s – %(first)s bis %(last)s",
                    municipality=digest.municipality, first=context["first_day"],
                    last=context["last_day"])
        text = render_template("digests/email.txt", subject=subject, **context)
        html = render_template("digests/email.html", subject=subject, **context)
    return RenderedEmail(subject, text, html)
