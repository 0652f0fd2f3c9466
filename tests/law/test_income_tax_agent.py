"""The tax agent's withholding (TC arts. 163(2)-(6), 176, 177(3)-(4), 180, 181). Samples:
calculation index 100 som (personal deduction 650, dependant 100), minimum calculated income
(MEI) 6,000 som a month, employee SI contributions 10% of pay as in the spec's examples."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salyk.law.income_tax import (
    AgentMonthlyInput,
    AgentPaymentInput,
    AnnualIncomeTaxInput,
    DeductionClaims,
    Employee,
    IncomeItem,
    IncomeKind,
    Individual,
    MonthlyPayment,
    StandardDeductionClaim,
    agent_monthly_withholding,
    agent_payment_withholding,
    annual_income_tax,
)
from salyk.law.trace import Trace

D = Decimal


def withhold(employee, payments, **kw):
    return agent_monthly_withholding(AgentMonthlyInput(2024, employee, tuple(payments), **kw))


def test_worked_example_1_one_month():
    # Spec Ex. 1, TC arts. 170, 173, 176: gross 30,000; two dependants; SI 3,000.
    # base = 30,000 - 650 - 2 x 100 - 3,000 = 26,150 (>= MEI 6,000); tax = 2,615; net = 30,000 - 3,000 - 2,615 = 24,385
    trace = Trace()
    r = agent_monthly_withholding(
        AgentMonthlyInput(2024, Employee(dependants=2), (MonthlyPayment(4, D(30000), social_insurance=D(3000)),)), trace
    )
    assert r.deductions.total == D(3850)
    assert r.month_base == D(26150)
    assert r.tax_withheld == D(2615)
    assert r.net_pay == D(24385)
    assert trace.result == D(2615)
    assert {"income_tax_rate", "calculation_index", "income_tax_minimum_calculated_income"} <= {p.name for p in trace.parameters}


def test_worked_example_2_cumulative_minimum_income():
    # Spec Ex. 2, TC arts. 163(2), 176(3): no dependants, MEI 6,000.
    months = [
        MonthlyPayment(1, D(5000), social_insurance=D(500)),
        MonthlyPayment(2, D(5000), social_insurance=D(500)),
        MonthlyPayment(3, D(20000), social_insurance=D(2000)),
    ]
    # month 1: base 5,000 - 650 - 500 = 3,850 < 6,000 -> 6,000; tax 600
    assert withhold(Employee(), months[:1]).tax_withheld == D(600)
    # month 2: cumulative base 7,700 < cumulative MEI 12,000 -> 12,000; tax 1,200 - 600 = 600
    r2 = withhold(Employee(), months[:2])
    assert (r2.cumulative_base, r2.cumulative_minimum_income, r2.tax_withheld) == (D(7700), D(12000), D(600))
    # month 3: base 20,000 - 650 - 2,000 = 17,350; cumulative 25,050 > 18,000; tax 2,505 - 1,200 = 1,305
    r3 = withhold(Employee(), months)
    assert (r3.cumulative_base, r3.cumulative_tax, r3.withheld_before, r3.tax_withheld) == (D(25050), D(2505), D(1200), D(1305))


def test_worked_example_2_without_the_minimum_income():
    # Spec Ex. 2, TC art. 163(4): budget-funded, disabled, junior staff: no MEI; month 1 tax = 10% x 3,850 = 385
    r = withhold(Employee(minimum_income_excluded=True), [MonthlyPayment(1, D(5000), social_insurance=D(500))])
    assert (r.minimum_income, r.tax_withheld) == (D(0), D(385))


def test_worked_example_3_fewer_than_15_days():
    # Spec Ex. 3, TC arts. 176(5), 163(6): hired on the 20th of a 31-day month, 12 days; pay 12,000; SI 1,200.
    # only SI deducted: base 10,800; MEI 6,000 x 12/31 = 2,322.58 does not bind; tax 1,080
    p = MonthlyPayment(5, D(12000), social_insurance=D(1200), employment_days=12, worked_fraction=D(12) / D(31))
    trace = Trace()
    r = agent_monthly_withholding(AgentMonthlyInput(2024, Employee(), (p,)), trace)
    assert (r.deductions.total, r.month_base, r.minimum_income, r.tax_withheld) == (D(1200), D(10800), D("2322.58"), D(1080))
    assert "TC art. 176(5)" in [str(s.citation) for s in trace.steps]
    # the same pay for a full month: base 12,000 - 650 - 1,200 = 10,150; tax 1,015
    assert withhold(Employee(), [MonthlyPayment(5, D(12000), social_insurance=D(1200))]).tax_withheld == D(1015)


def test_exactly_15_days_gives_the_standard_deductions():
    # TC art. 176(5) "15 күндөн кем эмес": 15 days is enough: base 12,000 - 650 - 1,200 = 10,150; tax 1,015
    p = MonthlyPayment(5, D(12000), social_insurance=D(1200), employment_days=15)
    assert withhold(Employee(), [p]).tax_withheld == D(1015)


def test_concurrent_job_only_social_insurance_and_no_minimum_income():
    # TC arts. 176(5), 163(4)(2): pay 4,000, SI 400: base 3,600 (no MEI uplift); tax 360
    r = withhold(Employee(concurrent_job=True, dependants=1), [MonthlyPayment(1, D(4000), social_insurance=D(400))])
    assert (r.deductions.total, r.minimum_income, r.tax_withheld) == (D(400), D(0), D(360))


def test_non_citizen_non_resident_employee_gets_no_deduction():
    # TC art. 181(1): pay 30,000, SI 3,000, no deductions at all: base 30,000, tax 3,000
    r = withhold(Employee(citizen=False, resident=False), [MonthlyPayment(1, D(30000), social_insurance=D(3000))])
    assert (r.deductions.total, r.tax_withheld) == (D(0), D(3000))


def test_non_citizen_resident_employee_gets_the_standard_deductions():
    # TC art. 180: as a citizen: 30,000 - 650 - 3,000 = 26,350; tax 2,635
    r = withhold(Employee(citizen=False, resident=True), [MonthlyPayment(1, D(30000), social_insurance=D(3000))])
    assert r.tax_withheld == D(2635)


def test_exempt_income_is_not_counted():
    # TC art. 176(4): paid 34,000, of which 4,000 exempt per diems (art. 167(13)); SI 3,000 on the salary:
    # base = 34,000 - 4,000 - 650 - 3,000 = 26,350; tax 2,635
    r = withhold(Employee(), [MonthlyPayment(1, D(34000), exempt_income=D(4000), social_insurance=D(3000))])
    assert r.tax_withheld == D(2635)


def test_pension_contributions_within_eight_percent():
    # TC art. 170(4): pay 30,000, SI 3,000, pension 3,000; base before pension 30,000 - 650 - 3,000 = 26,350;
    # cap 8% = 2,108; base 26,350 - 2,108 = 24,242; tax 2,424.20
    r = withhold(Employee(), [MonthlyPayment(1, D(30000), social_insurance=D(3000), pension_contributions=D(3000))])
    assert (r.deductions.pension, r.tax_withheld) == (D(2108), D("2424.20"))


def test_tax_actually_withheld_before_is_used_when_given():
    # TC art. 176(3): months 1-2 at 30,000 with SI 3,000: cumulative base 2 x 26,350 = 52,700, tax 5,270.
    # the agent actually withheld only 2,000 in month 1: this month 5,270 - 2,000 = 3,270
    months = [MonthlyPayment(m, D(30000), social_insurance=D(3000)) for m in (1, 2)]
    assert withhold(Employee(), months, withheld_before=D(2000)).tax_withheld == D(3270)
    # computed history: month 1 withheld 2,635, month 2 2,635
    assert withhold(Employee(), months).tax_withheld == D(2635)


def test_the_district_minimum_income_can_be_given():
    # TC art. 163(3): the MEI is per district: with 8,000 the month-1 base 3,850 is raised to 8,000, tax 800
    r = withhold(Employee(), [MonthlyPayment(1, D(5000), social_insurance=D(500))], minimum_calculated_income=D(8000))
    assert r.tax_withheld == D(800)


def test_agent_never_withholds_below_zero():
    # Reading (READINGS.md): MEI-excluded; month 1 pays 10,000 (base 10,000 - 650 = 9,350, tax 935);
    # month 2 pays 100 (base 100 - 650 = -550): cumulative base 8,800, cumulative tax 880 < 935 withheld.
    # withhold 0 this month; 55 over-withheld is settled by the annual declaration (art. 175(1)).
    months = [MonthlyPayment(1, D(10000)), MonthlyPayment(2, D(100))]
    r = withhold(Employee(minimum_income_excluded=True), months)
    assert (r.cumulative_base, r.cumulative_tax, r.tax_withheld, r.over_withheld) == (D(8800), D(880), D(0), D(55))


def test_bad_inputs():
    with pytest.raises(ValueError):
        withhold(Employee(), [])
    with pytest.raises(ValueError, match="one entry per month"):
        withhold(Employee(), [MonthlyPayment(1, D(1)), MonthlyPayment(1, D(2))])
    with pytest.raises(ValueError):
        withhold(Employee(), [MonthlyPayment(13, D(1))])


# --- Payments outside a labour contract ----------------------------------------------------


def test_worked_example_5_non_resident_consultant():
    # Spec Ex. 5(a), TC art. 181: 50,000 to a non-citizen non-resident: 10% x 50,000 = 5,000, pays out 45,000
    payee = Individual(citizen=False, resident=False)
    r = agent_payment_withholding(AgentPaymentInput(paid_on=dt.date(2024, 5, 10), amount=D(50000), payee=payee))
    assert (r.base, r.tax_withheld, r.net_payment) == (D(50000), D(5000), D(45000))


def test_worked_example_5_entrepreneur_is_not_withheld():
    # Spec Ex. 5(b), TC arts. 161(2), 177(4): an individual entrepreneur, nothing withheld
    r = agent_payment_withholding(AgentPaymentInput(dt.date(2024, 5, 10), D(50000), Individual(True, True), payee_is_entrepreneur=True))
    assert (r.tax_withheld, r.net_payment) == (D(0), D(50000))


def test_resident_outside_a_labour_contract_only_social_insurance():
    # TC art. 176(5): services contract with a resident citizen: 20,000 less SI 2,000 = 18,000; tax 1,800
    r = agent_payment_withholding(AgentPaymentInput(dt.date(2024, 5, 10), D(20000), Individual(True, True), social_insurance=D(2000)))
    assert (r.base, r.tax_withheld, r.net_payment) == (D(18000), D(1800), D(16200))


# --- Property: a steady year withheld month by month equals the annual computation -------


@settings(max_examples=60, deadline=None)
@given(
    salary=st.decimals(min_value=0, max_value=500000, places=2),
    si_percent=st.integers(min_value=0, max_value=12),
    dependants=st.integers(min_value=0, max_value=4),
    excluded=st.booleans(),
)
def test_withholding_over_a_steady_year_sums_to_the_annual_tax(salary, si_percent, dependants, excluded):
    # Property, TC arts. 175(1), 176: for a resident citizen with the same pay each month, the twelve monthly
    # withholdings add up to the annual tax on the same income and deductions, so the final amount is 0 -
    # unless the MEI raised the monthly base, when the agent withheld more and the declaration shows an overpayment.
    si = (salary * si_percent / 100).quantize(D("0.01"))
    employee = Employee(dependants=dependants, minimum_income_excluded=excluded)
    payments = [MonthlyPayment(m, salary, social_insurance=si) for m in range(1, 13)]
    withheld = sum(withhold(employee, payments[:m]).tax_withheld for m in range(1, 13))
    annual = annual_income_tax(
        AnnualIncomeTaxInput(
            2024,
            Individual(citizen=True, resident=True),
            incomes=(IncomeItem(IncomeKind.EMPLOYMENT, salary * 12),),
            deductions=DeductionClaims(standard=StandardDeductionClaim(dependant_months=(12,) * dependants, social_insurance=si * 12)),
            withheld_by_agents=withheld,
        )
    )
    month_base = salary - 650 - 100 * dependants - si
    if excluded or month_base >= 6000:
        assert withheld == annual.tax
        assert annual.final_amount == 0
    else:
        assert withheld >= annual.tax
        assert annual.final_amount <= 0


def test_minimum_calculated_income_by_locality_163_3():
    # TC art. 163(3): a value per district or city (the dated table, sample values); a locality the
    # table does not list is refused; none named: the general value (6,000, a sample).
    import datetime as dt
    from decimal import Decimal

    import pytest

    from salyk.law.income_tax.minimum_income import minimum_calculated_income

    on = dt.date(2024, 5, 1)
    assert minimum_calculated_income("osh_city", on) == Decimal("5500")
    assert minimum_calculated_income(None, on) == Decimal("6000")
    with pytest.raises(ValueError):
        minimum_calculated_income("atlantis", on)
