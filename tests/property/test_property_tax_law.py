"""Property tax by hand from the parameter table (salyk/law/parameters/property_tax.yaml, all
samples with their sources; issue 13) and the part-year reading (READINGS.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from salyk.law.parameters import packaged
from salyk.law.property_tax import (NotAssessed, RealEstate, Vehicle, due_date, months_owned, property_tax,
                                    rule_version)
from salyk.law.trace import Trace

ALL_YEAR = (dt.date(2010, 1, 1), None)


@pytest.mark.parametrize("made, cc, expected", [
    # TC art. 324 (sample table): age = 2025 - year + 1; 1-5 years 0.90, 6-10 0.75, 11-15 0.60, 16+ 0.45 som/cm³
    (2021, 1500, D("1350.00")),  # age 5: 1500 × 0.90 = 1350
    (2020, 1500, D("1125.00")),  # age 6: 1500 × 0.75 = 1125
    (2019, 2000, D("1500.00")),  # age 7 (spec 04 3.2 derived example): 2000 × 0.75 = 1500
    (2015, 1800, D("1080.00")),  # age 11: 1800 × 0.60 = 1080
])
def test_passenger_car_by_age(made, cc, expected):
    assert property_tax(2025, Vehicle("passenger", made, cc, None), *ALL_YEAR) == expected


def test_passenger_car_age_bounds():
    # age 10 (2016): 0.75; age 15 (2011): 0.60; age 16 (2010): 0.45 -> 1500 × 0.45 = 675 (spec 04 3.2)
    assert property_tax(2025, Vehicle("passenger", 2016, 1000, None), *ALL_YEAR) == D("750.00")
    assert property_tax(2025, Vehicle("passenger", 2011, 1000, None), *ALL_YEAR) == D("600.00")
    assert property_tax(2025, Vehicle("passenger", 2010, 1500, None), *ALL_YEAR) == D("675.00")
    # age 1: the year of manufacture counts (2025 - 2025 + 1)
    assert property_tax(2025, Vehicle("passenger", 2025, 1000, None), *ALL_YEAR) == D("900.00")


def test_electric_car_pays_half_a_percent_of_book_value():
    # TC art. 324 (sample): no engine -> 0.5 % of the book value: 2,400,000 × 0.005 = 12,000
    trace = Trace()
    assert property_tax(2025, Vehicle("electric", 2023, None, D("2400000")), *ALL_YEAR, trace) == D("12000.00")
    assert any("book value" in s.text for s in trace.steps)
    with pytest.raises(NotAssessed):
        property_tax(2025, Vehicle("electric", 2023, None, None), *ALL_YEAR)


def test_other_kinds_use_their_sample_tables():
    for name in ("property_vehicle_truck_rates", "property_vehicle_bus_rates", "property_vehicle_motorcycle_rates",
                 "property_vehicle_other_rates", "property_vehicle_passenger_rates"):
        assert packaged(name).sample and packaged(name).note
    # truck sample: age 3 -> 1.00 som/cm³: 4000 × 1.00 = 4000; motorcycle age 20 -> 0.15: 600 × 0.15 = 90
    assert property_tax(2025, Vehicle("truck", 2023, 4000, None), *ALL_YEAR) == D("4000.00")
    assert property_tax(2025, Vehicle("motorcycle", 2006, 600, None), *ALL_YEAR) == D("90.00")


def test_dwellings():
    # spec 04 3.3: house 200 m², exempt 150 -> 50 m² × 75 som (Bishkek) = 3,750
    house = RealEstate("dwelling_house", D("200"), D("1"), "bishkek")
    assert property_tax(2025, house, *ALL_YEAR) == D("3750.00")
    # flat 95.5 m², exempt 80 -> 15.5 × 75 = 1162.50; share 1/2 -> 581.25
    assert property_tax(2025, RealEstate("apartment", D("95.5"), D("0.5"), "bishkek"), *ALL_YEAR) == D("581.25")
    # below the exempt area: never below zero
    assert property_tax(2025, RealEstate("apartment", D("60"), D("1"), "bishkek"), *ALL_YEAR) == D("0.00")
    # another locality: the sample "other" rate 50: (180 - 150) × 50 = 1500
    assert property_tax(2025, RealEstate("dwelling_house", D("180"), D("1"), "karakol"), *ALL_YEAR) == D("1500.00")


def test_dwelling_rules_start_in_2025_and_land_is_not_assessed():
    with pytest.raises(NotAssessed):
        property_tax(2024, RealEstate("dwelling_house", D("200"), D("1"), "bishkek"), *ALL_YEAR)
    with pytest.raises(NotAssessed):
        property_tax(2025, RealEstate("land_settlement", D("600"), D("1"), "bishkek"), *ALL_YEAR)


def test_part_year_by_months_owned_on_the_15th():
    # READINGS.md: a month counts when owned on its 15th; owned_to is the day ownership passed
    assert months_owned(2025, dt.date(2020, 1, 1), None) == 12
    assert months_owned(2025, dt.date(2025, 1, 1), dt.date(2026, 1, 1)) == 12
    assert months_owned(2025, dt.date(2025, 3, 15), None) == 10  # March (15th owned) to December
    assert months_owned(2025, dt.date(2025, 3, 16), None) == 9  # April to December
    # a sale on 15 June: seller Jan-May (5), buyer Jun-Dec (7): 12 in all, never twice
    assert months_owned(2025, dt.date(2020, 1, 1), dt.date(2025, 6, 15)) == 5
    assert months_owned(2025, dt.date(2025, 6, 15), None) == 7
    assert months_owned(2025, dt.date(2026, 1, 1), None) == 0
    # 2000 cm³, age 7: 1500 a year × 7 / 12 = 875.00
    assert property_tax(2025, Vehicle("passenger", 2019, 2000, None), dt.date(2025, 6, 15), None) == D("875.00")
    # 1350 a year × 5 / 12 = 562.50
    assert property_tax(2025, Vehicle("passenger", 2021, 1500, None), dt.date(2020, 1, 1), dt.date(2025, 6, 15)) == D("562.50")


def test_due_first_of_september_rolled_forward():
    # TC art. 16(6): 1 Sep 2025 is a Monday (working); 1 Sep 2024 a Sunday -> Mon 2 Sep;
    # 1 Sep 2029 is a Saturday -> Mon 3 Sep
    assert due_date(2025) == dt.date(2025, 9, 1)
    assert due_date(2024) == dt.date(2024, 9, 2)
    assert due_date(2029) == dt.date(2029, 9, 3)


def test_trace_cites_and_rule_version_follows_the_values():
    trace = Trace()
    property_tax(2025, Vehicle("passenger", 2019, 2000, None), *ALL_YEAR, trace)
    assert [str(s.citation) for s in trace.steps][:2] == ["TC art. 324", "TC art. 324"]
    assert trace.result == D("1500.00")
    other = Trace()
    property_tax(2025, RealEstate("apartment", D("90"), D("1"), "bishkek"), *ALL_YEAR, other)
    assert rule_version(trace) != rule_version(other)
    again = Trace()
    property_tax(2025, Vehicle("passenger", 2018, 1000, None), *ALL_YEAR, again)
    assert rule_version(again) == rule_version(trace)  # same table, same values
