"""The targets form: one optional whole number per Quartier, checked on the server."""

import re

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _

MAX_TARGET = 100_000  # more residents than any Quartier of the district has
WHOLE = re.compile(r"[+-]?\d+")


def field_name(quartier_id: int) -> str:
    return f"ziel-{quartier_id}"


def target_values(targets: dict[int, int], quartiere: list[tuple[int, str]]) -> dict[str, str]:
    """The form's values from the stored targets (empty: none set)."""
    return {field_name(quartier_id): str(targets[quartier_id]) if quartier_id in targets else ""
            for quartier_id, _name in quartiere}


def parse_targets(form, quartiere: list[tuple[int, str]]
                  ) -> tuple[dict[int, int | None] | None, dict[str, str], dict[str, str]]:
    """(target or None per Quartier, or None if any is wrong; errors by field; values as
    typed, to show again)."""
    targets: dict[int, int | None] = {}
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for quartier_id, name in quartiere:
        field = field_name(quartier_id)
        typed = form.get(field, "").strip()
        values[field] = typed
        compact = typed.replace(" ", "").replace("\u202f", "")
        if not compact:
            targets[quartier_id] = None
        elif not WHOLE.fullmatch(compact):
            errors[field] = _("Bitte geben Sie das Ziel für %(name)s als ganze Zahl ein, "
                              "zum Beispiel 40, oder lassen Sie das Feld leer.", name=name)
        elif int(compact) < 1:
            errors[field] = _("Das Ziel für %(name)s muss mindestens 1 sein. Lassen Sie das "
                              "Feld leer, wenn Sie kein Ziel setzen möchten.", name=name)
        elif int(compact) > MAX_TARGET:
            errors[field] = _("Das Ziel für %(name)s darf höchstens %(max)s sein.", name=name,
                              max=format_decimal(MAX_TARGET, locale=get_locale()))
        else:
            targets[quartier_id] = int(compact)
    return (None if errors else targets), errors, values
