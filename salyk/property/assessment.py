"""The annual property-tax assessment (``POST /officer/property/assessments``): the tax of the
year on every object, posted to the ledger as ``property_tax`` charges due on the parameters' day.

Idempotent per (taxpayer, object, year, registry version, rule version): the assessment row of
that key says what was found and what difference was posted, so a second run posts nothing; a
corrected registry record (a new version) or a corrected rate (a new rule version) gives a new key
and posts only the difference from what was posted before for that object and year; an object
the registry moved to another owner is reduced to zero for the former one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from salyk.db.models.registry import Taxpayer
from salyk.kernel import audit, authorize
from salyk.kernel.errors import NotFound
from salyk.kernel.principal import Principal
from salyk.kernel.runtime import Runtime
from salyk.law.money import format_som, from_tyiyn, to_tyiyn
from salyk.law.property_tax import due_date
from salyk.ledger.charges import post_charge
from salyk.property.holdings import TAX, NotTaxed, _holding, check_year, overlaps, tax_of
from salyk.property.models import PropertyAssessment, PropertyObject
from salyk.registry.taxpayers import find, validate_tin

SOURCE = "property"


@dataclass
class AssessmentResult:
    year: int
    taxpayers: int = 0
    objects: int = 0
    charges: int = 0  # postings made (differences)
    unchanged: int = 0  # objects whose key was already assessed
    total: Decimal = Decimal("0.00")  # sum of the differences posted
    posting_ids: list[int] = field(default_factory=list)


def assess(rt: Runtime, actor: Principal, *, year: object, tin: object = None) -> AssessmentResult:
    """Assess ``year`` for one taxpayer (``tin``) or all who hold or held objects; one transaction
    per taxpayer, so a failure leaves every other taxpayer's assessment whole."""
    authorize.staff(actor)
    year = check_year(year)
    result = AssessmentResult(year)
    with rt.db.read() as session:
        if tin is not None:
            validate_tin(tin)
            ids = [find(session, str(tin)).id]
        else:
            ids = sorted(set(session.scalars(select(PropertyObject.taxpayer_id)))
                         | set(session.scalars(select(PropertyAssessment.taxpayer_id).where(PropertyAssessment.year == year))))
    for taxpayer_id in ids:
        for attempt in range(3):
            try:
                with rt.db.transaction() as session:
                    _assess_taxpayer(session, rt, actor, year, taxpayer_id, result)
                break
            except IntegrityError:  # a concurrent run took the same key first: read again, it is assessed
                if attempt == 2:
                    raise
    return result


def _assess_taxpayer(session: Session, rt: Runtime, actor: Principal, year: int, taxpayer_id: int, result: AssessmentResult) -> None:
    session.scalar(select(Taxpayer.id).where(Taxpayer.id == taxpayer_id).with_for_update())  # one run per taxpayer at a time
    posted: dict[int, int] = defaultdict(int)  # object id -> tyiyn posted so far for the year
    keys: set[tuple[int, int, str]] = set()  # (object id, registry version, rule version) already assessed
    for a in session.scalars(select(PropertyAssessment).where(PropertyAssessment.taxpayer_id == taxpayer_id,
                                                              PropertyAssessment.year == year)):
        posted[a.object_id] += a.posted
        keys.add((a.object_id, a.registry_version, a.rule_version))
    objects = {o.id: o for o in session.scalars(select(PropertyObject).where(PropertyObject.taxpayer_id == taxpayer_id))}
    for object_id in posted:  # objects assessed before that the registry has since given to someone else
        if object_id not in objects:
            gone = session.get(PropertyObject, object_id)
            if gone is None:  # registry objects are never deleted (feed.py): only a damaged database lacks one
                raise NotFound("PROPERTY_NOT_FOUND", "No such object among your property.", {"id": str(object_id)})
            objects[object_id] = gone
    now = rt.now()
    due = due_date(year)
    made = 0
    subtotal = 0
    for object_id, obj in sorted(objects.items()):
        holding = _holding(obj)
        mine = obj.taxpayer_id == taxpayer_id and overlaps(holding, year)
        if not mine and object_id not in posted:
            continue
        found = tax_of(year, holding) if mine else None
        if isinstance(found, NotTaxed):
            found = None
            if object_id not in posted:
                continue
        rule = found.rule_version if found is not None else "none"
        key = (object_id, obj.version, rule)
        result.objects += 1
        if key in keys:
            result.unchanged += 1
            continue
        target = 0 if found is None else to_tyiyn(found.amount)
        difference = target - posted[object_id]
        posting_id = None
        if difference != 0:
            citation = next((line.citation for line in (found.trace if found else ()) if line.citation), "TC art. 125")
            posting_id = post_charge(
                session, taxpayer_id=taxpayer_id, tax=TAX, amount=from_tyiyn(difference),
                due_date=found.due_date if found else due, period=str(year), source=SOURCE,
                reference=f"{object_id}/{year}/v{obj.version}/{rule}", recorded_at=now, citation=citation)
            result.charges += 1
            result.total += from_tyiyn(difference)
            result.posting_ids.append(posting_id)
            made += 1
            subtotal += difference
        session.add(PropertyAssessment(taxpayer_id=taxpayer_id, object_id=object_id, year=year, registry_version=obj.version,
                                       rule_version=rule, amount=target, posted=difference, posting_id=posting_id,
                                       assessed_at=now, assessed_by=actor.login))
        session.flush()
    if made:
        result.taxpayers += 1
        audit.record(session, actor, "property.assessment", taxpayer_id=taxpayer_id, at=now, year=year, charges=made,
                     total=format_som(from_tyiyn(subtotal)))
