"""The eight fields of action of the state programme (DESIGN.md)."""

from collections.abc import Callable, Iterable

from flask_babel import gettext as _
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


def group_by_field(items: Iterable, field_of: Callable) -> list[tuple[str, tuple]]:
    """(label, items) per field of action in the programme's order; the rest last."""
    items = list(items)
    groups = []
    for key, label in FIELDS_OF_ACTION.items():
        members = tuple(item for item in items if field_of(item) == key)
        if members:
            groups.append((str(label), members))
    rest = tuple(item for item in items if field_of(item) not in FIELDS_OF_ACTION)
    if rest:
        groups.append((_("Weitere Fragen"), rest))
    return groups
