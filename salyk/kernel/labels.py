"""Field errors a person understands: the field named by its label in the reader's language and
what is wanted, never a raw field name or a code (the codes stay in the API's ``code`` and
``details``; TC art. 42(1)(9)-(10), Offer 12.5).

``FIELD_LABELS`` names every field the services refuse (``invalid_field``, ``details.field``);
``message`` writes a domain error's message with «label» and the reason phrase, for the API
and the pages alike. Forms pass their own ky/ru field titles (``field_labels`` parameter).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from salyk.kernel import i18n
from salyk.kernel.errors import REASONS, SalykError


def N_(msgid: str) -> str:
    return msgid


FIELD_LABELS: dict[str, str] = {
    "tin": N_("TIN"),
    "kind": N_("Kind"),
    "name": N_("Name"),
    "address": N_("Address"),
    "registered_on": N_("Registration date"),
    "removed_on": N_("Removal date"),
    "password": N_("Password"),
    "login": N_("Login"),
    "role": N_("Role"),
    "version": N_("Version"),
    "effective_from": N_("In effect from"),
    "category": N_("Size category"),
    "text.ky": N_("Text in Kyrgyz"),
    "text.ru": N_("Text in Russian"),
    "message": N_("Message"),
    "message.ky": N_("Message in Kyrgyz"),
    "message.ru": N_("Message in Russian"),
    "citizenship": N_("Citizenship"),
    "valid_from": N_("Valid from"),
    "appeal": N_("Appeal"),
    "appeal.amount_disputed": N_("Disputed amount"),
    "appeal.decision_id": N_("Decision appealed"),
    "appeal.grounds": N_("Grounds of the appeal"),
    "appeal.requested": N_("What is asked"),
    "client_id": N_("Document identifier"),
    "delivered_on": N_("Delivery date"),
    "details": N_("Details"),
    "document.distance_km": N_("Distance, km"),
    "document.lines": N_("Goods lines"),
    "document.ref_number": N_("Number of the original waybill"),
    "object_id": N_("Property object"),
    "outcome": N_("Outcome"),
    "result": N_("Result"),
    "status": N_("Status"),
    "title": N_("Signed act"),
    "title.carrier_tin": N_("Carrier's TIN"),
    "title.lines": N_("Goods lines received"),
    "title.result": N_("Result of receipt"),
    "title.waybill_id": N_("Waybill"),
    "type": N_("Type"),
    "updated_after": N_("Changed after"),
    "upheld_amount": N_("Amount upheld"),
    "year": N_("Year"),
    "cursor": N_("Page marker"),
    "method": N_("Delivery method"),
    "volume_l": N_("Volume, litres"),
    "marking_codes": N_("Marking codes"),
    "text": N_("Text"),
    "client_order_id": N_("Order identifier"),
    "payment_reference": N_("Payment reference"),
    "amount": N_("Amount"),
    "tax": N_("Tax"),
    "to_tax": N_("Tax to offset to"),
    "period": N_("Tax period"),
    "due_date": N_("Due date"),
    "value_date": N_("Value date"),
    "as_of": N_("As of"),
    "known_at": N_("Known as of"),
    "from": N_("Start of the period"),
    "to": N_("End of the period"),
    "on": N_("Date"),
    "start": N_("Start date"),
    "end": N_("End date"),
    "paid_on": N_("Payment date"),
    "received_on": N_("Date received"),
    "breach_on": N_("Date of the breach"),
    "valid_to": N_("Valid until"),
    "reference": N_("Reference"),
    "bank_reference": N_("Bank reference"),
    "act_reference": N_("Act reference"),
    "client_reference": N_("Your reference"),
    "evidence": N_("Evidence"),
    "reason": N_("Reason"),
    "citation": N_("Article of the law"),
    "ground": N_("Ground"),
    "offence": N_("Offence"),
    "committed_on": N_("Date of the offence"),
    "items": N_("Debts to write off"),
    "schedule": N_("Payment schedule"),
    "file": N_("File"),
    "source": N_("Source"),
    "state": N_("State"),
    "value": N_("Value"),
    "action": N_("Action"),
    "registration": N_("Registration"),
    "tax_due": N_("Tax due"),
    "zero": N_("Zero report"),
    "values": N_("Values of the form"),
    "document": N_("Document"),
    "document.kind": N_("Kind of report"),
    "form": N_("Form"),
    "document.period": N_("Tax period"),
    "document.zero": N_("Zero report"),
    "document.values": N_("Values of the form"),
    "document.client_filing_id": N_("Filing identifier"),
    "current_password": N_("Current password"),
    "new_password": N_("New password"),
    "pin": N_("Signing PIN"),
    "taxpayer_kind": N_("Kind of taxpayer"),
    "signature": N_("Signature"),
    "csr": N_("Certificate request"),
    "algorithm": N_("Signature algorithm"),
    # the registries' file columns (property feed, TC art. 125)
    "registry_id": N_("Registry record number"),
    "plate": N_("Registration plate"),
    "vin": N_("Vehicle identification number"),
    "make": N_("Make"),
    "model": N_("Model"),
    "engine_cc": N_("Engine capacity, cm³"),
    "book_value": N_("Book value"),
    "owned_from": N_("Owned from"),
    "owned_to": N_("Owned until"),
    "eni": N_("Identification code of the real estate"),
    "purpose": N_("Purpose"),
    "area_m2": N_("Area, m²"),
    "share": N_("Share"),
    "locality": N_("Locality"),
}
_INDEXED = re.compile(r"^(?P<list>[a-z_]+)\[(?P<n>\d+)\]\.(?P<field>[a-z_]+)$")
ROW_LABELS = {"schedule": N_("Instalment {n}: {field}")}
FIELD_ONLY = {"date": N_("Date"), "amount": N_("Amount")}

# What is wanted, when the refusal knows its limit (``details`` carries ``min``/``max``).
LIMITED_REASONS = {
    "too_long": N_("at most {max} characters"),
    "too_short": N_("at least {min} characters"),
    "out_of_range": N_("from {min} to {max}"),
    "too_many_rows": N_("at most {max} rows"),
    "too_few_rows": N_("at least {min} rows"),
    "too_small": N_("at least {min}"),
    "too_big": N_("at most {max}"),
}
# The form values' reasons (``salyk.declarations.forms.ValuesInvalid``).
VALUE_REASONS = {
    "not_an_amount": N_("an amount in som with at most 2 decimals, such as 1234.50"),
    "not_an_integer": N_("expected a whole number"),
    "out_of_range": N_("the value is out of the allowed range"),
    "not_a_boolean": N_("expected yes or no"),
    "not_a_list": N_("expected a list of rows"),
    "too_many_rows": N_("too many rows"),
    "not_an_object": N_("expected the form's fields"),
    "unknown_field": N_("this field is not known here"),
    "missing": N_("fill it in"),
    "zero_not_allowed": N_("this form cannot be filed as a zero report"),
    "not_zero": N_("a zero report has no amounts"),
    "negative": N_("it cannot be negative"),
    "above_income": N_("the exempt part cannot be more than the income"),
    "not_a_period": N_("expected a period: 2024, 2024-Q1 or 2024-03"),
    "year": N_("expected a year, such as 2024"),
    "quarter": N_("expected a quarter, such as 2024-Q1"),
    "month": N_("expected a month, such as 2024-03"),
}


def label(field: str, lang: str) -> str:
    """The field's label in ``lang``; an unknown name gives a neutral word, never the name."""
    if field in FIELD_LABELS:
        return i18n.gettext(FIELD_LABELS[field], lang)
    m = _INDEXED.match(field)
    if m:
        inner = label(m.group("field"), lang) if m.group("field") in FIELD_LABELS else i18n.gettext(FIELD_ONLY.get(m.group("field"), N_("value")), lang)
        return i18n.gettext(ROW_LABELS.get(m.group("list"), N_("Row {n}: {field}")), lang, n=int(m.group("n")) + 1, field=inner)
    if "." in field:
        return label(field.rsplit(".", 1)[1], lang)
    return i18n.gettext(N_("this field"), lang)


def reason_text(reason: str, details: Mapping[str, Any], lang: str) -> str:
    """The phrase for a refusal: with its limit when the refusal gives one."""
    if reason in LIMITED_REASONS and all(k in details for k in re.findall(r"{(\w+)}", LIMITED_REASONS[reason])):
        return i18n.gettext(LIMITED_REASONS[reason], lang, **{k: _limit(details[k]) for k in ("min", "max") if k in details})
    if reason in REASONS:
        return i18n.gettext(REASONS[reason], lang)
    if reason in VALUE_REASONS:
        return i18n.gettext(VALUE_REASONS[reason], lang)
    return i18n.gettext(N_("the value is not accepted"), lang)


def _limit(value: Any) -> str:
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return f"{text[8:10]}.{text[5:7]}.{text[:4]}"
    return text


def message(error: SalykError, lang: str) -> str:
    """The error's message in ``lang`` with «label» for its field and the wanted form for its reason."""
    params = dict(error.params)
    details = error.details if isinstance(error.details, dict) else {}
    field = details.get("field")
    if isinstance(field, str) and "field" in params:
        titles = params.pop("field_labels", None)
        shown = titles.get(lang) if isinstance(titles, Mapping) and titles.get(lang) else label(field, lang)
        params["field"] = f"«{shown}»"
    else:
        params.pop("field_labels", None)
    reason = params.get("reason") if params.get("reason") in VALUE_REASONS else details.get("reason")
    if isinstance(reason, str) and "reason" in params:
        params["reason"] = reason_text(reason, details, lang)
    return i18n.gettext(error.message, lang, **params)
