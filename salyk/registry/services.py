"""The services of the app (Offer 3.1) and their switches (Offer 6.6).

New services are added as modules (Offer 3.1(8)); each appears here with the path of its page.
``available`` turns to True when the service's package lands, so the home screen shows the rest as
"coming soon" rather than broken links.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Service:
    key: str
    title: str  # English msgid; ky/ru in the platform catalog
    citation: str
    path: str
    available: bool


SERVICES: tuple[Service, ...] = (
    Service("declarations", "Zero and full declarations, declarations journal", "Offer 3.1(2)", "/declarations", True),
    Service("patents", "Electronic patent", "Offer 3.1(3)", "/patents", False),
    Service("property", "Vehicles and real estate", "Offer 3.1(4)", "/property", False),
    Service("debt", "Debt and overpayment", "Offer 3.1(5)", "/balance", True),
    Service("payments", "Payments", "Offer 3.1(6)", "/payments", True),
    Service("waybills", "Electronic waybills (ETTK)", "Offer 3.1(7)", "/waybills", False),
)


def services() -> tuple[Service, ...]:
    return SERVICES
