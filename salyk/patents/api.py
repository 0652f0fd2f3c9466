"""HTTP face of the e-patent service (issue 12): thin; the service checks and owns everything."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Sequence
from typing import Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import Field, StrictInt

from salyk.api.deps import Cabinet, RuntimeDep, Staff
from salyk.api.errors import language_of
from salyk.api.openapi import answers, binary, returns
from salyk.api.schemas import Body, IsoDate, Out
from salyk.kernel.errors import NotFound, SalykError
from salyk.kernel.i18n import gettext
from salyk.law.money import format_som
from salyk.law.patent import Step
from salyk.patents import check, officer, orders
from salyk.patents.views import PatentView

router = APIRouter(tags=["patents"])


# --- catalogue and quote (no login) ----------------------------------------------------------


class Text(Out):
    ky: str
    ru: str


class ActivityOut(Out):
    code: str
    gked: str | None
    kind: str
    title: Text
    base: dict[str, str]  # zone -> monthly base amount in som
    citation: str
    sample: bool


class CatalogueOut(Out):
    on: str
    zones: list[str]
    terms: list[int]
    activities: list[ActivityOut]


class QuoteStep(Out):
    text: str
    citation: str | None


class QuoteOut(Out):
    amount: str
    valid_from: str
    valid_to: str
    trace: list[QuoteStep]


class PublicHolder(Out):
    name: str
    tin: str


class PublicPatentOut(Out):
    number: str
    status: str
    valid_from: str
    valid_to: str
    activity: str
    zone: str
    holder: PublicHolder


@router.get("/patents/catalogue", **returns(CatalogueOut))
def get_catalogue(rt: RuntimeDep, on: IsoDate | None = Query(None)) -> dict[str, Any]:
    cat = orders.catalogue(rt, on or rt.today())
    return {
        "on": cat.on.isoformat(), "zones": list(cat.zones), "terms": list(cat.terms),
        "activities": [{"code": a.code, "gked": a.gked, "kind": a.kind, "title": {"ky": a.title_ky, "ru": a.title_ru},
                        "base": {z: format_som(b) for z, b in a.base.items()}, "citation": a.citation, "sample": a.sample}
                       for a in cat.activities],
    }


class QuoteIn(Body):
    activity: str = Field(max_length=64)
    zone: str = Field(max_length=64)
    term_days: StrictInt
    start: IsoDate
    citizenship: Literal["kg", "eaeu", "other"] = "kg"


def trace_out(steps: Sequence[Step], lang: str) -> list[dict[str, str]]:
    return [{"text": gettext(s.text, lang, **s.params), "citation": s.citation} for s in steps]


@router.post("/patents/quote", **returns(QuoteOut))
def post_quote(request: Request, rt: RuntimeDep, body: QuoteIn) -> dict[str, Any]:
    q = orders.quote(rt, body.activity, body.zone, body.term_days, body.start, body.citizenship)
    return {"amount": format_som(q.amount), "valid_from": q.valid_from.isoformat(), "valid_to": q.valid_to.isoformat(),
            "trace": trace_out(q.steps, language_of(request))}


# --- the taxpayer's orders and patents --------------------------------------------------------


class EmployeeIn(Body):
    pin: str = Field(max_length=64)
    name: str = Field(min_length=1, max_length=300)


class OrderBody(Body):
    client_order_id: str = Field(max_length=64)
    activity: str = Field(max_length=64)
    zone: str = Field(max_length=64)
    term_days: StrictInt
    start: IsoDate
    employee: EmployeeIn | None = None


class PatentOut(Out):
    id: str
    number: str | None
    status: str
    activity: str
    zone: str
    term_days: int
    valid_from: str
    valid_to: str
    amount: str
    payment_reference: str
    pay_by: str


def patent_out(p: PatentView) -> PatentOut:
    return PatentOut(id=str(p.id), number=p.number, status=p.status, activity=p.activity, zone=p.zone, term_days=p.term_days,
                     valid_from=p.valid_from.isoformat(), valid_to=p.valid_to.isoformat(), amount=format_som(p.amount),
                     payment_reference=p.payment_reference, pay_by=p.pay_by.isoformat())


@router.post("/me/patents", status_code=201, response_model=PatentOut, responses={200: {"model": PatentOut, "description": "A replay of the same order: the patent as it is"}})
def post_order(rt: RuntimeDep, principal: Cabinet, body: OrderBody, response: Response) -> PatentOut:
    employee = body.employee.model_dump() if body.employee else None
    done = orders.order(rt, principal, orders.OrderIn(body.client_order_id, body.activity, body.zone, body.term_days, body.start, employee))
    if not done.created:
        response.status_code = 200
    return patent_out(done.patent)


class PatentsOut(Out):
    patents: list[PatentOut]


@router.get("/me/patents", response_model=PatentsOut)
def get_my_patents(rt: RuntimeDep, principal: Cabinet) -> PatentsOut:
    return PatentsOut(patents=[patent_out(p) for p in orders.my_patents(rt, principal)])


def _id(value: str) -> int:
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise NotFound("PATENT_NOT_FOUND", "No such patent.")
    return int(value)


@router.get("/me/patents/{patent_id}.pdf", response_class=Response, responses=binary("application/pdf", "The patent as a printable PDF"))
def get_my_patent_pdf(request: Request, rt: RuntimeDep, principal: Cabinet, patent_id: str) -> Response:
    number, data = check.pdf(rt, principal, _id(patent_id), str(request.base_url))
    return Response(data, media_type="application/pdf", headers={"Content-Disposition": f'inline; filename="patent-{_id(patent_id)}.pdf"'})


@router.get("/me/patents/{patent_id}", response_model=PatentOut)
def get_my_patent(rt: RuntimeDep, principal: Cabinet, patent_id: str) -> PatentOut:
    return patent_out(orders.my_patent(rt, principal, _id(patent_id)))


class RenewalIn(Body):
    pass


@router.post("/me/patents/{patent_id}/renewal", status_code=201, response_model=PatentOut, responses={200: {"model": PatentOut, "description": "A replay of the same renewal: the patent as it is"}})
def post_renewal(rt: RuntimeDep, principal: Cabinet, patent_id: str, body: RenewalIn, response: Response) -> PatentOut:
    done = orders.renew(rt, principal, _id(patent_id))
    if not done.created:
        response.status_code = 200
    return patent_out(done.patent)


# --- public check (no login, rate-limited) ----------------------------------------------------


class RateLimit:
    """A sliding window per client address: the check is public, so numbers must not be harvested."""

    def __init__(self, limit: int = 60, window: float = 60.0):
        self.limit, self.window = limit, window
        self.hits: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def check(self, key: str) -> None:
        now = time.monotonic()
        with self.lock:
            if len(self.hits) > 10_000:  # forget idle clients
                self.hits = {k: q for k, q in self.hits.items() if q and q[-1] > now - self.window}
            q = self.hits.setdefault(key, deque())
            while q and q[0] <= now - self.window:
                q.popleft()
            if len(q) >= self.limit:
                raise SalykError("TOO_MANY_REQUESTS", "Too many requests; try again later.", status=429)
            q.append(now)


def public_limit(request: Request) -> RateLimit:
    """One window per app (each app, and each test's app, counts on its own)."""
    limit = getattr(request.app.state, "patents_public_limit", None)
    if limit is None:
        limit = request.app.state.patents_public_limit = RateLimit()
    return limit


def public_out(c: check.PublicCheck) -> dict[str, Any]:
    return {"number": c.number, "status": c.status, "valid_from": c.valid_from.isoformat(), "valid_to": c.valid_to.isoformat(),
            "activity": c.activity, "zone": c.zone, "holder": {"name": c.holder_name, "tin": c.holder_tin}}


@router.get("/public/patents/{number}", **returns(PublicPatentOut) | {"responses": {
    200: {"model": PublicPatentOut, "description": "The patent's public check (format=html: the same as a page)", "content": {"text/html": {"schema": {"type": "string"}}}},
    **answers(429)}})
def get_public_check(request: Request, rt: RuntimeDep, number: str, format: Literal["json", "html"] = "json") -> Any:
    public_limit(request).check(request.client.host if request.client else "-")
    if format == "html":
        from salyk.patents.pages import public_page

        return public_page(request, rt, number)
    return public_out(check.public_check(rt, number))


# --- officer ----------------------------------------------------------------------------------


@router.get("/officer/taxpayers/{tin}/patents", response_model=PatentsOut)
def get_officer_patents(rt: RuntimeDep, staff: Staff, tin: str) -> PatentsOut:
    return PatentsOut(patents=[patent_out(p) for p in officer.taxpayer_patents(rt, staff, tin)])


class RevocationIn(Body):
    reason: str = Field(min_length=1, max_length=500)
    decision_reference: str = Field(min_length=1, max_length=200)


@router.post("/officer/patents/{number}/revocation", response_model=PatentOut)
def post_revocation(rt: RuntimeDep, staff: Staff, number: str, body: RevocationIn) -> PatentOut:
    return patent_out(officer.revoke(rt, staff, number, body.reason, body.decision_reference))
