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


def test_limitation_ground_checks_each_debts_own_limitation():
    # A sanction assessed Mon 20 Feb 2017 is claimed until Tue 20 Feb 2023 (TC art. 140(1)); a tax
    # debt of period 2017-01 after an audit notice delivered Fri 10 Mar 2017 until Fri 10 Mar 2023
    # (58(1)(3)). On 1 Mar 2023 the sanction is time-barred but the tax is not.
    from salyk.law.limitation import debt_limitation_end

    sanction = debt_limitation_end("sanction", period_end=dt.date(2017, 1, 31), arose_on=dt.date(2017, 2, 20))
    tax = debt_limitation_end("tax", period_end=dt.date(2017, 1, 31), arose_on=dt.date(2017, 2, 20),
                              audit_notice_delivered_on=dt.date(2017, 3, 10))
    assert (sanction[0], str(sanction[1])) == (dt.date(2023, 2, 20), "TC art. 140(1)")
    assert (tax[0], str(tax[1])) == (dt.date(2023, 3, 10), "TC art. 58(1)(3)")
    on = dt.date(2023, 3, 1)
    assert write_off_allowed("limitation", taxpayer_is_individual=False, on=on, limitation_ends=(sanction,)).allowed
    check = write_off_allowed("limitation", taxpayer_is_individual=False, on=on, limitation_ends=(sanction, tax))
    assert not check.allowed and "2023-03-10 (TC art. 58(1)(3)" in check.reasons[0]


def test_a_deferral_end_moves_the_start_58_1_2():
    # Period 2017-01 (58(1)(1): until Tue 31 Jan 2023); a plan ending Tue 30 May 2017 left unpaid
    # (58(1)(2)): until Tue 30 May 2023. Interest of the plan due on 30 May 2017 counts from the plan's
    # end too, whatever period it was booked under: until 30 May 2023.
    from salyk.law.limitation import debt_limitation_end

    last, cite = debt_limitation_end("tax", period_end=dt.date(2017, 1, 31), arose_on=dt.date(2017, 3, 1), deferral_ended_on=dt.date(2017, 5, 30))
    assert (last, str(cite)) == (dt.date(2023, 5, 30), "TC art. 58(1)(2)")
    assert debt_limitation_end("interest", period_end=dt.date(2017, 12, 31), arose_on=dt.date(2017, 5, 30))[0] == dt.date(2023, 5, 30)
