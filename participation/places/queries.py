"""Read queries for places."""

from sqlalchemy import Select, select

from participation.places.models import Municipality, Quartier


def municipality_by_slug(slug: str) -> Select:
    return select(Municipality).where(Municipality.slug == slug)


def municipalities() -> Select:
    return select(Municipality).order_by(Municipality.name)


def quartiere_of(municipality_id: int) -> Select:
    return (
        select(Quartier)
        .where(Quartier.municipality_id == municipality_id)
        .order_by(Quartier.position, Quartier.name)
    )
