"""Termination of a tax obligation and write-off of hopeless debt, TC art. 68-69.

TC art. 68: the obligation ends and the debt counts as extinguished 1) when fulfilled, 2) when
the limitation period for the obligation has run out (58), 4) on the death of an individual with
no successor or heir, 5) when an individual declared missing or legally incapable has no or not
enough property, 6) by a separate law writing off debts (item 3 was repealed in 2012).
TC art. 69: the debt in the cases of 68(2)-(6) is hopeless ("үмүтсүз карыз") and written off in
the order set by the Government; the decision records the ground, the evidence and the act.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from salyk.law.citation import Citation, tc
from salyk.law.limitation import limitation_end


class WriteOffGround(str, Enum):
    LIMITATION = "limitation"  # 68(2)
    DEATH = "death"  # 68(4)
    MISSING_OR_INCAPABLE = "missing_or_incapable"  # 68(5)
    SPECIAL_LAW = "special_law"  # 68(6)

    @property
    def citation(self) -> Citation:
        return {"limitation": tc(68, 2), "death": tc(68, 4), "missing_or_incapable": tc(68, 5), "special_law": tc(68, 6)}[self.value]

    @property
    def individuals_only(self) -> bool:
        """68(4)-(5) speak of a natural person ("жеке жак"), an individual entrepreneur included."""
        return self in (WriteOffGround.DEATH, WriteOffGround.MISSING_OR_INCAPABLE)


@dataclass(frozen=True)
class WriteOffCheck:
    allowed: bool
    reasons: tuple[str, ...]


def write_off_allowed(
    ground: WriteOffGround | str,
    *,
    taxpayer_is_individual: bool,
    on: dt.date,
    period_ends: tuple[dt.date, ...] = (),
    limitation_ends: tuple[tuple[dt.date, Citation | str], ...] = (),
) -> WriteOffCheck:
    """Whether the debt can be written off as hopeless on ``on`` (TC art. 68, 69).

    ``period_ends`` are the last days of the tax periods of the debts (TC art. 58(1)(1)): on the
    limitation ground each must be time-barred, i.e. ``on`` after the limitation's last day
    (TC art. 68(2)). The other grounds rest on documents the officer records (death
    certificate, court decision, the law): the code checks only who they can apply to.
    """
    ground = WriteOffGround(ground)
    reasons: list[str] = []
    if ground.individuals_only and not taxpayer_is_individual:
        reasons.append(f"this ground applies to individuals only ({ground.citation})")
    if ground is WriteOffGround.LIMITATION:
        for end in period_ends:
            last = limitation_end(end)
            if on <= last:
                reasons.append(f"the limitation period of the period ending {end.isoformat()} runs until {last.isoformat()} (TC art. 58(1), 68(2))")
        for last, citation in sorted({(day, str(cited)) for day, cited in limitation_ends}):  # a citation or its text
            if on <= last:
                reasons.append(f"the limitation period of a debt runs until {last.isoformat()} ({citation}, TC art. 68(2))")
    return WriteOffCheck(not reasons, tuple(reasons))


__all__ = ["WriteOffCheck", "WriteOffGround", "write_off_allowed"]
