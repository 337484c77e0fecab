"""Read queries for organiser accounts."""

from sqlalchemy import Select, func, select

from participation.accounts.models import Organiser


def organiser_by_email(email: str) -> Select:
    return select(Organiser).where(func.lower(Organiser.email) == email.strip().lower())
