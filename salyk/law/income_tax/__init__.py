"""Income tax (киреше салыгы), TC Section VII, arts. 160-182.

Entry points for the declaration forms:

* ``agent_monthly_withholding`` - the tax agent's monthly withholding for an employee
  (form ``income_tax_agent``), TC arts. 163, 176, 180, 181;
* ``agent_payment_withholding`` - withholding from a payment outside a labour contract,
  TC arts. 176(5), 177, 181;
* ``annual_income_tax`` - an individual's annual tax and final amount
  (form ``unified_declaration_individual``), TC arts. 163-175, 182;
* ``residency`` / ``income_tax_scope`` - who is a resident and which income is taxed,
  TC arts. 23, 161, 162, 179.
"""

from salyk.law.income_tax.agent import (
    AgentMonthlyInput,
    AgentMonthlyResult,
    AgentPaymentInput,
    AgentPaymentResult,
    Employee,
    MonthlyDeductions,
    MonthlyPayment,
    agent_monthly_withholding,
    agent_payment_withholding,
)
from salyk.law.income_tax.computation import AnnualIncomeTaxInput, AnnualIncomeTaxResult, annual_income_tax
from salyk.law.income_tax.deductions import (
    DeductionClaims,
    EducationPayment,
    MortgageInterest,
    StandardDeductionClaim,
    StandardDeductions,
)
from salyk.law.income_tax.foreign_credit import ForeignTax, foreign_tax_credit
from salyk.law.income_tax.income import (
    BusinessTrip,
    IncomeItem,
    IncomeKind,
    PersonalProperty,
    Source,
    aggregate_income,
    business_trip_exempt_amount,
    new_year_gift_exempt_amount,
    personal_property_sale_gain,
    winnings_exempt_amount,
)
from salyk.law.income_tax.residency import (
    Individual,
    ResidencyInput,
    ResidencyResult,
    Stay,
    TaxScope,
    income_tax_scope,
    is_resident,
    residency,
)

__all__ = [
    "AgentMonthlyInput",
    "AgentMonthlyResult",
    "AgentPaymentInput",
    "AgentPaymentResult",
    "AnnualIncomeTaxInput",
    "AnnualIncomeTaxResult",
    "BusinessTrip",
    "DeductionClaims",
    "EducationPayment",
    "Employee",
    "ForeignTax",
    "IncomeItem",
    "IncomeKind",
    "Individual",
    "MonthlyDeductions",
    "MonthlyPayment",
    "MortgageInterest",
    "PersonalProperty",
    "ResidencyInput",
    "ResidencyResult",
    "Source",
    "StandardDeductionClaim",
    "StandardDeductions",
    "Stay",
    "TaxScope",
    "agent_monthly_withholding",
    "agent_payment_withholding",
    "aggregate_income",
    "annual_income_tax",
    "business_trip_exempt_amount",
    "foreign_tax_credit",
    "income_tax_scope",
    "is_resident",
    "new_year_gift_exempt_amount",
    "personal_property_sale_gain",
    "residency",
    "winnings_exempt_amount",
]
