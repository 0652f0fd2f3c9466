"""Typed results (issue 8 item 5): the ledger's enums are the values the database's CHECK
constraints allow, and the JSON presenters write the dataclasses exactly as the contract does
(money with two decimals, ISO dates, null for what is not there, enums by their value)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import salyk.ledger
from checks_support import migration_checks
from salyk.api.presenters.ledger import deferral_out, interest_stop_out, refund_out, write_off_out
from salyk.law.deferral import DeferralGround
from salyk.law.interest import ExclusionGround
from salyk.law.write_off import WriteOffGround
from salyk.ledger.postings import Kind
from salyk.ledger.results import (Deferral, DeferralStatus, Instalment, InstalmentStatus, InterestStop, Refund, RefundKind, RefundStatus,
                                  StatusStep, WriteOffDecision)
from salyk.registry.taxpayers import Who


def _checks() -> dict[tuple[str, str], set[str]]:
    return migration_checks(salyk.ledger, "0005_ledger_checks.py")


def test_enums_are_what_the_database_allows():
    checks = _checks()
    assert {k.value for k in Kind} == checks[("ledger_postings", "kind")]
    assert {k.value for k in RefundKind} == checks[("ledger_refund_applications", "kind")]
    assert {s.value for s in RefundStatus} == checks[("ledger_refund_applications", "status")]
    assert {s.value for s in DeferralStatus} == checks[("ledger_deferrals", "status")]


AT = dt.datetime(2025, 3, 3, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=6)))


def test_a_refund_is_written_as_the_contract_writes_it():
    refund = Refund(id=7, kind=RefundKind.REFUND, tax="vat", to_tax=None, amount=Decimal("1234.5"), client_reference=None,
                    received_on=dt.date(2025, 3, 3), status=RefundStatus.APPROVED, decision_number="R-2025-000001",
                    decided_on=dt.date(2025, 3, 4), reason=None, paid_on=None, refund_deadline=dt.date(2025, 4, 2), days_late=0,
                    late_interest=Decimal(0), citation="TC art. 81(7)", history=(StatusStep("received", AT, None),),
                    who=Who("01234567890123", "Асанов", "individual"))
    assert refund_out(refund).model_dump(mode="json") == {
        "id": "7", "kind": "refund", "tax": "vat", "to_tax": None, "amount": "1234.50", "client_reference": None,
        "received_on": "2025-03-03", "status": "approved", "decision_number": "R-2025-000001", "decided_on": "2025-03-04",
        "reason": None, "paid_on": None, "refund_deadline": "2025-04-02", "days_late": 0, "late_interest": "0.00",
        "citation": "TC art. 81(7)", "history": [{"status": "received", "at": "2025-03-03T09:30:00+06:00", "note": None}],
        "tin": "01234567890123",
    }


def test_a_deferral_writes_its_instalments_and_leaves_absent_figures_null():
    deferral = Deferral(
        id=3, tax="single_tax", amount=Decimal("2000.00"), ground=DeferralGround.FINANCIAL_POSITION, start=dt.date(2025, 3, 4),
        end=dt.date(2025, 6, 1), schedule=(Instalment(dt.date(2025, 4, 1), Decimal("1000")),
                                           Instalment(dt.date(2025, 6, 1), Decimal("1000"), InstalmentStatus.OPEN)),
        bank_guarantee=True, client_reference="k-1", received_on=dt.date(2025, 3, 3), deciding_body="tax_body",
        decision_deadline=dt.date(2025, 3, 13), overdue=False, status=DeferralStatus.GRANTED, decision_number="D-2025-000001",
        decided_on=dt.date(2025, 3, 4), reason=None, interest=Decimal("0"), interest_to_date=None, terminated_on=None, unpaid=None,
        payment_deadline=None, history=())
    out = deferral_out(deferral).model_dump(mode="json")
    assert out["ground"] == "financial_position" and out["status"] == "granted" and out["deciding_body"] == "tax_body"
    assert out["schedule"] == [{"date": "2025-04-01", "amount": "1000.00", "status": None},
                               {"date": "2025-06-01", "amount": "1000.00", "status": "open"}]
    assert (out["interest"], out["interest_to_date"], out["unpaid"], out["payment_deadline"], out["tin"]) == ("0.00", None, None, None, None)


def test_write_offs_and_interest_stops_write_ids_as_text():
    w = WriteOffDecision(id=5, tax="vat", ground=WriteOffGround.LIMITATION, items=(11, 12), amount=Decimal("20500"), act_reference="a",
                         evidence="e", decision_number="W-2025-000001", decided_on=dt.date(2025, 3, 3), decided_by="officer",
                         posting_id=40, citation="TC art. 68(2)")
    assert write_off_out(w).model_dump(mode="json") == {
        "id": "5", "tax": "vat", "ground": "limitation", "items": ["11", "12"], "amount": "20500.00", "act_reference": "a",
        "evidence": "e", "decision_number": "W-2025-000001", "decided_on": "2025-03-03", "decided_by": "officer", "posting_id": "40",
        "citation": "TC art. 68(2)"}
    s = InterestStop(id=9, tax="vat", ground=ExclusionGround.BANKRUPTCY, start=dt.date(2025, 1, 1), end=None, act_reference="court",
                     evidence=None, citation="TC art. 71(7)(2)", recorded_by="officer")
    assert interest_stop_out(s).model_dump(mode="json") == {
        "id": "9", "tax": "vat", "ground": "bankruptcy", "start": "2025-01-01", "end": None, "act_reference": "court", "evidence": None,
        "citation": "TC art. 71(7)(2)", "recorded_by": "officer"}
