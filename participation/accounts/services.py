"""Organiser passwords (Argon2) and login checks."""

import contextlib
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy.orm import Session

from participation.accounts import queries
from participation.accounts.models import Organiser

# A hash to verify against when the e-mail is unknown, so timing does not reveal accounts.
_DUMMY_PASSWORD = "not-a-real-password"  # noqa: S105


def _hasher() -> PasswordHasher:
    if current_app.config.get("ARGON2_PROFILE") == "fast-for-tests":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def authenticate(db: Session, email: str, password: str) -> Organiser | None:
    organiser = db.scalar(queries.organiser_by_email(email))
    hasher = _hasher()
    if organiser is None:
        with contextlib.suppress(VerificationError):
            hasher.verify(hasher.hash(_DUMMY_PASSWORD), password)
        return None
    try:
        hasher.verify(organiser.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if hasher.check_needs_rehash(organiser.password_hash):
        organiser.password_hash = hasher.hash(password)
    organiser.last_login_at = datetime.now(UTC)
    db.flush()
    return organiser


def set_password(db: Session, organiser: Organiser, password: str) -> None:
    organiser.password_hash = hash_password(password)
    db.flush()
