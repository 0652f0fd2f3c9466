"""The public check of a patent (TC art. 54: name, ИСН, activity, zone and dates, never amounts),
the service's signature over it for the QR, and the printable patent.

The QR on the PDF holds the URL of ``GET /api/v1/public/patents/{number}?format=html`` with, in
the fragment, a compact JWS (RFC 7515, ES256/EdDSA by the service key, ``kid`` = the service
certificate's serial) whose payload is the JCS form of the check's fields without ``status``:
an inspector's phone verifies it offline with ``GET /api/v1/service-certificate`` and compares
the dates with the day; revocation is known only online (the status of the check).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlalchemy import select

from salyk.crypto.jcs import canonicalize
from salyk.crypto.keys import b64url_encode
from salyk.declarations.authority import authority
from salyk.kernel.documents import Document
from salyk.kernel import formats
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.law.parameters import parameter
from salyk.patents.models import Patent
from salyk.patents.orders import owned
from salyk.patents.views import PatentView, not_found, status_on, taxpayer_of, view

MAX_NUMBER = 32


@dataclass(frozen=True)
class PublicCheck:
    number: str
    status: str
    valid_from: dt.date
    valid_to: dt.date
    activity: str
    zone: str
    holder_name: str
    holder_tin: str

    def signed_fields(self) -> dict[str, Any]:
        """What the QR's signature covers: the check without the status (which the day decides)."""
        return {"number": self.number, "valid_from": self.valid_from.isoformat(), "valid_to": self.valid_to.isoformat(),
                "activity": self.activity, "zone": self.zone, "holder": {"name": self.holder_name, "tin": self.holder_tin}}


def public_check(rt: Runtime, number: str) -> PublicCheck:
    """Anyone may check a patent by its number; an order that was never issued has no number (404)."""
    if not isinstance(number, str) or not 0 < len(number) <= MAX_NUMBER:
        raise not_found()
    with rt.db.read() as session:
        row = session.scalar(select(Patent).where(Patent.number == number))
        if row is None:
            raise not_found()
        taxpayer = taxpayer_of(session, row.taxpayer_id)
        return PublicCheck(number, status_on(row, rt.today()), row.valid_from, row.valid_to, row.activity, row.zone,
                           taxpayer.name, taxpayer.tin)


def sign(rt: Runtime, check: PublicCheck) -> str:
    """A compact JWS with the payload attached (``header.payload.signature``)."""
    fields = check.signed_fields()
    detached = authority(rt).sign_receipt(fields)
    header, _, signature = detached.split(".")
    return f"{header}.{b64url_encode(canonicalize(fields))}.{signature}"


def check_url(base_url: str, number: str) -> str:
    return f"{base_url.rstrip('/')}/api/v1/public/patents/{quote(number, safe='')}?format=html"


def qr_text(rt: Runtime, base_url: str, check: PublicCheck) -> str:
    return f"{check_url(base_url, check.number)}#jws={sign(rt, check)}"


def _check_of(p: PatentView) -> PublicCheck:
    return PublicCheck(p.number or "", p.status, p.valid_from, p.valid_to, p.activity, p.zone, p.holder_name, p.holder_tin)


ZONES = {"bishkek": "Бишкек", "osh": "Ош", "oblast_center": "облустук борбор / областной центр", "other": "башка / прочие"}
STATUSES = {"issued": "берилди / выдан", "active": "жарактуу / действует", "expired": "мөөнөтү бүттү / истёк",
            "revoked": "жокко чыгарылды / отозван"}


def pdf(rt: Runtime, principal: Principal, patent_id: int, base_url: str) -> tuple[str, bytes]:
    """The bilingual patent with its QR; only an issued patent has one (an order is 404 here)."""
    with rt.db.read() as session:
        row, taxpayer = owned(session, principal, patent_id)
        if row.number is None:
            raise not_found()
        p = view(row, taxpayer, rt.today())
    activities = {a["code"]: a for a in parameter("patent_activities", p.valid_from)}
    activity = activities.get(p.activity, {"title_ky": p.activity, "title_ru": p.activity, "gked": ""})
    check = _check_of(p)
    doc = Document(f"Patent {p.number}")
    line = doc.line

    line("Электрондук патент", size=16)
    line("Электронный патент", size=14)
    line("№", p.number, size=14)
    doc.pdf.ln(2)
    line("Ээси / Владелец", p.holder_name)
    line("ИСН / ИНН", p.holder_tin)
    if p.employee:
        line("Жалданма кызматкер / Наёмный работник", f"{p.employee['name']} ({p.employee['pin']})")
    line("Ишмердүүлүк / Вид деятельности", f"{activity['title_ky']} / {activity['title_ru']} (ГКЭД {activity['gked']})")
    line("Аймак / Зона", ZONES.get(p.zone, p.zone))
    line("Мөөнөтү / Срок", f"{p.valid_from:%d.%m.%Y} – {p.valid_to:%d.%m.%Y} ({p.term_days})")
    line("Абалы / Статус", STATUSES.get(p.status, p.status))
    line("Төлөндү / Оплачено", formats.som(p.amount, "ru"))
    doc.pdf.ln(2)
    line("Текшерүү / Проверка", check_url(base_url, check.number), size=8)
    doc.qr(qr_text(rt, base_url, check), width=70)
    return p.number or "", doc.output()
