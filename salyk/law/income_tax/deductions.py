"""Deductions from aggregate income: standard (TC art. 170), social (education, TC art. 171) and
property (mortgage interest, TC art. 172).

The Code gives deductions in the tax period they belong to (TC art. 169(2)). Where a cap is a
share of "the tax base" it would be circular, so (READINGS.md, "Income tax: order of the
deductions"):

* the non-state pension contribution is capped at 8% of the base before the pension, education
  and property deductions (aggregate income less the personal, dependant and social insurance
  deductions), the widest base that is not circular (TC art. 15(3));
* the education deduction is capped at 10% of the base computed with every other deduction but
  not the education one, which is what art. 171(2) says ("билим алууга чыгарып салууларды эске
  албастан").

No deduction takes the base below zero, and nothing unused is carried to a later year (TC arts.
169(2), 171(4)).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from salyk.law.citation import tc
from salyk.law.income_tax.indices import amount_in_indices
from salyk.law.money import ZERO, round_tyiyn
from salyk.law.trace import N_, Trace, param, som
from salyk.law.trace import rate as as_rate


@dataclass(frozen=True)
class StandardDeductionClaim:
    """What a taxpayer claims under TC art. 170 for the year."""

    months: int = 12  # months of the tax period for the personal deduction ("ар бир айы үчүн")
    dependant_months: tuple[int, ...] = ()  # for each dependant, the months of the period he was one
    social_insurance: Decimal = ZERO  # SI contributions, except those charged on exempt income (170(3))
    pension_contributions: Decimal = ZERO  # contributions to a non-state pension fund (170(4))


@dataclass(frozen=True)
class StandardDeductions:
    personal: Decimal
    dependants: Decimal
    social_insurance: Decimal
    pension: Decimal  # after the 8% cap
    pension_cap: Decimal

    @property
    def total(self) -> Decimal:
        return self.personal + self.dependants + self.social_insurance + self.pension


def _months(value: int) -> int:
    if not 0 <= value <= 12:
        raise ValueError(f"months of a tax year lie between 0 and 12, not {value}")
    return value


def personal_deduction(months: int, on: dt.date, trace: Trace | None = None) -> Decimal:
    """6.5 calculation indices for each month (TC art. 170(1))."""
    per_month = amount_in_indices("income_tax_personal_deduction_indices", on, trace)
    amount = per_month * _months(months)
    if trace is not None:
        trace.step(N_("Personal deduction: {months} month(s) × {per_month}"), amount, tc(170, None, 1), months=months, per_month=som(per_month))
    return amount


def dependant_deduction(dependant_months: Iterable[int], on: dt.date, trace: Trace | None = None) -> Decimal:
    """One calculation index for each dependant for each month (TC art. 170(2))."""
    per_month = amount_in_indices("income_tax_dependant_deduction_indices", on, trace)
    months = [_months(m) for m in dependant_months]
    amount = per_month * sum(months)
    if trace is not None and months:
        trace.step(N_("Dependant deduction: {dependants} dependant(s), {months} month(s) × {per_month}"), amount, tc(170, None, 2),
                   dependants=len(months), months=sum(months), per_month=som(per_month))
    return amount


def pension_deduction(contributions: Decimal, base_before_pension: Decimal, on: dt.date, trace: Trace | None = None) -> tuple[Decimal, Decimal]:
    """Non-state pension contributions, capped at 8% of the base (TC art. 170(4)); returns (deduction, cap)."""
    share = param(trace, "income_tax_pension_contribution_cap", on)
    cap = round_tyiyn(share * max(ZERO, base_before_pension))
    amount = min(contributions, cap)
    if trace is not None and contributions:
        trace.step(N_("Pension fund contributions {contributions}, capped at {share} × {base} = {cap}"), amount, tc(170, None, 4),
                   contributions=som(contributions), share=as_rate(share), base=som(max(ZERO, base_before_pension)), cap=som(cap))
    return amount, cap


def standard_deductions(claim: StandardDeductionClaim, aggregate_income: Decimal, on: dt.date, trace: Trace | None = None) -> StandardDeductions:
    """The standard deductions of TC art. 170 for a year's aggregate income."""
    personal = personal_deduction(claim.months, on, trace)
    dependants = dependant_deduction(claim.dependant_months, on, trace)
    si = claim.social_insurance
    if trace is not None and si:
        trace.step(N_("State social insurance contributions"), si, tc(170, None, 3))
    pension, cap = pension_deduction(claim.pension_contributions, aggregate_income - personal - dependants - si, on, trace)
    return StandardDeductions(personal, dependants, si, pension, cap)


@dataclass(frozen=True)
class EducationPayment:
    """A payment for education (TC art. 171)."""

    amount: Decimal
    dependant_age: int | None = None  # None: the taxpayer's own education; else the dependant's age
    licensed_kr_institution: bool = True  # a KR educational organisation licensed by the state body
    documented: bool = True  # confirmed by documents, claimed by written application with the declaration


def education_deduction(
    payments: Iterable[EducationPayment],
    base_without_education: Decimal,
    on: dt.date,
    trace: Trace | None = None,
) -> Decimal:
    """Social deduction for education, capped at 10% of the base without it (TC art. 171(2)).

    The age limit ("жыйырма төрт жаштан ашпаган") qualifies the dependant, not the taxpayer, who
    may deduct his own education at any age (READINGS.md). The excess over the cap is lost (171(4)).
    """
    max_age = param(trace, "income_tax_education_max_age", on)
    eligible = ZERO
    for p in payments:
        reason = None
        if not p.licensed_kr_institution:
            reason = N_("Education payment of {amount} not deductible: not paid to a licensed KR educational organisation")
        elif not p.documented:
            reason = N_("Education payment of {amount} not deductible: not confirmed by documents")
        elif p.dependant_age is not None and p.dependant_age > max_age:
            reason = N_("Education payment of {amount} not deductible: dependant aged {age}, over {max_age}")
        if reason is None:
            eligible += p.amount
        elif trace is not None:
            trace.step(reason, ZERO, tc(171, 2), amount=som(p.amount), age=p.dependant_age, max_age=max_age)
    share = param(trace, "income_tax_education_cap", on)
    cap = round_tyiyn(share * max(ZERO, base_without_education))
    amount = min(eligible, cap)
    if trace is not None and eligible:
        trace.step(N_("Education deduction: the smaller of {eligible} and {share} × {base} = {cap}"), amount, tc(171, 2),
                   eligible=som(eligible), share=as_rate(share), base=som(max(ZERO, base_without_education)), cap=som(cap))
        if eligible > cap:
            trace.step(N_("The excess over the cap is not carried to later years"), eligible - cap, tc(171, 4))
    return amount


@dataclass(frozen=True)
class MortgageInterest:
    """Interest paid in the year on a mortgage credit for housing (TC art. 172)."""

    interest_paid: Decimal  # actually paid from the taxpayer's own money
    funded_by_employer_or_other: bool = False  # housing built or bought with an employer's or another's money
    bought_from_related_person: bool = False  # sale between interdependent individuals
    documented: bool = True


def property_deduction(mortgages: Iterable[MortgageInterest], on: dt.date, trace: Trace | None = None) -> Decimal:
    """Mortgage interest paid from own funds, at most 230,000 som a year (TC art. 172)."""
    eligible = ZERO
    for m in mortgages:
        if m.funded_by_employer_or_other or m.bought_from_related_person:
            if trace is not None:
                trace.step(N_("Mortgage interest of {amount}: housing paid by another or bought from a related person"), ZERO, tc(172, 3), amount=som(m.interest_paid))
            continue
        if not m.documented:
            if trace is not None:
                trace.step(N_("Mortgage interest of {amount}: not confirmed by documents"), ZERO, tc(172, 2), amount=som(m.interest_paid))
            continue
        eligible += m.interest_paid
    cap: Decimal = param(trace, "income_tax_mortgage_interest_cap", on)
    amount = min(eligible, cap)
    if trace is not None and eligible:
        trace.step(N_("Property deduction: the smaller of {eligible} and {cap}"), amount, tc(172, 1), eligible=som(eligible), cap=som(cap))
    return amount


@dataclass(frozen=True)
class DeductionClaims:
    """Everything claimed against a year's aggregate income (TC arts. 169-172)."""

    standard: StandardDeductionClaim = field(default_factory=StandardDeductionClaim)
    education: tuple[EducationPayment, ...] = ()
    mortgages: tuple[MortgageInterest, ...] = ()
