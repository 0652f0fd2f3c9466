"""The services of the app as the offer lists them (Offer 3.1(1)-(7)); 3.1(8) lets more be added
as modules. The home screen shows every one of them: a module that provides it gives its tile;
one not built yet is shown as "coming soon" rather than left out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OfferService:
    item: int
    key: str  # the service's own key (GET /me/services)
    module: str  # the key of the module that provides it (and whose switch applies)
    title: str  # English msgid
    citation: str


def _s(item: int, key: str, module: str, title: str) -> OfferService:
    return OfferService(item, key, module, title, f"Offer 3.1({item})")


OFFER_SERVICES: tuple[OfferService, ...] = (
    _s(2, "declarations", "declarations", "Zero and full declarations, declarations journal"),
    _s(3, "patents", "patents", "Electronic patent"),
    _s(4, "property", "property", "Vehicles and real estate"),
    _s(5, "debt", "ledger", "Debt and overpayment"),
    _s(6, "payments", "ledger", "Payments"),
    _s(7, "waybills", "waybills", "Electronic waybills (ETTK)"),
)
