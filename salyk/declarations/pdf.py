"""The printed copy of a filed report: a bilingual (Kyrgyz and Russian, Offer 12.5) official
document with the tax service's name, the form's own field titles and formatted values, the
receipt, a readable signature block and a QR code that opens the public check of the receipt
(``GET /api/v1/public/receipts/{number}``: no amounts, TC art. 54).

Kyrgyz and Russian need a Cyrillic font: DejaVu Sans where the system has it (or
``SALYK_PDF_FONT`` points at a TTF); without one the copy falls back to the PDF core font and
transliterates, so a PDF is always produced.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import segno
from fpdf import FPDF

from salyk.db.models.declarations import Filing
from salyk.db.models.registry import Taxpayer
from salyk.declarations.filing import receipt_of
from salyk.declarations.forms import Field, find_form
from salyk.kernel.explanations import citation_text, day, money
from salyk.law.money import from_tyiyn

SERVICE = ("Кыргыз Республикасынын Финансы министрлигине караштуу Мамлекеттик салык кызматы",
           "Государственная налоговая служба при Министерстве финансов Кыргызской Республики")
BISHKEK = ZoneInfo("Asia/Bishkek")
KINDS = {"initial": ("баштапкы", "первичный"), "clarified": ("тактоочу", "уточнённый")}
STATUSES = {"accepted": ("кабыл алынды", "принят")}
YES_NO = {True: ("ооба", "да"), False: ("жок", "нет")}

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


def both(ky: str, ru: str) -> str:
    """A label in both languages; one word when they agree."""
    return ky if ky == ru else f"{ky} / {ru}"


def value_text(spec: Field | None, value: Any) -> str:
    """A form value as people read it: money with separators and сом, yes/no, whole numbers."""
    if isinstance(value, bool):
        return both(*YES_NO[value])
    if (spec is not None and spec.type == "money") or (spec is None and isinstance(value, str) and _is_amount(value)):
        try:
            return money(Decimal(str(value)), "ru")
        except ArithmeticError:
            return str(value)
    return str(value)


def _is_amount(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def _grouped(text: str, size: int = 8) -> str:
    """A long hex or base64 string in groups, so that a person can read and compare it."""
    return " ".join(text[i:i + size] for i in range(0, len(text), size))


def _local_time(stamp: str) -> str:
    moment = dt.datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(BISHKEK).strftime("%d.%m.%Y %H:%M") + " (Бишкек / Бишкек)"


def _period(text: str) -> str:
    if "-Q" in text:
        year, quarter = text.split("-Q")
        return both(f"{year}-ж. {quarter}-чейрек", f"{quarter} квартал {year} г.")
    if "-" in text:
        year, month = text.split("-")
        return both(f"{year}-ж. {int(month)}-ай", f"{month}.{year}")
    return both(f"{text}-жыл", f"{text} год")


class _Doc:
    def __init__(self) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_margins(15, 15, 15)
        self.pdf.set_auto_page_break(True, margin=15)
        self.pdf.add_page()
        font = _font()
        if font:
            self.pdf.add_font("DejaVu", "", font)
            bold = Path(font).with_name(Path(font).name.replace(".ttf", "-Bold.ttf"))
            self.pdf.add_font("DejaVu", "B", str(bold) if bold.is_file() else font)
            self.family, self.text = "DejaVu", str
        else:
            self.family, self.text = "Helvetica", _latin
        self.pdf.set_font(self.family, size=10)

    def para(self, text: str, size: float = 10, bold: bool = False, align: str = "L") -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.multi_cell(0, size * 0.5 + 1, self.text(text), new_x="LMARGIN", new_y="NEXT", align=align)

    def heading(self, text: str) -> None:
        self.pdf.ln(3)
        self.para(text, 11, bold=True)
        y = self.pdf.get_y()
        self.pdf.line(self.pdf.l_margin, y, self.pdf.w - self.pdf.r_margin, y)
        self.pdf.ln(1)

    def row(self, label: str, value: str, size: float = 10, indent: float = 0) -> None:
        """A label and its value side by side; long ones wrap inside their column."""
        pdf = self.pdf
        width = pdf.w - pdf.l_margin - pdf.r_margin - indent
        left = width * 0.55
        pdf.set_font(self.family, "", size)
        height = size * 0.5 + 1
        x, y = pdf.l_margin + indent, pdf.get_y()
        pdf.set_xy(x, y)
        pdf.multi_cell(left, height, self.text(label), new_x="RIGHT", new_y="TOP")
        after_label = pdf.get_y()
        pdf.set_xy(x + left, y)
        pdf.set_font(self.family, "B", size)
        pdf.multi_cell(width - left, height, self.text(value), new_x="LMARGIN", new_y="NEXT", align="R")
        pdf.set_y(max(pdf.get_y(), after_label + height))


def render(row: Filing, taxpayer: Taxpayer, verification_url: str | None = None) -> bytes:
    """The copy of ``row`` for ``taxpayer``; ``verification_url`` (the public receipt check on this
    service) is printed and encoded in the QR code."""
    receipt = receipt_of(row)
    form = find_form(row.form)
    doc = _Doc()
    doc.pdf.set_title(f"{row.receipt_number}")
    doc.pdf.set_author(SERVICE[1])

    doc.para(SERVICE[0], 9, bold=True, align="C")
    doc.para(SERVICE[1], 9, bold=True, align="C")
    doc.pdf.ln(4)
    doc.para(form.ky if form else row.form, 14, bold=True, align="C")
    doc.para(form.ru if form else row.form, 12, align="C")
    if form:
        cites = "; ".join(form.citation)
        doc.para(both(citation_text(cites, "ky"), citation_text(cites, "ru")), 8, align="C")

    doc.heading("Салык төлөөчү / Налогоплательщик")
    doc.row("ИСН / ИНН", taxpayer.tin)
    doc.row("Аталышы / Наименование", taxpayer.name)
    doc.row("Дареги / Адрес", taxpayer.address)
    doc.row("Салык мезгили / Налоговый период", _period(row.period))
    doc.row("Отчеттун түрү / Вид отчёта", both(*KINDS.get(row.kind, (row.kind, row.kind))))

    doc.heading("Форманын көрсөткүчтөрү / Показатели формы")
    document = json.loads(row.document_jcs)
    values = document.get("values", {})
    if row.zero:
        doc.row("Нөлдүк отчет / Нулевой отчёт", both(*YES_NO[True]))
    specs = {f.name: f for f in form.fields} if form else {}
    for name in [*(f.name for f in form.fields if f.name in values), *sorted(n for n in values if n not in specs)] if form else sorted(values):
        spec, value = specs.get(name), values[name]
        label = both(spec.ky, spec.ru) if spec else name
        if isinstance(value, list):
            doc.row(label, str(len(value)))
            subs = {f.name: f for f in spec.rows} if spec else {}
            for i, item in enumerate(value, start=1):
                doc.para(f"{i}-сап / Строка {i}", 9, bold=True)
                for sub_name, sub_value in item.items():
                    sub = subs.get(sub_name)
                    doc.row(both(sub.ky, sub.ru) if sub else sub_name, value_text(sub, sub_value), 9, indent=5)
        else:
            doc.row(label, value_text(spec, value))
    doc.pdf.ln(1)
    doc.row("Төлөнүүчү салык / Налог к уплате", money(from_tyiyn(row.tax_due), "ru"), 11)
    if row.payment_due_date:
        doc.row("Төлөө мөөнөтү / Срок уплаты", day(row.payment_due_date))

    doc.heading("Квитанция / Квитанция")
    doc.row("Квитанциянын № / № квитанции", receipt["receipt_number"])
    doc.row("Берилген убакыт / Время подачи", _local_time(receipt["filed_at"]))
    doc.row(both("Берилген күн (СК 89-бер. 1-б.)", "Дата подачи (НК ст. 89 ч. 1)"), day(receipt["filing_date"]))
    doc.row("Тапшыруу мөөнөтү / Срок представления", day(row.deadline) + (" — кечиктирилген / с опозданием" if row.late else ""))
    doc.row("Абалы / Статус", both(*STATUSES.get(row.status, (row.status, row.status))))

    doc.heading("Электрондук кол тамгалар / Электронные подписи")
    doc.para("Отчетко салык төлөөчү электрондук кол тамга менен кол койгон / Отчёт подписан электронной подписью налогоплательщика", 9)
    doc.row("Сертификаттын № / № сертификата", str(row.certificate_serial), 9)
    doc.para("Документтин SHA-256 / SHA-256 документа:", 9)
    doc.para(_grouped(receipt["document_sha256"]), 9)
    doc.para("Квитанцияга салык кызматы кол койгон / Квитанция подписана налоговой службой:", 9)
    doc.para(_grouped(receipt["receipt_signature"], 16), 7)

    if verification_url:
        doc.heading("Текшерүү / Проверка")
        top = doc.pdf.get_y()
        qr = segno.make(verification_url, error="m")
        buffer = io.BytesIO()
        qr.save(buffer, kind="png", scale=4, border=2)
        buffer.seek(0)
        doc.pdf.image(buffer, x=doc.pdf.l_margin, y=top, w=38)
        doc.pdf.set_xy(doc.pdf.l_margin + 42, top)
        doc.pdf.set_font(doc.family, "", 9)
        doc.pdf.multi_cell(0, 5, doc.text("Квитанцияны текшерүү үчүн QR кодду сканерлеңиз же шилтемени ачыңыз:\n"
                                          "Для проверки квитанции отсканируйте QR-код или откройте ссылку:\n" + verification_url),
                           new_x="LMARGIN", new_y="NEXT")
        doc.pdf.set_y(max(doc.pdf.get_y(), top + 40))
    return bytes(doc.pdf.output())
