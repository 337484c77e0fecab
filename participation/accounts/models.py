"""Organiser accounts. A district admin sees every municipality; an organiser only their own."""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from participation.db import Base

ROLE_ORGANISER = "organiser"
ROLE_DISTRICT_ADMIN = "district_admin"


class Organiser(Base):
    __tablename__ = "organisers"
    __table_args__ = (
        CheckConstraint(
            "role = 'district_admin' OR municipality_id IS NOT NULL", name="scoped_role"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default=ROLE_ORGANISER)
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id"), index=True
    )
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    locale: Mapped[str] = mapped_column(String(12), default="de")
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Stored in the session at login and compared on every organiser request (access.py):
    # logging out or a new password counts it up and so ends every session of the account.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    @property
    def is_district_admin(self) -> bool:
        return self.role == ROLE_DISTRICT_ADMIN
