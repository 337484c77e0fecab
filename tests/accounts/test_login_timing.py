"""A login for an unknown e-mail address does the same Argon2 work as one for a known account.

Counted with a real PasswordHasher that notes its calls, then timed coarsely with the
production parameters ("default" profile).
"""

import statistics
import time

from argon2 import PasswordHasher, extract_parameters
from sqlalchemy import delete, select

from participation import db
from participation.accounts import services
from participation.accounts.models import ROLE_DISTRICT_ADMIN, Organiser
from participation.places.models import District
from tests.conftest import make_test_app

KNOWN = "organisation@aichtal.demo.example"
UNKNOWN = "niemand@aichtal.demo.example"


class CountingHasher(PasswordHasher):
    """argon2-cffi's hasher, noting each hash and each verification with its parameters."""

    def __init__(self, **parameters):
        super().__init__(**parameters)
        self.calls: list[tuple] = []

    def hash(self, password, *, salt=None):
        self.calls.append(("hash",))
        return super().hash(password, salt=salt)

    def verify(self, hash, password):  # noqa: A002 (argon2-cffi's own parameter name)
        self.calls.append(("verify", extract_parameters(hash)))
        return super().verify(hash, password)


def login(client, email, password="falsch"):  # noqa: S107
    return client.post("/de/verwaltung/anmelden", data={"email": email, "password": password})


def test_known_and_unknown_addresses_do_the_same_argon2_work(app, database_url, tmp_path):
    counted = make_test_app(database_url, tmp_path)
    hasher = CountingHasher(**services.PROFILES["fast-for-tests"])
    services.init_app(counted, hasher)
    client = counted.test_client()
    calls = {}
    for email in (KNOWN, UNKNOWN, "Niemand@Example.org "):
        hasher.calls.clear()
        assert login(client, email).status_code == 400
        calls[email] = list(hasher.calls)
    expected = [("verify", extract_parameters(hasher.hash("x")))]
    assert calls[KNOWN] == calls[UNKNOWN] == calls["Niemand@Example.org "] == expected
    # the dummy hash is made once per process and parameters, not per app or per login
    again = make_test_app(database_url, tmp_path)
    services.init_app(again, hasher)
    assert again.extensions["passwords"].dummy_hash == counted.extensions["passwords"].dummy_hash


def test_unknown_and_known_addresses_take_about_as_long(app, database_url, tmp_path):
    production = make_test_app(database_url, tmp_path, ARGON2_PROFILE="default")
    email = "zeitmessung@demo.example"
    with production.app_context():
        session = db.session()
        session.add(Organiser(email=email, name="Zeitmessung", role=ROLE_DISTRICT_ADMIN,
                              password_hash=services.hash_password("richtig-und-lang"),
                              district_id=session.scalar(select(District.id))))
        db.commit()
    try:
        client = production.test_client()
        login(client, email), login(client, UNKNOWN)  # warm up
        durations: dict[str, list[float]] = {email: [], UNKNOWN: []}
        for _ in range(5):
            for address in (email, UNKNOWN):
                started = time.perf_counter()
                assert login(client, address).status_code == 400
                durations[address].append(time.perf_counter() - started)
        ratio = statistics.median(durations[UNKNOWN]) / statistics.median(durations[email])
        assert 0.7 <= ratio <= 1.4, durations
    finally:
        with production.app_context():
            db.session().execute(delete(Organiser).where(Organiser.email == email))
            db.commit()
