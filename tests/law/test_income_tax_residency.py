"""Residency (TC art. 23(2)-(3)), the object of income tax (TC arts. 161-162) and persons not
taxed (TC art. 179). Readings: READINGS.md, "Income tax: residency" and "payers and scope"."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from salyk.law.income_tax import Individual, ResidencyInput, Stay, TaxScope, income_tax_scope, is_resident, residency
from salyk.law.income_tax.residency import deductions_allowed
from salyk.law.trace import Trace

D = dt.date


def test_183_days_within_the_year_make_a_resident():
    # TC art. 23(2): 1 Jan - 2 Jul 2024 is 31+29+31+30+31+30+2 = 184 days (2024 is a leap year) >= 183
    assert is_resident(2024, [Stay(D(2024, 1, 1), D(2024, 7, 2))])
    # 1 Jan - 30 Jun 2024 = 182 days < 183: a non-resident (art. 23(3))
    assert not is_resident(2024, [Stay(D(2024, 1, 1), D(2024, 6, 30))])


def test_exactly_183_days_is_enough():
    # TC art. 23(2) "183 жана андан ашуун күнгө": 1 Jan - 1 Jul 2024 = 182 + 1 = 183 days
    result = residency(ResidencyInput(2024, (Stay(D(2024, 1, 1), D(2024, 7, 1)),)))
    assert result.resident and result.days_present == 183


def test_a_window_reaching_back_into_the_previous_year_counts():
    # TC art. 23(2) "any 12 consecutive months": present 1 Sep 2023 - 31 Mar 2024.
    # Window ending 31 Mar 2024 (1 Apr 2023 - 31 Mar 2024): Sep 30 + Oct 31 + Nov 30 + Dec 31 = 122 days in 2023,
    # Jan 31 + Feb 29 + Mar 31 = 91 days in 2024; 213 >= 183: a resident for 2024.
    result = residency(ResidencyInput(2024, (Stay(D(2023, 9, 1), D(2024, 3, 31)),)))
    assert result.resident
    assert result.days_present == 213
    assert result.window_end == D(2024, 3, 31)


def test_a_window_must_end_inside_the_tax_year():
    # TC art. 23(2)-(3). Reading (READINGS.md): 1 Nov 2024 - 30 Jun 2025 gives only 61 days (Nov 30 + Dec 31) in windows ending in 2024:
    # a non-resident for 2024, but for 2025 the window ending 30 Jun 2025 holds 61 + 181 = 242 days.
    stays = [Stay(D(2024, 11, 1), D(2025, 6, 30))]
    assert not is_resident(2024, stays)
    assert is_resident(2025, stays)


def test_arrival_and_departure_days_count_and_overlaps_count_once():
    # TC art. 23(2). Reading: every calendar day spent in the KR counts; two overlapping stays count a day once.
    # 1 Jan - 31 May (152 days) and 15 May - 1 Jul (overlap 15-31 May): union 1 Jan - 1 Jul = 183 days.
    stays = [Stay(D(2024, 1, 1), D(2024, 5, 31)), Stay(D(2024, 5, 15), D(2024, 7, 1))]
    assert residency(ResidencyInput(2024, tuple(stays))).days_present == 183


def test_state_service_abroad_is_resident_without_days():
    # TC art. 23(2): "чет өлкөлөрдө Кыргыз Республикасынын мамлекеттик кызматында жүргөн ар кандай жеке адам"
    trace = Trace()
    assert residency(ResidencyInput(2024, (), state_service_abroad=True), trace).resident
    assert str(trace.steps[0].citation) == "TC art. 23(2)"


def test_trace_records_the_threshold_parameter():
    trace = Trace()
    residency(ResidencyInput(2024, (Stay(D(2024, 1, 1), D(2024, 1, 10)),)), trace)
    assert [p.name for p in trace.parameters] == ["income_tax_residency_days"]
    assert str(trace.steps[-1].citation) == "TC art. 23(3)"


def test_no_day_in_the_tax_year_no_residency_for_it():
    # TC art. 23(2)-(3). Reading (READINGS.md): 1 Jun - 31 Dec 2023 is 214 days, a resident for 2023; for 2024, with no day present
    # in 2024, the window must end on a day of presence in the year: none, so a non-resident for 2024.
    stays = [Stay(D(2023, 6, 1), D(2023, 12, 31))]
    assert is_resident(2023, stays)
    assert not is_resident(2024, stays)


def _window_start(end):
    # the first day of the 12 consecutive months ending on `end`: the same date a year before, plus one day
    year = end.year - 1
    last_day = 29 if (end.month == 2 and year % 4 == 0) else (28 if end.month == 2 else end.day)
    return D(year, end.month, min(end.day, last_day)) + dt.timedelta(days=1)


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=D(2022, 6, 1), max_value=D(2024, 12, 31)),
    length=st.integers(min_value=0, max_value=500),
)
def test_a_single_stay_counts_the_days_of_its_best_window(start, length):
    # Property, TC art. 23(2): for one continuous stay with days in 2024, the best window ends on its last day in
    # 2024 and holds the stay's days from the window start; the person is a resident iff that is >= 183.
    end = start + dt.timedelta(days=length)
    result = residency(ResidencyInput(2024, (Stay(start, end),)))
    if end < D(2024, 1, 1):
        assert result.days_present == 0 and not result.resident
        return
    last = min(end, D(2024, 12, 31))
    expected = (last - max(start, _window_start(last))).days + 1
    assert result.days_present == expected
    assert result.resident == (expected >= 183)


# --- TC arts. 161, 162, 179, 180, 181 --------------------------------------------------------


def test_scope_of_a_resident_citizen_is_worldwide():
    # TC art. 162(1)(a): a KR citizen, KR and foreign sources
    assert income_tax_scope(Individual(citizen=True, resident=True)) is TaxScope.WORLDWIDE


def test_non_citizen_resident_with_right_of_residence_or_kairylman_is_worldwide():
    # TC art. 162(1)(a): a non-citizen resident with a right of residence or кайрылман status
    assert income_tax_scope(Individual(citizen=False, resident=True, residence_right_or_kairylman=True)) is TaxScope.WORLDWIDE


def test_other_non_citizen_resident_is_taxed_on_kr_sources():
    # TC art. 162(1)(a1)
    assert income_tax_scope(Individual(citizen=False, resident=True)) is TaxScope.KR_SOURCE


def test_non_residents_are_taxed_on_kr_sources_citizen_or_not():
    # TC art. 162(1)(b); a non-resident citizen: the specific rule (b) over (a), TC art. 15(3) (READINGS.md)
    assert income_tax_scope(Individual(citizen=False, resident=False)) is TaxScope.KR_SOURCE
    assert income_tax_scope(Individual(citizen=True, resident=False)) is TaxScope.KR_SOURCE


def test_non_resident_employee_of_a_foreign_branch_of_a_domestic_organisation_is_not_taxed():
    # TC art. 162(1)(b): the exception
    person = Individual(citizen=False, resident=False, foreign_branch_employee=True)
    trace = Trace()
    assert income_tax_scope(person, trace) is TaxScope.NONE
    assert str(trace.steps[0].citation) == "TC art. 162(1)(b)"


def test_foreign_diplomats_and_international_staff():
    # TC art. 179(1)-(2): only KR-source income not connected with the service; 179(3): not taxed
    assert income_tax_scope(Individual(citizen=False, resident=True, diplomatic_staff=True)) is TaxScope.KR_SOURCE_NOT_FROM_SERVICE
    assert income_tax_scope(Individual(citizen=False, resident=True, international_organisation_staff=True)) is TaxScope.NONE
    # a KR citizen on the staff of a foreign mission gets no art. 179 treatment
    assert income_tax_scope(Individual(citizen=True, resident=True, diplomatic_staff=True)) is TaxScope.WORLDWIDE


def test_who_gets_the_deductions():
    # TC art. 181(1): a non-citizen non-resident, none; art. 180: a non-citizen resident, the standard ones
    assert not deductions_allowed(Individual(citizen=False, resident=False))
    assert deductions_allowed(Individual(citizen=False, resident=True))
    assert deductions_allowed(Individual(citizen=True, resident=False))
