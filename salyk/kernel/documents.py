"""Official printed documents (PDF): one layout for every service's paper (filing copy, patent,
waybill, decision).

Kyrgyz and Russian have equal force (Offer 12.5), so a document prints both: labels as
"ky / ru", the tax service's name in both at the top. Cyrillic needs a font: DejaVu Sans where the
system has it (or ``SALYK_PDF_FONT`` points at a TTF); without one the document falls back to the
PDF core font and transliterates, so a PDF is always produced. The QR is drawn as an 8-bit grey
image: fpdf then stores plain Flate data (not the CCITT fax of a 1-bit PNG) that every reader,
and the tests' QR decoder, reads back.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import segno
from fpdf import FPDF
from PIL import Image

SERVICE = ("Кыргыз Республикасынын Финансы министрлигине караштуу Мамлекеттик салык кызматы",
           "Государственная налоговая служба при Министерстве финансов Кыргызской Республики")

FONT_CANDIDATES = (
    os.environ.get("SALYK_PDF_FONT", ""),
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
)
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяңөү",
                     "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch ' y ' e yu ya ng o u".split()))


def font_file() -> str | None:
    for candidate in FONT_CANDIDATES:
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def latin(text: str) -> str:
    """Transliteration for the core font, used only where no Cyrillic font is installed."""
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


def grouped(text: str, size: int = 8) -> str:
    """A long hex or base64 string in groups, so that a person can read and compare it."""
    return " ".join(text[i:i + size] for i in range(0, len(text), size))


def _same(text: str) -> str:
    return text


class Document:
    """An A4 page flow with the service's header; ``para``, ``heading``, ``row``, ``line``, ``qr``."""

    def __init__(self, title: str, *, header: bool = True) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_margins(15, 15, 15)
        self.pdf.set_auto_page_break(True, margin=15)
        self.pdf.set_title(title)
        self.pdf.set_author(SERVICE[1])
        self.pdf.add_page()
        self.family: str
        self.text: Callable[[str], str]
        font = font_file()
        if font:
            self.pdf.add_font("DejaVu", "", font)
            bold = Path(font).with_name(Path(font).name.replace(".ttf", "-Bold.ttf"))
            self.pdf.add_font("DejaVu", "B", str(bold) if bold.is_file() else font)
            self.family, self.text = "DejaVu", _same
        else:
            self.family, self.text = "Helvetica", latin
        self.pdf.set_font(self.family, size=10)
        if header:
            self.para(SERVICE[0], 9, bold=True, align="C")
            self.para(SERVICE[1], 9, bold=True, align="C")
            self.pdf.ln(4)

    def para(self, text: str, size: float = 10, bold: bool = False, align: str = "L") -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.multi_cell(0, size * 0.5 + 1, self.text(text), new_x="LMARGIN", new_y="NEXT", align=align)

    def heading(self, text: str) -> None:
        self.pdf.ln(3)
        self.para(text, 11, bold=True)
        y = self.pdf.get_y()
        self.pdf.line(self.pdf.l_margin, y, self.pdf.w - self.pdf.r_margin, y)
        self.pdf.ln(1)

    def line(self, label: str, value: object = "", size: float = 10) -> None:
        """``label: value`` as one wrapped paragraph (for long free text)."""
        self.para(f"{label}{': ' if value != '' else ''}{value}", size)

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

    def qr(self, content: str, caption: str = "", width: float = 38) -> None:
        """The QR of ``content`` with ``caption`` (and the address, when it is one) beside it."""
        pdf = self.pdf
        if pdf.get_y() + width + 5 > pdf.h - pdf.b_margin:
            pdf.add_page()
        top = pdf.get_y()
        buffer = io.BytesIO()
        segno.make(content, error="m").save(buffer, kind="png", scale=4, border=2)
        buffer.seek(0)
        pdf.image(Image.open(buffer).convert("L"), x=pdf.l_margin, y=top, w=width)
        if caption:
            pdf.set_xy(pdf.l_margin + width + 4, top)
            pdf.set_font(self.family, "", 9)
            pdf.multi_cell(0, 5, self.text(caption), new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), top + width + 2))

    def output(self) -> bytes:
        return bytes(self.pdf.output())
