"""Patent prices worked by hand from salyk/law/parameters/patent.yaml (sample amounts, spec 04
section 2.4) with the rules of Law No. 68 of 28.05.2012 (TC art. 355(2)) and Res. 418/84 (×5)."""

import datetime as dt
from decimal import Decimal

import pytest

from salyk.law import patent
from salyk.law.parameters import parameter

D = Decimal
MARCH = dt.date(2025, 3, 20)


@pytest.mark.parametrize("activity, zone, term, expected", [
    # S-63 translator, Bishkek, B = 2000.00 (patent_base_amounts 2025-01-08)
    ("S-63", "bishkek", 30, D("2000.00")),   # 30 days = B
    ("S-63", "bishkek", 90, D("5700.00")),   # 3 × 2000 × 0.95 = 5700
    ("S-63", "bishkek", 180, D("10800.00")),  # 6 × 2000 × 0.90 = 10800
    # 1, 2, 15 days = B × days / 30 (our reading, patent_terms note)
    ("S-01", "osh", 15, D("600.00")),        # 1200 × 15 / 30 = 600
    ("S-63", "osh", 1, D("53.33")),          # 1600 / 30 = 53.333… → 53.33
    ("S-63", "osh", 2, D("106.67")),         # 1600 × 2 / 30 = 106.666… → 106.67 (half up)
    ("S-02", "other", 1, D("10.00")),        # 300 / 30 = 10
    ("S-04", "oblast_center", 30, D("2000.00")),  # market space (Decree No. 1 of 08.01.2025), B = 2000
])
def test_price_by_term(activity, zone, term, expected):
    assert patent.quote(activity, zone, term, MARCH, "kg").amount == expected


def test_foreigner_outside_eaeu_pays_five_times_and_eaeu_citizen_does_not():
    # Res. 418 item 1-1 / Res. 84: coefficient 5 for a non-EAEU foreigner or stateless person.
    assert patent.quote("S-63", "bishkek", 30, MARCH, "other").amount == D("10000.00")  # 5 × 2000
    assert patent.quote("S-63", "bishkek", 90, MARCH, "other").amount == D("28500.00")  # 5 × 3 × 2000 × 0.95
    assert patent.quote("S-63", "bishkek", 30, MARCH, "eaeu").amount == D("2000.00")


def test_the_base_in_force_on_the_start_date_applies():
    # Hairdresser, Bishkek: 1500 until 30.06.2025, 1800 from 01.07.2025 (sample rate change).
    before = patent.quote("S-01", "bishkek", 30, dt.date(2025, 6, 30), "kg")
    assert before.amount == D("1500.00") and before.valid_to == dt.date(2025, 7, 29)  # straddles the change: start decides
    assert patent.quote("S-01", "bishkek", 30, dt.date(2025, 7, 1), "kg").amount == D("1800.00")


def test_validity_is_consecutive_days_from_the_start():
    # valid_to = valid_from + term − 1 day
    assert patent.validity(dt.date(2025, 3, 20), 30) == (dt.date(2025, 3, 20), dt.date(2025, 4, 18))
    assert patent.validity(dt.date(2025, 3, 20), 1) == (dt.date(2025, 3, 20), dt.date(2025, 3, 20))
    assert patent.validity(dt.date(2024, 12, 1), 90) == (dt.date(2024, 12, 1), dt.date(2025, 2, 28))


def test_market_space_exists_only_from_the_decree():
    assert patent.catalogue(dt.date(2025, 1, 7)).find("S-04") is None
    assert patent.catalogue(dt.date(2025, 1, 8)).find("S-04") is not None


@pytest.mark.parametrize("args, code", [
    (("S-99", "bishkek", 30), "UNKNOWN_ACTIVITY"),
    (("S-63", "tokmok", 30), "UNKNOWN_ZONE"),
    (("S-63", "bishkek", 45), "INVALID_TERM"),
    (("S-63", "bishkek", 0), "INVALID_TERM"),
])
def test_unknown_inputs(args, code):
    with pytest.raises(patent.PatentRuleError) as exc:
        patent.quote(*args, MARCH, "kg")
    assert exc.value.code == code


def test_trace_cites_every_step():
    q = patent.quote("S-63", "bishkek", 90, MARCH, "other")
    assert [s.citation for s in q.steps][:3] == [
        "Government Res. No. 84 of 18.02.2022, appendices 1-2 (base amounts)",
        "Law No. 68 of 28.05.2012 (TC art. 355(2)): terms of 1, 2, 15, 30, 90, 180 days; -5 % for 90, -10 % for 180",
        "Government Res. No. 418 of 2015 item 1-1; Res. No. 84 of 18.02.2022 (coefficient 5 for non-EAEU foreigners)",
    ]


def test_reminders_five_and_one_day_before_each_once():
    valid_to = dt.date(2025, 4, 18)
    assert patent.reminder_due(valid_to, dt.date(2025, 4, 12)) is None   # 6 days left
    assert patent.reminder_due(valid_to, dt.date(2025, 4, 13)) == 5      # 5 days left
    assert patent.reminder_due(valid_to, dt.date(2025, 4, 15)) == 5      # 3 days left: still the 5-day one (sent once)
    assert patent.reminder_due(valid_to, dt.date(2025, 4, 17)) == 1      # 1 day left
    assert patent.reminder_due(valid_to, dt.date(2025, 4, 19)) is None   # expired


def test_samples_are_labelled():
    from salyk.law.parameters import definition

    for name in ("patent_activities", "patent_base_amounts", "patent_terms"):
        d = definition(name)
        assert d.sample and d.note
    assert parameter("patent_payment_days", MARCH) == 3
