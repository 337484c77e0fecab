"""The interface catalogs: .po sources in the checkout, compiled .mo files in the package.

A wheel carries the compiled catalogs (setup.py compiles them when it is built). A checkout
compiles them when the app starts, whenever a source is newer than its compiled file. If
neither is there, the app refuses to start instead of silently showing German everywhere.

This module imports nothing of the app, so that setup.py can load it on its own.
"""

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_DIR = PACKAGE_DIR.parent / "translations"  # the .po files of a checkout
COMPILED_DIR = PACKAGE_DIR / "locale"  # .mo files, installed with the package
LANGUAGES = ("de", "en", "tr", "it", "el", "hr", "uk", "ru", "ro", "pl", "ar")
EASY_GERMAN_DOMAIN = "leichte_sprache"
CATALOGS = tuple((lang, "messages") for lang in LANGUAGES) + (("de", EASY_GERMAN_DOMAIN),)


class CatalogsMissing(RuntimeError):
    pass


def _relative(lang: str, domain: str, suffix: str) -> Path:
    return Path(lang) / "LC_MESSAGES" / f"{domain}.{suffix}"


def compile_catalogs(source: Path = SOURCE_DIR, target: Path = COMPILED_DIR,
                     force: bool = False) -> list[str]:
    """Compile every source newer than its compiled file (all with `force`); their names."""
    compiled = []
    for lang, domain in CATALOGS:
        po, mo = source / _relative(lang, domain, "po"), target / _relative(lang, domain, "mo")
        if not po.exists() or (not force and mo.exists()
                               and mo.stat().st_mtime >= po.stat().st_mtime):
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=domain)
        mo.parent.mkdir(parents=True, exist_ok=True)
        # written beside and then renamed: workers starting together never read half a file
        handle, temporary = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
        with os.fdopen(handle, "wb") as out:
            write_mo(out, catalog)
        os.replace(temporary, mo)
        compiled.append(f"{lang}/{domain}")
    return compiled


def ensure_compiled(source: Path = SOURCE_DIR, target: Path = COMPILED_DIR) -> Path:
    """The folder of compiled catalogs, compiled now from a checkout's sources if needed."""
    compile_catalogs(source, target)
    missing = [f"{lang}/{domain}" for lang, domain in CATALOGS
               if not (target / _relative(lang, domain, "mo")).exists()]
    if missing:
        raise CatalogsMissing(
            f"The interface catalogs are missing ({', '.join(missing)}) in {target}. "
            "Install the package from a wheel, which carries them, or run "
            "`participation translate compile` in a checkout.")
    return target
