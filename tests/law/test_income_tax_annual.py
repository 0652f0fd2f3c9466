"""The annual income tax and final amount (TC arts. 163(1), 173-175) with the foreign tax credit
(TC art. 182). Sample calculation index: 100 som."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from salyk.law.income_tax import (
    AnnualIncomeTaxInput,
    DeductionClaims,
    EducationPayment,
    ForeignTax,
    IncomeItem,
    IncomeKind,
    Individual,
    MortgageInterest,
    Source,
    StandardDeductionClaim,
    annual_income_tax,
    foreign_tax_credit,
)
from salyk.law.trace import Trace

D = Decimal
CITIZEN = Individual(citizen=True, resident=True)


def test_worked_example_7_education_and_mortgage_caps_and_final_settlement():
    # Spec Ex. 7, TC arts. 165, 170-175:
    # aggregate = salary 360,000 + car gain 100,000 = 460,000
    # standard = 12 x 650 + 12 x 100 + SI 36,000 = 45,000; property = min(250,000, 230,000) = 230,000
    # base without education = 460,000 - 45,000 - 230,000 = 185,000; education = min(50,000, 18,500) = 18,500
    # base = 166,500; tax = 16,650; final = 16,650 - withheld 31,500 = -14,850 (an overpayment)
    trace = Trace()
    result = annual_income_tax(
        AnnualIncomeTaxInput(
            tax_year=2024,
            person=CITIZEN,
            incomes=(IncomeItem(IncomeKind.EMPLOYMENT, D(360000)), IncomeItem(IncomeKind.VEHICLE_RESALE_GAIN, D(100000))),
            deductions=DeductionClaims(
                standard=StandardDeductionClaim(dependant_months=(12,), social_insurance=D(36000)),
                education=(EducationPayment(D(50000), dependant_age=20),),
                mortgages=(MortgageInterest(D(250000)),),
            ),
            withheld_by_agents=D(31500),
        ),
        trace,
    )
    assert result.aggregate_income == D(460000)
    assert result.standard_deductions.total == D(45000)
    assert result.property_deduction == D(230000)
    assert result.education_deduction == D(18500)
    assert result.tax_base == D(166500)
    assert result.tax == D(16650)
    assert result.final_amount == D(-14850)
    assert (result.payable, result.overpaid) == (D(0), D(14850))
    assert str(trace.steps[-1].citation) == "TC art. 175(1)"
    assert trace.result == D(-14850)


def test_rate_is_ten_percent():
    # TC arts. 173-174: income 100,000.55, personal 12 x 650 = 7,800: base 92,200.55, tax 9,220.055 -> 9,220.06 (half-up)
    result = annual_income_tax(AnnualIncomeTaxInput(2024, CITIZEN, incomes=(IncomeItem(IncomeKind.EMPLOYMENT, D("100000.55")),)))
    assert result.tax_base == D("92200.55")
    assert result.tax == D("9220.06")
    assert result.final_amount == D("9220.06")


def test_deductions_never_take_the_base_below_zero():
    # TC art. 163(1), 169(2): pension 5,000 only, personal 7,800 > income 5,000: base 0, tax 0, nothing carried
    result = annual_income_tax(AnnualIncomeTaxInput(2024, CITIZEN, incomes=(IncomeItem(IncomeKind.PENSION, D(5000)),)))
    assert (result.tax_base, result.tax, result.total_deductions) == (D(0), D(0), D(5000))


def test_non_citizen_non_resident_gets_no_deductions_and_no_foreign_income():
    # TC arts. 162(1)(b), 181(1): KR royalty 50,000 taxed in full, 10% = 5,000; foreign income 30,000 not taxed
    person = Individual(citizen=False, resident=False)
    result = annual_income_tax(
        AnnualIncomeTaxInput(
            2024,
            person,
            incomes=(IncomeItem(IncomeKind.ROYALTY, D(50000)), IncomeItem(IncomeKind.EMPLOYMENT, D(30000), source=Source.FOREIGN)),
            deductions=DeductionClaims(standard=StandardDeductionClaim(social_insurance=D(1000))),
        )
    )
    assert result.outside_scope_income == D(30000)
    assert result.total_deductions == D(0)
    assert result.tax == D(5000)


def test_foreign_tax_credit_needs_a_treaty_and_is_capped_at_the_kr_tax():
    # TC art. 182(1)-(2): foreign income 100,000, tax paid abroad 15,000, treaty in force:
    # credit = min(15,000, 10% x 100,000 = 10,000) = 10,000. Without a treaty: 0.
    on = dt.date(2024, 12, 31)
    assert foreign_tax_credit([ForeignTax("KZ", D(100000), D(15000), treaty_in_force=True)], on) == D(10000)
    assert foreign_tax_credit([ForeignTax("KZ", D(100000), D(8000), treaty_in_force=True)], on) == D(8000)
    assert foreign_tax_credit([ForeignTax("XX", D(100000), D(8000), treaty_in_force=False)], on) == D(0)
    assert foreign_tax_credit([ForeignTax("KZ", D(100000), D(8000), True, taxable_abroad_under_treaty=False)], on) == D(0)


def test_foreign_tax_credit_in_the_annual_computation():
    # Resident citizen, TC arts. 162(1)(a), 174, 182: KR salary 120,000, foreign salary 100,000 (tax abroad 9,000).
    # aggregate 220,000; personal 7,800; base 212,200; tax 21,220; credit min(9,000, 10,000) = 9,000; final 12,220
    result = annual_income_tax(
        AnnualIncomeTaxInput(
            2024,
            CITIZEN,
            incomes=(IncomeItem(IncomeKind.EMPLOYMENT, D(120000)), IncomeItem(IncomeKind.EMPLOYMENT, D(100000), source=Source.FOREIGN)),
            foreign_taxes=(ForeignTax("KZ", D(100000), D(9000), treaty_in_force=True),),
        )
    )
    assert (result.tax, result.foreign_tax_credit, result.final_amount) == (D(21220), D(9000), D(12220))


def test_foreign_credit_never_takes_the_tax_below_zero():
    # Reading (READINGS.md): only foreign income, and deductions that take the base to zero:
    # aggregate 50,000; personal 7,800; mortgage 42,200 -> base 0, tax 0; the credit min(5,000, 5,000) is cut to 0
    result = annual_income_tax(
        AnnualIncomeTaxInput(
            2024,
            CITIZEN,
            incomes=(IncomeItem(IncomeKind.EMPLOYMENT, D(50000), source=Source.FOREIGN),),
            deductions=DeductionClaims(mortgages=(MortgageInterest(D(42200)),)),
            foreign_taxes=(ForeignTax("KZ", D(50000), D(5000), treaty_in_force=True),),
        )
    )
    assert (result.tax, result.foreign_tax_credit, result.final_amount) == (D(0), D(0), D(0))


@given(
    salary=st.decimals(min_value=0, max_value=10**7, places=2),
    withheld=st.decimals(min_value=0, max_value=10**6, places=2),
    mortgage=st.decimals(min_value=0, max_value=10**6, places=2),
)
def test_final_amount_is_tax_less_withheld(salary, withheld, mortgage):
    # Property, TC arts. 174, 175(1): tax = round(10% x base), 0 <= base <= aggregate, final = tax - withheld
    result = annual_income_tax(
        AnnualIncomeTaxInput(
            2024,
            CITIZEN,
            incomes=(IncomeItem(IncomeKind.EMPLOYMENT, salary),),
            deductions=DeductionClaims(mortgages=(MortgageInterest(mortgage),)),
            withheld_by_agents=withheld,
        )
    )
    assert D(0) <= result.tax_base <= result.aggregate_income
    assert result.tax == (result.tax_base * D("0.10")).quantize(D("0.01"), rounding="ROUND_HALF_UP")
    assert result.final_amount == result.tax - withheld
