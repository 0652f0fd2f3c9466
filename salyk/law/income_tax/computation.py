"""The annual income tax of an individual: base, rate and final settlement (TC arts. 163(1),
173-175), as the unified tax declaration of an individual (form ``unified_declaration_individual``)
states it.

* base = aggregate annual income (art. 165) less the deductions of Section VII (art. 163(1));
* tax = base × 10% (arts. 173, 174);
* final amount = tax − tax withheld by tax agents (art. 175(1)), after the credit for tax paid
  abroad (art. 182). Positive: payable before the declaration is filed; negative: an overpayment
  (its offset or refund is the general part's, TC art. 81).

Parameters are taken as in force on the last day of the tax year, the day the year's obligation
is complete (READINGS.md, "Income tax: which day's law").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from salyk.law.citation import tc
from salyk.law.income_tax.deductions import (
    DeductionClaims,
    StandardDeductions,
    education_deduction,
    property_deduction,
    standard_deductions,
)
from salyk.law.income_tax.foreign_credit import ForeignTax, foreign_tax_credit
from salyk.law.income_tax.income import IncomeItem, aggregate_income
from salyk.law.income_tax.residency import Individual, TaxScope, deductions_allowed, income_tax_scope
from salyk.law.money import ZERO, round_tyiyn
from salyk.law.trace import N_, Trace, param, som
from salyk.law.trace import rate as as_rate


@dataclass(frozen=True)
class AnnualIncomeTaxInput:
    tax_year: int
    person: Individual
    incomes: tuple[IncomeItem, ...] = ()
    deductions: DeductionClaims = field(default_factory=DeductionClaims)
    withheld_by_agents: Decimal = ZERO  # income tax tax agents withheld from this year's income (art. 175(1))
    foreign_taxes: tuple[ForeignTax, ...] = ()


@dataclass(frozen=True)
class AnnualIncomeTaxResult:
    tax_year: int
    scope: TaxScope
    gross_income: Decimal
    exempt_income: Decimal
    outside_scope_income: Decimal
    aggregate_income: Decimal
    standard_deductions: StandardDeductions
    property_deduction: Decimal
    education_deduction: Decimal
    total_deductions: Decimal  # as applied: never more than the aggregate income
    tax_base: Decimal
    rate: Decimal
    tax: Decimal  # base × rate, to the tyiyn (art. 174)
    foreign_tax_credit: Decimal
    withheld_by_agents: Decimal
    final_amount: Decimal  # > 0 payable, < 0 overpaid (art. 175(1))
    trace: Trace | None = None

    @property
    def payable(self) -> Decimal:
        return max(ZERO, self.final_amount)

    @property
    def overpaid(self) -> Decimal:
        return max(ZERO, -self.final_amount)


def annual_income_tax(inputs: AnnualIncomeTaxInput, trace: Trace | None = None) -> AnnualIncomeTaxResult:
    """The year's income tax and the final amount of the unified declaration (TC arts. 163-175, 182)."""
    on = dt.date(inputs.tax_year, 12, 31)
    if trace is not None:
        trace.titled(N_("Income tax for {year}"), year=inputs.tax_year)
    scope = income_tax_scope(inputs.person, trace)
    income = aggregate_income(inputs.incomes, on, scope, trace)

    claims = inputs.deductions
    if deductions_allowed(inputs.person):
        standard = standard_deductions(claims.standard, income.aggregate, on, trace)
        prop = property_deduction(claims.mortgages, on, trace)
        base_without_education = income.aggregate - standard.total - prop
        if trace is not None:
            trace.step(N_("Base without the education deduction"), base_without_education, tc(171, 2))
        edu = education_deduction(claims.education, base_without_education, on, trace)
    else:
        standard = StandardDeductions(ZERO, ZERO, ZERO, ZERO, ZERO)
        prop = edu = ZERO
        if trace is not None:
            trace.step(N_("Non-citizen non-resident: no deductions of Section VII"), ZERO, tc(181, 1))

    claimed = standard.total + prop + edu
    applied = min(claimed, max(ZERO, income.aggregate))
    base = round_tyiyn(income.aggregate - applied)
    if trace is not None:
        if claimed > applied:
            trace.step(N_("Deductions above the income are lost: the base is not below zero"), claimed - applied, tc(169, 2))
        trace.step(N_("Tax base: aggregate income less deductions"), base, tc(163, 1))

    rate = param(trace, "income_tax_rate", on)
    tax = round_tyiyn(base * rate)
    if trace is not None:
        trace.step(N_("Income tax: {base} × {rate}"), tax, tc(174), base=som(base), rate=as_rate(rate))

    credit = min(foreign_tax_credit(inputs.foreign_taxes, on, trace), tax)
    if trace is not None and inputs.foreign_taxes:
        trace.step(N_("Credit for tax paid abroad (never above the year's tax)"), credit, tc(182, 2))

    final = tax - credit - inputs.withheld_by_agents
    if trace is not None:
        trace.step(N_("Final amount: {tax} − credit {credit} − withheld {withheld}"), final, tc(175, 1), tax=som(tax), credit=som(credit),
                   withheld=som(inputs.withheld_by_agents))
        trace.result = final
    return AnnualIncomeTaxResult(
        tax_year=inputs.tax_year,
        scope=scope,
        gross_income=income.gross,
        exempt_income=income.exempt,
        outside_scope_income=income.outside_scope,
        aggregate_income=income.aggregate,
        standard_deductions=standard,
        property_deduction=prop,
        education_deduction=edu,
        total_deductions=applied,
        tax_base=base,
        rate=rate,
        tax=tax,
        foreign_tax_credit=credit,
        withheld_by_agents=inputs.withheld_by_agents,
        final_amount=final,
        trace=trace,
    )
