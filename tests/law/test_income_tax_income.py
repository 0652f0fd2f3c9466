"""Aggregate annual income (TC art. 165), material benefit (TC art. 166) and exempt income (TC
art. 167). Sample values: calculation index 100 som, per-diem norm 1,500 som a day."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salyk.law.income_tax import (
    BusinessTrip,
    IncomeItem,
    IncomeKind,
    PersonalProperty,
    Source,
    TaxScope,
    aggregate_income,
    business_trip_exempt_amount,
    new_year_gift_exempt_amount,
    personal_property_sale_gain,
    winnings_exempt_amount,
)
from salyk.law.income_tax.catalogue import UnknownExemption, find, income_tax_exemptions
from salyk.law.income_tax.material_benefit import employee_discount_benefit, free_goods_benefit, loan_benefit
from salyk.law.trace import Trace

D = Decimal
ON = dt.date(2024, 12, 31)


def test_the_art_167_catalogue_has_every_item():
    # TC art. 167 has items 1-44, item 34 repealed by the Law of 8 June 2015 No. 124
    items = income_tax_exemptions()
    assert [i.item for i in items] == [str(n) for n in range(1, 45)]
    assert not find(items, 34).in_force(ON)
    assert find(items, "kr_bank_deposit_interest").item == "35"
    assert str(find(items, 35).citation) == "TC art. 167(35)"
    with pytest.raises(UnknownExemption):
        find(items, 45)


def test_aggregate_income_leaves_out_exempt_income():
    # TC art. 165(1), (3): salary 360,000 + KR bank deposit interest 12,000 exempt under art. 167(35)
    # aggregate = 372,000 - 12,000 = 360,000
    trace = Trace()
    result = aggregate_income(
        [
            IncomeItem(IncomeKind.EMPLOYMENT, D(360000)),
            IncomeItem(IncomeKind.INTEREST, D(12000), exempt_amount=D(12000), exemption=35),
        ],
        ON,
        trace=trace,
    )
    assert (result.gross, result.exempt, result.aggregate) == (D(372000), D(12000), D(360000))
    assert str(trace.steps[-1].citation) == "TC art. 165(3)"
    assert "TC art. 167(35)" in [str(s.citation) for s in trace.steps]


def test_foreign_income_is_outside_a_kr_source_scope():
    # TC art. 162(1)(a1), (b): KR sources only. 100,000 KR + 50,000 foreign -> aggregate 100,000
    items = [IncomeItem(IncomeKind.EMPLOYMENT, D(100000)), IncomeItem(IncomeKind.ROYALTY, D(50000), source=Source.FOREIGN)]
    result = aggregate_income(items, ON, TaxScope.KR_SOURCE)
    assert (result.outside_scope, result.aggregate) == (D(50000), D(100000))
    # worldwide: 150,000
    assert aggregate_income(items, ON, TaxScope.WORLDWIDE).aggregate == D(150000)


def test_diplomats_income_from_the_service_is_outside_scope():
    # TC art. 179(1): KR-source income not connected with the service is taxed, the rest is not
    items = [
        IncomeItem(IncomeKind.EMPLOYMENT, D(80000), from_diplomatic_service=True),
        IncomeItem(IncomeKind.OTHER, D(20000)),  # e.g. rent of a flat in Bishkek
    ]
    assert aggregate_income(items, ON, TaxScope.KR_SOURCE_NOT_FROM_SERVICE).aggregate == D(20000)


def test_an_exempt_part_needs_a_valid_item():
    with pytest.raises(ValueError, match="needs the item"):
        aggregate_income([IncomeItem(IncomeKind.INTEREST, D(10), exempt_amount=D(10))], ON)
    with pytest.raises(ValueError, match="repealed"):
        aggregate_income([IncomeItem(IncomeKind.OTHER, D(10), exempt_amount=D(10), exemption=34)], ON)
    with pytest.raises(ValueError, match="between 0"):
        aggregate_income([IncomeItem(IncomeKind.OTHER, D(10), exempt_amount=D(11), exemption=1)], ON)


def test_business_trip_worked_example_4():
    # Spec Ex. 4, TC art. 167(13): 4 days, per diem 2,500/day = 10,000; ticket 6,000; hotel 8,000; norm 1,500/day.
    # exempt = 6,000 + 8,000 + min(10,000, 4 x 1,500 = 6,000) = 20,000; income = 24,000 - 20,000 = 4,000
    trip = BusinessTrip(days=4, per_diem_paid=D(10000), travel_documented=D(6000), lodging_documented=D(8000))
    assert business_trip_exempt_amount(trip, ON) == D(20000)


def test_business_trip_without_documents_within_the_norm():
    # TC art. 167(13), last paragraph: without documents, exempt within the Government norm.
    # reimbursed 5,000 without documents, norm 3,000 -> 3,000 exempt; per diems 1,000 for 1 day within 1,500 -> 1,000
    trip = BusinessTrip(days=1, per_diem_paid=D(1000), undocumented_reimbursed=D(5000), undocumented_norm=D(3000))
    assert business_trip_exempt_amount(trip, ON) == D(4000)


def test_business_trip_abroad_uses_the_given_norm():
    # TC art. 167(13)(c): 3 days abroad at a norm of 4,000 a day, paid 15,000 -> min(15,000, 12,000) = 12,000
    assert business_trip_exempt_amount(BusinessTrip(days=3, per_diem_paid=D(15000), per_diem_norm=D(4000)), ON) == D(12000)


def test_new_year_gift():
    # TC art. 167(18): 10 indices = 10 x 100 = 1,000 for a child under 14.
    assert new_year_gift_exempt_amount(D(800), 10, ON) == D(800)  # spec Ex. 4: 800 <= 1,000, exempt
    # reading (READINGS.md): only the excess is income: 1,500 -> 1,000 exempt, 500 income
    assert new_year_gift_exempt_amount(D(1500), 10, ON) == D(1000)
    # a 14-year-old is not "under 14": nothing exempt
    assert new_year_gift_exempt_amount(D(800), 14, ON) == D(0)


def test_winnings_worked_example_4():
    # TC art. 167(31): winnings not above 10 indices = 1,000 are exempt.
    assert winnings_exempt_amount(D(900), ON) == D(900)
    assert winnings_exempt_amount(D(1000), ON) == D(1000)  # "ашпаган": 1,000 does not exceed 1,000
    # literal reading (spec Ex. 4, READINGS.md): 5,000 > 1,000 is income in full; tax 10% x 5,000 = 500
    assert winnings_exempt_amount(D(5000), ON) == D(0)


def test_vehicle_resale_within_a_year_is_taxed():
    # TC art. 165(1)(6), spec Ex. 7: bought 10 Jan 2024 for 600,000, sold 10 Sep 2024 for 700,000 (8 months)
    # growth in value = 700,000 - 600,000 = 100,000
    gain = personal_property_sale_gain(PersonalProperty.VEHICLE, D(700000), D(600000), dt.date(2024, 1, 10), dt.date(2024, 9, 10))
    assert gain == D(100000)


def test_vehicle_held_a_year_or_more_is_exempt():
    # TC art. 167(32), reading of the contradiction with 165(1)(6) (READINGS.md): held exactly one year, exempt
    trace = Trace()
    gain = personal_property_sale_gain(PersonalProperty.VEHICLE, D(700000), D(600000), dt.date(2023, 9, 10), dt.date(2024, 9, 10), trace)
    assert gain == D(0)
    assert str(trace.steps[-1].citation) == "TC art. 167(32)"
    # one day short of the year: taxable
    assert personal_property_sale_gain(PersonalProperty.VEHICLE, D(700000), D(600000), dt.date(2023, 9, 11), dt.date(2024, 9, 10)) == D(100000)


def test_housing_two_consecutive_years():
    # TC arts. 165(1)(7), 167(32)(b): bought 1 Mar 2022, sold 28 Feb 2024 (< 2 years): gain 3,000,000 - 2,500,000 = 500,000
    assert personal_property_sale_gain(PersonalProperty.HOUSING, D(3000000), D(2500000), dt.date(2022, 3, 1), dt.date(2024, 2, 28)) == D(500000)
    # sold 1 Mar 2024: two years, exempt
    assert personal_property_sale_gain(PersonalProperty.HOUSING, D(3000000), D(2500000), dt.date(2022, 3, 1), dt.date(2024, 3, 1)) == D(0)
    # a loss is no income: growth in value is never negative
    assert personal_property_sale_gain(PersonalProperty.HOUSING, D(2000000), D(2500000), dt.date(2023, 3, 1), dt.date(2024, 3, 1)) == D(0)


def test_other_personal_property_is_exempt():
    # TC art. 167(32): furniture sold at a profit
    assert personal_property_sale_gain(PersonalProperty.OTHER, D(50000), D(20000), dt.date(2024, 1, 1), dt.date(2024, 2, 1)) == D(0)


def test_material_benefit_interest_free_loan():
    # Spec Ex. 6, TC art. 166(2): 200,000 interest free, discount rate 5%, outstanding 1 Jan - 30 Jun 2023 = 181 days.
    # Reading: pro-rated by days over 365: 200,000 x 0.05 x 181/365 = 4,958.904... -> 4,958.90
    assert loan_benefit(D(200000), 181, 2023, discount_rate=D("0.05")) == D("4958.90")
    # the whole year: 200,000 x 5% = 10,000
    assert loan_benefit(D(200000), 365, 2023, discount_rate=D("0.05")) == D(10000)


def test_material_benefit_loan_below_the_rate():
    # TC art. 166(3): 200,000 at 2% against a 5% discount rate for all of 2024 (366 days):
    # 200,000 x (0.05 - 0.02) x 366/366 = 6,000
    trace = Trace()
    assert loan_benefit(D(200000), 366, 2024, lender_rate=D("0.02"), discount_rate=D("0.05"), trace=trace) == D(6000)
    assert str(trace.steps[0].citation) == "TC art. 166(3)"
    # at or above the rate there is no benefit
    assert loan_benefit(D(200000), 366, 2024, lender_rate=D("0.06"), discount_rate=D("0.05")) == D(0)


def test_material_benefit_goods():
    # TC art. 166(4): goods given free, their book value; 166(5): discount, book value 10,000 - price 7,500 = 2,500
    assert free_goods_benefit(D(4000)) == D(4000)
    assert employee_discount_benefit(D(10000), D(7500)) == D(2500)
    assert employee_discount_benefit(D(10000), D(12000)) == D(0)


def test_material_benefit_uses_the_national_bank_rate_parameter():
    # TC art. 166(3): the National Bank's rate on the day the loan was received (parameter nbkr_discount_rate, sample 5%):
    # 100,000 at 1% for 73 days of 2023: 100,000 x (0.05 - 0.01) x 73/365 = 800
    trace = Trace()
    assert loan_benefit(D(100000), 73, 2023, lender_rate=D("0.01"), rate_on=dt.date(2023, 3, 1), trace=trace) == D(800)
    assert trace.parameters[0].name == "nbkr_discount_rate" and trace.parameters[0].sample


@given(st.decimals(min_value=0, max_value=10**7, places=2), st.integers(min_value=0, max_value=13))
def test_new_year_gift_exempt_part_never_exceeds_the_gift_or_the_cap(gift, age):
    # Property, TC art. 167(18): 0 <= exempt <= min(gift, 1,000)
    exempt = new_year_gift_exempt_amount(gift, age, ON)
    assert D(0) <= exempt <= min(gift, D(1000))
