"""The printout of a waybill (PDF) with its QR: the public check's address and the service's JWS
over the public fields, so an inspector checks it online or offline (issue 14).

Kyrgyz and Russian labels side by side, as on the declarations copy; the font logic is the
kernel's document layout (``salyk.kernel.documents``).
"""

from __future__ import annotations

from salyk.kernel.documents import Document
from salyk.waybills.results import WaybillView


def render(view: WaybillView, base_url: str = "") -> bytes:
    d = view.document
    doc = Document(f"ETTK {view.number or view.id}")
    line = doc.line

    line("Электрондук товардык-транспорттук коштомо кагаз / Электронная товарно-транспортная накладная", size=12)
    line("№", view.number or "—", size=14)
    line("Абалы / Статус", view.status)
    if view.valid_until:
        line("Жарактуу / Действительна до", view.valid_until.strftime("%d.%m.%Y %H:%M"))
    line("Жөнөтүүчү / Грузоотправитель", f"{view.shipper.tin} {view.shipper.name}")
    line("Ташуучу / Перевозчик", "өз транспорту / собственный транспорт" if view.carrier.own_transport else f"{view.carrier.tin} {view.carrier.name}")
    consignee = f"{view.consignee.name} ({view.consignee.country})" if view.consignee.foreign else f"{view.consignee.tin} {view.consignee.name}"
    line("Алуучу / Грузополучатель", consignee)
    line("Жүктөө / Погрузка", f"{d['loading_point']['address']} ({d['loading_point']['rayon_code']}), {d['planned_loading_on']}")
    line("Түшүрүү / Разгрузка", f"{d['unloading_point']['address']} ({d['unloading_point']['rayon_code']})")
    line("Унаа / Транспорт", d["vehicle"]["plate"] + (f" + {d['vehicle']['trailer']}" if d["vehicle"].get("trailer") else ""))
    line("Айдоочу / Водитель", f"{d['driver']['name']} ({d['driver']['pin']})")
    line("Аралык / Расстояние", f"{d['distance_km']} km")
    doc.pdf.ln(1)
    line("Товарлар / Товары", size=11)
    for i, item in enumerate(d["lines"], start=1):
        extra = f", {item['volume_l']} l" if "volume_l" in item else ""
        extra += f", marking: {len(item['marking_codes'])}" if "marking_codes" in item else ""
        line(f"{i}. {item['name']}", f"ТН ВЭД {item['tnved']}, {item['quantity']} {item['unit']} × {item['price']} = {item['amount']} сом{extra}", size=9)
    doc.pdf.ln(1)
    line("SHA-256", view.document_sha256, size=7)
    if view.qr:
        doc.pdf.ln(2)
        doc.qr(base_url + view.qr, width=60)
    return doc.output()
