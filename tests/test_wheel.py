"""A wheel carries every interface language and the migrations: built from the checkout,
installed into a fresh virtualenv, migrated and served by gunicorn from another folder."""

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from participation import catalogs
from tests.conftest import ROOT, free_port

HEADING = "Gut älter werden im Quartier: Ihre Meinung zählt"


def _translation(lang: str, msgid: str) -> str:
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)[msgid].string


def _run(*command, **options):
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=300,
                          **options)


def test_an_installed_wheel_speaks_every_language(tmp_path):
    _run(sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(tmp_path / "dist"))
    wheel = next((tmp_path / "dist").glob("participation-*.whl"))
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", str(venv))
    # the dependencies come from this environment, so nothing is downloaded
    site = Path(_run(str(venv / "bin" / "python"), "-c",
                     "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel))

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(DATABASE_URL=f"sqlite:///{elsewhere / 'app.sqlite3'}", SECRET_KEY="wheel-test",
               MAIL_OUTBOX_DIR=str(elsewhere / "outbox"))
    located = _run(str(venv / "bin" / "python"), "-c",
                   "import participation; print(participation.__file__)", cwd=elsewhere, env=env)
    assert str(venv) in located.stdout  # the installed wheel, not this checkout
    _run(str(venv / "bin" / "participation"), "db", "upgrade", cwd=elsewhere, env=env)

    port = free_port()
    server = subprocess.Popen(
        [str(venv / "bin" / "python"), "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "participation:create_app()"],
        cwd=elsewhere, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        pages = {lang: _get(f"http://127.0.0.1:{port}/{lang}/", server) for lang in ("tr", "ar")}
    finally:
        server.terminate()
        server.wait(20)
    assert _translation("tr", HEADING) in pages["tr"] and HEADING not in pages["tr"]
    assert _translation("ar", HEADING) in pages["ar"] and 'dir="rtl"' in pages["ar"]


def _get(url: str, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
                return response.read().decode()
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(server.stderr.read().decode()[-3000:]) from None
            time.sleep(0.3)


def test_missing_catalogs_stop_the_start_with_a_clear_message(tmp_path):
    with pytest.raises(catalogs.CatalogsMissing) as stopped:
        catalogs.ensure_compiled(tmp_path / "no-sources", tmp_path / "compiled")
    assert "participation translate compile" in str(stopped.value)
    assert "tr/messages" in str(stopped.value)


def test_a_checkout_compiles_what_changed_when_the_app_starts(tmp_path):
    target = tmp_path / "compiled"
    catalogs.ensure_compiled(catalogs.SOURCE_DIR, target)
    assert len(list(target.rglob("*.mo"))) == len(catalogs.CATALOGS)
    assert catalogs.compile_catalogs(catalogs.SOURCE_DIR, target) == []  # nothing is newer
    source = tmp_path / "sources"
    shutil.copytree(catalogs.SOURCE_DIR, source)
    later = time.time() + 10
    os.utime(source / "tr" / "LC_MESSAGES" / "messages.po", (later, later))
    assert catalogs.compile_catalogs(source, target) == ["tr/messages"]
