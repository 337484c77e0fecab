"""The answer options of the question editor as a posted form, and as shown on a page."""

import html
import re

ROW_INPUT = re.compile(r'<input[^>]*\bname="(option-\d+-(?:label|key))"[^>]*\bvalue="([^"]*)"')


def option_fields(*options) -> dict[str, str]:
    """Form fields for options given as "label" or ("key", "label"), one row each."""
    fields = {}
    for number, option in enumerate(options, start=1):
        key, label = option if isinstance(option, tuple) else ("", option)
        fields[f"option-{number}-label"] = label
        fields[f"option-{number}-key"] = key
    return fields


def shown_rows(page: str) -> dict[str, str]:
    """The option inputs of an editor page with their values, to post them again."""
    return {name: html.unescape(value) for name, value in ROW_INPUT.findall(page)}


def shown_options(page: str) -> list[tuple[str, str]]:
    """(key, label) of the filled option rows of an editor page."""
    rows = shown_rows(page)
    numbers = sorted({int(name.split("-")[1]) for name in rows})
    return [(rows.get(f"option-{n}-key", ""), rows.get(f"option-{n}-label", ""))
            for n in numbers if rows.get(f"option-{n}-label") or rows.get(f"option-{n}-key")]
