"""Electronic goods-transport waybills (ЭТТК, Offer 3.1(7): "ЭТТК модулу менен иштөө").

The timers and the list of goods that must travel under an electronic waybill are dated parameters
(``parameters/waybill.yaml``); they are samples taken from the design notes until the Government
act is entered through the law book. The arithmetic lives here once:

* validity: N = ceil(distance_km / 200) days (at least one); goods loaded on day D travel until
  D + N days at 23:59 Bishkek time (10 km loaded on 5 October -> 6 October 23:59);
* cancel window: 24 h from issue; consignee window: 72 h from delivery (silence = deemed received);
  assignment window: 15 days from issue (never loaded = discarded);
* a line whose ТН ВЭД code falls in a mandatory category must carry that category's field
  (``volume_l`` for fuel, ``marking_codes`` for alcohol and tobacco).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from salyk.law.parameters import parameter

BISHKEK = ZoneInfo("Asia/Bishkek")
END_OF_DAY = dt.time(23, 59)


def validity_days(distance_km: int, on: dt.date) -> int:
    """N = ceil(distance / km per day), at least one day (Offer 3.1(7); sample value 200 km)."""
    per_day = int(parameter("waybill_km_per_validity_day", on))
    return max(1, -(-distance_km // per_day))


def valid_until(loaded_on: dt.date, distance_km: int) -> dt.datetime:
    """The last moment the goods may travel: 23:59 Bishkek time of day ``loaded_on + N``."""
    last_day = loaded_on + dt.timedelta(days=validity_days(distance_km, loaded_on))
    return dt.datetime.combine(last_day, END_OF_DAY, tzinfo=BISHKEK)


def cancel_deadline(issued_at: dt.datetime) -> dt.datetime:
    hours = parameter("waybill_cancel_window_hours", issued_at.astimezone(BISHKEK).date())
    return issued_at + dt.timedelta(hours=hours)


def consignee_deadline(delivered_at: dt.datetime) -> dt.datetime:
    hours = parameter("waybill_consignee_window_hours", delivered_at.astimezone(BISHKEK).date())
    return delivered_at + dt.timedelta(hours=hours)


def assignment_deadline(issued_at: dt.datetime) -> dt.datetime:
    days = parameter("waybill_assignment_window_days", issued_at.astimezone(BISHKEK).date())
    return issued_at + dt.timedelta(days=days)


@dataclass(frozen=True)
class Category:
    name: str  # fuel | alcohol | tobacco | medicines
    field: str  # the line field the category requires


def category_of(tnved: str, on: dt.date) -> Category | None:
    """The mandatory category of a 10-digit ТН ВЭД code on ``on``, or None."""
    for entry in parameter("waybill_mandatory_categories", on):
        if any(tnved.startswith(prefix) for prefix in entry["prefixes"]):
            return Category(entry["category"], entry["field"])
    return None
