"""Aggregate annual income for profit tax (TC art. 188) and the exempt income of TC art. 189.

All income determined under the accounting rules is included (art. 188(1)), except the income
of art. 189 (art. 188(2)). Proceeds from selling depreciable fixed assets, and insurance paid for
them, are not sales income: they go through the group's tax value (arts. 188(1)(1), 190(2)).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from salyk.law.citation import Citation, tc
from salyk.law.income_tax.catalogue import find, profit_tax_exemptions
from salyk.law.money import ZERO
from salyk.law.trace import N_, Trace


class Payer(str, Enum):
    """Who pays profit tax (TC art. 184)."""

    DOMESTIC_ORGANISATION = "domestic_organisation"  # 184(1)(1)
    NON_COMMERCIAL_ORGANISATION = "non_commercial_organisation"  # a domestic organisation that is an NCO (153(11))
    FOREIGN_PERMANENT_ESTABLISHMENT = "foreign_permanent_establishment"  # 184(1)(2)
    INDIVIDUAL_ENTREPRENEUR = "individual_entrepreneur"  # 184(1)(3)
    FOREIGN_WITHOUT_PERMANENT_ESTABLISHMENT = "foreign_without_permanent_establishment"  # via a tax agent, 184(1)(4), 186(3)
    NOT_A_PAYER = "not_a_payer"  # National Bank, Deposit Protection Agency and Fund, Social Fund (184(3))


class ProfitIncomeKind(str, Enum):
    """The kinds of income listed in TC art. 188(1), items 1-20, and the adjustments of arts. 190-192."""

    SALES = "sales"  # 1
    NON_DEPRECIABLE_ASSET_SALES = "non_depreciable_asset_sales"  # 2
    RESTRICTION_CONSENT = "restriction_consent"  # 3
    FREE_ASSETS = "free_assets"  # 4
    EXCHANGE_GAINS = "exchange_gains"  # 5 (net: give the gross amounts in ProfitTaxInput instead)
    INTEREST = "interest"  # 6
    DIVIDENDS = "dividends"  # 7
    ROYALTY = "royalty"  # 8
    MANAGEMENT_FEES = "management_fees"  # 9
    RENT = "rent"  # 10
    NON_BUSINESS_PROPERTY_GAIN = "non_business_property_gain"  # 11
    SECURITIES_GAIN = "securities_gain"  # 12
    SUBSIDY = "subsidy"  # 13
    NEGATIVE_GROUP_VALUE = "negative_group_value"  # 14 (from depreciation_for_year)
    INVENTORY_SURPLUS = "inventory_surplus"  # 15
    OBLIGATION_TERMINATION = "obligation_termination"  # 16
    DEBT_CLAIM_WAIVER = "debt_claim_waiver"  # 17
    INSURANCE = "insurance"  # 18
    DOUBTFUL_OBLIGATIONS = "doubtful_obligations"  # 19
    SOCIAL_SPHERE_SURPLUS = "social_sphere_surplus"  # 20
    COMPENSATED_DEDUCTION = "compensated_deduction"  # 191(1)
    LONG_TERM_CONTRACT = "long_term_contract"  # 192
    OTHER = "other"  # the opening words of 188(1): every income under the accounting rules


_ITEMS = list(ProfitIncomeKind)[:20]
KIND_WORDS = {
    ProfitIncomeKind.SALES: N_("Income from the sale of goods, works and services"),
    ProfitIncomeKind.NON_DEPRECIABLE_ASSET_SALES: N_("Income from the sale of non-depreciable assets"),
    ProfitIncomeKind.RESTRICTION_CONSENT: N_("Income for consenting to restrict business activity"),
    ProfitIncomeKind.FREE_ASSETS: N_("Assets received free of charge"),
    ProfitIncomeKind.EXCHANGE_GAINS: N_("Exchange differences"),
    ProfitIncomeKind.INTEREST: N_("Interest"),
    ProfitIncomeKind.DIVIDENDS: N_("Dividends"),
    ProfitIncomeKind.ROYALTY: N_("Royalty"),
    ProfitIncomeKind.MANAGEMENT_FEES: N_("Management fees"),
    ProfitIncomeKind.RENT: N_("Rent"),
    ProfitIncomeKind.NON_BUSINESS_PROPERTY_GAIN: N_("Gain on property not used in business"),
    ProfitIncomeKind.SECURITIES_GAIN: N_("Gain on securities"),
    ProfitIncomeKind.SUBSIDY: N_("Subsidy"),
    ProfitIncomeKind.NEGATIVE_GROUP_VALUE: N_("Negative value of a depreciation group"),
    ProfitIncomeKind.INVENTORY_SURPLUS: N_("Inventory surplus"),
    ProfitIncomeKind.OBLIGATION_TERMINATION: N_("Income from the termination of an obligation"),
    ProfitIncomeKind.DEBT_CLAIM_WAIVER: N_("Waiver of a debt claim"),
    ProfitIncomeKind.INSURANCE: N_("Insurance compensation"),
    ProfitIncomeKind.DOUBTFUL_OBLIGATIONS: N_("Doubtful obligations"),
    ProfitIncomeKind.SOCIAL_SPHERE_SURPLUS: N_("Surplus of the social sphere"),
    ProfitIncomeKind.COMPENSATED_DEDUCTION: N_("Compensation of deducted expenses"),
    ProfitIncomeKind.LONG_TERM_CONTRACT: N_("Income under a long-term contract"),
    ProfitIncomeKind.OTHER: N_("Other income"),
}


def income_citation(kind: ProfitIncomeKind) -> Citation:
    if kind in _ITEMS:
        return tc(188, 1, _ITEMS.index(kind) + 1)
    if kind is ProfitIncomeKind.COMPENSATED_DEDUCTION:
        return tc(191, 1)
    if kind is ProfitIncomeKind.LONG_TERM_CONTRACT:
        return tc(192)
    return tc(188, 1)


@dataclass(frozen=True)
class ProfitIncome:
    kind: ProfitIncomeKind
    amount: Decimal  # net of returns and changed terms of this period (art. 190(1))
    exemption: str | None = None  # the item of art. 189(1) that exempts the whole amount ("4", "2-1")
    description: str = ""


@dataclass(frozen=True)
class ProfitAggregateIncome:
    gross: Decimal
    exempt: Decimal
    aggregate: Decimal


def is_exempt(income: ProfitIncome, payer: Payer, on: dt.date, trace: Trace | None = None) -> bool:
    """Whether art. 189(1) exempts ``income`` for ``payer`` on ``on``."""
    if income.exemption is None:
        return False
    entry = find(profit_tax_exemptions(), income.exemption)
    label = income.description or KIND_WORDS.get(income.kind, income.kind.value)
    if not entry.in_force(on):
        if trace is not None:
            trace.step(N_("{label}: the exemption ({citation}) lost force on {day}; taxable"), ZERO, entry.citation, label=label,
                       citation=entry.citation, day=entry.repealed_from)
        return False
    if entry.payers and payer.value not in entry.payers:
        if trace is not None:
            trace.step(N_("{label}: the exemption ({citation}) is not for this kind of payer; taxable"), ZERO, entry.citation, label=label,
                       citation=entry.citation)
        return False
    return True


def profit_aggregate_income(
    incomes: Iterable[ProfitIncome],
    payer: Payer,
    on: dt.date,
    trace: Trace | None = None,
) -> ProfitAggregateIncome:
    """Aggregate annual income (TC art. 188): every income less the exempt income of art. 189."""
    gross = exempt = ZERO
    for income in incomes:
        if income.amount < 0:
            raise ValueError("an income cannot be negative; a return reduces the income it adjusts (art. 190(1))")
        gross += income.amount
        label = income.description or KIND_WORDS.get(income.kind, income.kind.value)
        if is_exempt(income, payer, on, trace):
            exempt += income.amount
            if trace is not None and income.exemption is not None:
                entry = find(profit_tax_exemptions(), income.exemption)
                trace.step(N_("{label}: exempt"), income.amount, entry.citation, label=label)
        elif trace is not None:
            trace.step(N_("{label}: income"), income.amount, income_citation(income.kind), label=label)
    aggregate = gross - exempt
    if trace is not None:
        trace.step(N_("Aggregate annual income (exempt income left out)"), aggregate, tc(188, 2))
    return ProfitAggregateIncome(gross, exempt, aggregate)
