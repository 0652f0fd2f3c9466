"""The public contract (shared/contract/README.md), walked route by route from the OpenAPI
document so that a /me/... route added later is held to the same rules without anyone
remembering to write its test:

- §3 Auth and offer: until the current offer is accepted, every /me/... endpoint except
  GET /me (and the acceptance itself) answers 403 OFFER_NOT_ACCEPTED;
- §3 last line: a taxpayer's token never reads or changes another taxpayer's data: 404;
- §2: the error body, Accept-Language ky/ru/en with ky the default, money as a string with
  exactly two decimals, dates YYYY-MM-DD, timestamps with an offset;
- §3: the ACCOUNT_LOCKED lock lasts at least 15 minutes; the shapes of /auth/login and /offer;
- §1: the CLI commands and the environment's defaults.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from conftest import API, new_tin, register_taxpayer
from salyk.crypto import make_csr, sign_detached

MONEY = re.compile(r"-?\d+\.\d{2}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


def me_operations(client) -> list[tuple[str, str]]:
    spec = client.get(f"{API}/openapi.json").json()
    ops = [(m.upper(), p) for p, methods in spec["paths"].items() for m in methods if p == "/me" or p.startswith("/me/")]
    assert len(ops) > 20, ops  # the walk must not silently run over nothing
    return ops


def fill(path: str, values: dict[str, str] | None = None) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: (values or {}).get(m.group(1), PLACEHOLDER), path)


def call(client, method: str, path: str, headers: dict, body: dict | None = None):
    if method == "GET":
        return client.get(f"{API}{path}", headers=headers)
    return client.request(method, f"{API}{path}", headers=headers, json={} if body is None else body)


def assert_error_shape(r, code: str) -> None:
    """§2: HTTP 4xx with {"error": {"code", "message", "details"}}."""
    body = r.json()
    assert set(body) == {"error"}, body
    assert {"code", "message", "details"} <= set(body["error"]), body
    assert body["error"]["code"] == code and body["error"]["message"], body


# --- §3: OFFER_NOT_ACCEPTED gates every /me/... endpoint but GET /me ----------------------


def test_every_me_endpoint_is_gated_until_the_offer_is_accepted(client, officer):
    account = register_taxpayer(client, officer, accept=False)
    exempt = {("GET", "/me"), ("POST", "/me/offer-acceptance")}
    walked = 0
    for method, path in me_operations(client):
        if (method, path) in exempt:
            continue
        r = call(client, method, fill(path), account.headers)
        assert r.status_code == 403, (method, path, r.status_code, r.text)
        assert_error_shape(r, "OFFER_NOT_ACCEPTED")
        walked += 1
    assert walked >= 20
    # the exception, and once accepted the gate opens (GET /me/services answers 200)
    assert client.get(f"{API}/me", headers=account.headers).status_code == 200
    version = client.get(f"{API}/offer").json()["version"]
    assert client.post(f"{API}/me/offer-acceptance", json={"version": version}, headers=account.headers).status_code == 200
    assert client.get(f"{API}/me/services", headers=account.headers).status_code == 200


def test_a_malformed_filing_from_a_taxpayer_without_the_offer_is_still_403(client, officer):
    """§3: the gate comes before the body is read (commit 138d5f3; was 422 VALIDATION_ERROR)."""
    account = register_taxpayer(client, officer, accept=False)
    r = client.post(f"{API}/me/declarations", json={}, headers=account.headers)
    assert r.status_code == 403 and r.json()["error"]["code"] == "OFFER_NOT_ACCEPTED", r.text


def test_the_gate_message_follows_accept_language_with_kyrgyz_the_default(client, officer):
    """§2: the message is in the language of Accept-Language (ky, ru, en; default ky)."""
    account = register_taxpayer(client, officer, accept=False)

    def message(lang: str | None) -> str:
        headers = account.headers | ({"Accept-Language": lang} if lang else {})
        r = client.get(f"{API}/me/balance", headers=headers)
        assert r.status_code == 403 and r.json()["error"]["code"] == "OFFER_NOT_ACCEPTED"
        return r.json()["error"]["message"]

    ky, ru, en = message("ky"), message("ru"), message("en")
    assert len({ky, ru, en}) == 3, (ky, ru, en)
    assert message(None) == ky
    assert re.search(r"[а-яА-Я]", ru) and re.search(r"[өүңӨҮҢ]|[а-яА-Я]", ky)
    assert re.fullmatch(r"[\x00-\x7f]+", en), en


# --- §3: another taxpayer's data answers 404 ---------------------------------------------


def _resources_of(client, officer, account) -> dict[str, str]:
    """Taxpayer B's refund and deferral applications, certificate and declaration, made through
    the API on the test's day (Fri 14 Mar 2025)."""
    tin = account.login
    bank_reference = f"bank-{uuid.uuid4().hex[:12]}"
    # an overpayment of 100.00 (land tax paid, nothing charged) to apply for a refund of
    r = client.post(f"{API}/officer/payments", headers=officer.headers, json={"payments": [
        {"bank_reference": bank_reference, "tin": tin, "tax": "land_tax", "amount": "100.00", "paid_on": "2025-02-10"}]})
    assert r.json()["accepted"] == 1, r.text
    r = client.post(f"{API}/me/refunds", headers=account.headers, json={"kind": "refund", "tax": "land_tax", "amount": "100.00"})
    assert r.status_code == 201, r.text
    refund = r.json()["id"]
    # a VAT debt of 5,000.00 due 20 Feb 2025 and an application to defer 4,000.00 of it (TC art. 79(1):
    # 1 month to 3 years); part, because the land-tax overpayment is offset against it (81(2)(2))
    r = client.post(f"{API}/officer/assessments", headers=officer.headers, json={
        "tin": tin, "tax": "vat", "amount": "5000.00", "due_date": "2025-02-20", "period": "2025-01", "reference": f"dec-{uuid.uuid4().hex[:8]}"})
    assert r.status_code == 201, r.text
    r = client.post(f"{API}/officer/taxpayers/{tin}/deferrals", headers=officer.headers, json={
        "tax": "vat", "ground": "financial_position", "bank_guarantee": True, "amount": "4000.00",
        "start": "2025-03-14", "end": "2025-06-30", "received_on": "2025-03-14"})
    assert r.status_code == 201, r.text
    deferral = r.json()["id"]
    # a signing certificate and a zero declaration for 2024
    key = ec.generate_private_key(ec.SECP256R1())
    r = client.post(f"{API}/me/certificates", json={"csr": make_csr(key, tin).decode()}, headers=account.headers)
    assert r.status_code == 201, r.text
    serial, kid = r.json()["serial"], r.json()["kid"]
    document = {"client_filing_id": str(uuid.uuid4()), "tin": tin, "form": "unified_declaration_individual",
                "period": "2024", "kind": "initial", "zero": True, "values": {}}
    r = client.post(f"{API}/me/declarations", json={"document": document, "signature": sign_detached(document, key, kid)}, headers=account.headers)
    assert r.status_code == 201, r.text
    filing = r.json()["id"]
    # an e-patent (issue 12), ordered and paid with its reference so it is issued
    r = client.post(f"{API}/me/patents", headers=account.headers, json={
        "client_order_id": str(uuid.uuid4()), "activity": "S-63", "zone": "bishkek", "term_days": 30, "start": "2025-03-14"})
    assert r.status_code == 201, r.text
    patent = r.json()
    r = client.post(f"{API}/officer/payments", headers=officer.headers, json={"payments": [
        {"bank_reference": f"bank-{uuid.uuid4().hex[:12]}", "tin": tin, "tax": "patent", "amount": patent["amount"],
         "paid_on": "2025-03-14", "payment_reference": patent["payment_reference"]}]})
    assert r.json()["accepted"] == 1, r.text
    # a car from the vehicle registry (property module, TC art. 125)
    r = client.post(f"{API}/officer/registry/vehicles", headers=officer.headers, json={"records": [{
        "registry_id": f"V-{uuid.uuid4().hex[:12]}", "version": 1, "tin": tin, "plate": "01KG777BBB", "vin": "JTDBR32E720123456",
        "make": "Toyota", "model": "Camry", "year": 2019, "engine_cc": 2000, "kind": "passenger", "owned_from": "2020-01-10"}]})
    assert r.json()["accepted"] == 1, r.text
    vehicle = client.get(f"{API}/me/property", headers=account.headers).json()["vehicles"][0]["id"]
    # a waybill draft (own transport to a foreign consignee: no other party needed)
    r = client.post(f"{API}/me/waybills", headers=account.headers, json={"client_id": str(uuid.uuid4()), "document": {
        "kind": "export", "basis": {}, "carrier": {"own_transport": True}, "consignee": {"foreign": True, "name": "Buyer", "country": "KZ"},
        "loading_point": {"address": "Bishkek", "rayon_code": "41711"}, "unloading_point": {"address": "Almaty", "rayon_code": "KZ"},
        "planned_loading_on": "2025-03-14", "vehicle": {"plate": "01KG001AAA"}, "driver": {"pin": "12345678901234", "name": "D"},
        "distance_km": 240, "lines": [{"name": "Flour", "tnved": "1101001500", "unit": "kg", "quantity": "10", "price": "1.00", "amount": "10.00"}]}})
    assert r.status_code == 201, r.text
    waybill = r.json()["id"]
    # a decision of the tax body, its notice in the inbox, and an appeal against it (notices module)
    r = client.post(f"{API}/officer/decisions", headers=officer.headers, json={"tin": tin, "type": "documents_request", "ground": "audit", "decision": "bring the books"})
    assert r.status_code == 201, r.text
    decision = r.json()["id"]
    appeal = {"decision_id": decision, "grounds": "not needed", "requested": "cancel"}
    r = client.post(f"{API}/me/appeals", json={"appeal": appeal, "signature": sign_detached(appeal, key, kid)}, headers=account.headers)
    assert r.status_code == 201, r.text
    from salyk.kernel.worker import Worker
    from salyk.modules import outbox_handlers

    Worker(client.app.state.runtime, outbox_handlers()).run_once()
    notice = client.get(f"{API}/me/notices", headers=account.headers).json()["notices"][0]["id"]
    return {"tin": tin, "bank_reference": bank_reference, "refund": refund, "deferral": deferral, "serial": serial, "filing": filing,
            "patent": patent["id"], "property": vehicle, "waybill": waybill, "decision": decision, "appeal": r.json()["id"], "notice": notice}


def test_another_taxpayers_ids_answer_404_on_every_me_route(client, officer):
    a = register_taxpayer(client, officer)
    b = register_taxpayer(client, officer)
    own = _resources_of(client, officer, b)
    ids = {
        "/me/refunds/{app_id}": {"app_id": own["refund"]},
        "/me/deferrals/{app_id}": {"app_id": own["deferral"]},
        "/me/certificates/{serial}": {"serial": own["serial"]},
        "/me/certificates/{serial}/revocation": {"serial": own["serial"]},
        "/me/declarations/{filing_id}": {"filing_id": own["filing"]},
        "/me/declarations/{filing_id}.pdf": {"filing_id": own["filing"]},
        "/me/patents/{patent_id}": {"patent_id": own["patent"]},
        "/me/patents/{patent_id}.pdf": {"patent_id": own["patent"]},
        "/me/patents/{patent_id}/renewal": {"patent_id": own["patent"]},
        "/me/property/{object_id}": {"object_id": own["property"]},
        **{path: {"waybill_id": own["waybill"]} for path in (
            "/me/waybills/{waybill_id}", "/me/waybills/{waybill_id}/issue", "/me/waybills/{waybill_id}/carrier-acceptance",
            "/me/waybills/{waybill_id}/carrier-decline", "/me/waybills/{waybill_id}/carrier", "/me/waybills/{waybill_id}/delivery",
            "/me/waybills/{waybill_id}/receipt", "/me/waybills/{waybill_id}/cancellation")},
        "/me/notices/{notice_id}": {"notice_id": own["notice"]},
        "/me/decisions/{decision_id}": {"decision_id": own["decision"]},
        "/me/decisions/{decision_id}.pdf": {"decision_id": own["decision"]},
        "/me/appeals/{appeal_id}": {"appeal_id": own["appeal"]},
        "/me/sessions/{session_id}/revocation": {"session_id": client.get(f"{API}/me/sessions", headers=b.headers).json()["sessions"][0]["id"]},
    }
    by_id = [(m, p) for m, p in me_operations(client) if "{" in p]
    # a new /me route with an id must be added to the map above, or this walk would miss it
    assert {p for _, p in by_id} == set(ids), {p for _, p in by_id} ^ set(ids)
    for method, path in sorted(by_id, key=lambda op: op[0] != "GET"):  # reads first, then the revocation
        url = fill(path, ids[path])
        r = call(client, method, url, a.headers)
        assert r.status_code == 404, (method, url, r.status_code, r.text)
        assert r.json()["error"]["code"]
    # the ids are real: B still reads every one of them, and A's POST revoked nothing
    for method, path in by_id:
        if method == "GET":
            assert client.get(f"{API}{fill(path, ids[path])}", headers=b.headers).status_code == 200, path
    cert = client.get(f"{API}/me/certificates/{own['serial']}", headers=b.headers).json()
    assert cert.get("revoked_at") is None and cert.get("status", "active") != "revoked", cert


def test_every_me_list_shows_nothing_of_another_taxpayer(client, officer):
    a = register_taxpayer(client, officer)
    b = register_taxpayer(client, officer)
    own = _resources_of(client, officer, b)
    lists = [p for m, p in me_operations(client) if m == "GET" and "{" not in p]
    assert "/me/payments" in lists and "/me/balance" in lists and "/me/declarations" in lists

    def found(body, value) -> bool:
        """A long marker (TIN, bank reference, serial) anywhere as a value; a short id only as an "id"."""
        pairs = list(leaves(body))
        if isinstance(value, str) and len(value) >= 8:
            return any(str(v) == value for _, v in pairs)
        return any(k == "id" and str(v) == str(value) for k, v in pairs)

    for path in lists:
        r = client.get(f"{API}{path}", headers=a.headers)
        assert r.status_code == 200, (path, r.text)
        for name, value in own.items():
            assert not found(r.json(), value), (path, name)
    # and B sees its own: the markers are not simply absent everywhere
    seen_by_b = [client.get(f"{API}{p}", headers=b.headers).json() for p in lists]
    for name, value in own.items():
        assert any(found(body, value) for body in seen_by_b), name


def leaves(node, key=None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from leaves(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from leaves(v, key)
    else:
        yield key, node


# --- §2 and §3: money, dates and the balance's sums ----------------------------------------


TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)")
MONEY_KEYS = {"amount", "arrears", "balance", "interest", "late_interest", "sanctions", "overpayment", "total_due",
              "total_overpayment", "not_yet_due", "tax_due", "charge_amount", "unpaid"}
DATE_KEYS = {"as_of", "start", "end", "from", "to", "date", "deadline", "can_file_from"}


def test_every_me_response_writes_money_dates_and_timestamps_as_the_contract_says(client, officer):
    """§2 over every GET /me/... answer of a taxpayer with payments, charges, applications, a
    certificate and a declaration: money fields are strings with exactly two decimals, dates
    YYYY-MM-DD, timestamps (…_at, not_before/not_after) ISO 8601 with an offset."""
    b = register_taxpayer(client, officer)
    own = _resources_of(client, officer, b)
    values = {"app_id": None, "serial": own["serial"], "filing_id": own["filing"], "patent_id": own["patent"], "object_id": own["property"], "waybill_id": own["waybill"], "notice_id": own["notice"], "decision_id": own["decision"], "appeal_id": own["appeal"]}
    seen = {"money": 0, "date": 0, "timestamp": 0}
    for method, path in me_operations(client):
        if method != "GET" or path.endswith(".pdf"):
            continue
        if "{app_id}" in path:
            values["app_id"] = own["refund"] if path.startswith("/me/refunds") else own["deferral"]
        r = client.get(f"{API}{fill(path, values)}", headers=b.headers)
        assert r.status_code == 200, (path, r.text)
        for key, value in leaves(r.json()):
            if value is None or not isinstance(key, str):
                continue
            if key in MONEY_KEYS or key in {"vat", "land_tax"}:
                assert isinstance(value, str) and MONEY.fullmatch(value), (path, key, value)
                seen["money"] += 1
            elif key in DATE_KEYS or key.endswith(("_on", "_date", "_deadline")):
                assert isinstance(value, str) and DATE.fullmatch(value), (path, key, value)
                seen["date"] += 1
            elif key == "at" or key.endswith("_at") or key in {"not_before", "not_after"}:
                assert isinstance(value, str) and TIMESTAMP.fullmatch(value), (path, key, value)
                assert dt.datetime.fromisoformat(value).utcoffset() is not None
                seen["timestamp"] += 1
    assert min(seen.values()) >= 3, seen  # the walk really met each kind


def test_balance_and_payments_money_has_exactly_two_decimals_and_dates_are_iso(client, officer, taxpayer):
    """Today is Fri 14 Mar 2025 (conftest). Property tax 1,000 and a sanction 250.50, both due
    Mon 3 Mar 2025; land tax paid 100 on 10 Mar with nothing charged: an overpayment, offset at
    once against the other tax's arrears (TC art. 81(2)(2), (4)) -> property-tax arrears 900 from
    10 Mar on. TC art. 71(3), (6): туум 4-10 Mar = 7 days x 1,000 x 0.09% = 6.30 (the payment day
    still counts, contract §4: "through paid inclusive"), 11-14 Mar = 4 days x 900 x 0.09% = 3.24;
    6.30 + 3.24 = 9.54. 71(7)(1): none on the sanction.
    total_due = 900.00 + 0.00 + 9.54 + 250.50 = 1,160.04; no overpayment left."""
    tin = taxpayer.login
    for path, amount in (("assessments", "1000.00"), ("sanctions", "250.50")):
        r = client.post(f"{API}/officer/{path}", headers=officer.headers, json={
            "tin": tin, "tax": "property_tax", "amount": amount, "due_date": "2025-03-03", "period": "2024", "reference": f"r-{uuid.uuid4().hex[:8]}"})
        assert r.status_code == 201, r.text
    r = client.post(f"{API}/officer/payments", headers=officer.headers, json={"payments": [
        {"bank_reference": f"bank-{uuid.uuid4().hex[:12]}", "tin": tin, "tax": "land_tax", "amount": "100", "paid_on": "2025-03-10"}]})
    assert r.json()["accepted"] == 1, r.text
    b = client.get(f"{API}/me/balance", headers=taxpayer.headers).json()
    assert b["as_of"] == "2025-03-14"
    rows = {t["tax"]: t for t in b["taxes"]}
    assert {k: rows["property_tax"][k] for k in ("arrears", "interest", "late_interest", "sanctions", "overpayment", "total_due")} == {
        "arrears": "900.00", "interest": "0.00", "late_interest": "9.54", "sanctions": "250.50", "overpayment": "0.00", "total_due": "1160.04"}
    # "Taxes with all zeros may be omitted"
    assert "land_tax" not in rows or rows["land_tax"]["overpayment"] == rows["land_tax"]["total_due"] == "0.00"
    assert (b["total_due"], b["total_overpayment"]) == ("1160.04", "0.00")
    money_fields = ("arrears", "interest", "late_interest", "sanctions", "overpayment", "total_due")
    for row in b["taxes"]:
        for f in money_fields:
            assert isinstance(row[f], str) and MONEY.fullmatch(row[f]), (row["tax"], f, row[f])
    payments = client.get(f"{API}/me/payments", headers=taxpayer.headers).json()["payments"]
    assert len(payments) == 1
    assert {"bank_reference", "tax", "amount", "paid_on"} <= set(payments[0])
    # "100" came in; "100.00" goes out
    assert payments[0]["amount"] == "100.00" and DATE.fullmatch(payments[0]["paid_on"])
    assert client.get(f"{API}/me/balance", params={"as_of": "2025-03-03"}, headers=taxpayer.headers).json()["as_of"] == "2025-03-03"


def test_computed_sanction_gives_the_same_balance(client, officer, taxpayer):
    """The same day as the test above, with the sanction computed from the offence instead of typed
    (TC art. 142): 501.00 understated against 20,000 of prior-year income is 2.505 %, over 2 % to
    5 %: half, 250.50; the balance is the same, total_due 1,160.04."""
    tin = taxpayer.login
    facts = {"offence": "understatement", "committed_on": "2024-07-22", "understated": "501.00", "prior_year_income": "20000.00"}
    for path, extra in (("assessments", {"amount": "1000.00"}), ("sanctions", facts)):
        r = client.post(f"{API}/officer/{path}", headers=officer.headers, json={
            "tin": tin, "tax": "property_tax", "due_date": "2025-03-03", "period": "2024", "reference": f"r-{uuid.uuid4().hex[:8]}"} | extra)
        assert r.status_code == 201, r.text
    assert (r.json()["amount"], r.json()["citation"]) == ("250.50", "TC art. 142")
    r = client.post(f"{API}/officer/payments", headers=officer.headers, json={"payments": [
        {"bank_reference": f"bank-{uuid.uuid4().hex[:12]}", "tin": tin, "tax": "land_tax", "amount": "100", "paid_on": "2025-03-10"}]})
    assert r.json()["accepted"] == 1, r.text
    b = client.get(f"{API}/me/balance", headers=taxpayer.headers).json()
    rows = {t["tax"]: t for t in b["taxes"]}
    assert {k: rows["property_tax"][k] for k in ("arrears", "interest", "late_interest", "sanctions", "overpayment", "total_due")} == {
        "arrears": "900.00", "interest": "0.00", "late_interest": "9.54", "sanctions": "250.50", "overpayment": "0.00", "total_due": "1160.04"}
    assert (b["total_due"], b["total_overpayment"]) == ("1160.04", "0.00")


def test_money_with_more_than_two_decimals_is_refused(client, officer, taxpayer):
    r = client.post(f"{API}/officer/assessments", headers=officer.headers, json={
        "tin": taxpayer.login, "tax": "vat", "amount": "10.005", "due_date": "2025-03-03", "period": "2025-02", "reference": f"r-{uuid.uuid4().hex[:8]}"})
    assert r.status_code == 422
    assert_error_shape(r, "VALIDATION_ERROR")


# --- §3: login, lock-out and the offer ----------------------------------------------------


def test_login_answers_exactly_the_contract_fields(client, officer, taxpayer):
    r = client.post(f"{API}/auth/login", json={"login": officer.login, "password": officer.password})
    assert r.status_code == 200
    body = r.json()
    assert {"access_token", "token_type", "role", "offer"} <= set(body)
    assert body["token_type"] == "bearer" and body["role"] == "officer"
    r = client.post(f"{API}/auth/login", json={"login": taxpayer.login, "password": taxpayer.password})
    assert r.json()["role"] == "taxpayer" and r.json()["offer"]["accepted"] is True
    assert set(r.json()["offer"]) == {"version", "accepted"}


def test_the_lock_lasts_at_least_fifteen_minutes_and_says_until_when(client, runtime, taxpayer):
    before = runtime.now()  # the service's clock (SALYK_TODAY with the real time of day)
    for _ in range(5):
        assert client.post(f"{API}/auth/login", json={"login": taxpayer.login, "password": "wrong-password-1"}).status_code == 401
    r = client.post(f"{API}/auth/login", json={"login": taxpayer.login, "password": taxpayer.password})
    assert r.status_code == 423
    assert_error_shape(r, "ACCOUNT_LOCKED")
    until = dt.datetime.fromisoformat(r.json()["error"]["details"]["locked_until"])
    assert until.utcoffset() is not None  # §2: timestamps carry an offset
    assert until - before >= dt.timedelta(minutes=15)


def test_offer_shape(client):
    offer = client.get(f"{API}/offer").json()
    assert {"version", "effective_from", "text"} <= set(offer)
    assert DATE.fullmatch(offer["effective_from"])
    assert offer["text"]["ky"] and offer["text"]["ru"]


def test_officer_taxpayer_errors_have_the_contract_codes_and_statuses(client, officer):
    body = {"tin": "12345678901234", "kind": "individual", "name": "N", "address": "A", "registered_on": "2020-01-01"}
    r = client.post(f"{API}/officer/taxpayers", json=body, headers=officer.headers)
    assert r.status_code == 422
    assert_error_shape(r, "INVALID_TIN")
    tin = new_tin()
    assert client.post(f"{API}/officer/taxpayers", json=body | {"tin": tin}, headers=officer.headers).status_code == 201
    r = client.post(f"{API}/officer/taxpayers", json=body | {"tin": tin}, headers=officer.headers)
    assert r.status_code == 409
    assert_error_shape(r, "TAXPAYER_EXISTS")
    r = client.post(f"{API}/officer/taxpayers/{tin}/credentials", json={"password": "123"}, headers=officer.headers)
    assert r.status_code == 422
    assert_error_shape(r, "WEAK_PASSWORD")


# --- §1: the CLI and the environment ----------------------------------------------------


def test_serve_migrates_first_then_serves_api_web_and_openapi_on_the_given_host_and_port(tmp_path, monkeypatch):
    """§1: `salyk serve [--host H] [--port P]` against SALYK_DATABASE_URL, applying pending
    migrations first. uvicorn.run is replaced by a recorder; the app it was handed is then asked
    for the web cabinet at /, the API at /api/v1 and the OpenAPI document."""
    import sqlalchemy as sa
    import uvicorn
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from salyk.cli import app

    url = f"sqlite:///{tmp_path}/serve.db"
    monkeypatch.setenv("SALYK_DATABASE_URL", url)
    monkeypatch.setenv("SALYK_SECRET_KEY", "k")
    monkeypatch.chdir(tmp_path)
    handed = {}
    monkeypatch.setattr(uvicorn, "run", lambda asgi, **kw: handed.update(kw, app=asgi))
    r = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert r.exit_code == 0, r.output
    assert (handed["host"], handed["port"]) == ("0.0.0.0", 8123)
    engine = sa.create_engine(url)
    assert "alembic_version" in sa.inspect(engine).get_table_names()  # migrated before serving
    engine.dispose()
    with TestClient(handed["app"]) as c:
        assert c.get("/api/v1/openapi.json").json()["paths"]
        assert c.get("/api/v1/offer").status_code == 200
        assert c.get("/", follow_redirects=True).status_code == 200


def test_environment_defaults_and_salyk_today():
    from salyk.kernel.config import Settings

    defaults = Settings.from_env({"SALYK_SECRET_KEY": "k"})
    assert defaults.database_url == "sqlite:///./var/salyk.db"
    assert defaults.clock.fixed_today is None
    training = Settings.from_env({"SALYK_SECRET_KEY": "k", "SALYK_TODAY": "2017-03-01", "SALYK_DATABASE_URL": "sqlite:///x.db"})
    assert training.clock.today() == dt.date(2017, 3, 1) and training.database_url == "sqlite:///x.db"
    assert training.secret_key == "k"


@pytest.mark.parametrize("name", ["is_working_day", "roll_forward"])
def test_law_api_names_of_section_4_import_without_a_database(name):
    """§4: `from salyk.law.calendar import is_working_day, roll_forward`; TC art. 16(6):
    Sat 15 Mar 2025 is not a working day, the next one is Mon 17 Mar 2025."""
    import salyk.law.calendar as calendar

    fn = getattr(calendar, name)
    if name == "is_working_day":
        assert fn(dt.date(2025, 3, 15)) is False and fn(dt.date(2025, 3, 17)) is True
    else:
        assert fn(dt.date(2025, 3, 15)) == dt.date(2025, 3, 17) and fn(dt.date(2025, 3, 17)) == dt.date(2025, 3, 17)


# --- §2-§3: the three kinds, the ten tax identifiers, as_of as the end of the day -----------


@pytest.mark.parametrize("kind, tin_kind", [("individual", "individual"), ("individual_entrepreneur", "individual"), ("organization", "organization")])
def test_the_three_kinds_of_taxpayer_register(client, officer, kind, tin_kind):
    """§3 POST /officer/taxpayers: kind individual | individual_entrepreneur | organization; the
    TIN's first digit is 0 for an organisation, 1 or 2 for an individual (also an entrepreneur)."""
    account = register_taxpayer(client, officer, kind=kind, tin=new_tin(tin_kind))
    me = client.get(f"{API}/me", headers=account.headers).json()
    assert {"tin", "kind", "name", "address"} <= set(me) and me["kind"] == kind and me["tin"] == account.login


TAXES = ["income_tax", "profit_tax", "vat", "excise", "subsoil_use", "sales_tax", "land_tax", "property_tax", "patent", "single_tax"]


def test_every_tax_identifier_of_the_contract_is_accepted(client, officer, taxpayer):
    """§2 (TC art. 31): each of the ten identifiers takes a charge and a payment. Each charge 10.00
    due Mon 3 Mar 2025 and paid the same day: no arrears, no туум (71(3): from the day after)."""
    for tax in TAXES:
        r = client.post(f"{API}/officer/assessments", headers=officer.headers, json={
            "tin": taxpayer.login, "tax": tax, "amount": "10.00", "due_date": "2025-03-03", "period": "2024", "reference": f"r-{uuid.uuid4().hex[:8]}"})
        assert r.status_code == 201 and r.json()["id"], (tax, r.text)
    payments = [{"bank_reference": f"bank-{uuid.uuid4().hex[:12]}", "tin": taxpayer.login, "tax": tax, "amount": "10.00", "paid_on": "2025-03-03"} for tax in TAXES]
    r = client.post(f"{API}/officer/payments", headers=officer.headers, json={"payments": payments})
    assert r.json() == {"accepted": 10, "duplicates": 0, "rejected": []}
    b = client.get(f"{API}/me/balance", headers=taxpayer.headers).json()
    assert (b["total_due"], b["total_overpayment"]) == ("0.00", "0.00")
    assert {p["tax"] for p in client.get(f"{API}/me/payments", headers=taxpayer.headers).json()["payments"]} == set(TAXES)


def test_as_of_is_the_end_of_the_day_after_every_event_of_that_day(client, officer, taxpayer):
    """§2: as_of=D is the end of day D. VAT 1,000 due Mon 3 Mar 2025, paid Mon 10 Mar.
    TC art. 71(3), (6): as of 9 Mar, 4-9 Mar = 6 days x 1,000 x 0.09 % = 5.40 and the 1,000 still owed;
    as of 10 Mar the payment of that day is in: arrears 0.00, туум 4-10 Mar = 7 days = 6.30."""
    tin = taxpayer.login
    r = client.post(f"{API}/officer/assessments", headers=officer.headers, json={
        "tin": tin, "tax": "vat", "amount": "1000.00", "due_date": "2025-03-03", "period": "2025-02", "reference": f"r-{uuid.uuid4().hex[:8]}"})
    assert r.status_code == 201, r.text
    r = client.post(f"{API}/officer/payments", headers=officer.headers, json={"payments": [
        {"bank_reference": f"bank-{uuid.uuid4().hex[:12]}", "tin": tin, "tax": "vat", "amount": "1000.00", "paid_on": "2025-03-10"}]})
    assert r.json()["accepted"] == 1

    def vat(as_of):
        b = client.get(f"{API}/me/balance", params={"as_of": as_of}, headers=taxpayer.headers).json()
        return {t["tax"]: t for t in b["taxes"]}["vat"]

    assert (vat("2025-03-09")["arrears"], vat("2025-03-09")["late_interest"]) == ("1000.00", "5.40")
    assert (vat("2025-03-10")["arrears"], vat("2025-03-10")["late_interest"], vat("2025-03-10")["total_due"]) == ("0.00", "6.30", "6.30")
