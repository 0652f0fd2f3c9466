"""Limitation periods: TC art. 58 (tax obligations), 81(8) (overpayment claims), 138 and 140
(liability and sanctions).

TC art. 58(1): six years from the day after (1) the end of the tax period, (2) the end of a
deferral or instalment plan left unpaid, (3) the delivery of the notice from a tax audit.
Within it the taxpayer may correct its reports and the tax body reassess and collect (58(2)),
and the taxpayer may claim an overpayment back (58(3)). TC art. 16(2)-(3): a term of years
opened by a day ends on the same month and day of its last year; 16(6) moves it off a
non-working day.

TC art. 58(4)-(5): the period is interrupted during sanation or rehabilitation, "according to the
civil law". We read it as a suspension: the days of the procedure do not count and the period
then runs on (READINGS.md); a restart would lengthen the tax body's reach, which TC art. 15(3)
does not allow us to choose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum

from salyk.law.calendar import Calendar, add_years, default_calendar
from salyk.law.citation import Citation, tc
from salyk.law.periods import TaxPeriod
from salyk.law.trace import N_, Trace, param

ONE_DAY = dt.timedelta(days=1)


class LimitationTrigger(str, Enum):
    PERIOD_END = "period_end"  # 58(1)(1)
    DEFERRAL_ENDED = "deferral_ended"  # 58(1)(2)
    AUDIT_NOTICE_DELIVERED = "audit_notice_delivered"  # 58(1)(3)

    @property
    def citation(self) -> Citation:
        return {"period_end": tc(58, 1, 1), "deferral_ended": tc(58, 1, 2), "audit_notice_delivered": tc(58, 1, 3)}[self.value]


def _years_term(
    anchor: dt.date,
    name: str,
    citation: Citation,
    what: str,
    trace: Trace | None,
    calendar: Calendar | None,
    suspensions: Iterable[tuple[dt.date, dt.date]] = (),
) -> dt.date:
    years = param(trace, name, anchor)
    nominal = add_years(anchor, years)
    if trace is not None:
        trace.step(N_("{what}: {years} years from {first} (the day after {anchor}) end on {end}"), nominal, citation,
                   what=what, years=years, first=anchor + ONE_DAY, anchor=anchor, end=nominal)
    end = nominal
    for start, stop in sorted(suspensions):
        if stop < start:
            raise ValueError(f"a procedure cannot end before it starts: {start} .. {stop}")
        first = max(start, anchor + ONE_DAY)
        if first > end or stop < first:
            continue
        days = (stop - first).days + 1
        end += dt.timedelta(days=days)
        if trace is not None:
            trace.step(N_("sanation/rehabilitation {start} – {stop}: {days} days do not count; the period now ends {end}"), end, tc(58, 4),
                       start=start, stop=stop, days=days, end=end)
    rolled = (calendar or default_calendar()).roll_forward(end)
    if trace is not None and rolled != end:
        trace.step(N_("{day} is not a working day: the period ends on {due}"), rolled, tc(16, 6), day=end, due=rolled)
    if trace is not None:
        trace.result = rolled
    return rolled


def limitation_end(
    trigger_date: dt.date,
    trigger: LimitationTrigger | str = LimitationTrigger.PERIOD_END,
    *,
    suspensions: Iterable[tuple[dt.date, dt.date]] = (),
    calendar: Calendar | None = None,
    trace: Trace | None = None,
) -> dt.date:
    """The last day of the limitation period of a tax obligation (TC art. 58(1), 16(3), 16(6)).

    ``trigger_date`` is the last day of the tax period, the day the deferral ended, or the day the
    audit notice was delivered. ``suspensions`` are sanation/rehabilitation procedures (first and
    last day, inclusive) under TC art. 58(4).
    """
    trigger = LimitationTrigger(trigger)
    return _years_term(
        trigger_date, "limitation_period_years", trigger.citation, N_("limitation period"), trace, calendar, suspensions
    )


def period_limitation_end(period: TaxPeriod, *, calendar: Calendar | None = None, trace: Trace | None = None) -> dt.date:
    """TC art. 58(1)(1) for a tax period: counted from the day after the period ends."""
    return limitation_end(period.end, LimitationTrigger.PERIOD_END, calendar=calendar, trace=trace)


def is_time_barred(
    trigger_date: dt.date,
    on: dt.date,
    trigger: LimitationTrigger | str = LimitationTrigger.PERIOD_END,
    *,
    suspensions: Iterable[tuple[dt.date, dt.date]] = (),
    calendar: Calendar | None = None,
) -> bool:
    """True once the limitation period has run out: ``on`` is after its last day (TC art. 68(2))."""
    return on > limitation_end(trigger_date, trigger, suspensions=suspensions, calendar=calendar)


def overpayment_claim_deadline(
    arose_on: dt.date, *, calendar: Calendar | None = None, trace: Trace | None = None
) -> dt.date:
    """Last day to apply for an offset or refund: 6 years from the day after the overpayment
    arose (TC art. 81(8))."""
    return _years_term(arose_on, "overpayment_claim_years", tc(81, 8), "claim window", trace, calendar)


def liability_limitation_end(
    committed_on: dt.date, *, calendar: Calendar | None = None, trace: Trace | None = None
) -> dt.date:
    """Last day on which a decision on a tax offence can still be delivered (TC art. 138(1)).

    TC art. 138(2) starts the period for an understatement in a report at the delivery of the
    decision, which leaves it without an end (READINGS.md); callers pass the day of the offence.
    """
    return _years_term(committed_on, "liability_limitation_years", tc(138, 1), "liability limitation", trace, calendar)


def sanction_collection_deadline(
    decision_delivered_on: dt.date, *, calendar: Calendar | None = None, trace: Trace | None = None
) -> dt.date:
    """Last day for the tax body to sue for a sanction (TC art. 140(1))."""
    return _years_term(
        decision_delivered_on, "sanction_collection_claim_years", tc(140, 1), "sanction claim", trace, calendar
    )


def debt_limitation_end(
    kind: str,
    *,
    period_end: dt.date | None,
    arose_on: dt.date,
    audit_notice_delivered_on: dt.date | None = None,
    deferral_ended_on: dt.date | None = None,
    calendar: Calendar | None = None,
    trace: Trace | None = None,
) -> tuple[dt.date, Citation]:
    """The last day on which a debt can still be claimed, and the rule that sets it.

    ``kind`` is ``tax`` (a charge), ``interest`` (79(4) interest on a deferral) or ``sanction``.

    - Tax and interest: 6 years from the day after the latest of the starts TC art. 58(1) names
      that apply: the end of the tax period (1); the end of a deferral or instalment plan whose
      deferred amount was left unpaid (2); the delivery of the notice from a tax audit (3).
      58(1)(2)-(3) move the start later for the obligations they speak of, so the latest start
      governs. Interest of a plan (79(4)) arises under the plan, not for a tax period: its start
      is the day it fell due, the plan's end or the termination's payment day (2).
    - Sanction: TC art. 140(1), 6 years from the day after the decision on the offence was
      delivered; the day it was assessed (``arose_on``) stands for the delivery, the earliest
      day it can have been delivered (TC art. 15(3)).

    Past that day the debt is extinguished (TC art. 68(2)).
    """
    if kind == "sanction":
        return sanction_collection_deadline(arose_on, calendar=calendar, trace=trace), tc(140, 1)
    starts: list[tuple[dt.date, LimitationTrigger]] = []
    if period_end is not None and kind != "interest":  # a plan's interest has no tax period of its own
        starts.append((period_end, LimitationTrigger.PERIOD_END))
    if deferral_ended_on is not None:
        starts.append((deferral_ended_on, LimitationTrigger.DEFERRAL_ENDED))
    if kind == "interest":
        starts.append((arose_on, LimitationTrigger.DEFERRAL_ENDED))
    if audit_notice_delivered_on is not None:
        starts.append((audit_notice_delivered_on, LimitationTrigger.AUDIT_NOTICE_DELIVERED))
    if not starts:
        starts.append((arose_on, LimitationTrigger.PERIOD_END))
    anchor, trigger = max(starts, key=lambda s: s[0])
    return limitation_end(anchor, trigger, calendar=calendar, trace=trace), trigger.citation
