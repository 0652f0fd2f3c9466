"""TC art. 16: working days, roll-forward (16(6)) and term arithmetic (16(2)-(5)).

The holiday expectations below are written from the Labour Code and public decrees, not read
from the ``holidays`` package: the package is what we test.
"""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salyk.law.calendar import (
    Calendar,
    CalendarOverride,
    add_months,
    add_working_days,
    add_years,
    is_working_day,
    nominal_term_end,
    period_end,
    roll_forward,
    term_end,
)

D = dt.date

# Fixed-date public holidays of the Labour Code (2004 Code as amended; from 2025 the Labour
# Code of 23 January 2025 made 23 February, 7 April and 7-8 November ordinary working days).
ALWAYS = [(1, 1), (1, 7), (3, 8), (3, 21), (5, 1), (5, 5), (5, 9), (8, 31)]


def fixed_holidays(year):
    days = list(ALWAYS)
    if year <= 2024:
        days.append((2, 23))  # Fatherland Defender's Day
        days.append((11, 7))  # 7 November (October Revolution; from 2018 Days of History)
    if 2016 <= year <= 2024:
        days.append((4, 7))  # Day of the People's April Revolution (Law No. 34 of 2016)
    if 2018 <= year <= 2024:
        days.append((11, 8))  # Days of History and Commemoration of Ancestors (Law No. 190 of 2017)
    return [D(year, m, d) for m, d in days]


@pytest.mark.parametrize("year", range(2015, 2027))
def test_fixed_public_holidays_on_weekdays_are_not_working_days(year):
    """TC art. 16(6): a public holiday is a non-working day (Labour Code list)."""
    for day in fixed_holidays(year):
        if day.weekday() < 5:
            assert not is_working_day(day), day


@pytest.mark.parametrize(
    "day",
    [
        D(2016, 3, 21), D(2017, 3, 21), D(2018, 3, 21), D(2019, 3, 21), D(2022, 3, 21),
        D(2023, 3, 21), D(2024, 3, 21), D(2025, 3, 21),  # Nooruz on a weekday
        D(2015, 8, 31), D(2016, 8, 31), D(2017, 8, 31), D(2018, 8, 31), D(2020, 8, 31),
        D(2021, 8, 31), D(2022, 8, 31), D(2023, 8, 31), D(2026, 8, 31),  # Independence Day
    ],
)
def test_nooruz_and_independence_day(day):
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [D(2025, 2, 24), D(2025, 4, 7), D(2025, 11, 7), D(2026, 2, 23), D(2026, 4, 7)])
def test_days_made_working_by_the_2025_labour_code(day):
    """Labour Code of 23 Jan 2025: 23 Feb, 7 Apr and 7-8 Nov are no longer days off."""
    assert is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [D(2023, 4, 21), D(2023, 6, 28), D(2024, 4, 10)],  # Orozo Ait 2023, Kurman Ait 2023, Orozo Ait 2024
)
def test_confirmed_ait_dates(day):
    assert not is_working_day(day)


def test_weekends_and_ordinary_days():
    assert not is_working_day(D(2024, 3, 16))  # Saturday
    assert not is_working_day(D(2024, 3, 17))  # Sunday
    assert is_working_day(D(2024, 3, 20))  # Wednesday
    assert is_working_day(D(2024, 6, 3))


def test_a_holiday_on_a_sunday_moves_the_day_off_to_monday_before_2025():
    """Labour Code (2004): 1 January 2017 was a Sunday, so Monday 2 January was a day off."""
    assert not is_working_day(D(2017, 1, 2))


def test_saturday_made_working_by_decree():
    """Government decree for 2015: 2 January off in exchange for Saturday 10 January."""
    assert not is_working_day(D(2015, 1, 2))
    assert is_working_day(D(2015, 1, 10))


def test_roll_forward_over_the_new_year_2023():
    """E15 (TC art. 58, 16(6)): Saturday 31 Dec 2022; 1 Jan Sunday, 2 Jan (observed New Year),
    3-6 Jan days off by decree, 7 Jan Christmas (Saturday), 8 Jan Sunday -> Monday 9 January."""
    assert roll_forward(D(2022, 12, 31)) == D(2023, 1, 9)


def test_march_2016_decree_moved_saturday_5_march_to_monday_7_march():
    """Decree of Feb 2016 (reported by knews.kg 15 Feb 2016, from the Government's site): "перенести
    выходные дни 5 марта ... на рабочие дни 7 марта". A term ending Sun 6 Mar 2016 therefore ends
    on Wed 9 Mar (7 Mar off by decree, 8 Mar Women's Day), TC art. 16(6)."""
    assert is_working_day(D(2016, 3, 5))
    assert not is_working_day(D(2016, 3, 7))
    assert roll_forward(D(2016, 3, 6)) == D(2016, 3, 9)


def test_decrees_of_2018_moved_days_off():
    """Government decree of 2018 "On moving days off" (kyrgyztoday.org): Sat 3 Mar -> Fri 9 Mar,
    Sat 28 Apr -> Mon 30 Apr, Mon 7 May -> Mon 3 Sep 2018. TC art. 16(6): a term ending on Fri
    9 Mar 2018 ends on Mon 12 Mar (10-11 Mar weekend)."""
    assert is_working_day(D(2018, 3, 3)) and not is_working_day(D(2018, 3, 9))
    assert is_working_day(D(2018, 4, 28)) and not is_working_day(D(2018, 4, 30))
    assert is_working_day(D(2018, 5, 7)) and not is_working_day(D(2018, 9, 3))
    assert roll_forward(D(2018, 3, 9)) == D(2018, 3, 12)


def test_cabinet_decision_of_december_2022_for_2023():
    """Cabinet decision of Dec 2022 (24.kg, bulak.kg): 1-8 Jan, 18-21 Mar, 5-9 May and 4-8 Nov 2023
    days off; Saturdays 25 Feb, 11 Mar, 25 Mar, 29 Apr, 13 May and 11 Nov 2023 working days.
    TC art. 16(6): a term ending Sat 4 Nov 2023 ends on Thu 9 Nov."""
    for day in (D(2023, 1, 3), D(2023, 1, 6), D(2023, 3, 20), D(2023, 5, 8), D(2023, 11, 6)):
        assert not is_working_day(day), day
    for day in (D(2023, 2, 25), D(2023, 3, 11), D(2023, 3, 25), D(2023, 4, 29), D(2023, 5, 13), D(2023, 11, 11)):
        assert is_working_day(day), day
    assert roll_forward(D(2023, 11, 4)) == D(2023, 11, 9)


def test_roll_forward_returns_a_working_day_itself():
    assert roll_forward(D(2024, 3, 20)) == D(2024, 3, 20)
    assert roll_forward(D(2024, 3, 23)) == D(2024, 3, 25)  # Saturday -> Monday


def test_overrides_win_over_the_package():
    extra_day_off = CalendarOverride(D(2024, 3, 20), False, "test decree: day off")
    saturday_worked = CalendarOverride(D(2024, 3, 23), True, "test decree: working Saturday")
    holiday_worked = CalendarOverride(D(2024, 3, 8), True, "test decree: holiday made working")
    cal = Calendar([extra_day_off, saturday_worked, holiday_worked])
    assert not cal.is_working_day(D(2024, 3, 20))
    assert cal.is_working_day(D(2024, 3, 23))
    assert cal.is_working_day(D(2024, 3, 8))
    # 20 Mar off (override), 21 Mar Nooruz, 22 Mar off by the 2024 decree, 23 Mar worked (override).
    assert cal.roll_forward(D(2024, 3, 20)) == D(2024, 3, 23)
    # The default calendar is untouched.
    assert is_working_day(D(2024, 3, 20))


def test_override_entries_are_validated():
    with pytest.raises(ValueError, match="source"):
        CalendarOverride.parse({"date": D(2024, 1, 9), "working": False})
    with pytest.raises(ValueError, match="true or false"):
        CalendarOverride.parse({"date": D(2024, 1, 9), "working": "no", "source": "x"})


def test_working_days_count_from_the_next_day():
    """TC art. 87(5), 16(2): 10 working days from Friday 1 November 2024.
    Mon 4, Tue 5, Wed 6 (1-3); Thu 7 and Fri 8 Nov are the Days of History (holidays);
    Mon 11 .. Fri 15 (4-8); Mon 18 (9), Tue 19 (10)."""
    assert add_working_days(D(2024, 11, 1), 10) == D(2024, 11, 19)
    # A month with no holiday: Fri 4 Oct 2024 + 10 working days = Fri 18 Oct.
    assert add_working_days(D(2024, 10, 4), 10) == D(2024, 10, 18)


# --- term arithmetic ----------------------------------------------------------------------


def test_months_keep_the_corresponding_day_or_take_the_last_day():
    """TC art. 16(4)-(5)."""
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2024, 11, 15), 3) == D(2025, 2, 15)
    assert add_months(D(2024, 3, 31), -1) == D(2024, 2, 29)


def test_years_keep_month_and_day_or_take_the_last_day():
    """TC art. 16(3), (5): 29 Feb 2024 + 1 year -> 28 Feb 2025."""
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert add_years(D(2016, 12, 31), 6) == D(2022, 12, 31)


def test_term_in_months_reading_depends_on_who_it_binds():
    """TC art. 16(4) read for the taxpayer (15(3)): a taxpayer's term of 1 month from 15 Jan 2024
    ends on the last day of its last month (29 Feb); a term that limits the tax body on 15 Feb."""
    assert nominal_term_end(D(2024, 1, 15), months=1, bound="taxpayer") == D(2024, 2, 29)
    assert nominal_term_end(D(2024, 1, 15), months=1, bound="tax_body") == D(2024, 2, 15)


def test_term_in_days_then_roll_forward():
    """E12 (TC art. 88, 16(6)): 30 days from Fri 21 Apr 2017 is Sun 21 May -> Mon 22 May."""
    assert term_end(D(2017, 4, 21), days=30) == D(2017, 5, 22)


def test_period_end_counts_twelve_consecutive_months():
    """TC art. 16(3): a year is any twelve consecutive calendar months."""
    assert period_end(D(2024, 3, 15), years=1) == D(2025, 3, 14)
    assert period_end(D(2024, 1, 1), years=1) == D(2024, 12, 31)
    assert period_end(D(2024, 3, 1), months=1) == D(2024, 3, 31)
    assert period_end(D(2024, 1, 31), months=1) == D(2024, 2, 29)


# --- properties ---------------------------------------------------------------------------

dates = st.dates(min_value=D(2009, 1, 1), max_value=D(2030, 12, 31))


@settings(max_examples=300, deadline=None)
@given(dates)
def test_roll_forward_is_idempotent_and_lands_on_a_working_day(day):
    rolled = roll_forward(day)
    assert rolled >= day
    assert is_working_day(rolled)
    assert roll_forward(rolled) == rolled
    probe = day
    while probe < rolled:  # nothing working was skipped
        assert not is_working_day(probe)
        probe += dt.timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(min_value=-60, max_value=60))
def test_add_months_lands_in_the_right_month(day, n):
    out = add_months(day, n)
    assert (out.year * 12 + out.month) - (day.year * 12 + day.month) == n
    assert out.day == day.day or out.day < day.day and (out + dt.timedelta(days=1)).month != out.month
