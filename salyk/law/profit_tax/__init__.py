"""Profit tax (пайдага салык), TC Section VIII, arts. 183-200, as far as the seed text goes: it
stops inside art. 200(6), after the definition of A in the formula B*(A+0.5)/12.

Entry points for the declaration forms:

* ``profit_tax`` - the profit tax return (form ``profit_tax``), TC arts. 184-197;
* ``depreciation_for_year`` - the depreciation schedule by group, TC arts. 199-200.

Beyond the seed text and not computed: the profit tax rate (a sample parameter), loss
carry-forward, advance payments, deadlines, art. 200(7) (the value of disposals) and the rest of
art. 200 and later articles.
"""

from salyk.law.profit_tax.base import (
    BeyondSeedText,
    ProfitTaxInput,
    ProfitTaxResult,
    foreign_organisation_base,
    profit_tax,
    tax_period,
)
from salyk.law.profit_tax.contracts import (
    LongTermContract,
    LongTermContractYear,
    is_long_term_contract,
    long_term_contract_income,
)
from salyk.law.profit_tax.depreciation import (
    MINING_PREPARATORY,
    AssetAddition,
    AssetDisposal,
    AssetFacts,
    AssetKind,
    DepreciationInput,
    DepreciationResult,
    Method,
    MiningReserves,
    PoolBalance,
    PoolResult,
    depreciation_for_year,
    entry_value,
    full_months_in_use,
    is_depreciable,
    units_of_production_rate,
)
from salyk.law.profit_tax.expenses import Expense, ExpenseKind, ExpenseLine, InterestExpense, PerDiem, Training
from salyk.law.profit_tax.income import Payer, ProfitIncome, ProfitIncomeKind, profit_aggregate_income
from salyk.law.profit_tax.mining import depletion_fund_deadline, depletion_fund_payable

__all__ = [
    "MINING_PREPARATORY",
    "AssetAddition",
    "AssetDisposal",
    "AssetFacts",
    "AssetKind",
    "BeyondSeedText",
    "DepreciationInput",
    "DepreciationResult",
    "Expense",
    "ExpenseKind",
    "ExpenseLine",
    "InterestExpense",
    "LongTermContract",
    "LongTermContractYear",
    "Method",
    "MiningReserves",
    "Payer",
    "PerDiem",
    "PoolBalance",
    "PoolResult",
    "ProfitIncome",
    "ProfitIncomeKind",
    "ProfitTaxInput",
    "ProfitTaxResult",
    "Training",
    "depletion_fund_deadline",
    "depletion_fund_payable",
    "depreciation_for_year",
    "entry_value",
    "foreign_organisation_base",
    "full_months_in_use",
    "is_depreciable",
    "is_long_term_contract",
    "long_term_contract_income",
    "profit_aggregate_income",
    "profit_tax",
    "tax_period",
    "units_of_production_rate",
]
