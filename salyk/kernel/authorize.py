"""Permission checks that services call themselves, so a rule holds whichever face calls them
(API, web page, CLI, worker). Faces may check earlier for a friendlier answer; the service's
check is the one that counts."""

from __future__ import annotations

from salyk.kernel.errors import Forbidden
from salyk.kernel.principal import Principal, StaffPrincipal, SystemPrincipal, TaxpayerPrincipal


def staff(principal: Principal | None) -> StaffPrincipal | SystemPrincipal:
    """Tax-office staff (officer or admin) or the operator's system principal."""
    if isinstance(principal, (StaffPrincipal, SystemPrincipal)):
        return principal
    raise Forbidden("FORBIDDEN", "This is for tax-office staff only.")


def admin(principal: Principal | None) -> StaffPrincipal | SystemPrincipal:
    checked = staff(principal)
    if not checked.is_admin:
        raise Forbidden("FORBIDDEN", "This is for administrators only.")
    return checked


def taxpayer(principal: Principal | None) -> TaxpayerPrincipal:
    if isinstance(principal, TaxpayerPrincipal):
        return principal
    raise Forbidden("FORBIDDEN", "This is the taxpayer's cabinet; tax-office staff use the officer endpoints.")
