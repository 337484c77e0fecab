"""The eight fields of action of the state programme (DESIGN.md)."""

from flask_babel import lazy_gettext as _l

FIELDS_OF_ACTION = {
    "housing": _l("Wohnen"),
    "infrastructure": _l("Infrastruktur"),
    "participation": _l("Teilhabe"),
    "prevention": _l("Prävention"),
    "health": _l("Gesundheitliche Versorgung"),
    "counselling": _l("Beratung"),
    "care": _l("Pflege"),
    "support": _l("Unterstützung"),
}
