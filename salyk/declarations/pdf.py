"""The printed copy of a filed report: a bilingual (Kyrgyz and Russian, Offer 12.5) official
document with the tax service's name, the form's own field titles and formatted values, the
receipt, a readable signature block and a QR code that opens the public check of the receipt
(``GET /api/v1/public/receipts/{number}``: no amounts, TC art. 54).

The page layout, fonts and QR are the kernel's (``salyk.kernel.documents``), shared by every
service's documents.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from salyk.db.models.declarations import Filing
from salyk.db.models.registry import Taxpayer
from salyk.declarations.filing import receipt_of
from salyk.declarations.forms import Field, find_form
from salyk.kernel.documents import Document, both, grouped
from salyk.kernel.explanations import citation_text, day, money
from salyk.law.money import from_tyiyn

BISHKEK = ZoneInfo("Asia/Bishkek")
KINDS = {"initial": ("баштапкы", "первичный"), "clarified": ("тактоочу", "уточнённый")}
STATUSES = {"accepted": ("кабыл алынды", "принят")}
YES_NO = {True: ("ооба", "да"), False: ("жок", "нет")}


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


def _local_time(moment: dt.datetime) -> str:
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


def render(row: Filing, taxpayer: Taxpayer, verification_url: str | None = None) -> bytes:
    """The copy of ``row`` for ``taxpayer``; ``verification_url`` (the public receipt check on this
    service) is printed and encoded in the QR code."""
    receipt = receipt_of(row)
    form = find_form(row.form)
    doc = Document(f"{row.receipt_number}")
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
    doc.row("Квитанциянын № / № квитанции", receipt.receipt_number)
    doc.row("Берилген убакыт / Время подачи", _local_time(receipt.filed_at))
    doc.row(both("Берилген күн (СК 89-бер. 1-б.)", "Дата подачи (НК ст. 89 ч. 1)"), day(receipt.filing_date))
    doc.row("Тапшыруу мөөнөтү / Срок представления", day(row.deadline) + (" — кечиктирилген / с опозданием" if row.late else ""))
    doc.row("Абалы / Статус", both(*STATUSES.get(row.status, (row.status, row.status))))

    doc.heading("Электрондук кол тамгалар / Электронные подписи")
    doc.para("Отчетко салык төлөөчү электрондук кол тамга менен кол койгон / Отчёт подписан электронной подписью налогоплательщика", 9)
    doc.row("Сертификаттын № / № сертификата", str(row.certificate_serial), 9)
    doc.para("Документтин SHA-256 / SHA-256 документа:", 9)
    doc.para(grouped(receipt.document_sha256), 9)
    doc.para("Квитанцияга салык кызматы кол койгон / Квитанция подписана налоговой службой:", 9)
    doc.para(grouped(receipt.receipt_signature, 16), 7)

    if verification_url:
        doc.heading("Текшерүү / Проверка")
        doc.qr(verification_url, "Квитанцияны текшерүү үчүн QR кодду сканерлеңиз же шилтемени ачыңыз:\n"
                                 "Для проверки квитанции отсканируйте QR-код или откройте ссылку:\n" + verification_url)
    return doc.output()
