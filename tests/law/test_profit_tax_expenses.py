"""Deductible expenses for profit tax and their limits (TC arts. 193-198). Sample per-diem norm:
1,500 som a day inside the Kyrgyz Republic."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salyk.law.profit_tax import Expense, ExpenseKind, InterestExpense, PerDiem, Training
from salyk.law.profit_tax.expenses import general_expense, interest_expense, per_diem_expense, training_expense

D = Decimal
E = ExpenseKind
ON = dt.date(2024, 12, 31)


def test_documented_expenses_connected_with_income():
    # TC art. 193(1): 100,000 documented and connected -> 100,000; undocumented or unconnected -> 0
    assert general_expense(Expense(E.GENERAL, D(100000)), 2024).deductible == D(100000)
    line = general_expense(Expense(E.GENERAL, D(100000), documented=False), 2024)
    assert (line.deductible, str(line.citation)) == (D(0), "TC art. 193(1)")
    assert general_expense(Expense(E.GENERAL, D(100000), connected_with_income=False), 2024).deductible == D(0)


def test_prepaid_expense_in_its_own_period():
    # TC art. 193(2): rent for 2025 paid in 2024 is not a 2024 deduction; it is in 2025
    rent = Expense(E.GENERAL, D(120000), belongs_to_year=2025)
    assert general_expense(rent, 2024).deductible == D(0)
    assert general_expense(rent, 2025).deductible == D(120000)


def test_fixed_assets_only_through_depreciation():
    # TC arts. 198(6), 197(2): buying a machine is not an expense of the year
    line = general_expense(Expense(E.FIXED_ASSET_COST, D(480000)), 2024)
    assert (line.deductible, str(line.citation)) == (D(0), "TC art. 198(6)")


def test_per_diems_within_the_norm():
    # TC art. 194(1)(3): 20 person-days, paid 50,000 (2,500 a day); norm 1,500 -> 30,000
    assert per_diem_expense(PerDiem(20, D(50000)), ON).deductible == D(30000)
    # paid under the norm: 20,000 -> 20,000
    assert per_diem_expense(PerDiem(20, D(20000)), ON).deductible == D(20000)
    # abroad, norm 5,000 a day given by the caller: 5 days, paid 30,000 -> 25,000
    assert per_diem_expense(PerDiem(5, D(30000), norm_per_day=D(5000)), ON).deductible == D(25000)


def test_representation_has_no_cap_in_the_text():
    # TC art. 194(2): the seed text sets no percentage (READINGS.md): 80,000 -> 80,000
    assert general_expense(Expense(E.REPRESENTATION, D(80000)), 2024).deductible == D(80000)


@pytest.mark.parametrize(
    "training, deductible, cite",
    [
        (Training(D(120000)), D(120000), "TC art. 195(2)"),
        (Training(D(40000), domestic_provider=False), D(0), "TC art. 195(2)(3)"),
        (Training(D(40000), trainees_on_staff=False), D(0), "TC art. 195(2)(2)"),
        (Training(D(40000), raises_qualification=False), D(0), "TC art. 195(2)(1)"),
    ],
)
def test_training_conditions(training, deductible, cite):
    # TC art. 195(2): all three conditions must hold
    line = training_expense(training)
    assert (line.deductible, str(line.citation)) == (deductible, cite)


def test_interest_before_commissioning_is_capitalised():
    # TC art. 196(2): 200,000 interest, 50,000 on the loan for equipment not yet in use -> 150,000 deductible
    line = interest_expense(InterestExpense(D(200000), before_commissioning_of_assets=D(50000)))
    assert (line.deductible, str(line.citation)) == (D(150000), "TC art. 196(2)")
    # TC art. 196(1): a borrowing not used in economic activity
    assert interest_expense(InterestExpense(D(10000), used_for_economic_activity=False)).deductible == D(0)
    with pytest.raises(ValueError):
        interest_expense(InterestExpense(D(100), before_commissioning_of_assets=D(200)))


def test_research_expenses():
    # TC art. 197(1): research connected with the activity, 300,000 -> 300,000
    assert general_expense(Expense(E.RESEARCH, D(300000)), 2024).deductible == D(300000)


@given(
    days=st.integers(min_value=0, max_value=1000),
    paid=st.decimals(min_value=0, max_value=10**7, places=2),
)
def test_per_diem_deduction_is_the_smaller_of_paid_and_norm(days, paid):
    # Property, TC art. 194(1)(3): deductible = min(paid, days x 1,500)
    assert per_diem_expense(PerDiem(days, paid), ON).deductible == min(paid, D(1500) * days)
