"""Profit tax: payers, period, income, exempt income, base and tax (TC arts. 184-192, 197(3)-(6)).
Samples: profit tax rate 10% (the rate article is beyond the seed text), per-diem norm 1,500."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salyk.law.income_tax.catalogue import find, profit_tax_exemptions
from salyk.law.profit_tax import (
    BeyondSeedText,
    Expense,
    ExpenseKind,
    InterestExpense,
    LongTermContract,
    Payer,
    PerDiem,
    ProfitIncome,
    ProfitIncomeKind,
    ProfitTaxInput,
    Training,
    depletion_fund_deadline,
    depletion_fund_payable,
    foreign_organisation_base,
    is_long_term_contract,
    long_term_contract_income,
    profit_aggregate_income,
    profit_tax,
    tax_period,
)
from salyk.law.trace import Trace

D = Decimal
K = ProfitIncomeKind
E = ExpenseKind


def test_worked_example_10():
    # Spec Ex. 10, TC arts. 186, 188, 189, 193-196:
    # income 12,000,000 + 100,000 interest; dividends 300,000 exempt (189(1)(4)) -> aggregate 12,100,000
    # deductible: 7,000,000 + 2,000,000 + 150,000 + per diems min(50,000, 20 x 1,500 = 30,000) + 80,000
    #   + training 120,000 (domestic) + 0 (foreign, 195(2)(3)) + interest 200,000 - 50,000 capitalised (196(2))
    #   + depreciation 262,500 = 9,792,500
    # profit 2,307,500; tax at the sample 10% = 230,750
    trace = Trace()
    result = profit_tax(
        ProfitTaxInput(
            tax_year=2024,
            incomes=(
                ProfitIncome(K.SALES, D(12000000)),
                ProfitIncome(K.INTEREST, D(100000)),
                ProfitIncome(K.DIVIDENDS, D(300000), exemption="4"),
            ),
            expenses=(
                Expense(E.GENERAL, D(7000000), description="cost of goods sold"),
                Expense(E.GENERAL, D(2000000), description="wages and employer SI"),
                Expense(E.BUSINESS_TRIP_TRAVEL, D(150000)),
                Expense(E.REPRESENTATION, D(80000)),
            ),
            per_diems=(PerDiem(20, D(50000)),),
            training=(Training(D(120000)), Training(D(40000), domestic_provider=False)),
            interest=(InterestExpense(D(200000), before_commissioning_of_assets=D(50000)),),
            depreciation=D(262500),
        ),
        trace,
    )
    assert (result.gross_income, result.exempt_income, result.aggregate_income) == (D(12400000), D(300000), D(12100000))
    assert result.deductible_expenses == D(9792500)
    assert (result.profit, result.loss) == (D(2307500), D(0))
    assert result.tax == D(230750)
    assert result.capitalised_interest == D(50000)
    assert trace.result == D(230750)
    rate_param = [p for p in trace.parameters if p.name == "profit_tax_rate"][0]
    assert rate_param.sample  # beyond the seed text


def test_worked_example_11_mining_depletion_allowance():
    # Spec Ex. 11, TC art. 197(3): base before allowance 5,000,000; reduction 15% = 750,000; base 4,250,000; tax 425,000
    result = profit_tax(ProfitTaxInput(2024, incomes=(ProfitIncome(K.SALES, D(5000000)),), mining_enterprise=True))
    assert (result.mining_reduction, result.tax_base, result.tax) == (D(750000), D(4250000), D(425000))


def test_worked_example_11_depletion_fund():
    # TC art. 197(4)-(5), reading (READINGS.md): fund formed from 2024's base, 5 years from the end of 2024 -> 31 Dec 2029.
    assert depletion_fund_deadline(2024) == dt.date(2029, 12, 31)
    # 750,000 reserved, 500,000 reinvested: nothing due while the five years run, then 250,000 to the budget
    assert depletion_fund_payable(D(750000), D(500000), 2024, dt.date(2029, 12, 31)) == D(0)
    assert depletion_fund_payable(D(750000), D(500000), 2024, dt.date(2030, 1, 1)) == D(250000)


def test_exploration_from_the_fund_is_not_deducted():
    # TC art. 197(6): sales 1,000,000; exploration from the fund 500,000 not deducted; profit 1,000,000
    result = profit_tax(
        ProfitTaxInput(2024, incomes=(ProfitIncome(K.SALES, D(1000000)),), expenses=(Expense(E.FUND_FINANCED_EXPLORATION, D(500000)),))
    )
    assert result.profit == D(1000000)


def test_loss_is_reported_not_carried():
    # TC art. 186(2): profit is the positive difference: income 100,000, expenses 150,000 -> profit 0, loss 50,000
    result = profit_tax(ProfitTaxInput(2024, incomes=(ProfitIncome(K.SALES, D(100000)),), expenses=(Expense(E.GENERAL, D(150000)),)))
    assert (result.profit, result.loss, result.tax) == (D(0), D(50000), D(0))


def test_exchange_differences_net():
    # TC arts. 188(1)(5), 193(1): positive 30,000, negative 10,000 -> 20,000 income; reversed -> 20,000 expense
    up = profit_tax(ProfitTaxInput(2024, positive_exchange_differences=D(30000), negative_exchange_differences=D(10000)))
    assert (up.aggregate_income, up.deductible_expenses, up.profit) == (D(20000), D(0), D(20000))
    down = profit_tax(
        ProfitTaxInput(2024, incomes=(ProfitIncome(K.SALES, D(50000)),), positive_exchange_differences=D(10000), negative_exchange_differences=D(30000))
    )
    assert (down.aggregate_income, down.deductible_expenses, down.profit) == (D(50000), D(20000), D(30000))


def test_negative_group_value_is_income():
    # TC art. 188(1)(14): a group ends the year at -40,000: 40,000 income
    result = profit_tax(ProfitTaxInput(2024, negative_group_values=D(40000)))
    assert result.aggregate_income == D(40000)


def test_the_art_189_catalogue():
    # TC art. 189(1): items 1, 2, 2-1, 3-10; item 10 lost force on 1 January 2017
    items = profit_tax_exemptions()
    assert [i.item for i in items] == ["1", "2", "2-1", "3", "4", "5", "6", "7", "8", "9", "10"]
    assert find(items, "10").in_force(dt.date(2016, 12, 31))
    assert not find(items, "10").in_force(dt.date(2017, 1, 1))
    assert str(find(items, "2-1").citation) == "TC art. 189(1)(2-1)"


def test_finance_lease_exemption_ends_in_2017():
    # TC art. 189(1)(10), repealed from 1 Jan 2017 (Law of 6 Oct 2012 No. 169): exempt in 2016, taxable in 2017
    lease = ProfitIncome(K.SALES, D(500000), exemption="10")
    assert profit_aggregate_income([lease], Payer.DOMESTIC_ORGANISATION, dt.date(2016, 12, 31)).aggregate == D(0)
    assert profit_aggregate_income([lease], Payer.DOMESTIC_ORGANISATION, dt.date(2017, 12, 31)).aggregate == D(500000)


def test_membership_fees_are_exempt_for_non_commercial_organisations_only():
    # TC art. 189(1)(3)(a): membership fees 200,000
    fees = ProfitIncome(K.OTHER, D(200000), exemption="3", description="membership fees")
    on = dt.date(2024, 12, 31)
    assert profit_aggregate_income([fees], Payer.NON_COMMERCIAL_ORGANISATION, on).aggregate == D(0)
    assert profit_aggregate_income([fees], Payer.DOMESTIC_ORGANISATION, on).aggregate == D(200000)


def test_not_a_payer():
    # TC art. 184(3): the National Bank, the Deposit Protection Agency and Fund, the Social Fund
    result = profit_tax(ProfitTaxInput(2024, payer=Payer.NOT_A_PAYER, incomes=(ProfitIncome(K.INTEREST, D(10**9)),)))
    assert result.tax == D(0)


def test_foreign_organisation_without_permanent_establishment():
    # TC art. 186(3): base = income without deductions (royalty 1,000,000); the rate is beyond the seed text
    incomes = (ProfitIncome(K.ROYALTY, D(1000000)),)
    assert foreign_organisation_base(incomes, dt.date(2024, 6, 1)) == D(1000000)
    with pytest.raises(BeyondSeedText):
        profit_tax(ProfitTaxInput(2024, payer=Payer.FOREIGN_WITHOUT_PERMANENT_ESTABLISHMENT, incomes=incomes))


def test_tax_period():
    # TC art. 187: registered 15 Mar 2024 -> 15 Mar - 31 Dec; liquidated 30 Sep 2024 -> 1 Jan - 30 Sep; both
    assert tax_period(2024, registered_on=dt.date(2024, 3, 15)) == (dt.date(2024, 3, 15), dt.date(2024, 12, 31))
    assert tax_period(2024, ended_on=dt.date(2024, 9, 30)) == (dt.date(2024, 1, 1), dt.date(2024, 9, 30))
    assert tax_period(2024, dt.date(2024, 3, 15), dt.date(2024, 9, 30)) == (dt.date(2024, 3, 15), dt.date(2024, 9, 30))
    assert tax_period(2024, registered_on=dt.date(2019, 1, 10)) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_worked_example_12_long_term_contract():
    # Spec Ex. 12, TC art. 192(2): price 12,000,000; estimated costs 9,000,000; costs to year end 3,600,000 -> 40%;
    # income 4,800,000 in the first year. Next year costs to date 7,200,000 -> 80% -> 9,600,000 - 4,800,000 = 4,800,000
    first = long_term_contract_income(LongTermContract(D(12000000), D(9000000), D(3600000)))
    assert (first.completion, first.income_this_year) == (D("0.4"), D(4800000))
    second = long_term_contract_income(LongTermContract(D(12000000), D(9000000), D(7200000), income_recognised_before=D(4800000)))
    assert second.income_this_year == D(4800000)


def test_what_is_a_long_term_contract():
    # TC art. 192(1): begun 1 Sep 2024, expected to end 31 Mar 2026 (> 12 months): long-term;
    # expected to end 31 Jul 2025 (within 12 months): not; ending 20 Dec 2024 (same year): not
    assert is_long_term_contract(dt.date(2024, 9, 1), dt.date(2026, 3, 31))
    assert not is_long_term_contract(dt.date(2024, 9, 1), dt.date(2025, 7, 31))
    assert not is_long_term_contract(dt.date(2024, 9, 1), dt.date(2024, 12, 20))


@settings(deadline=None)  # no timings in tests: a loaded machine must not fail a property
@given(
    income=st.decimals(min_value=0, max_value=10**9, places=2),
    expense=st.decimals(min_value=0, max_value=10**9, places=2),
    mining=st.booleans(),
)
def test_base_is_never_negative_and_tax_is_rate_times_base(income, expense, mining):
    # Property, TC arts. 186(2), 197(3): profit = max(0, income - expenses); loss = max(0, expenses - income);
    # base = profit less 15% for mining; tax = round(10% x base)
    result = profit_tax(
        ProfitTaxInput(2024, incomes=(ProfitIncome(K.SALES, income),), expenses=(Expense(E.GENERAL, expense),), mining_enterprise=mining)
    )
    assert result.profit - result.loss == income - expense
    assert min(result.profit, result.loss) == 0
    assert D(0) <= result.tax_base <= result.profit
    assert result.tax == (result.tax_base * D("0.10")).quantize(D("0.01"), rounding="ROUND_HALF_UP")
