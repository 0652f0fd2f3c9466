"""TC art. 68-69: write-off of hopeless debt."""

import datetime as dt

from salyk.law.write_off import WriteOffGround, write_off_allowed


def test_limitation_runs_out_after_six_years():
    # TC art. 58(1)(1), 68(2): period 2015 ends 31 Dec 2015; 6 years from 1 Jan 2016 end on
    # 31 Dec 2021, a Friday (working day). On that day the claim still lives; on 1 Jan 2022 it is barred.
    end = dt.date(2015, 12, 31)
    assert not write_off_allowed("limitation", taxpayer_is_individual=True, on=dt.date(2021, 12, 31), period_ends=(end,)).allowed
    assert write_off_allowed("limitation", taxpayer_is_individual=False, on=dt.date(2022, 1, 1), period_ends=(end,)).allowed


def test_death_and_missing_only_for_individuals():
    # TC art. 68(4)-(5) speak of a natural person.
    for ground in (WriteOffGround.DEATH, WriteOffGround.MISSING_OR_INCAPABLE):
        assert write_off_allowed(ground, taxpayer_is_individual=True, on=dt.date(2020, 1, 1)).allowed
        check = write_off_allowed(ground, taxpayer_is_individual=False, on=dt.date(2020, 1, 1))
        assert not check.allowed and "individuals only" in check.reasons[0]
    assert write_off_allowed("special_law", taxpayer_is_individual=False, on=dt.date(2020, 1, 1)).allowed
    assert str(WriteOffGround.SPECIAL_LAW.citation) == "TC art. 68(6)"
