"""Charges: tax assessed (by a tax-body decision or from a filed declaration), sanctions and
deferral interest. Each is a posting with its due date, period, source document and citation.

A charge counts from the day the obligation is recorded, or from its due date when that is
earlier (a late filing or an audit assessment: the tax was owed on its due date, TC art.
4(2)(10), so туум runs from the day after it, TC art. 71(3); spec Q31). The due date is kept as
given; the next working day rule of TC art. 16(6) is applied where it is used.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from salyk.kernel.config import BISHKEK
from salyk.kernel.dates import FIRST_DAY
from salyk.db.models.ledger import Posting
from salyk.kernel.errors import Conflict, NotFound, ValidationFailed, invalid_field
from salyk.law.citation import tc
from salyk.law.interest import RATE, parameter_schedule
from salyk.law.money import format_som, from_tyiyn, parse_som, to_tyiyn
from salyk.law.limitation import debt_limitation_end
from salyk.law.periods import TaxPeriod
from salyk.law.taxes import is_known_tax
from salyk.ledger.postings import Kind, by_reference
from salyk.ledger.results import Sanction
from salyk.kernel import audit, authorize
from salyk.kernel.principal import Principal
from salyk.registry.taxpayers import find, validate_tin
from salyk.kernel.runtime import Runtime

# Beyond any real tax and inside a 64-bit count of tyiyn.
MAX_AMOUNT = Decimal("1000000000000.00")
# Due dates later than this are typing errors (and would overflow date arithmetic).
LATEST_DATE = dt.date(2199, 12, 31)
_MONEY = re.compile(r"[0-9]{1,13}(\.[0-9]{1,2})?")


def earliest_date() -> dt.date:
    """Nothing is dated before the Code's туум rate is in force: there would be no law to apply."""
    return parameter_schedule(RATE)[0][0]


def check_tax(tax: object) -> str:
    if not is_known_tax(tax):
        raise ValidationFailed("UNKNOWN_TAX", "Unknown tax identifier; use one of the taxes of TC art. 31 listed in the contract.", {"tax": str(tax)[:50]})
    return str(tax)


def check_amount(value: object, field: str = "amount", *, allow_negative: bool = False) -> Decimal:
    if isinstance(value, int) and not isinstance(value, bool):  # Python callers; JSON money is a string
        value = Decimal(value)
    if isinstance(value, Decimal):
        amount = value
        if amount != amount.quantize(Decimal("0.01")):
            raise invalid_field(field, "more_than_two_decimals")
    else:
        if not isinstance(value, str) or not _MONEY.fullmatch(value):
            raise invalid_field(field, "not_money")
        try:
            amount = parse_som(value)
        except ValueError:
            raise invalid_field(field, "not_money") from None
    if amount == 0 or (amount < 0 and not allow_negative) or abs(amount) > MAX_AMOUNT:
        raise invalid_field(field, "out_of_range")
    return amount.quantize(Decimal("0.01"))


def check_period(value: object, today: dt.date | None = None) -> str:
    """A tax period from 1991 (the Republic's own taxes) to the end of next year (issue 9)."""
    try:
        period = TaxPeriod.parse(value)  # type: ignore[arg-type]
    except ValueError:
        raise invalid_field("period", "not_a_period") from None
    latest_year = (today or dt.date.today()).year + 1
    if period.start < FIRST_DAY or period.end.year > latest_year:
        raise invalid_field("period", "out_of_range")
    return str(period)


def check_date(value: dt.date, field: str, *, latest: dt.date = LATEST_DATE) -> dt.date:
    if value < earliest_date() or value > latest:
        raise invalid_field(field, "out_of_range", min=earliest_date().isoformat(), max=latest.isoformat())
    return value


def _reference(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise invalid_field("reference", "empty")
    if len(value) > 200:
        raise invalid_field("reference", "too_long", max=200)
    return value


def _post_debt(
    session: Session,
    kind: Kind,
    *,
    taxpayer_id: int,
    tax: str,
    amount: Decimal,
    due_date: dt.date,
    period: str,
    source: str,
    reference: str,
    recorded_at: dt.datetime,
    citation: str,
    recorded_by: str = "system",
    details: dict[str, Any] | None = None,
) -> int:
    tax = check_tax(tax)
    amount = check_amount(amount, allow_negative=kind is Kind.CHARGE)
    period = check_period(period, recorded_at.astimezone(BISHKEK).date())
    check_date(due_date, "due_date")
    reference = _reference(reference)
    if not source or len(source) > 32:
        raise invalid_field("source", "out_of_range")
    value_date = min(recorded_at.astimezone(BISHKEK).date(), due_date)
    tyiyn = to_tyiyn(amount)
    details = dict(details or {})
    content: dict[str, Any] = {"taxpayer_id": taxpayer_id, "kind": kind.value, "tax": tax, "amount": tyiyn, "due_date": due_date, "period": period, "citation": citation}
    if details:
        content["details"] = details

    existing = by_reference(session, source, reference)
    if existing is not None:
        return _replay(existing, content, source, reference)
    if amount < 0:
        _check_reduction(session, taxpayer_id, tax, period, amount)
    row = Posting(
        taxpayer_id=taxpayer_id, kind=kind.value, tax=tax, period=period, amount=tyiyn, value_date=value_date,
        due_date=due_date, recorded_at=recorded_at, recorded_by=recorded_by, source=source, reference=reference,
        citation=citation, details=details,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        # A concurrent request with the same key won (principle 3): answer as a replay.
        existing = by_reference(session, source, reference)
        if existing is None:
            raise
        return _replay(existing, content, source, reference)
    return row.id


def _replay(existing: Posting, content: dict[str, Any], source: str, reference: str) -> int:
    same = all(getattr(existing, k) == v for k, v in content.items())
    if not same:
        raise Conflict("REFERENCE_CONFLICT", "This reference was already used with different content.", {"source": source, "reference": reference, "id": str(existing.id)})
    return existing.id


def _check_reduction(session: Session, taxpayer_id: int, tax: str, period: str, amount: Decimal) -> None:
    """A reduction may not take a period's tax below zero (it would create money from nothing)."""
    rows = list(session.execute(
        select(Posting.id, Posting.kind, Posting.amount, Posting.corrects_id).where(
            Posting.taxpayer_id == taxpayer_id, Posting.tax == tax, Posting.period == period,
            Posting.kind.in_([Kind.CHARGE.value, Kind.REVERSAL.value]))
    ))
    reversed_ids = {r.corrects_id for r in rows if r.kind == Kind.REVERSAL.value}
    total = sum(r.amount for r in rows if r.kind == Kind.CHARGE.value and r.id not in reversed_ids)
    if total + to_tyiyn(amount) < 0:
        raise ValidationFailed("REDUCTION_EXCEEDS_CHARGES", "The reduction is larger than the tax charged for this period.", {"period": period, "charged": format_som(Decimal(total) / 100)})


def _poster(kind: Kind, name: str, doc: str) -> Callable[..., int]:
    """The public posting function of one debt kind: the caller's transaction, idempotent on
    ``(source, reference)`` (the same content returns the first id; other content raises
    ``Conflict("REFERENCE_CONFLICT")``)."""

    def post(session: Session, *, taxpayer_id: int, tax: str, amount: Decimal, due_date: dt.date, period: str, source: str,
             reference: str, recorded_at: dt.datetime, citation: str) -> int:
        return _post_debt(session, kind, taxpayer_id=taxpayer_id, tax=tax, amount=amount, due_date=due_date, period=period,
                          source=source, reference=reference, recorded_at=recorded_at, citation=citation)

    post.__name__ = post.__qualname__ = name
    post.__doc__ = doc
    return post


post_charge = _poster(Kind.CHARGE, "post_charge", """A tax charge; returns the posting id. ``amount`` may be negative: a
    reduction of the period's tax (a clarified report, TC art. 90).""")
post_sanction = _poster(Kind.SANCTION, "post_sanction",
                        "An assessed tax sanction (TC art. 139; repaid last, TC art. 61(4); no туум on it, 71(7)(1)).")
post_interest = _poster(Kind.INTEREST, "post_interest",
                        "Interest on deferred debt (пайыздар, TC art. 79(4)); repaid second, TC art. 61(2).")


def _deferral_end(session: Session, taxpayer_id: int, tax: str, period: str) -> dt.date | None:
    """The latest end of a deferral (not reversed) that covered a charge of the period: TC art.
    58(1)(2) counts the period's limitation from it."""
    rows = list(session.scalars(select(Posting).where(
        Posting.taxpayer_id == taxpayer_id, Posting.tax == tax, Posting.kind.in_([Kind.INTEREST_EXCLUSION.value, Kind.CHARGE.value, Kind.REVERSAL.value]))))
    reversed_ids = {p.corrects_id for p in rows if p.kind == Kind.REVERSAL.value}
    charges = {p.id for p in rows if p.kind == Kind.CHARGE.value and p.period == period}
    ends = [p.end_date for p in rows if p.kind == Kind.INTEREST_EXCLUSION.value and p.id not in reversed_ids and p.end_date is not None
            and (p.details or {}).get("ground") == "deferral" and charges & {int(i) for i in (p.details or {}).get("items") or ()}]
    return max(ends, default=None)


def check_limitation(session: Session, taxpayer_id: int, tax: str, period: str, on: dt.date,
                     audit_notice_delivered_on: dt.date | None) -> None:
    """An assessment of a period whose limitation has run out is refused: the obligation is
    extinguished (TC art. 58(1), 58(2)(2), 68(2)). An audit notice (58(1)(3)) or the end of a
    deferral of the period's tax (58(1)(2)) moves the start."""
    last, citation = debt_limitation_end("tax", period_end=TaxPeriod.parse(period).end, arose_on=on,
                                         audit_notice_delivered_on=audit_notice_delivered_on,
                                         deferral_ended_on=_deferral_end(session, taxpayer_id, tax, period))
    if on > last:
        raise ValidationFailed("LIMITATION_EXPIRED", "The limitation period for this tax period ended on {last}: the obligation is extinguished and cannot be assessed (TC art. 58(1), 68(2)).",
                               {"period": period, "limitation_ended_on": last.isoformat(), "citation": str(citation)}, last=last.strftime("%d.%m.%Y"))


def assess(
    rt: Runtime,
    actor: Principal,
    *,
    tin: object,
    tax: object,
    amount: object,
    due_date: dt.date,
    period: object,
    reference: object,
    kind: Kind = Kind.CHARGE,
    audit_notice_delivered_on: dt.date | None = None,
    offence: dict[str, Any] | None = None,
) -> int:
    """``POST /officer/assessments`` (and ``/officer/sanctions``): an officer's charge by a
    decision of the tax body (TC art. 82), audited in the same transaction. A charge for a period
    past its limitation is refused (``LIMITATION_EXPIRED``); ``audit_notice_delivered_on`` is the
    day the audit notice was delivered (TC art. 58(1)(3)), kept with the charge so that its own
    limitation counts from it."""
    actor = authorize.staff(actor)
    validate_tin(tin)
    tax = check_tax(tax)
    period = check_period(period, rt.today())
    check_date(due_date, "due_date")
    reference = _reference(reference)
    citation = str(tc(82) if kind is Kind.CHARGE else tc(139))
    details: dict[str, str] = {}
    if kind is Kind.SANCTION and offence is not None:
        # computed from the offence (TC art. 139-143, 90(5)); without one, the typed amount as before
        from salyk.ledger.sanctions import compute

        facts = dict(offence or {})
        value, citation, details = compute(str(facts.pop("offence", "")), facts, rt.today())
        if amount is not None and check_amount(amount) != value:
            raise ValidationFailed("SANCTION_AMOUNT_DIFFERS", "The amount differs from the sanction the law gives: {computed}.",
                                   {"computed": format_som(value), "citation": citation}, computed=format_som(value))
    else:
        value = check_amount(amount)
    if audit_notice_delivered_on is not None:
        check_date(audit_notice_delivered_on, "audit_notice_delivered_on", latest=rt.today())
        details["audit_notice_delivered_on"] = audit_notice_delivered_on.isoformat()
    with rt.db.transaction() as session:
        taxpayer = find(session, str(tin))
        source = "assessment" if kind is Kind.CHARGE else "sanction"
        if kind is Kind.CHARGE and by_reference(session, source, reference) is None:
            check_limitation(session, taxpayer.id, tax, period, rt.today(), audit_notice_delivered_on)
        posting_id = _post_debt(
            session, kind, taxpayer_id=taxpayer.id, tax=tax, amount=value, due_date=due_date, period=period,
            source=source, reference=reference, recorded_at=rt.now(), citation=citation, recorded_by=actor.login, details=details,
        )
        audit.record(session, actor, f"ledger.{kind.value}", taxpayer_id=taxpayer.id, at=rt.now(), id=posting_id,
                     tax=tax, amount=format_som(value), due_date=due_date, period=period, reference=reference)
    return posting_id


def sanction_view(rt: Runtime, posting_id: int) -> Sanction:
    """The sanction as recorded: its id, computed amount and article."""
    with rt.db.transaction() as session:
        row = session.get(Posting, posting_id)
        if row is None or row.kind != Kind.SANCTION.value:
            raise NotFound("POSTING_NOT_FOUND", "No such ledger posting.", {"id": str(posting_id)})
        return Sanction(row.id, from_tyiyn(row.amount), row.citation)
