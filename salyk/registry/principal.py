"""Who is acting: a taxpayer (by ИСН) or a tax-office user, with a role."""

from __future__ import annotations

from dataclasses import dataclass

TAXPAYER = "taxpayer"
OFFICER = "officer"
ADMIN = "admin"
STAFF_ROLES = frozenset({OFFICER, ADMIN})


@dataclass(frozen=True)
class Principal:
    role: str
    login: str  # the TIN for a taxpayer, the officer's login otherwise
    taxpayer_id: int | None = None
    officer_id: int | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES
