"""Organiser handlers of an event's texts per language, and the preview of the resident page.

German is written in the event form; every other content language (Leichte Sprache as
"de-x-ls") has its own page with the German text beside it. Residents see German, marked
`lang="de"`, wherever a language has no title yet.
"""

from flask import abort, redirect, render_template, request, url_for

from participation import db
from participation.accounts.access import login_required
from participation.events import display, editing, forms, services
from participation.events.content import event_view
from participation.events.manage_page import german_text, organiser_event, page
from participation.events.places import counted_places
from participation.events.routes import bp, detail_context
from participation.i18n import DEFAULT_LOCALE, current_lang, native_name
from participation.surveys.coverage import CONTENT_LANGUAGES, language_name

BASE = "/verwaltung/veranstaltungen/<id:event_id>"


@bp.get(f"{BASE}/texte")
@login_required
def manage_texts(event_id: int):
    event = organiser_event(event_id)
    written = {t.lang for t in event.texts if t.title}
    rows = [{"lang": lang, "native": native_name(lang),
             "name": language_name(lang, current_lang()), "written": lang in written}
            for lang in CONTENT_LANGUAGES]
    return page("manage_texts.html", event, rows=rows, section="texts",
                done=sum(1 for row in rows if row["written"]), total=len(rows))


@bp.route(f"{BASE}/texte/<lang>", methods=["GET", "POST"])
@login_required
def manage_text(event_id: int, lang: str):
    event = organiser_event(event_id)
    if lang not in CONTENT_LANGUAGES:
        abort(404)
    if lang == DEFAULT_LOCALE:  # German is part of the event form
        return redirect(url_for("events.manage_edit", event_id=event.id))
    found = next((t for t in event.texts if t.lang == lang), None)
    values = {"title": found.title if found else "",
              "description": found.description if found else ""}
    errors = {}
    if request.method == "POST":
        data, errors, values = forms.parse_text(request.form, title_required=False)
        if data is not None:
            editing.save_text(db.session(), event, lang, *data)
            return redirect(url_for("events.manage_texts", event_id=event.id,
                                    hinweis="gespeichert"))
    return page("manage_text.html", event, errors, lang=lang, native=native_name(lang),
                language=language_name(lang, current_lang()), values=values,
                german=german_text(event), section="texts")


@bp.get(f"{BASE}/vorschau/<lang>")
@login_required
def manage_preview(event_id: int, lang: str):
    """The resident page of the event (routes.detail) in `lang`, shown on a page in that
    language, drafts and staff training included, never cached."""
    event = organiser_event(event_id)
    if lang not in CONTENT_LANGUAGES:
        abort(404)
    if lang != current_lang():
        return redirect(url_for("events.manage_preview", event_id=event.id, lang=lang,
                                lang_code=lang))
    view = event_view(event, lang)
    available = display.availability(view, counted_places(event), services.now_utc())
    return render_template(
        "events/manage_preview.html", available=available, preview_event=event,
        **detail_context(event, view),
        language_links=[{"lang": code, "name": native_name(code),
                         "url": url_for("events.manage_preview", event_id=event.id, lang=code,
                                        lang_code=code)} for code in CONTENT_LANGUAGES])
