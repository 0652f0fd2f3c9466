"""The property pages (issue 13): the tile is no longer "coming soon", the cards, the detail
with history and the tax explained, the report buttons; the officer's feed upload (the same rules
as the API) and reports queue. Every text of the module's templates in ky and ru."""

from __future__ import annotations

from pathlib import Path

from conftest import new_tin
from property_helpers import rid
from i18n_support import assert_in_kyrgyz_and_russian, python_msgids, template_msgids

from web_support import PASSWORD, csrf_of, make_officer, make_taxpayer, post_form, web_login  # noqa: E402

PACKAGE = Path(__file__).resolve().parents[2] / "salyk" / "property"
VEHICLES = "registry_id,version,tin,plate,vin,make,model,year,engine_cc,kind,book_value,owned_from,owned_to\n"


def _upload(client, kind: str, text: str):
    page = client.get("/officer/property/feed")
    return client.post("/officer/property/feed", data={"kind": kind, "csrf": csrf_of(page.text)},
                       files={"file": ("registry.csv", text.encode(), "text/csv")})


def test_officer_loads_a_file_and_the_taxpayer_sees_the_car_its_tax_and_reports(runtime, client):
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    name, password = make_officer(runtime)
    web_login(client, name, password)
    registry_id = rid("V")
    r = _upload(client, "vehicle", VEHICLES + f"{registry_id},1,{tin},01KG555XYZ,JTDBR32E720123456,Toyota,Camry,2019,2000,passenger,,2020-01-10,\n"
                + f"{rid('V')},1,{tin},01KG556XYZ,BADVIN,Lada,Niva,2010,1700,passenger,,2011-01-01,\n")
    assert r.status_code == 200
    assert "Кабыл алынды: 1." in r.text and "Четке кагылды: 1." in r.text  # ky: accepted 1, refused 1
    assert "bad_vin" not in r.text and "VIN" in r.text  # the reason in words, not the code
    client.post("/logout", data={"csrf": csrf_of(client.get("/officer").text)})

    client.cookies.clear()
    web_login(client, tin, PASSWORD)
    home = client.get("/")
    assert 'href="/property"' in home.text
    listing = client.get("/property")
    assert "01KG555XYZ" in listing.text
    # 2000 cm³ × 0.75 (age 7 in 2025, TC art. 324 sample) = 1 500.00 сом
    assert "1\u00a0500,00 сом" in listing.text
    object_path = listing.text.split("<main>")[1].split('href="/property/')[1].split('"')[0]  # in the page, not the menu
    detail = client.get(f"/property/{object_path}")
    assert detail.status_code == 200 and "TC art. 324" in detail.text and "TC art. 16(6)" in detail.text
    r = post_form(client, "/property/reports", {"kind": "not_mine", "object_id": object_path, "text": "Sold in 2021"},
                  form_page=f"/property/{object_path}", follow_redirects=False)
    assert r.status_code == 303
    mine = client.get("/property/reports")
    assert "Sold in 2021" in mine.text
    assert client.get("/property/tax?year=2025").status_code == 200

    client.cookies.clear()
    web_login(client, name, password)
    queue = client.get("/officer/property/reports")
    assert "Sold in 2021" in queue.text and tin in queue.text
    item = queue.text.split("Sold in 2021")[1]  # the shared queue holds other tests' reports too: take this one's form
    report_id = item.split('name="id" value="')[1].split('"')[0]
    r = post_form(client, "/officer/property/reports/answer", {"id": report_id, "status": "resolved", "text": "Corrected"},
                  form_page="/officer/property/reports", follow_redirects=False)
    assert r.status_code == 200 and 'name="confirmed" value="yes"' in r.text and tin in r.text  # the confirm step first
    r = post_form(client, "/officer/property/reports/answer", {"id": report_id, "status": "resolved", "text": "Corrected", "confirmed": "yes"},
                  form_page="/officer/property/reports", follow_redirects=False)
    assert r.status_code == 303 and "done=report.resolved" in r.headers["location"]
    assert "Sold in 2021" not in client.get("/officer/property/reports?status=open").text


def test_bad_files_and_other_taxpayers_objects(runtime, client):
    name, password = make_officer(runtime)
    web_login(client, name, password)
    r = _upload(client, "vehicle", "plate,colour\nX,red\n")
    assert r.status_code == 422 and 'role="alert"' in r.text
    r = _upload(client, "real_estate", "")
    assert r.status_code == 422
    big = VEHICLES + ("x" * 1000 + "\n") * 10_100
    assert _upload(client, "vehicle", big).status_code == 413
    client.cookies.clear()
    tin = make_taxpayer(runtime, new_tin(), accept=True)
    web_login(client, tin, PASSWORD)
    assert client.get("/property/999999999").status_code == 404
    assert client.get("/property/abc").status_code == 404


def _msgids() -> set[str]:
    return template_msgids(PACKAGE / "templates") | python_msgids([PACKAGE / "pages.py", PACKAGE.parent / "law" / "property_tax.py", PACKAGE / "records.py"])


def test_every_property_page_text_is_in_kyrgyz_and_russian():
    from salyk.law.trace import Trace
    from salyk.property.records import REASONS

    messages = _msgids() | set(REASONS.values())
    assert len(messages) > 40
    assert_in_kyrgyz_and_russian(messages)
    assert Trace  # the trace texts are checked below through the law module's steps


def test_trace_texts_are_translated():
    import datetime as dt
    from decimal import Decimal as D

    from salyk.law.property_tax import RealEstate, Vehicle, due_date, property_tax
    from salyk.law.trace import Trace

    trace = Trace()
    property_tax(2025, Vehicle("electric", 2023, None, D("100")), dt.date(2025, 1, 1), None, trace)
    property_tax(2025, Vehicle("passenger", 2019, 2000, None), dt.date(2025, 1, 1), None, trace)
    property_tax(2025, RealEstate("apartment", D("90"), D("1"), "bishkek"), dt.date(2025, 1, 1), None, trace)
    due_date(2025, trace)
    assert_in_kyrgyz_and_russian({s.text for s in trace.steps})


def test_the_unified_declaration_shows_the_property_held_read_only(runtime, client):
    """TC art. 92: the individual's declaration shows the year's property from the registries
    (TC art. 125) with the registry's version; today is 14.03.2025, so the form's year is 2024."""
    from salyk.kernel.principal import SystemPrincipal
    from salyk.property import feed
    from property_helpers import vehicle

    tin = make_taxpayer(runtime, new_tin(), accept=True)
    record = vehicle(tin, plate="01KG909DEC", owned_from="2024-06-01")
    feed.receive(runtime, SystemPrincipal("registry-test"), "vehicle", [record])
    web_login(client, tin, PASSWORD)
    page = client.get("/declarations/forms/unified_declaration_individual")
    assert page.status_code == 200
    section = page.text.split('class="card declared-property"')[1]
    assert "01KG909DEC" in section and record["registry_id"] in section and "01.06.2024" in section
    other = post_form(client, "/declarations/forms/unified_declaration_individual", {"period": "2023", "action": "compute"})
    assert "01KG909DEC" not in other.text.split('class="card declared-property"')[1]  # bought in 2024: not held in 2023
