"""A printable copy of a filed report with its receipt and a QR code of the receipt (issue 5 item 4).

Kyrgyz and Russian need a Cyrillic font: DejaVu Sans where the system has it (or
``SALYK_PDF_FONT`` points at a TTF); without one the copy falls back to the PDF core font and
transliterates, so a PDF is always produced.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import segno
from fpdf import FPDF

from salyk.db.models.declarations import Filing
from salyk.db.models.registry import Taxpayer
from salyk.declarations.filing import receipt_of
from salyk.declarations.forms import find_form
from salyk.law.money import format_som, from_tyiyn

FONT_CANDIDATES = (
    os.environ.get("SALYK_PDF_FONT", ""),
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
)
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяңөү", "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch ' y ' e yu ya ng o u".split()))


def _font() -> str | None:
    for candidate in FONT_CANDIDATES:
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _latin(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in _CYRILLIC:
            t = _CYRILLIC[low]
            out.append(t.capitalize() if ch != low else t)
        else:
            out.append(ch if ord(ch) < 256 else "?")
    return "".join(out)


def render(row: Filing, taxpayer: Taxpayer) -> bytes:
    receipt = receipt_of(row)
    form = find_form(row.form)
    pdf = FPDF(format="A4")
    pdf.set_title(f"Declaration {row.receipt_number}")
    pdf.add_page()
    font = _font()
    if font:
        pdf.add_font("DejaVu", "", font)
        pdf.set_font("DejaVu", size=11)
        text = str
    else:
        pdf.set_font("Helvetica", size=11)
        text = _latin

    def line(label: str, value: Any = "", size: int = 11) -> None:
        pdf.set_font_size(size)
        pdf.multi_cell(0, 6, text(f"{label}{': ' if value != '' else ''}{value}"), new_x="LMARGIN", new_y="NEXT")

    title_ky = form.ky if form else row.form
    title_ru = form.ru if form else row.form
    line(title_ky, size=14)
    line(title_ru, size=12)
    pdf.ln(2)
    line("ИСН / ИНН", taxpayer.tin)
    line("Салык төлөөчү / Налогоплательщик", taxpayer.name)
    line("Дарек / Адрес", taxpayer.address)
    line("Салык мезгили / Налоговый период", row.period)
    line("Түрү / Вид", {"initial": "баштапкы / первичный", "clarified": "тактоочу / уточнённый"}.get(row.kind, row.kind))
    if row.zero:
        line("Нөлдүк отчет / Нулевой отчёт")
    line("Төлөнүүчү салык / Налог к уплате", format_som(from_tyiyn(row.tax_due)))
    pdf.ln(2)
    line("Маанилер / Показатели", size=12)
    document = json.loads(row.document_jcs)
    for name, value in sorted(document.get("values", {}).items()):
        if isinstance(value, list):
            line(f"  {name}", f"{len(value)}")
            for i, item in enumerate(value, start=1):
                line(f"    {i}", json.dumps(item, ensure_ascii=False, sort_keys=True), size=8)
        else:
            line(f"  {name}", value)
    pdf.ln(2)
    line("Квитанция / Квитанция", size=12)
    line("№", receipt["receipt_number"])
    line("ID", receipt["id"])
    line("Берилген убакыт / Время подачи", receipt["filed_at"])
    line("Берилген күн (СК 89(1)) / Дата подачи (НК 89(1))", receipt["filing_date"])
    line("Мөөнөт / Срок", row.deadline.isoformat() + (" (кечиккен / просрочен)" if row.late else ""))
    line("SHA-256", receipt["document_sha256"], size=8)
    line("Кызматтын колу / Подпись службы", receipt["receipt_signature"], size=7)
    qr = segno.make(json.dumps(receipt, separators=(",", ":"), ensure_ascii=True), error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=3, border=2)
    buffer.seek(0)
    pdf.ln(2)
    pdf.image(buffer, w=50)
    return bytes(pdf.output())
