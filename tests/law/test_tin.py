"""TIN (ИСН) validation, TC art. 97 with the reading in READINGS.md."""

import pytest

from salyk.law.tin import TinKind, is_valid_tin, parse_tin


@pytest.mark.parametrize(
    "tin, kind",
    [
        ("01503201810012", TinKind.ORGANIZATION),  # 0 + 15.03.2018 + 5 digits
        ("12905199000123", TinKind.INDIVIDUAL),  # 1 + 29.05.1990
        ("22902200000017", TinKind.INDIVIDUAL),  # 2 + 29.02.2000 (a leap year)
    ],
)
def test_valid(tin, kind):
    assert parse_tin(tin) is kind


@pytest.mark.parametrize(
    "tin",
    [
        "1290519900012",  # 13 digits
        "129051990001234",  # 15 digits
        "32905199000123",  # first digit 3
        "13202199000123",  # 32.02.1990
        "12913199000123",  # month 13
        "12902190000123",  # 29.02.1900: 1900 was not a leap year
        "1290519900012a",
        "１２９０５１９９０００１２３",  # full-width digits are not ASCII digits
        12905199000123,
        None,
    ],
)
def test_invalid(tin):
    assert not is_valid_tin(tin)
