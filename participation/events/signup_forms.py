"""The sign-up form, parsed and checked (no database access): a name, a phone number or an
e-mail address, how many people come, needs with their separate consent, the language.

Returns (Person or None, errors, values) like the builder's forms: `errors` maps the id of
the field to its message (for the error summary), `values` is what the page shows again.
Messages are in the resident's language (gettext at call time).
"""

import re
import unicodedata

from flask_babel import gettext as _

from participation.events.models import MAX_PARTY, NEEDS
from participation.events.services import Person
from participation.i18n import PAGE_LANGUAGES

NAME_MAX, PHONE_MAX, EMAIL_MAX = 200, 50, 254
# Digits with the usual separators and an optional leading +: "0711 123 45-6", "+49 711 …"
PHONE_RE = re.compile(r"\+?[0-9][0-9 ()/.\-]{4,}[0-9]")
# One address, nothing a mail header could be split with (no spaces, no line breaks).
EMAIL_RE = re.compile(r"[^@\s<>,;\"']+@[^@\s<>,;\"']+\.[^@\s<>,;\"'.]{2,}")
HONEYPOT = "website"  # a field people never see (hidden by CSS); bots fill it


def _text(form, name: str) -> str:
    value = form.get(name, "")
    return " ".join(value.split()) if isinstance(value, str) else ""


def _bad(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cs") for c in text)


def is_bot(form) -> bool:
    return bool(form.get(HONEYPOT, "").strip())


def parse_signup(form, page_lang: str, *, contact_required: bool = True
                 ) -> tuple[Person | None, dict[str, str], dict]:
    """`contact_required` is False for staff taking a sign-up in person: a resident who
    comes to the town hall may leave no number."""
    values = {
        "name": _text(form, "name")[:NAME_MAX + 50],
        "phone": _text(form, "phone")[:PHONE_MAX + 20],
        "email": _text(form, "email")[:EMAIL_MAX + 20],
        "people": _text(form, "people") or "1",
        "needs": [key for key in form.getlist("needs") if key in NEEDS],
        "consent": form.get("consent") == "yes",
        "locale": form.get("locale", page_lang),
    }
    if values["locale"] not in PAGE_LANGUAGES:
        values["locale"] = page_lang
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("Bitte geben Sie Ihren Namen an.")
    elif len(values["name"]) > NAME_MAX or _bad(values["name"]):
        errors["name"] = _("Bitte geben Sie Ihren Namen mit höchstens %(n)d Zeichen an.",
                           n=NAME_MAX)
    phone, email = values["phone"], values["email"].lower()
    if phone and (len(phone) > PHONE_MAX or not PHONE_RE.fullmatch(phone)):
        errors["phone"] = _("Bitte geben Sie die Telefonnummer nur mit Ziffern an, zum "
                            "Beispiel 0711 123456.")
    if email and (len(email) > EMAIL_MAX or not EMAIL_RE.fullmatch(email)):
        errors["email"] = _("Bitte geben Sie die E-Mail-Adresse vollständig an, zum Beispiel "
                            "name@beispiel.de, oder lassen Sie das Feld leer.")
    if contact_required and not phone and not email and "phone" not in errors:
        errors["phone"] = _("Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an, "
                            "damit wir Sie erreichen können, wenn sich etwas ändert.")
    people = (int(values["people"]) if values["people"].isascii()
              and values["people"].isdigit() and len(values["people"]) < 4 else 0)
    if not 1 <= people <= MAX_PARTY:
        errors["people"] = _("Bitte geben Sie eine Zahl von 1 bis %(n)d an.", n=MAX_PARTY)
    if values["needs"] and not values["consent"]:
        errors["consent"] = _("Bitte stimmen Sie zu, dass wir Ihre Angaben zur Unterstützung "
                              "speichern, oder entfernen Sie die Häkchen bei der "
                              "Unterstützung.")
    if errors:
        return None, errors, values
    return Person(name=values["name"], phone=phone or None, email=email or None,
                  people=people, needs=tuple(values["needs"]) if values["consent"] else (),
                  locale=values["locale"]), {}, values
