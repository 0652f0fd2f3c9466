"""The catalogue of taxes, TC art. 31: the identifiers the contract and the ledger use.

TC art. 31(4): general state taxes ("жалпы мамлекеттик салыктар"): 1) income tax (киреше
салыгы), 2) profit tax (пайда салыгы), 3) value added tax (кошумча нарк салыгы), 4) excise
(акциз салыгы), 5) subsoil-use tax (жер казынасын пайдалануу салыгы), 6) sales tax (сатуу
салыгы). TC art. 31(5): local taxes: 1) land tax (жер салыгы), 2) property tax (мүлк салыгы).
TC art. 31(6): special tax regimes, of which the contract names the tax on the basis of a
patent (items 1-2, compulsory and voluntary: one ledger identifier) and the single tax of the
simplified system (item 3).

The identifiers are the contract's (section 2, "Tax identifiers"); "more may be added": a new
one is a new row here with its citation.
"""

from __future__ import annotations

from dataclasses import dataclass

from salyk.law.citation import Citation, tc
from salyk.law.trace import N_

# The taxes' names as English msgids, rendered in the reader's language by the faces.
TAX_WORDS = {
    "income_tax": N_("Income tax"),
    "profit_tax": N_("Profit tax"),
    "vat": N_("Value added tax"),
    "excise": N_("Excise tax"),
    "subsoil_use": N_("Subsoil use tax"),
    "sales_tax": N_("Sales tax"),
    "land_tax": N_("Land tax"),
    "property_tax": N_("Property tax"),
    "patent": N_("Tax on the basis of a patent"),
    "single_tax": N_("Single tax"),
}


@dataclass(frozen=True)
class TaxKind:
    code: str  # the contract's identifier
    name_ky: str  # the Code's words
    level: str  # general | local | special (TC art. 31(1))
    citation: Citation


TAXES: tuple[TaxKind, ...] = (
    TaxKind("income_tax", "киреше салыгы", "general", tc(31, 4, 1)),
    TaxKind("profit_tax", "пайда салыгы", "general", tc(31, 4, 2)),
    TaxKind("vat", "кошумча нарк салыгы", "general", tc(31, 4, 3)),
    TaxKind("excise", "акциз салыгы", "general", tc(31, 4, 4)),
    TaxKind("subsoil_use", "жер казынасын пайдалануу салыгы", "general", tc(31, 4, 5)),
    TaxKind("sales_tax", "сатуу салыгы", "general", tc(31, 4, 6)),
    TaxKind("land_tax", "жер салыгы", "local", tc(31, 5, 1)),
    TaxKind("property_tax", "мүлк салыгы", "local", tc(31, 5, 2)),
    # TC art. 31(6) items 1-2: the compulsory and the voluntary patent are one tax to the ledger.
    TaxKind("patent", "патенттин негизиндеги салык", "special", tc(31, 6, 1)),
    TaxKind("single_tax", "бирдиктүү салык", "special", tc(31, 6, 3)),
)

_BY_CODE = {t.code: t for t in TAXES}
TAX_CODES: tuple[str, ...] = tuple(t.code for t in TAXES)


def is_known_tax(code: object) -> bool:
    return isinstance(code, str) and code in _BY_CODE


def tax_kind(code: str) -> TaxKind:
    """The catalogue entry; ``KeyError`` for an identifier the Code (as we hold it) does not list."""
    return _BY_CODE[code]
