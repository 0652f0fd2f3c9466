"""Who is acting: a taxpayer (by ИСН), a tax-office user (officer or admin), or the system itself.

Three classes instead of one with optional fields: a taxpayer always has a ``taxpayer_id``, staff
always have a role, and the system (the CLI run by an operator on the server, the worker) is
neither. Services check who may act with ``salyk.kernel.authorize`` themselves, whichever face
called them (TC art. 54: a refund decision refused to a taxpayer from the CLI as from the API).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Union

TAXPAYER = "taxpayer"
OFFICER = "officer"
ADMIN = "admin"
SYSTEM = "system"
STAFF_ROLES = frozenset({OFFICER, ADMIN})


@dataclass(frozen=True)
class TaxpayerPrincipal:
    login: str  # the ИСН
    taxpayer_id: int
    role: ClassVar[str] = TAXPAYER
    is_staff: ClassVar[bool] = False

    @property
    def officer_id(self) -> None:
        """Session and audit rows hold either id; a taxpayer has no officer id."""
        return None


@dataclass(frozen=True)
class StaffPrincipal:
    role: str  # officer | admin
    login: str
    officer_id: int | None = None
    is_staff: ClassVar[bool] = True

    def __post_init__(self) -> None:
        if self.role not in STAFF_ROLES:
            raise ValueError(f"not a staff role: {self.role!r}")

    @property
    def taxpayer_id(self) -> None:
        return None

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


@dataclass(frozen=True)
class SystemPrincipal:
    """An operator's command on the server (``cli:<user>``) or the worker: acts with staff rights,
    is audited under its own name."""

    login: str
    role: ClassVar[str] = SYSTEM
    is_staff: ClassVar[bool] = True
    is_admin: ClassVar[bool] = True

    @property
    def taxpayer_id(self) -> None:
        return None

    @property
    def officer_id(self) -> None:
        return None


Principal = Union[TaxpayerPrincipal, StaffPrincipal, SystemPrincipal]
