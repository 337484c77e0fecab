"""The key an answer option gets when the organiser leaves it empty ("Täglich" → "taeglich").

A pure function: no database, no request. Answers are stored under this key, so it must be
stable, plain ASCII and unique within its question.
"""

import re
import unicodedata

from participation.surveys.content import BUILT_IN_KEYS

KEY_LENGTH = 40
GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
FALLBACK = "antwort"


def suggest_key(label: str, taken, number: int) -> str:
    """A key for the option `label` at place `number` (1-based), unique among `taken` and
    never a built-in answer's key ("other", "dont_know", "prefer_not"): a suggestion must
    not turn an option into the wording of a built-in answer."""
    lowered = label.lower().translate(GERMAN)
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[:KEY_LENGTH].strip("_")
    base = base or f"{FALLBACK}_{number}"  # Arabic or Cyrillic labels, only symbols
    blocked = set(taken) | BUILT_IN_KEYS
    candidate, suffix = base, 2
    while candidate in blocked:
        ending = f"_{suffix}"
        candidate = base[:KEY_LENGTH - len(ending)].rstrip("_") + ending
        suffix += 1
    return candidate
