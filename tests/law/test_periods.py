"""Tax periods as the contract writes them (TC art. 36, 16(3)-(4))."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salyk.law.periods import TaxPeriod

D = dt.date


@pytest.mark.parametrize(
    "text, kind, start, end",
    [
        ("2024", "year", D(2024, 1, 1), D(2024, 12, 31)),
        ("2024-Q1", "quarter", D(2024, 1, 1), D(2024, 3, 31)),
        ("2024-Q4", "quarter", D(2024, 10, 1), D(2024, 12, 31)),
        ("2024-02", "month", D(2024, 2, 1), D(2024, 2, 29)),
        ("2023-02", "month", D(2023, 2, 1), D(2023, 2, 28)),
        ("2024-12", "month", D(2024, 12, 1), D(2024, 12, 31)),
    ],
)
def test_parse(text, kind, start, end):
    p = TaxPeriod.parse(text)
    assert (p.kind, p.start, p.end) == (kind, start, end)
    assert str(p) == text


@pytest.mark.parametrize(
    "bad",
    ["2024-13", "2024-00", "2024-Q5", "2024-Q0", " 2024", "2024 ", "2024-q1", "2024-3", "24",
     "2024-1", "0000", "2024/03", "２０２４", "", "2024-Q1-01", "2024-03-01"],
)
def test_anything_else_is_refused(bad):
    with pytest.raises(ValueError):
        TaxPeriod.parse(bad)


def test_non_strings_are_refused():
    with pytest.raises(ValueError):
        TaxPeriod.parse(2024)


def test_next_and_previous_cross_the_year():
    assert str(TaxPeriod.parse("2024-12").next()) == "2025-01"
    assert str(TaxPeriod.parse("2024-Q4").next()) == "2025-Q1"
    assert str(TaxPeriod.parse("2024").next()) == "2025"
    assert str(TaxPeriod.parse("2025-01").previous()) == "2024-12"


def test_contains():
    q = TaxPeriod.parse("2024-Q2")
    assert q.contains(D(2024, 4, 1)) and q.contains(D(2024, 6, 30))
    assert not q.contains(D(2024, 3, 31)) and not q.contains(D(2024, 7, 1))


def test_containing_and_order():
    assert TaxPeriod.containing(D(2024, 8, 15), "quarter") == TaxPeriod.parse("2024-Q3")
    assert TaxPeriod.containing(D(2024, 8, 15), "month") == TaxPeriod.parse("2024-08")
    assert sorted(map(TaxPeriod.parse, ["2024-02", "2024", "2023-Q4", "2024-Q1"])) == list(
        map(TaxPeriod.parse, ["2023-Q4", "2024", "2024-Q1", "2024-02"])
    )


periods = st.one_of(
    st.builds(TaxPeriod.of_year, st.integers(1, 9998)),
    st.builds(TaxPeriod.of_quarter, st.integers(1, 9998), st.integers(1, 4)),
    st.builds(TaxPeriod.of_month, st.integers(1, 9998), st.integers(1, 12)),
)


@given(periods)
def test_round_trip_and_adjacency(p):
    assert TaxPeriod.parse(str(p)) == p
    nxt = p.next()
    assert nxt.start == p.end + dt.timedelta(days=1)
    assert nxt.previous() == p
    assert p.contains(p.start) and p.contains(p.end)
